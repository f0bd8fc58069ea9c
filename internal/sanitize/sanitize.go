// Package sanitize is the only place in warta that turns strings into
// template.HTML. Article bodies pass an explicit allow-list (ArticleHTML,
// Markdown), reader comments become escaped paragraphs with a handful of
// inline tags (CommentHTML), and Text strips every tag for excerpts.
//
// The policies are built once and are safe for concurrent use.
package sanitize

import (
	"html/template"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
)

// Attribute value patterns. bluemonday matches them against the decoded
// value, so entities cannot smuggle anything past them.
var (
	classPattern   = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,39}(?: [a-z][a-z0-9_-]{0,39}){0,7}$`)
	idPattern      = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]{0,79}$`)
	codeClass      = regexp.MustCompile(`^language-[A-Za-z0-9_+#-]{1,30}$`)
	langPattern    = regexp.MustCompile(`^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,3}$`)
	integer        = regexp.MustCompile(`^[0-9]{1,5}$`)
	listStart      = regexp.MustCompile(`^-?[0-9]{1,6}$`)
	loadingPattern = regexp.MustCompile(`^(?:lazy|eager)$`)
	scopePattern   = regexp.MustCompile(`^(?:row|col|rowgroup|colgroup)$`)
	sizesPattern   = regexp.MustCompile(`^[A-Za-z0-9 (),.:%-]{1,200}$`)
	datetime       = regexp.MustCompile(`^[0-9TZ:+. -]{4,40}$`)
	pullQuote      = regexp.MustCompile(`^pullquote$`) // the editor's pull quote
	// The platforms an embed card may name (figure.go); the card itself is
	// a figure whose link and caption pass the ordinary rules.
	providerPattern = regexp.MustCompile(`^(?:youtube|vimeo|x|instagram|tiktok|facebook)$`)
	// A srcset candidate is an absolute http(s) or root-relative URL without
	// spaces or commas, optionally followed by a width or density descriptor.
	// bluemonday does not check srcset URLs itself, hence the strict shape.
	srcsetPattern = regexp.MustCompile(`^\s*(?:https?://|/)[^\s,"'<>\\]+(?:\s+[0-9]{1,5}(?:\.[0-9]{1,3})?[wx])?` +
		`(?:\s*,\s*(?:https?://|/)[^\s,"'<>\\]+(?:\s+[0-9]{1,5}(?:\.[0-9]{1,3})?[wx])?){0,15}\s*$`)
)

// articlePolicy is the allow-list for article bodies: text structure,
// quotes with attribution, images, code and tables. No style, no scripts,
// no frames, no forms, no SVG, no event handlers; URLs are http, https,
// mailto or relative.
var articlePolicy = newArticlePolicy()

func newArticlePolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(true)
	p.AllowURLSchemes("http", "https", "mailto")
	// Elements whose text must never leak out as visible content when the
	// element itself is dropped, in addition to bluemonday's defaults
	// (script, style, iframe, object, noscript, title…).
	p.SkipElementsContent("svg", "math", "template", "textarea", "select", "xmp", "plaintext", "head")

	p.AllowElements("p", "h2", "h3", "h4", "strong", "em", "b", "i", "u", "s", "del",
		"q", "blockquote", "figure", "figcaption", "cite", "ul", "ol", "li",
		"pre", "code", "hr", "br", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
		"sub", "sup", "abbr", "time", "div", "span")

	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("title").OnElements("a", "abbr")
	p.AllowAttrs("cite").OnElements("q", "blockquote")
	p.AllowAttrs("src", "alt").OnElements("img")
	p.AllowAttrs("srcset").Matching(srcsetPattern).OnElements("img")
	p.AllowAttrs("sizes").Matching(sizesPattern).OnElements("img")
	p.AllowAttrs("width", "height").Matching(integer).OnElements("img")
	p.AllowAttrs("loading").Matching(loadingPattern).OnElements("img")
	p.AllowAttrs("class").Matching(classPattern).OnElements("figure", "div", "span")
	p.AllowAttrs("data-provider").Matching(providerPattern).OnElements("figure")
	p.AllowAttrs("class").Matching(pullQuote).OnElements("blockquote")
	p.AllowAttrs("class").Matching(codeClass).OnElements("code")
	p.AllowAttrs("id").Matching(idPattern).OnElements("h2", "h3", "h4")
	p.AllowAttrs("colspan", "rowspan").Matching(integer).OnElements("th", "td")
	p.AllowAttrs("scope").Matching(scopePattern).OnElements("th")
	p.AllowAttrs("start").Matching(listStart).OnElements("ol")
	p.AllowAttrs("datetime").Matching(datetime).OnElements("time")
	p.AllowAttrs("lang").Matching(langPattern).OnElements("p", "q", "blockquote", "span", "cite")
	return p
}

// ArticleHTML cleans an article body with the allow-list above: anything not
// listed is removed (the text of unknown elements is kept, the content of
// script, style, frames, SVG and the like is dropped). Running it on its own
// output changes nothing. Template delimiters "{{" are encoded so the body
// stays inert even if a later layer treats it as a template.
func ArticleHTML(untrusted string) template.HTML {
	out := articlePolicy.Sanitize(untrusted)
	out = imgTag.ReplaceAllStringFunc(out, func(tag string) string {
		// An image whose src was refused (data:, javascript:…) would be
		// invalid HTML and show a broken icon; drop it.
		if !strings.Contains(tag, ` src="`) {
			return ""
		}
		return tag
	})
	return template.HTML(neutralise(out))
}

// imgTag matches an img tag in bluemonday's output, where attribute values
// are always double-quoted with '"', '<' and '>' escaped, so the first '>'
// ends the tag and ` src="` can only be the attribute.
var imgTag = regexp.MustCompile(`<img(?: [^>]*)?/?>`)

// neutralise encodes the opening of a template action. The entity renders as
// the same brace, and a second pass over the output finds it unchanged.
func neutralise(s string) string {
	return strings.ReplaceAll(s, "{{", "{&#123;")
}

package sanitize

import (
	"strings"

	"golang.org/x/net/html"
)

// hiddenText lists elements whose content is never visible prose.
var hiddenText = map[string]bool{
	"script": true, "style": true, "template": true, "iframe": true, "noscript": true,
	"noembed": true, "noframes": true, "object": true, "svg": true, "math": true,
	"textarea": true, "select": true, "title": true, "xmp": true, "head": true,
}

// blockBoundary lists elements that separate words when tags are removed,
// so "<p>a</p><p>b</p>" reads "a b" while "<em>wo</em>rd" stays "word".
var blockBoundary = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true, "br": true,
	"caption": true, "dd": true, "div": true, "dl": true, "dt": true, "figcaption": true,
	"figure": true, "footer": true, "h1": true, "h2": true, "h3": true, "h4": true,
	"h5": true, "h6": true, "header": true, "hr": true, "img": true, "li": true,
	"main": true, "nav": true, "ol": true, "p": true, "pre": true, "section": true,
	"table": true, "td": true, "th": true, "tr": true, "ul": true,
}

// Text returns the readable text of untrusted markup: every tag removed,
// the content of scripts, styles, frames and SVG dropped, entities decoded
// and whitespace collapsed to single spaces. The result is plain text, not
// HTML; templates escape it on output. Used for excerpts, titles and feeds.
func Text(untrusted string) string {
	z := html.NewTokenizer(strings.NewReader(untrusted))
	var b strings.Builder
	skip := "" // the hidden element whose content is being dropped
	depth := 0 // nesting of that element inside itself
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			// io.EOF or a tokenizer error: what was read so far is the text.
			return strings.Join(strings.Fields(b.String()), " ")
		case html.TextToken:
			if skip == "" {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			switch {
			case tt == html.StartTagToken && skip == "" && hiddenText[tag]:
				skip, depth = tag, 1
			case tt == html.StartTagToken && tag == skip:
				depth++
			case tt == html.EndTagToken && tag == skip:
				if depth--; depth == 0 {
					skip = ""
				}
			}
			if blockBoundary[tag] {
				b.WriteByte(' ')
			}
		}
	}
}

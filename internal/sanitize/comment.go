package sanitize

import (
	"html/template"
	"net/url"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// commentRel is forced on every link a reader writes: search engines are
// told not to vouch for it, and the target page gets no window.opener.
const commentRel = "nofollow ugc noopener"

// commentPolicy is the last line of defence over what commentWriter builds:
// it lets through exactly the markup CommentHTML produces and nothing else.
var commentPolicy = newCommentPolicy()

func newCommentPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(true)
	p.AllowURLSchemes("http", "https", "mailto")
	p.AllowElements("p", "br", "em", "strong", "code", "q", "blockquote")
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("rel").Matching(regexp.MustCompile(`^` + commentRel + `$`)).OnElements("a")
	return p
}

// paragraphBreak is a blank line (possibly holding spaces) and whatever
// blank lines follow it.
var paragraphBreak = regexp.MustCompile(`\n[ \t]*\n\s*`)

// commentBlocks are elements a reader may type that stand for a paragraph
// boundary; the tags themselves are dropped and their text kept.
var commentBlocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Li: true, atom.Ul: true, atom.Ol: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Pre: true, atom.Table: true, atom.Tr: true, atom.Hr: true, atom.Section: true,
	atom.Article: true, atom.Header: true, atom.Footer: true, atom.Figure: true,
	atom.Figcaption: true, atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Address: true,
}

// commentHidden are elements whose content is dropped with them.
var commentHidden = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Template: true, atom.Iframe: true,
	atom.Noscript: true, atom.Noembed: true, atom.Noframes: true, atom.Object: true,
	atom.Embed: true, atom.Svg: true, atom.Math: true, atom.Textarea: true,
	atom.Select: true, atom.Title: true, atom.Xmp: true, atom.Head: true,
}

// Limits that keep CommentHTML linear on hostile input: past them, tags
// are read as text (maxCommentTags) or their nesting is ignored.
const (
	maxCommentTags = 1000
	maxInlineDepth = 8
	maxQuoteDepth  = 4
)

// CommentHTML turns what a reader typed into safe HTML: the text is
// escaped, a blank line starts a new paragraph and a single newline becomes
// <br>. Of the tags a reader may type, only a (http, https, mailto or
// root-relative href; rel forced to "nofollow ugc noopener"), em, strong,
// code, q and blockquote are kept, correctly nested; other tags are dropped
// with their text kept, and scripts, styles, frames and SVG disappear whole.
// Empty or blank input gives "".
func CommentHTML(text string) template.HTML {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	// The HTML parser fixes whatever nesting the reader typed; the context
	// element makes it parse the text as the inside of a block.
	ctx := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes := []*html.Node{{Type: html.TextNode, Data: text}}
	// The HTML parser slows down with the square of the nesting depth; a
	// text with that many tags is not prose, so it stays text.
	if strings.Count(text, "<") <= maxCommentTags {
		if parsed, err := html.ParseFragment(strings.NewReader(text), ctx); err == nil {
			nodes = parsed // err: only a failing reader, which a string is not
		}
	}
	var w commentWriter
	for _, n := range nodes {
		w.node(n)
	}
	w.closePara()
	return template.HTML(neutralise(commentPolicy.Sanitize(w.b.String())))
}

// commentWriter writes paragraphs from a parsed comment. While a paragraph
// is open, every element in open has been written inside it; a paragraph
// break closes them and the next paragraph opens them again.
type commentWriter struct {
	b            strings.Builder
	inPara       bool
	pendingBreak bool // a newline seen; written only if more text follows in this paragraph
	open         []inlineTag
	quotes       int // blockquotes open around the current position
}

type inlineTag struct{ name, start string }

func (w *commentWriter) node(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.text(n.Data)
	case html.ElementNode:
		w.element(n)
	case html.DocumentNode:
		w.children(n)
	}
	// Comments and doctypes are dropped.
}

func (w *commentWriter) children(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.node(c)
	}
}

func (w *commentWriter) element(n *html.Node) {
	if n.Namespace != "" || commentHidden[n.DataAtom] {
		return
	}
	switch {
	case n.DataAtom == atom.Br:
		w.lineBreak()
	case n.DataAtom == atom.Blockquote && w.quotes < maxQuoteDepth:
		w.closePara()
		w.quotes++
		// Inline elements around a quote are closed before it and reopened
		// after it; inside it, paragraphs start afresh.
		saved := w.open
		w.open = nil
		w.b.WriteString("<blockquote>")
		w.children(n)
		w.closePara()
		w.b.WriteString("</blockquote>\n")
		w.open = saved
		w.quotes--
	case len(w.open) >= maxInlineDepth:
		w.children(n) // each paragraph reopens every open element: keep that short
	case n.DataAtom == atom.Em || n.DataAtom == atom.Strong || n.DataAtom == atom.Code || n.DataAtom == atom.Q:
		w.inline(n, "<"+n.Data+">")
	case n.DataAtom == atom.A:
		href, ok := commentURL(attr(n, "href"))
		if !ok {
			w.children(n)
			return
		}
		w.inline(n, `<a href="`+html.EscapeString(href)+`" rel="`+commentRel+`">`)
	case commentBlocks[n.DataAtom] || n.DataAtom == atom.Blockquote:
		w.closePara()
		w.children(n)
		w.closePara()
	default:
		w.children(n)
	}
}

func (w *commentWriter) inline(n *html.Node, start string) {
	w.open = append(w.open, inlineTag{name: n.Data, start: start})
	if w.inPara {
		w.b.WriteString(start)
	}
	w.children(n)
	w.open = w.open[:len(w.open)-1]
	if w.inPara {
		w.b.WriteString("</" + n.Data + ">")
	}
}

func (w *commentWriter) text(s string) {
	for i, para := range paragraphBreak.Split(s, -1) {
		if i > 0 {
			w.closePara()
		}
		for j, line := range strings.Split(para, "\n") {
			if j > 0 {
				w.lineBreak()
			}
			w.write(line)
		}
	}
}

func (w *commentWriter) write(s string) {
	if !w.inPara {
		s = strings.TrimLeft(s, " \t")
		if s == "" {
			return
		}
		w.b.WriteString("<p>")
		for _, t := range w.open {
			w.b.WriteString(t.start)
		}
		w.inPara = true
	}
	if w.pendingBreak {
		if strings.TrimSpace(s) == "" {
			return // keep the break pending until real text arrives
		}
		w.b.WriteString("<br>\n")
		w.pendingBreak = false
	}
	w.b.WriteString(html.EscapeString(s))
}

func (w *commentWriter) lineBreak() {
	if w.inPara {
		w.pendingBreak = true
	}
}

func (w *commentWriter) closePara() {
	if !w.inPara {
		return
	}
	for i := len(w.open) - 1; i >= 0; i-- {
		w.b.WriteString("</" + w.open[i].name + ">")
	}
	w.b.WriteString("</p>\n")
	w.inPara, w.pendingBreak = false, false
}

// commentURL accepts absolute http, https and mailto links and root-relative
// paths, and returns them normalised.
func commentURL(raw string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Host == "" {
			return "", false
		}
	case "mailto":
		if u.Opaque == "" {
			return "", false
		}
	case "":
		if !strings.HasPrefix(u.Path, "/") || u.Host != "" {
			return "", false
		}
	default:
		return "", false
	}
	return u.String(), true
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

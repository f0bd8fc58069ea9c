package mail

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// plainText derives a message's plain text part from its HTML, so that a
// mail has one template and both parts say the same: paragraphs and
// headings become blocks separated by a blank line, list items start with
// "- ", quotations with "> ", and a link shows its address after its text.
// The head, styles and scripts are left out.
func plainText(doc []byte) (string, error) {
	root, err := html.Parse(bytes.NewReader(doc))
	if err != nil {
		return "", err
	}
	t := &textWriter{}
	t.walk(root)
	t.block()
	return strings.TrimSpace(strings.Join(t.lines, "\n")) + "\n", nil
}

type textWriter struct {
	lines  []string
	cur    strings.Builder // the line being written
	quote  int             // depth of blockquotes
	prefix string          // what the next line starts with ("- ")
}

// block ends the current paragraph with a blank line after it.
func (t *textWriter) block() {
	t.lineBreak()
	blank := strings.TrimRight(t.quotePrefix(), " ")
	if n := len(t.lines); n > 0 && t.lines[n-1] != blank {
		t.lines = append(t.lines, blank)
	}
}

// lineBreak ends the current line.
func (t *textWriter) lineBreak() {
	line := strings.TrimSpace(t.cur.String())
	t.cur.Reset()
	if line == "" {
		return
	}
	t.lines = append(t.lines, t.quotePrefix()+t.prefix+line)
	t.prefix = ""
}

func (t *textWriter) quotePrefix() string { return strings.Repeat("> ", t.quote) }

// text adds words, collapsing white space as a browser does.
func (t *textWriter) text(s string) {
	fields := strings.Fields(s)
	if len(fields) == 0 {
		if s != "" && t.cur.Len() > 0 {
			t.cur.WriteByte(' ')
		}
		return
	}
	if (s[0] == ' ' || s[0] == '\n' || s[0] == '\t') && t.cur.Len() > 0 {
		t.cur.WriteByte(' ')
	}
	t.cur.WriteString(strings.Join(fields, " "))
	if last := s[len(s)-1]; last == ' ' || last == '\n' || last == '\t' {
		t.cur.WriteByte(' ')
	}
}

func (t *textWriter) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		t.text(n.Data)
		return
	case html.ElementNode:
	default:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			t.walk(c)
		}
		return
	}
	switch n.DataAtom {
	case atom.Head, atom.Style, atom.Script, atom.Title:
		return
	case atom.Br:
		t.lineBreak()
		return
	case atom.Hr:
		t.block()
		t.lines = append(t.lines, t.quotePrefix()+"----", "")
		return
	}
	block := isBlock(n.DataAtom)
	if block {
		t.block()
	}
	switch n.DataAtom {
	case atom.Blockquote:
		t.quote++
		defer func() { t.block(); t.quote-- }()
	case atom.Li:
		t.lineBreak()
		t.prefix = "- "
	case atom.Tr:
		t.lineBreak()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		t.walk(c)
	}
	if n.DataAtom == atom.A {
		if href := attr(n, "href"); href != "" && !strings.HasPrefix(href, "#") {
			if strings.TrimSpace(strings.TrimPrefix(textOf(n), "mailto:")) != strings.TrimPrefix(href, "mailto:") {
				t.cur.WriteString(" (" + href + ")")
			}
		}
	}
	if n.DataAtom == atom.Li || n.DataAtom == atom.Tr {
		t.lineBreak()
	}
	if block {
		t.block()
	}
}

func isBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Ul, atom.Ol,
		atom.Blockquote, atom.Table, atom.Footer, atom.Header, atom.Section, atom.Pre:
		return true
	}
	return false
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

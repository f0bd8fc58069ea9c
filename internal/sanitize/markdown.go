package sanitize

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdown renders CommonMark plus GFM tables, strikethrough and autolinks.
// Raw HTML passes through because ArticleHTML cleans the result; the
// typographer stays off so quotes and dashes are what the writer typed.
// Table alignment is dropped: goldmark would write it as style or align
// attributes, which neither the CSP nor HTML5 accept.
var markdown = goldmark.New(
	goldmark.WithExtensions(
		extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
		extension.Strikethrough,
		extension.Linkify,
	),
	goldmark.WithParserOptions(parser.WithASTTransformers(
		util.Prioritized(headingLevels{}, 100),
		util.Prioritized(linksInLinks{}, 101),
	)),
	goldmark.WithRendererOptions(gmhtml.WithUnsafe()),
)

// headingLevels keeps Markdown headings within h2–h4: the page's title is
// its only h1, and deeper levels are not in the article allow-list.
type headingLevels struct{}

// Transform clamps every heading level in doc.
func (headingLevels) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			h.Level = min(max(h.Level, 2), 4)
		}
		return ast.WalkContinue, nil
	})
}

// Markdown renders src and cleans the result with ArticleHTML. The error is
// goldmark's, which only fails on a broken writer; callers still check it.
func Markdown(src string) (template.HTML, error) {
	var buf bytes.Buffer
	if err := markdown.Convert([]byte(src), &buf); err != nil {
		return "", fmt.Errorf("sanitize: markdown: %w", err)
	}
	return ArticleHTML(buf.String()), nil
}

// linksInLinks undoes autolinks that linkify made inside a link the writer
// typed as raw HTML (<a href="mailto:x@example.com">x@example.com</a>):
// a link inside a link is invalid HTML. The address stays as text.
type linksInLinks struct{}

// Transform replaces the autolinks in doc that sit between a raw <a …> and
// its </a> in the same block.
func (linksInLinks) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	var nested []*ast.AutoLink
	depth := 0
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.RawHTML:
			var raw []byte
			for i := 0; i < n.Segments.Len(); i++ {
				seg := n.Segments.At(i)
				raw = append(raw, seg.Value(src)...)
			}
			tag := strings.ToLower(string(raw))
			switch {
			case len(tag) > 2 && tag[:2] == "<a" && strings.ContainsRune(" \t\r\n/>", rune(tag[2])):
				depth++
			case len(tag) > 3 && tag[:3] == "</a" && strings.ContainsRune(" \t\r\n>", rune(tag[3])) && depth > 0:
				depth--
			}
		case *ast.AutoLink:
			if depth > 0 {
				nested = append(nested, n)
			}
		default:
			if n.Type() == ast.TypeBlock {
				depth = 0 // an unclosed raw link ends with its block
			}
		}
		return ast.WalkContinue, nil
	})
	for _, l := range nested {
		l.Parent().ReplaceChild(l.Parent(), l, ast.NewString(l.Label(src)))
	}
}

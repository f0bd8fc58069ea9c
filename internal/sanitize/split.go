package sanitize

import (
	"html/template"
	"strings"

	"golang.org/x/net/html"
)

// voidElements never hold content, so they open no level of nesting.
var voidElements = map[string]bool{"area": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// SplitAfterParagraph splits body, which must come from ArticleHTML or
// Markdown, after its n-th outermost paragraph, for something the page
// places between paragraphs (an ad). Paragraphs inside quotes, lists or
// figures are not counted. With fewer than n paragraphs, or n < 1, before
// is the whole body, after is empty and ok is false.
func SplitAfterParagraph(body template.HTML, n int) (before, after template.HTML, ok bool) {
	if n < 1 {
		return body, "", false
	}
	s := string(body)
	z := html.NewTokenizer(strings.NewReader(s))
	pos, depth, seen := 0, 0, 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return body, "", false
		}
		size := len(z.Raw())
		name, _ := z.TagName()
		switch {
		case tt == html.StartTagToken && !voidElements[string(name)]:
			depth++
		case tt == html.EndTagToken:
			depth--
			if depth == 0 && string(name) == "p" {
				if seen++; seen == n {
					end := pos + size
					return template.HTML(s[:end]), template.HTML(s[end:]), true
				}
			}
		}
		pos += size
	}
}

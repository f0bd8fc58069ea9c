package sanitize

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// FuzzArticleHTML checks the article policy's promises on arbitrary input:
// no script element, no script URL, no event handler, only allow-listed
// elements and attributes, and a second pass that changes nothing.
func FuzzArticleHTML(f *testing.F) {
	f.Add(`<p>Halo <a href="https://example.com/">dunia</a></p>`)
	f.Add(`<A href=#000&#106;&#97;vAsCript:000000000>`) // a fragment that merely spells the word
	f.Add(`<img src=x onerror=alert(1)><svg><script>alert(1)</script></svg>`)
	f.Fuzz(func(t *testing.T, in string) {
		out := string(ArticleHTML(in))
		if problem := unsafeMarkup(out); problem != "" {
			t.Fatalf("ArticleHTML(%q) = %q: %s", in, out, problem)
		}
		if again := string(ArticleHTML(out)); again != out {
			t.Fatalf("not idempotent for %q:\nfirst:  %q\nsecond: %q", in, out, again)
		}
	})
}

// FuzzCommentHTML checks that whatever a reader types comes out as
// paragraphs holding only the comment tags, links carrying the forced rel.
func FuzzCommentHTML(f *testing.F) {
	f.Add("Halo\n\n<em>dunia</em> <a href=\"https://example.com\">tautan</a>")
	f.Add("<blockquote>a<em>b\n\nc</blockquote>d</em><script>alert(1)</script>")
	allowed := setOf("p", "br", "a", "em", "strong", "code", "q", "blockquote")
	f.Fuzz(func(t *testing.T, in string) {
		out := string(CommentHTML(in))
		if strings.Contains(strings.ToLower(out), "<script") {
			t.Fatalf("CommentHTML(%q) = %q contains <script", in, out)
		}
		z := html.NewTokenizer(strings.NewReader(out))
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				return
			}
			if tt != html.StartTagToken && tt != html.EndTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			tok := z.Token()
			if !allowed[tok.Data] {
				t.Fatalf("CommentHTML(%q) = %q has element %s", in, out, tok.Data)
			}
			if tt != html.StartTagToken {
				continue
			}
			var href, rel bool
			for _, a := range tok.Attr {
				switch {
				case tok.Data == "a" && a.Key == "href" && !scriptURL(a.Val):
					href = true
				case tok.Data == "a" && a.Key == "rel" && a.Val == commentRel:
					rel = true
				default:
					t.Fatalf("CommentHTML(%q) = %q has attribute %s=%q on %s", in, out, a.Key, a.Val, tok.Data)
				}
			}
			if tok.Data == "a" && (!href || !rel) {
				t.Fatalf("CommentHTML(%q) = %q has a link without a safe href and rel", in, out)
			}
		}
	})
}

// articleElements and articleAttrs mirror the allow-list; the fuzz target
// fails if anything else ever reaches the output.
var (
	articleElements = setOf("p", "h2", "h3", "h4", "a", "strong", "em", "b", "i", "u", "s", "del",
		"q", "blockquote", "figure", "figcaption", "cite", "ul", "ol", "li", "img", "pre", "code",
		"hr", "br", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "sub", "sup",
		"abbr", "time", "div", "span")
	articleAttrs = setOf("href", "title", "cite", "src", "srcset", "sizes", "alt", "width", "height",
		"loading", "class", "id", "colspan", "rowspan", "scope", "start", "datetime", "lang", "data-provider")
	urlAttrs = setOf("href", "src", "srcset", "cite")
)

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// unsafeMarkup describes the first unsafe thing in sanitized article HTML,
// or returns "" when there is none.
func unsafeMarkup(out string) string {
	if strings.Contains(strings.ToLower(out), "<script") {
		return "contains <script"
	}
	if strings.Contains(out, "{{") {
		return "contains a template action"
	}
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			tok := z.Token()
			if !articleElements[tok.Data] {
				return "element " + tok.Data + " is not allowed"
			}
			for _, a := range tok.Attr {
				key := strings.ToLower(a.Key)
				if strings.HasPrefix(key, "on") {
					return "event handler " + key
				}
				if !articleAttrs[key] {
					return "attribute " + key + " is not allowed"
				}
				if urlAttrs[key] && scriptURL(a.Val) {
					return "script URL in " + key + ": " + a.Val
				}
			}
		}
	}
}

// scriptURL reports whether v, read the way a lenient browser reads a URL
// (control characters and whitespace ignored, any case), names a script or
// inline-document scheme.
func scriptURL(v string) bool {
	v = strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, strings.ToLower(v))
	// As a browser reads it: the scheme is what comes before the first
	// colon, unless a '/', '?' or '#' comes first ("#x-javascript:" is a
	// fragment, "./javascript:x" a relative path).
	scheme, _, found := strings.Cut(v, ":")
	if !found || strings.ContainsAny(scheme, "/?#") {
		return false
	}
	switch scheme {
	case "javascript", "vbscript", "data":
		return true
	}
	return false
}

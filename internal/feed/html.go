package feed

import (
	"strings"

	"golang.org/x/net/html"
)

// absURL makes a root-relative path ("/media/x.jpg") absolute on base;
// anything else (already absolute, a fragment, "//host/…") is left alone.
func absURL(base, path string) string {
	if strings.HasPrefix(path, "/") && !strings.HasPrefix(path, "//") {
		return base + path
	}
	return path
}

// urlAttrs are the attributes holding a URL in article and comment HTML.
var urlAttrs = map[string]bool{"href": true, "src": true, "poster": true, "cite": true}

// absHTML rewrites the root-relative URLs of sanitized HTML to absolute
// ones on base, since a feed reader does not know the site's origin. Text
// and every other attribute are written back as they were.
func absHTML(base, fragment string) string {
	z := html.NewTokenizer(strings.NewReader(fragment))
	var b strings.Builder
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return b.String()
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			changed := false
			for i, a := range tok.Attr {
				switch {
				case urlAttrs[a.Key]:
					if v := absURL(base, a.Val); v != a.Val {
						tok.Attr[i].Val, changed = v, true
					}
				case a.Key == "srcset":
					parts := strings.Split(a.Val, ",")
					for j, p := range parts {
						p = strings.TrimSpace(p)
						parts[j] = absURL(base, p)
					}
					tok.Attr[i].Val, changed = strings.Join(parts, ", "), true
				}
			}
			if changed {
				b.WriteString(tok.String())
			} else {
				b.Write(z.Raw())
			}
		default:
			b.Write(z.Raw())
		}
	}
}

package sanitize

import (
	"html"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzMarkdown checks that whatever a contributor writes in Markdown comes
// out holding only allow-listed, script-free markup, and never fails.
func FuzzMarkdown(f *testing.F) {
	f.Add("# Judul\n\nParagraf dengan [tautan](https://example.com/) dan **tebal**.")
	f.Add("[klik](javascript:alert(1)) <script>alert(1)</script> ![x](x \"onerror=alert(1)\")")
	f.Fuzz(func(t *testing.T, in string) {
		out, err := Markdown(in)
		if err != nil {
			t.Fatalf("Markdown(%q): %v", in, err)
		}
		if problem := unsafeMarkup(string(out)); problem != "" {
			t.Fatalf("Markdown(%q) = %q: %s", in, out, problem)
		}
	})
}

// FuzzText checks that the plain text taken from markup has no tag left:
// escaping it once (as every template does) gives no '<' a browser would
// read as markup, and the text of valid UTF-8 input stays valid UTF-8.
func FuzzText(f *testing.F) {
	f.Add(`<p>Banjir <b>surut</b> &amp; warga pulang</p><script>alert(1)</script>`)
	f.Add(`<svg><style>x</style></svg>a&lt;script&gt;b`)
	f.Fuzz(func(t *testing.T, in string) {
		out := Text(in)
		if strings.Contains(html.EscapeString(out), "<") {
			t.Fatalf("Text(%q) = %q escapes to markup", in, out)
		}
		if utf8.ValidString(in) && !utf8.ValidString(out) {
			t.Fatalf("Text(%q) = %q is not valid UTF-8", in, out)
		}
		if strings.ContainsAny(out, "\n\t") || strings.Contains(out, "  ") {
			t.Fatalf("Text(%q) = %q has whitespace left uncollapsed", in, out)
		}
	})
}

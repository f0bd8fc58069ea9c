package slug

import (
	"strings"
	"testing"
	"unicode"
)

// FuzzMake checks Make's promises on any title: the result is a valid slug
// (lower-case ASCII letters, digits and single inner hyphens, at most
// MaxLen bytes) or empty; it is empty only when the title has no ASCII
// letter or digit left after folding accents; and making a slug of a slug
// changes nothing, so saving an article twice never moves its URL.
func FuzzMake(f *testing.F) {
	for _, s := range []string{
		"Harga Cabai Mulai Turun di Pasar Lawang Sari",
		"Bantuan Rp 10.000 untuk Warga, Jum'at Ini",
		"Café déjà vu — Überraschung!",
		"  ...  ",
		"Straße ß",
		"ﬁ ligature ½ ²",
		"<script>alert(1)</script>",
		strings.Repeat("pembangunan tanggul ", 20),
		"日本語のタイトル",
		"a--b..c,,1.000,5",
		"\x00\xff\xfe",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Make(in)
		if out != "" && !Valid(out) {
			t.Fatalf("Make(%q) = %q, not a valid slug", in, out)
		}
		if again := Make(out); again != out {
			t.Fatalf("Make is not idempotent: Make(%q) = %q, Make(%q) = %q", in, out, out, again)
		}
		if out == "" && hasASCIIAlnum(in) {
			t.Fatalf("Make(%q) is empty though the title has letters or digits", in)
		}
	})
}

// hasASCIIAlnum reports whether s holds an ASCII letter or digit, which
// Make always keeps.
func hasASCIIAlnum(s string) bool {
	for _, r := range strings.ToLower(s) {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return true
		}
	}
	return false
}

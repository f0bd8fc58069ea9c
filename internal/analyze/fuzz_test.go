package analyze

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzTokens checks that any text, in either language, analyzes without panicking into
// non-empty, valid UTF-8 tokens made of letters and digits only (so the engines' tokenizers
// keep each whole), and that analyzing the analyzer's own output is safe too.
func FuzzTokens(f *testing.F) {
	for _, s := range []string{
		"Pemerintah kota mempertahankan tanggul yang jebol.",
		"anak-anak sebesar-besarnya meniru-nirukan buku-nya",
		"The city's engineers are studying the floods.",
		"Café naïve straße cafe\u0301 Jum'at",
		`"rumah sakit" banjir "tanggul`,
		"rumah\xffbesar\u00ad-",
	} {
		f.Add("id", s)
		f.Add("en", s)
	}
	f.Fuzz(func(t *testing.T, lang, text string) {
		toks := Tokens(lang, text)
		for _, tok := range toks {
			if tok == "" {
				t.Fatalf("Tokens(%q, %q) has an empty token: %q", lang, text, toks)
			}
			if !utf8.ValidString(tok) {
				t.Fatalf("Tokens(%q, %q) has invalid UTF-8 %q", lang, text, tok)
			}
			for _, r := range tok {
				if !isWordRune(r) {
					t.Fatalf("Tokens(%q, %q) token %q holds %q", lang, text, tok, r)
				}
			}
		}
		Tokens(lang, strings.Join(toks, " "))
		for _, w := range strings.Fields(text) {
			Stem(lang, w)
		}
		ParseQuery(lang, text)
	})
}

// Package slug turns titles and names into URL slugs the way an Indonesian
// or English newsroom expects: lower-case ASCII, accents folded, words
// joined by hyphens, thousands separators and apostrophes dropped
// ("Rp 10.000 untuk Jum'at" → "rp-10000-untuk-jumat"), reduplicated words
// kept ("anak-anak"), cut at a word boundary.
package slug

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// MaxLen is the longest slug Make returns, in bytes.
const MaxLen = 80

// Make returns the slug of s, "" when s has no letter or digit.
func Make(s string) string {
	var b strings.Builder
	runes := []rune(norm.NFKD.String(strings.ToLower(s)))
	dash := false
	for i, r := range runes {
		switch {
		case unicode.Is(unicode.Mn, r):
			// a combining accent left by NFKD: "é" → "e"
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			// Lowered again: NFKD can turn a lower-case-less letter into a
			// capital ("ᴵ", modifier letter capital I, → "I").
			b.WriteRune(unicode.ToLower(r))
			dash = false
		case r == '\'' || r == '’' || r == '`':
			// Jum'at → jumat, Kepala Dinas' → dinas
		case (r == '.' || r == ',') && i > 0 && i+1 < len(runes) && isDigit(runes[i-1]) && isDigit(runes[i+1]):
			// 10.000 → 10000; 2,5 → 25 reads badly but keeps the number whole
		case r == 'ß':
			b.WriteString("ss")
			dash = false
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	out := strings.TrimSuffix(b.String(), "-")
	if len(out) > MaxLen {
		out = out[:MaxLen]
		if i := strings.LastIndexByte(out, '-'); i > MaxLen/2 {
			out = out[:i]
		}
		out = strings.TrimSuffix(out, "-")
	}
	return out
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// Valid reports whether s is a slug Make could return: lower-case ASCII
// letters, digits and single inner hyphens, at most MaxLen bytes.
func Valid(s string) bool {
	if s == "" || len(s) > MaxLen || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || isDigit(r) || r == '-') {
			return false
		}
	}
	return true
}

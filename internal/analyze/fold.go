package analyze

import (
	"unicode"
	"unicode/utf8"
)

// foldGroups maps each ASCII base letter to the lowercase Latin letters with diacritics that
// fold to it (Latin-1 Supplement, Latin Extended-A and -B, and the Vietnamese letters of
// Latin Extended Additional). Uppercase needs no entry: text is lowercased first.
var foldGroups = map[string]string{
	"a": "àáâãäåāăąǎǟǡǻȁȃȧạảấầẩẫậắằẳẵặ",
	"c": "çćĉċč",
	"d": "ďđð",
	"e": "èéêëēĕėęěȅȇȩẹẻẽếềểễệ",
	"g": "ĝğġģǧǵ",
	"h": "ĥħ",
	"i": "ìíîïĩīĭįıǐȉȋỉị",
	"j": "ĵǰ",
	"k": "ķǩ",
	"l": "ĺļľŀł",
	"n": "ñńņňŉǹ",
	"o": "òóôõöøōŏőơǒǫǭǿȍȏȫȭȯȱọỏốồổỗộớờởỡợ",
	"r": "ŕŗřȑȓ",
	"s": "śŝşšș",
	"t": "ţťŧț",
	"u": "ùúûüũūŭůűųưǔǖǘǚǜȕȗụủứừửữự",
	"w": "ŵẁẃẅ",
	"y": "ýÿŷỳỵỷỹ",
	"z": "źżž",
	// Ligatures and letters written as two in ASCII.
	"ss": "ß",
	"ae": "æǽ",
	"oe": "œ",
	"th": "þ",
	"ij": "ĳ",
}

var foldTable = buildFoldTable()

func buildFoldTable() map[rune]string {
	t := make(map[rune]string)
	for base, letters := range foldGroups {
		for _, r := range letters {
			t[r] = base
		}
	}
	return t
}

// appendFolded appends the lowercased, accent-folded form of r to b. Combining marks (a
// decomposed "é" is "e" plus U+0301) are dropped, so composed and decomposed text agree.
func appendFolded(b []byte, r rune) []byte {
	if r < 0x80 {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(b, byte(r))
	}
	if unicode.Is(unicode.Mn, r) {
		return b
	}
	r = unicode.ToLower(r)
	if s, ok := foldTable[r]; ok {
		return append(b, s...)
	}
	return utf8.AppendRune(b, r)
}

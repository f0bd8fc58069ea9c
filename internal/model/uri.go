package model

import "strings"

// EscapePath percent-encodes what may not stand in a URI's path as it is —
// bytes outside ASCII (the UTF-8 of "επίπεδο", of an emoji, of a bidi
// control), ASCII controls, space and " < > \ ^ ` { | } — in lower-case
// hex, as WordPress writes its slugs (/greek/%ce%b5%cf%80…/). Everything
// else, "%" and "/" included, is kept, so an already encoded path is
// returned unchanged.
func EscapePath(p string) string {
	n := 0
	for i := 0; i < len(p); i++ {
		if escapeByte(p[i]) {
			n++
		}
	}
	if n == 0 {
		return p
	}
	const hex = "0123456789abcdef"
	var b strings.Builder
	b.Grow(len(p) + 2*n)
	for i := 0; i < len(p); i++ {
		c := p[i]
		if escapeByte(c) {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

func escapeByte(c byte) bool {
	return c >= 0x80 || c < 0x21 || c == 0x7f || strings.IndexByte("\"<>\\^`{|}", c) >= 0
}

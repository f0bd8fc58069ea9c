package analyze

import "strings"

// The Indonesian stemmer follows the Nazief–Adriani confix-stripping algorithm as the
// Sastrawi stemmer implements it in its enhanced (ECS) variant: look the word up in the
// root list; strip inflectional particles, possessive pronouns and one derivational suffix;
// strip up to three derivational prefixes with the ECS recoding rules; when nothing is
// found, put the suffixes back one at a time ("pengembalian akhiran") and strip prefixes
// again. Deliberate differences, each fixing a common news word:
//   - where a prefix reads two ways (men+V is me-nV or me-tV), every reading is tried and
//     the first that reaches a root wins, instead of Sastrawi's single guess;
//   - a word that is a root plus suffixes is taken as such before the precedence rule tries
//     its prefix (berikan → beri, not ikan), except for a final -i (petani → tani);
//   - when a particle was found, the whole word is tried for prefixes first
//     (pemerintah → perintah, not perin);
//   - peN- never pairs with -kan (penyidikan → sidik, not sidi), and a loan's t before a
//     consonant stays after men- (mentransfer → transfer);
//   - a root the list holds although it is derived (belajar, kinerja, wartawan,
//     nasionalisme) is taken on to the root it comes from (stem_id_lexical.go);
//   - a word whose root the list lacks is not left whole when it carries a clear prefix
//     (stem_id_guess.go).

// prefixKind groups the prefix variants that the disallowed-combination and repetition rules
// treat as one (mem-, meny-, menge- are all "me").
type prefixKind uint8

const (
	pNone prefixKind = iota
	pDi
	pKe
	pSe
	pBe
	pTe
	pMe
	pPe
	pKu // ku- and kau-, the proclitic pronouns
)

// maxPrefixes is how many prefixes Nazief–Adriani removes at most (me-per-ke-…).
const maxPrefixes = 3

// candidate is one reading of a word's first prefix: its kind and what remains once the
// prefix is removed (and the root's first letter restored, for me-/pe- nasals).
type candidate struct {
	kind prefixKind
	rest string
	// nasal marks the peN- readings (pem-, pen-, peng-, peny-), which never pair with
	// -kan: penyidikan is pe-sidik-an, not pe-sidi-kan.
	nasal bool
}

var (
	particlesID   = [...]string{"lah", "kah", "tah", "pun"}
	possessivesID = [...]string{"nya", "ku", "mu"}
	// "kan" before "an": the longer match is the suffix, "an" then remains possible through
	// the -kan → -k + -an restoration.
	derivationalID = [...]string{"kan", "an", "i"}
)

// suffixSplit is a word with its suffixes removed in Nazief–Adriani order.
type suffixSplit struct {
	s1    string // without the particle
	s2    string // without the particle and the possessive
	base  string // without all three
	deriv string // the derivational suffix removed from s2, or ""
}

// splitSuffixesID removes at most one particle, one possessive and one derivational suffix
// from w, never leaving fewer than minRootLen bytes.
func splitSuffixesID(w string) suffixSplit {
	sp := suffixSplit{s1: w}
	for _, s := range particlesID {
		if len(w)-len(s) >= minRootLen && strings.HasSuffix(w, s) {
			sp.s1 = w[:len(w)-len(s)]
			break
		}
	}
	sp.s2 = sp.s1
	for _, s := range possessivesID {
		if len(sp.s1)-len(s) >= minRootLen && strings.HasSuffix(sp.s1, s) {
			sp.s2 = sp.s1[:len(sp.s1)-len(s)]
			break
		}
	}
	sp.base = sp.s2
	for _, s := range derivationalID {
		if len(sp.s2)-len(s) >= minRootLen && strings.HasSuffix(sp.s2, s) {
			sp.base = sp.s2[:len(sp.s2)-len(s)]
			sp.deriv = s
			break
		}
	}
	return sp
}

// disallowed reports the confix pairs Indonesian does not form (be-…-i, di-…-an, ke-…-i,
// ke-…-kan, me-…-an, se-…-i, se-…-kan, te-…-an): reading a word that way is a mistake.
func disallowed(first prefixKind, deriv string) bool {
	switch first {
	case pBe:
		return deriv == "i"
	case pDi, pMe, pTe:
		return deriv == "an"
	case pKe, pSe:
		return deriv == "i" || deriv == "kan"
	}
	return false
}

// precedesSuffix reports the ECS "precedence adjustment" shapes, where the prefix is removed
// before the suffix because the suffix letters may belong to the root (be-…-an: bertahan).
func precedesSuffix(w string) bool {
	switch {
	case strings.HasPrefix(w, "be"):
		return strings.HasSuffix(w, "lah") || strings.HasSuffix(w, "an")
	case strings.HasPrefix(w, "me"), strings.HasPrefix(w, "di"), strings.HasPrefix(w, "pe"),
		strings.HasPrefix(w, "ter"):
		return strings.HasSuffix(w, "i")
	}
	return false
}

// stemID returns the root of the lowercased word w and whether it was found in the root
// list; when it was not, what guessRootID makes of w is returned.
func stemID(w string) (string, bool) {
	if r, ok := stripAffixesID(w); ok {
		return reduceRootID(r), true
	}
	return guessRootID(w), false
}

// stripAffixesID returns the root the confix stripper reaches from w and whether it
// reached one; when it did not, w itself is returned.
func stripAffixesID(w string) (string, bool) {
	if knownID(w) {
		return w, true
	}
	// Too short to carry an affix around a root (Sastrawi's DontStemShortWord).
	if len(w) <= minRootLen {
		return w, false
	}
	// A word that is a root plus suffixes is read that way before any prefix is tried:
	// berikan is beri-kan, though ber-ikan also reaches a root. A final -i is the
	// exception the precedence rule exists for: petani is pe-tani, not petan-i.
	sp := splitSuffixesID(w)
	for _, s := range [...]string{sp.s1, sp.s2, sp.base} {
		if s != w && (s != sp.base || sp.deriv != "i") && knownID(s) {
			return s, true
		}
	}
	if precedesSuffix(w) {
		if r, ok := stripPrefixes(w, 0, pNone, pNone, "", true); ok {
			return r, true
		}
	}
	if sp.deriv == "i" && knownID(sp.base) {
		return sp.base, true
	}
	// Many roots end in what looks like a particle (perintah, masalah, sekolah), while the
	// particles themselves are rare in news prose, so the whole word is tried first:
	// pemerintah is pe-perintah, not pe-perin-tah.
	if sp.s1 != w {
		if r, ok := stripPrefixes(w, 0, pNone, pNone, "", false); ok {
			return r, true
		}
	}
	if r, ok := stripPrefixes(sp.base, 0, pNone, pNone, sp.deriv, false); ok {
		return r, true
	}
	// Pengembalian akhiran: give the suffixes back, innermost first, and try the prefixes
	// again on each longer form.
	switch sp.deriv {
	case "kan":
		// The k may belong to the root: pendidikan is pe-didik-an, not pe-didi-kan.
		withK := sp.s2[:len(sp.base)+1]
		if knownID(withK) {
			return withK, true
		}
		if r, ok := stripPrefixes(withK, 0, pNone, pNone, "an", false); ok {
			return r, true
		}
		fallthrough
	case "an", "i":
		if r, ok := stripPrefixes(sp.s2, 0, pNone, pNone, "", false); ok {
			return r, true
		}
	}
	if sp.s1 != sp.s2 {
		if r, ok := stripPrefixes(sp.s1, 0, pNone, pNone, "", false); ok {
			return r, true
		}
	}
	return w, false
}

// stripPrefixes looks for a root reached from w by removing prefixes, depth of them having
// been removed already (the outermost of kind first, the latest of kind prev). deriv is the
// derivational suffix already removed, for the disallowed-pair check. With suffixLater, the
// suffixes are removed from each prefix-stripped form too (the precedence-adjusted order).
// All readings at one depth are checked against the root list before any goes deeper.
func stripPrefixes(w string, depth int, first, prev prefixKind, deriv string, suffixLater bool) (string, bool) {
	var buf [4]candidate
	cands := prefixCandidates(w, buf[:0])
	var usable [4]bool
	for i, c := range cands {
		if len(c.rest) < minRootLen {
			continue
		}
		outer := first
		if depth == 0 {
			outer = c.kind
			if disallowed(c.kind, deriv) || (c.nasal && deriv == "kan") {
				continue
			}
		} else if c.kind == prev || c.kind == pDi || c.kind == pMe || c.kind == pKu {
			// A prefix does not repeat, and di-, me-, ku-, kau- only stand outermost.
			continue
		}
		usable[i] = true
		if knownID(c.rest) {
			return c.rest, true
		}
		if suffixLater {
			sp := splitSuffixesID(c.rest)
			if sp.s1 != c.rest && knownID(sp.s1) {
				return sp.s1, true
			}
			if sp.s2 != sp.s1 && knownID(sp.s2) {
				return sp.s2, true
			}
			if sp.base != sp.s2 && !disallowed(outer, sp.deriv) && knownID(sp.base) {
				return sp.base, true
			}
		}
	}
	if depth+1 >= maxPrefixes {
		return "", false
	}
	for i, c := range cands {
		if !usable[i] {
			continue
		}
		outer := first
		if depth == 0 {
			outer = c.kind
		}
		if r, ok := stripPrefixes(c.rest, depth+1, outer, c.kind, deriv, suffixLater); ok {
			return r, true
		}
	}
	return "", false
}

func isVowel(c byte) bool {
	return c == 'a' || c == 'i' || c == 'u' || c == 'e' || c == 'o'
}

// at returns w[i], or 0 past the end, so rules can look ahead without bounds checks.
func at(w string, i int) byte {
	if i < len(w) {
		return w[i]
	}
	return 0
}

// prefixCandidates appends the readings of w's first prefix, most likely first. The rule
// numbers are those of the ECS disambiguation table as Sastrawi numbers them. Recoded
// readings (men+V → tV) allocate; the others are substrings of w.
func prefixCandidates(w string, out []candidate) []candidate {
	if len(w) < 4 {
		return out
	}
	switch w[0] {
	case 'd':
		if w[1] == 'i' {
			out = append(out, candidate{kind: pDi, rest: w[2:]})
		}
	case 'k':
		switch {
		case w[1] == 'e':
			out = append(out, candidate{kind: pKe, rest: w[2:]})
		case strings.HasPrefix(w, "kau"): // rule 42
			out = append(out, candidate{kind: pKu, rest: w[3:]})
		case w[1] == 'u': // rule 41
			out = append(out, candidate{kind: pKu, rest: w[2:]})
		}
	case 's':
		if w[1] == 'e' {
			out = append(out, candidate{kind: pSe, rest: w[2:]})
		}
	case 'b':
		if w[1] != 'e' {
			break
		}
		c := at(w, 3)
		switch {
		case w[2] == 'r' && isVowel(c): // rule 1: ber-V | be-rV
			out = append(out, candidate{kind: pBe, rest: w[3:]}, candidate{kind: pBe, rest: w[2:]})
		case w[2] == 'r' && c != 'r' && c != 0: // rules 2, 3: ber-C
			out = append(out, candidate{kind: pBe, rest: w[3:]})
		case strings.HasPrefix(w, "belajar"): // rule 4
			out = append(out, candidate{kind: pBe, rest: w[3:]})
		case w[2] != 'r' && w[2] != 'l' && !isVowel(w[2]) && at(w, 3) == 'e' && at(w, 4) == 'r' &&
			at(w, 5) != 0 && !isVowel(at(w, 5)): // rule 5: be-C1erC2 (bekerja)
			out = append(out, candidate{kind: pBe, rest: w[2:]})
		}
	case 't':
		if w[1] != 'e' {
			break
		}
		c := at(w, 3)
		switch {
		case w[2] == 'r' && isVowel(c): // rule 6: ter-V | te-rV
			out = append(out, candidate{kind: pTe, rest: w[3:]}, candidate{kind: pTe, rest: w[2:]})
		case w[2] == 'r' && c != 'r' && c != 0: // rules 7, 8, 35: ter-C
			out = append(out, candidate{kind: pTe, rest: w[3:]})
		case w[2] != 'r' && !isVowel(w[2]) && at(w, 3) == 'e' && at(w, 4) == 'r' &&
			at(w, 5) != 0 && !isVowel(at(w, 5)): // rule 9: te-C1erC2
			out = append(out, candidate{kind: pTe, rest: w[2:]})
		}
	case 'm':
		if w[1] == 'e' {
			out = nasalCandidates(w, pMe, out)
		}
	case 'p':
		if w[1] == 'e' {
			out = peCandidates(w, out)
		}
	}
	return out
}

// nasalCandidates handles the nasal forms shared by me- and pe- (rules 10–19 and 25–31):
// mem-/pem-, men-/pen-, meng-/peng-, meny-/peny- with the root's first letter restored.
func nasalCandidates(w string, kind prefixKind, out []candidate) []candidate {
	from := len(out)
	out = nasalReadings(w, kind, out)
	for i := from; kind == pPe && i < len(out); i++ {
		out[i].nasal = true
	}
	return out
}

func nasalReadings(w string, kind prefixKind, out []candidate) []candidate {
	c2, c3, c4 := w[2], at(w, 3), at(w, 4)
	switch c2 {
	case 'l', 'r', 'w', 'y': // rule 10 (me-); pe- handles these itself
		if kind == pMe && isVowel(c3) {
			out = append(out, candidate{kind: kind, rest: w[2:]})
		}
	case 'm':
		switch {
		case c3 == 'b' || c3 == 'f' || c3 == 'v': // rules 11, 25
			out = append(out, candidate{kind: kind, rest: w[3:]})
		case c3 == 'p': // rules 12, 19: mempe-/memp- (memperbaiki, memproses)
			if kind == pMe {
				out = append(out, candidate{kind: kind, rest: w[3:]})
			}
		case isVowel(c3) || (c3 == 'r' && isVowel(c4)): // rules 13, 26: m | p restored
			out = append(out, candidate{kind: kind, rest: w[2:]}, candidate{kind: kind, rest: "p" + w[3:]})
		}
	case 'n':
		switch {
		case c3 == 'c' || c3 == 'd' || c3 == 'j' || c3 == 's' || c3 == 'z': // rules 14, 27
			out = append(out, candidate{kind: kind, rest: w[3:]})
		case isVowel(c3): // rules 15, 28: n | t restored
			out = append(out, candidate{kind: kind, rest: w[2:]}, candidate{kind: kind, rest: "t" + w[3:]})
		case c3 == 'g':
			switch {
			case isVowel(c4): // rules 17, 30: ng-V | k restored | menge- before one syllable
				out = append(out, candidate{kind: kind, rest: w[4:]}, candidate{kind: kind, rest: "k" + w[4:]})
				if c4 == 'e' && at(w, 5) != 0 && !isVowel(at(w, 5)) {
					out = append(out, candidate{kind: kind, rest: w[5:]})
				}
			case c4 != 0: // rules 16, 29: meng-/peng- before a consonant
				out = append(out, candidate{kind: kind, rest: w[4:]})
			}
		case c3 == 't' && c4 != 0 && !isVowel(c4):
			// A loan's t before a consonant stays: mentransfer, mentraktir.
			out = append(out, candidate{kind: kind, rest: w[3:]})
		case c3 == 'y' && isVowel(c4): // rules 18, 31: ny kept | s restored
			out = append(out, candidate{kind: kind, rest: w[2:]}, candidate{kind: kind, rest: "s" + w[4:]})
		}
	}
	return out
}

// peCandidates handles pe- and per- (rules 20–36).
func peCandidates(w string, out []candidate) []candidate {
	c2, c3 := w[2], at(w, 3)
	switch {
	case (c2 == 'w' || c2 == 'y') && isVowel(c3): // rule 20
		return append(out, candidate{kind: pPe, rest: w[2:]})
	case c2 == 'r' && isVowel(c3): // rule 21: per-V | pe-rV
		return append(out, candidate{kind: pPe, rest: w[3:]}, candidate{kind: pPe, rest: w[2:]})
	case c2 == 'r' && c3 != 'r' && c3 != 0: // rules 23, 24: per-C
		return append(out, candidate{kind: pPe, rest: w[3:]})
	case c2 == 'l' && isVowel(c3): // rule 32, with pelajar as pel-ajar
		if strings.HasPrefix(w, "pelajar") {
			return append(out, candidate{kind: pPe, rest: w[2:]}, candidate{kind: pPe, rest: w[3:]})
		}
		return append(out, candidate{kind: pPe, rest: w[2:]})
	case c2 == 'm' || c2 == 'n':
		return nasalCandidates(w, pPe, out)
	case !isVowel(c2) && c2 != 'r' && c2 != 'w' && c2 != 'y' && c2 != 'l': // rules 33, 34, 36
		return append(out, candidate{kind: pPe, rest: w[2:]})
	}
	return out
}

package analyze

import "strings"

// minGuessLen is the shortest root guessRootID leaves: shorter remains of unlisted words
// are more often a name or an English word cut in two ("Dian" is not di-an, "members" not
// mem-bers) than a root.
const minGuessLen = 5

// rootLikeStart reports whether s begins as an Indonesian root or a loan taken into one
// does: a vowel, or a consonant before a vowel, r or l (tiktok, transfer, klaim). English
// words that only look prefixed mostly do not: district is not di-strict, display not
// di-splay, different not di-fferent.
func rootLikeStart(s string) bool {
	if len(s) < 2 {
		return false
	}
	c := s[1]
	return isVowel(s[0]) || isVowel(c) || c == 'r' || c == 'l' || c == 'y'
}

// guessRootID reads a word whose root is not in the root list (loans and coinages newer
// than hunspell-id: viral, posting) so that its prefixed forms still meet the bare word:
// memviralkan, diviralkan and viralnya all give "viral". It removes a final -nya, one di-,
// meN- or peN- prefix and, after di- or meN-, a final -kan; where the nasal may have
// replaced the root's first letter it restores the k, p, t or s (memosting is posting,
// meniktok tiktok, menyelfie selfie), since roots that begin with the nasal itself are
// native words the list already holds. Nothing else is guessed: particles
// and the other suffixes end too many names and loans (Abdullah, implementasi), and
// ber-, ter-, ke- and se- begin too many (Bernard, Semarang, Sebastian).
//
// The guess is never a listed root, since stripAffixesID tries every reading against the
// list first, so it can only join unlisted words: the bare word and its derived forms.
func guessRootID(w string) string {
	s := w
	if x := strings.TrimSuffix(s, "nya"); len(x) >= minGuessLen {
		s = x
	}
	var buf [4]candidate
	cands := prefixCandidates(s, buf[:0])
	pick := -1
	for i, c := range cands {
		if c.kind != pDi && c.kind != pMe && !(c.kind == pPe && c.nasal) {
			continue
		}
		if pick < 0 {
			pick = i
		}
		// A reading that does not end s puts a replaced letter back.
		if !strings.HasSuffix(s, c.rest) && c.rest != "" && strings.IndexByte("kpts", c.rest[0]) >= 0 {
			pick = i
			break
		}
	}
	if pick < 0 || len(cands[pick].rest) < minGuessLen || !rootLikeStart(cands[pick].rest) {
		return s
	}
	rest := cands[pick].rest
	if cands[pick].kind != pPe {
		if x := strings.TrimSuffix(rest, "kan"); len(x) >= minGuessLen {
			rest = x
		}
	}
	return rest
}

package analyze

import "strings"

// hunspell-id lists some derived words as entries of their own: the irregular belajar and
// pelajar, words with the old infix -in- (kinerja), and loan words built with -wan, -wati,
// -isme and -isasi (wartawan, seniwati, nasionalisme, digitalisasi). The confix stripper
// stops at such an entry, so "kinerja" never met "kerja". reduceRootID takes a root the
// stripper found one step further, to the root it is derived from, when the root list
// holds that one too. None of these affixes is productive enough to be read into a word
// the list holds whole unless listed here: the infix and the irregular prefixes are lexical
// (binatang is not b-in-atang), and the loan suffixes are read only where the rest is a
// listed root and the word is not one of the look-alikes in keepLoanID.

// irregularID maps the lexicalized derivations the root list holds to their roots: bel-
// and pel- occur before ajar only (Sastrawi's rules 4 and 32), and the infix -in- survives
// in a handful of words (kinerja is k-in-erja, "performance" from kerja, "work"). Words
// that look infixed but are roots of their own (kini, dingin, main, binatang, sinar,
// minat) are simply absent.
var irregularID = map[string]string{
	"belajar":   "ajar",
	"pelajar":   "ajar",
	"kinerja":   "kerja",
	"kinasih":   "kasih",
	"sinambung": "sambung",
	"linuhung":  "luhung",
	// -wan takes the place of sejarah's final h; read by rule, that h would turn
	// dewan into deh and lawan into lah.
	"sejarawan": "sejarah",
}

// keepLoanID lists the listed words that end in a loan suffix without being built with it,
// where the rest is a listed root of another meaning: given names and places (gunawan,
// belawan), native words (perawan, bakwan), and loans taken whole (organisasi is not
// organ-isasi, mobilisasi not mobil, "car"; kronisme is not kronis, "chronic").
var keepLoanID = map[string]bool{
	"bakwan": true, "belawan": true, "gerawan": true, "gunawan": true, "harawan": true,
	"muliawan": true, "perawan": true, "senawan": true, "setiawan": true, "tempawan": true,
	"wirawan":   true,
	"aminisasi": true, "demokratisasi": true, "kolonisasi": true, "lokalisasi": true,
	"mobilisasi": true, "organisasi": true, "realisasi": true, "salinisasi": true,
	"dadaisme": true, "kronisme": true, "kubisme": true, "lakonisme": true, "mekanisme": true,
	"organisme": true, "sufisme": true, "takisme": true,
}

// reduceRootID returns the root r is derived from when r is one of the lexicalized
// derivations above, and r otherwise.
func reduceRootID(r string) string {
	if base, ok := irregularID[r]; ok {
		return base
	}
	if base := loanBaseID(r, true); base != "" {
		return base
	}
	return r
}

// loanBaseID returns the listed root of a word built with a loan suffix, or "". -isme and
// -isasi end only loan words, so they are read on any word (hilirisasi, which the list
// lacks, is hilir-isasi); -wan and -wati also end given names (Kurniawan, Megawati), so
// they are read only on words the list holds, listed is whether w is one. -isme prefers
// the adherent's -is form when the list has it (terorisme meets teroris, sinisme sinis
// rather than sin); -isasi prefers the bare root (sosialisasi is sosial, not sosialis).
func loanBaseID(w string, listed bool) string {
	// Most words end in none of the suffixes: the look-alike list is asked last.
	if x := loanStemID(w, listed); x != "" && !keepLoanID[w] {
		return x
	}
	return ""
}

func loanStemID(w string, listed bool) string {
	switch {
	case strings.HasSuffix(w, "isme"):
		x := w[:len(w)-len("isme")]
		if isRootID(x + "is") {
			return x + "is"
		}
		if isRootID(x) {
			return x
		}
	case strings.HasSuffix(w, "isasi"):
		x := w[:len(w)-len("isasi")]
		if isRootID(x) {
			return x
		}
		if isRootID(x + "is") {
			return x + "is"
		}
	case !listed:
	case strings.HasSuffix(w, "wan"):
		if x := w[:len(w)-len("wan")]; isRootID(x) {
			return x
		}
	case strings.HasSuffix(w, "wati"):
		if x := w[:len(w)-len("wati")]; isRootID(x) {
			return x
		}
	}
	return ""
}

// knownID reports whether s can end the confix stripping: a listed root, or an unlisted
// word built with -isme or -isasi on a listed root (dihilirisasi is di-hilirisasi).
func knownID(s string) bool {
	return isRootID(s) || (len(s) > len("isme") && (strings.HasSuffix(s, "isme") ||
		strings.HasSuffix(s, "isasi")) && loanBaseID(s, false) != "")
}

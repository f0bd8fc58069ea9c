// Package analyze is warta's language-aware text analyzer: it turns article text and search
// queries into the words both database engines index and match (SQLite FTS5 and a
// PostgreSQL tsvector with the 'simple' configuration), so that "mempertahankan",
// "pertahanan" and "bertahan" all meet at "tahan", and so that SQLite and PostgreSQL find
// the same articles for the same query.
//
// Text is lowercased (Unicode-aware), folded to unaccented Latin letters ("café" → "cafe"),
// split on everything but letters and digits, cleared of stop words and stemmed: Indonesian
// by a Nazief–Adriani confix-stripping stemmer against a root-word list derived from
// hunspell-id (roots_id.txt), English by the Snowball (Porter2) stemmer. The output is made
// only of letters and digits, so the engines' own tokenizers keep each word whole.
//
// The analyzer is safe for concurrent use; it keeps no state beyond the read-only word lists.
package analyze

import (
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
)

// Version identifies what Tokens makes of a text. It goes up with every change that makes
// Tokens give other words for some text (a new stemming rule, another root list, other
// stop words), so that an index of analyzed text can tell it was written by another
// version and re-analyze what it holds. Version 1 was the analyzer before it was
// versioned; 2 reads the derivations the root list holds whole (belajar, kinerja,
// wartawan) and guesses roots the list lacks; 3 leaves English look-alikes out of the guess;
// 4 reads sejarawan as sejarah.
const Version = 4

// maxWordBytes bounds a normalized word; longer runs of letters (encoded data, runaway
// strings) are dropped rather than indexed, far below PostgreSQL's 2 KB lexeme limit, so
// both engines see exactly the same words.
const maxWordBytes = 64

// Tokens analyzes text in the given language ("id", "en"; anything else: "id"): Unicode-aware
// lowercasing, accent folding, splitting on non-letters/digits (keep digits; split hyphenated
// reduplications like "anak-anak" → "anak" and drop the repeat), stop-word removal, stemming.
// Returns the stems in order (duplicates kept, so positions/phrases work).
//
// Apostrophes inside a word are dropped ("Jum'at" → "jumat"), and in English a final "'s" is
// removed with it. Words of more than 64 bytes after folding are dropped. Words containing a
// digit are kept unstemmed. The result is nil when text holds no indexable word.
func Tokens(lang, text string) []string {
	lang = normLang(lang)
	norm, spans := normalize(lang, text)
	if len(spans) == 0 {
		return nil
	}
	out := make([]string, 0, len(spans))
	for i := 0; i < len(spans); {
		j := i + 1
		for j < len(spans) && spans[j].joined {
			j++
		}
		out = appendChain(lang, norm, spans[i:j], out)
		i = j
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// Stem stems one lowercased word in that language.
//
// It neither lowercases, folds nor removes stop words: give it a word as Tokens produces
// them. An Indonesian word whose root is not in the root list loses at most a final -nya,
// a di-, meN- or peN- prefix and a -kan (memviralkan → viral), or comes back unchanged; an English
// word gets Porter2's answer, which need not be a word ("studies" → "studi").
func Stem(lang, word string) string {
	s, _ := stemWord(normLang(lang), word)
	return s
}

// Query is an analyzed search query: terms and quoted phrases, each already stemmed.
//
// Terms hold each stem once, in the order first typed. A quoted phrase that analyzes to a
// single word is a term; one that analyzes to nothing (only stop words) is dropped. A query
// of stop words only has neither terms nor phrases.
type Query struct {
	Terms   []string   // stems to match anywhere in the text
	Phrases [][]string // runs of stems to match as adjacent tokens, two or more each
}

// ParseQuery parses what a reader typed: bare words become Terms, "double-quoted text" becomes
// a Phrase (analyzed the same way); unbalanced quotes are treated as ending at the end;
// stop words inside phrases are removed consistently with Tokens so phrase matching aligns.
//
// Typographic quotes (“ ” „) count as double quotes. Search operators are not interpreted:
// a minus or OR is just text.
func ParseQuery(lang, q string) Query {
	var qu Query
	start, inQuote := 0, false
	for i, r := range q {
		if r == '"' || r == '“' || r == '”' || r == '„' {
			qu.add(lang, q[start:i], inQuote)
			inQuote = !inQuote
			start = i + utf8.RuneLen(r)
		}
	}
	qu.add(lang, q[start:], inQuote)
	return qu
}

func (qu *Query) add(lang, text string, phrase bool) {
	toks := Tokens(lang, text)
	if phrase && len(toks) > 1 {
		qu.Phrases = append(qu.Phrases, toks)
		return
	}
	for _, t := range toks {
		if !containsString(qu.Terms, t) {
			qu.Terms = append(qu.Terms, t)
		}
	}
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// normLang maps a language tag to "en" (en, EN, en-US, en_GB) or "id" (everything else).
func normLang(lang string) string {
	if len(lang) >= 2 && (lang[0] == 'e' || lang[0] == 'E') && (lang[1] == 'n' || lang[1] == 'N') &&
		(len(lang) == 2 || lang[2] == '-' || lang[2] == '_') {
		return "en"
	}
	return "id"
}

// span is one normalized word: norm[start:end]. joined means a hyphen tied it to the word
// before ("anak-anak", "buku-nya").
type span struct {
	start, end int
	joined     bool
}

// normalizer collects the words of one text; see normalize.
type normalizer struct {
	lang     string
	b        []byte // the words so far, back to back
	spans    []span
	start    int  // where the current word starts in b, or -1 between words
	apos     int  // where an apostrophe was dropped from the current word, or -1
	joinNext bool // the word that starts next is tied to the last by a hyphen
}

// endWord closes the current word, if any; byHyphen ties the next word to it.
func (n *normalizer) endWord(byHyphen bool) {
	if n.start >= 0 {
		e := len(n.b)
		// English possessive: "John's" → "john", as Porter2 would strip it anyway.
		if n.lang == "en" && n.apos == e-1 && n.b[e-1] == 's' {
			e--
		}
		if e-n.start > maxWordBytes {
			e = n.start
		} else {
			n.spans = append(n.spans, span{n.start, e, n.joinNext})
		}
		n.b = n.b[:e]
		n.start = -1
	}
	n.joinNext = byHyphen
}

// normalize lowercases and folds text and finds its words. The words are stored back to back
// in one string, so the tokens cut from it cost no further allocation.
func normalize(lang, text string) (string, []span) {
	n := normalizer{
		lang:  lang,
		b:     make([]byte, 0, len(text)),
		spans: make([]span, 0, len(text)/6+1),
		start: -1,
	}
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf {
			// ASCII, nearly all of an Indonesian or English text.
			i++
			switch {
			case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
				n.startWord()
				n.b = append(n.b, c)
			case 'A' <= c && c <= 'Z':
				n.startWord()
				n.b = append(n.b, c+'a'-'A')
			case c == '\'' && n.start >= 0 && i < len(text) && startsWithLetter(text[i:]):
				n.apos = len(n.b)
			case c == '-' && n.start >= 0 && i < len(text) && startsWithWordRune(text[i:]):
				n.endWord(true)
			default:
				n.endWord(false)
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			n.endWord(false)
		case isApostrophe(r): // before isWordRune: the modifier-letter apostrophe is a letter
			if n.start >= 0 && i < len(text) && startsWithLetter(text[i:]) {
				n.apos = len(n.b)
			} else {
				n.endWord(false)
			}
		case isWordRune(r):
			n.startWord()
			n.b = appendFolded(n.b, r)
		case unicode.Is(unicode.Mn, r) || isIgnorable(r):
			// Accents typed as combining marks, soft hyphens and joiners sit inside words.
		case n.start >= 0 && isHyphen(r) && i < len(text) && startsWithWordRune(text[i:]):
			n.endWord(true)
		default:
			n.endWord(false)
		}
	}
	n.endWord(false)
	return string(n.b), n.spans
}

func (n *normalizer) startWord() {
	if n.start < 0 {
		n.start, n.apos = len(n.b), -1
	}
}

func isWordRune(r rune) bool {
	if r < 0x80 {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// isIgnorable reports the invisible format characters that never separate words: soft
// hyphen, zero-width non-joiner and joiner, word joiner.
func isIgnorable(r rune) bool {
	return r == '\u00ad' || r == '\u200c' || r == '\u200d' || r == '\u2060'
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }

func isHyphen(r rune) bool { return r == '-' || r == '‐' || r == '‑' }

func startsWithLetter(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r)
}

func startsWithWordRune(s string) bool {
	r, size := utf8.DecodeRuneInString(s)
	return !(r == utf8.RuneError && size <= 1) && isWordRune(r)
}

// clitics are the particles and possessives sometimes written after a hyphen ("buku-nya").
var clitics = map[string]bool{"ku": true, "mu": true, "nya": true, "lah": true, "kah": true, "tah": true, "pun": true}

// appendChain analyzes words tied by hyphens. A reduplication ("anak-anak", "sebesar-besarnya",
// "meniru-nirukan") yields its stem once; other compounds ("sayur-mayur", "covid-19") yield
// each part.
func appendChain(lang, norm string, chain []span, out []string) []string {
	if len(chain) == 1 {
		w := norm[chain[0].start:chain[0].end]
		if isStopWord(lang, w) {
			return out
		}
		s, _ := stemWord(lang, w)
		return append(out, s)
	}
	var buf [8]span
	parts := buf[:0]
	for _, sp := range chain {
		// Words sit back to back in norm, so a clitic joins its host by widening the span.
		if n := len(parts); n > 0 && clitics[norm[sp.start:sp.end]] {
			parts[n-1].end = sp.end
			continue
		}
		parts = append(parts, sp)
	}
	prev := ""
	for _, sp := range parts {
		w := norm[sp.start:sp.end]
		if isStopWord(lang, w) {
			continue
		}
		s, found := stemWord(lang, w)
		if prev != "" {
			if s == prev {
				continue
			}
			// The repeat may drop the prefix's nasal: meniru-nirukan is meniru-menirukan.
			if lang == "id" && !found {
				if r, ok := stemID("me" + w); ok && r == prev {
					continue
				}
			}
		}
		out = append(out, s)
		prev = s
	}
	return out
}

// stemWord stems w in lang ("id" or "en") and reports whether the Indonesian stemmer found
// a root (always true for English). Words with digits are returned as they are.
func stemWord(lang, w string) (string, bool) {
	for i := 0; i < len(w); i++ {
		if '0' <= w[i] && w[i] <= '9' {
			return w, false
		}
	}
	if lang == "en" {
		return english.Stem(w, true), true
	}
	return stemID(w)
}

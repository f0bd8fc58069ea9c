package web

import (
	"strings"
	"unicode"

	"warta/internal/analyze"
)

// segment is a piece of highlighted text: Hit pieces are words the search
// matched, which the template wraps in <mark>. Keeping the text apart from
// the markup means every piece is escaped by html/template like any string.
type segment struct {
	Text string
	Hit  bool
}

// highlighter marks the words of a text whose stems, in the article's
// language, are among the query's.
type highlighter map[string]map[string]bool // language → stems

// newHighlighter reads q as every search language does.
func newHighlighter(q string) highlighter {
	h := highlighter{}
	for _, lang := range []string{"id", "en"} {
		pq := analyze.ParseQuery(lang, q)
		set := map[string]bool{}
		for _, t := range pq.Terms {
			set[t] = true
		}
		for _, p := range pq.Phrases {
			for _, t := range p {
				set[t] = true
			}
		}
		h[lang] = set
	}
	return h
}

func (h highlighter) stems(lang string) map[string]bool {
	if strings.HasPrefix(strings.ToLower(lang), "en") {
		return h["en"]
	}
	return h["id"]
}

// word is one run of letters and digits in a text, at text[start:end].
type word struct {
	start, end int
	hit        bool
}

// words splits text into its words and marks the matched ones.
func (h highlighter) words(lang, text string) []word {
	set := h.stems(lang)
	var out []word
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := word{start: start, end: end}
		for _, s := range analyze.Tokens(lang, text[start:end]) {
			if set[s] {
				w.hit = true
				break
			}
		}
		out = append(out, w)
		start = -1
	}
	for i, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(text))
	return out
}

// Highlight returns the whole of text in segments, matched words marked.
func (h highlighter) Highlight(lang, text string) []segment {
	return h.segments(text, h.words(lang, text), 0, len(text))
}

// Snippet returns about n words of text around its densest run of matched
// words, in segments, with "…" where text was cut, and whether any word
// matched. Without a match it is the text's first n words.
func (h highlighter) Snippet(lang, text string, n int) ([]segment, bool) {
	ws := h.words(lang, text)
	if len(ws) == 0 {
		return nil, false
	}
	// The window of n words holding the most hits, starting a few words
	// before its first hit so the reader sees the context.
	best, bestHits, hits := 0, 0, 0
	for i := range ws {
		if ws[i].hit {
			hits++
		}
		if i >= n && ws[i-n].hit {
			hits--
		}
		if hits > bestHits {
			bestHits, best = hits, max(0, i-n+1)
		}
	}
	if bestHits > 0 {
		first := best
		for first < len(ws) && !ws[first].hit {
			first++
		}
		best = max(0, min(first-4, len(ws)-n))
	}
	last := min(best+n, len(ws)) - 1
	from, to := ws[best].start, ws[last].end
	if best == 0 {
		from = 0
	}
	if last == len(ws)-1 {
		to = len(text)
	}
	segs := h.segments(text, ws[best:last+1], from, to)
	if best > 0 {
		segs = append([]segment{{Text: "… "}}, segs...)
	}
	if last < len(ws)-1 {
		segs = append(segs, segment{Text: " …"})
	}
	return segs, bestHits > 0
}

// segments cuts text[from:to] into segments at the hits among ws.
func (h highlighter) segments(text string, ws []word, from, to int) []segment {
	var segs []segment
	pos := from
	for _, w := range ws {
		if !w.hit || w.start < from || w.end > to {
			continue
		}
		if w.start > pos {
			segs = append(segs, segment{Text: text[pos:w.start]})
		}
		segs = append(segs, segment{Text: text[w.start:w.end], Hit: true})
		pos = w.end
	}
	if pos < to {
		segs = append(segs, segment{Text: text[pos:to]})
	}
	return segs
}

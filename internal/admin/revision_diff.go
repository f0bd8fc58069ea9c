package admin

import (
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"
	"golang.org/x/net/html"
)

// Kinds of a diff segment.
const (
	segSame = "same"
	segDel  = "del" // in the older revision only
	segIns  = "ins" // in the newer state only
)

// segment is a run of words (or whole list items) of one kind; the
// template writes it, escaped, inside <del>, <ins> or as plain text.
type segment struct {
	Kind string
	Text string
}

// paragraph is one block of a field's diff: a paragraph of the body, an
// item of a list, or the whole of a one-line field.
type paragraph []segment

// diffWords returns the word diff turning the paragraphs a into b: each
// paragraph is split into words at white space, and a paragraph break is
// a token of its own, so a sentence moved to a new paragraph shows as
// such. Words are compared whole: a changed letter marks its word.
func diffWords(a, b []string) []paragraph {
	return diffTokens(wordTokens(a), wordTokens(b), " ")
}

// diffItems returns the diff turning the list a into b, item by item (a
// byline, a term, a correction): an item is marked whole.
func diffItems(a, b []string) []paragraph {
	return diffTokens(a, b, "")
}

// breakToken separates paragraphs in a token list; no word contains it.
const breakToken = "\n"

func wordTokens(paras []string) []string {
	var out []string
	for _, p := range paras {
		words := strings.Fields(p)
		if len(words) == 0 {
			continue
		}
		if len(out) > 0 {
			out = append(out, breakToken)
		}
		out = append(out, words...)
	}
	return out
}

// runeBase is where the tokens' stand-in characters start: the private
// use area and above, all valid runes, so none is lost on the way through
// the library's strings.
const runeBase = 0xE000

// diffTokens diffs the token lists a and b with diffmatchpatch (Myers'
// algorithm, bounded by its one-second timeout), each distinct token
// standing in as one character, and groups the result into paragraphs.
// sep joins the words of a segment; with sep "" every token is an item of
// its own paragraph.
func diffTokens(a, b []string, sep string) []paragraph {
	index := map[string]rune{}
	var tokens []string
	encode := func(list []string) []rune {
		out := make([]rune, len(list))
		for i, t := range list {
			r, ok := index[t]
			if !ok {
				r = rune(runeBase + len(tokens))
				index[t] = r
				tokens = append(tokens, t)
			}
			out[i] = r
		}
		return out
	}
	ra, rb := encode(a), encode(b)
	diffs := diffmatchpatch.New().DiffMainRunes(ra, rb, false)

	var out []paragraph
	var cur paragraph
	flush := func() {
		if len(cur) > 0 {
			out = append(out, cur)
		}
		cur = nil
	}
	for _, d := range diffs {
		kind := segSame
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			kind = segDel
		case diffmatchpatch.DiffInsert:
			kind = segIns
		}
		for _, r := range d.Text {
			t := tokens[r-runeBase]
			switch {
			case sep == "":
				cur = paragraph{{Kind: kind, Text: t}}
				flush()
			case t == breakToken:
				flush()
			case len(cur) > 0 && cur[len(cur)-1].Kind == kind:
				cur[len(cur)-1].Text += sep + t
			default:
				cur = append(cur, segment{Kind: kind, Text: t})
			}
		}
	}
	flush()
	return out
}

// bodyParagraphs is the text of a body as the diff compares it: the
// writer's Markdown source by line when there is one, else the HTML's
// text split by block, never its tags.
func bodyParagraphs(source, body string) []string {
	if source != "" {
		return strings.Split(source, "\n")
	}
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(body))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.Split(b.String(), "\n")
		case html.TextToken:
			b.Write(z.Text())
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figure", "figcaption", "br", "tr",
				"td", "th", "pre", "div", "aside":
				b.WriteString("\n")
			}
		}
	}
}

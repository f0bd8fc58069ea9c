package gen

import (
	"fmt"
	"html"
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"
)

// writer composes a story's text from a topic's words in one language.
type writer struct {
	r    *rand.Rand
	lang string // "id" or "en"
	w    *words
}

func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

// person returns a made-up full name.
func person(r *rand.Rand) string { return pick(r, givenNames) + " " + pick(r, familyNames) }

// title is a headline: who did what, where.
func (w writer) title(place string) string {
	in := " di "
	if w.lang == "en" {
		in = " in "
	}
	return pick(w.r, w.w.subjects) + " " + pick(w.r, w.w.verbs) + " " + pick(w.r, w.w.objects) + in + place
}

// sentence is one plain statement, ending with a full stop.
func (w writer) sentence() string {
	s := pick(w.r, w.w.subjects) + " " + pick(w.r, w.w.verbs) + " " + pick(w.r, w.w.objects)
	if w.r.IntN(3) > 0 {
		s += " " + pick(w.r, w.w.details)
	}
	return s + "."
}

// quoted is a statement attributed inline to a named source.
func (w writer) quoted() string {
	q, who, role := pick(w.r, quotes[w.lang]), person(w.r), pick(w.r, roles[w.lang])
	if w.lang == "en" {
		return fmt.Sprintf("“%s,” said %s, %s.", q, who, role)
	}
	return fmt.Sprintf("“%s,” kata %s, %s.", q, who, role)
}

// body writes the article's HTML and returns it with the excerpt (its
// first sentence, plain). The text is ours, escaped as it is written.
func (w writer) body(place string) (body, excerpt string) {
	var b strings.Builder
	lead := w.sentence()
	dateline := strings.ToUpper(place) + " — "
	fmt.Fprintf(&b, "<p>%s%s %s</p>\n", html.EscapeString(dateline), html.EscapeString(lead), html.EscapeString(w.sentence()))
	paragraphs := 4 + w.r.IntN(5)
	for i := range paragraphs {
		switch {
		case i == 2:
			q, who, role := pick(w.r, quotes[w.lang]), person(w.r), pick(w.r, roles[w.lang])
			fmt.Fprintf(&b, "<blockquote><p>%s</p><p>— %s, %s</p></blockquote>\n",
				html.EscapeString(q+"."), html.EscapeString(who), html.EscapeString(role))
		case i == 4 && w.r.IntN(2) == 0:
			h := "Langkah berikutnya"
			if w.lang == "en" {
				h = "What comes next"
			}
			fmt.Fprintf(&b, "<h2>%s</h2>\n", h)
			fallthrough
		default:
			b.WriteString("<p>")
			n := 2 + w.r.IntN(3)
			for j := range n {
				if j > 0 {
					b.WriteByte(' ')
				}
				if j == n-1 && w.r.IntN(3) == 0 {
					b.WriteString(html.EscapeString(w.quoted()))
				} else {
					b.WriteString(html.EscapeString(w.sentence()))
				}
			}
			b.WriteString("</p>\n")
		}
	}
	return b.String(), strings.TrimSpace(lead)
}

// comment is a reader's short reply, plain text.
func (w writer) comment() string {
	body := pick(w.r, commentBodies[w.lang])
	if w.r.IntN(4) == 0 {
		// A second thought, so comments differ in length.
		body += " " + upperFirst(pick(w.r, commentBodies[w.lang]))
	}
	return pick(w.r, commentOpeners[w.lang]) + " " + upperFirst(body)
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

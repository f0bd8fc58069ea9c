package scenario

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

// Reading a page's structure, for checks that a list of expected strings
// cannot make: what a byline reads, what one comment holds, where each
// image loads from.

var tagRE = regexp.MustCompile(`<[^>]*>`)

// Text strips the tags of an HTML fragment and collapses white space.
func Text(fragment string) string {
	return strings.Join(strings.Fields(tagRE.ReplaceAllString(fragment, " ")), " ")
}

// Element returns the outer HTML of the first element whose start tag
// contains marker (e.g. `id="comment-3"`), following nesting of the same
// tag name; "" when there is none.
func Element(body, marker string) string {
	i := strings.Index(body, marker)
	if i < 0 {
		return ""
	}
	start := strings.LastIndex(body[:i+1], "<")
	name := body[start+1:]
	end := strings.IndexAny(name, " >")
	if end < 0 {
		return ""
	}
	name = name[:end]
	open, closing := "<"+name, "</"+name+">"
	depth := 0
	for pos := start; pos < len(body); {
		nextOpen := strings.Index(body[pos:], open)
		nextClose := strings.Index(body[pos:], closing)
		if nextClose < 0 {
			return ""
		}
		if nextOpen >= 0 && nextOpen < nextClose {
			// Only a real start tag of name, not a longer name sharing its prefix.
			if at := pos + nextOpen + len(open); at < len(body) && (body[at] == ' ' || body[at] == '>') {
				depth++
			}
			pos += nextOpen + len(open)
			continue
		}
		depth--
		pos += nextClose + len(closing)
		if depth == 0 {
			return body[start:pos]
		}
	}
	return ""
}

// AttrValues returns the values of every attr="…" in body.
func AttrValues(body, attr string) []string {
	re := regexp.MustCompile(`\s` + regexp.QuoteMeta(attr) + `="([^"]*)"`)
	var vals []string
	for _, m := range re.FindAllStringSubmatch(body, -1) {
		vals = append(vals, m[1])
	}
	return vals
}

// Contains fails t for each of wants missing from fragment (a part of a
// page Element cut out; for a whole answer, use ExpectedContent).
func Contains(t testing.TB, fragment string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(fragment, w) {
			t.Errorf("lacks %q in:\n%s", w, excerpt(fragment))
		}
	}
}

// Lacks fails t for each of unwanted found in fragment.
func Lacks(t testing.TB, fragment string, unwanted ...string) {
	t.Helper()
	for _, u := range unwanted {
		if strings.Contains(fragment, u) {
			t.Errorf("contains %q", u)
		}
	}
}

// JSONLD returns a page's structured data (its first JSON-LD block),
// parsed; a page without one, or with one that is not JSON, fails t.
func JSONLD(t testing.TB, body string) map[string]any {
	t.Helper()
	const open = `<script type="application/ld+json">`
	i := strings.Index(body, open)
	if i < 0 {
		t.Fatal("the page has no JSON-LD")
	}
	raw := body[i+len(open):]
	end := strings.Index(raw, "</script>")
	if end < 0 {
		t.Fatal("the page's JSON-LD is not closed")
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(raw[:end]), &v); err != nil {
		t.Fatalf("JSON-LD %s: %v", raw[:end], err)
	}
	return v
}

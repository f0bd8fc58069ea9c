package view

import (
	"strings"
	"testing"
	"time"

	"warta/internal/tools/hostile"
	"warta/internal/model"
)

// testListPage is a list page's data as web builds it.
type testListPage struct {
	zoned
	Layout
	ListPage
}

// Variant bits of hostileList.
const (
	lHeading = 1 << iota // an archive with its heading and intro
	lLater               // page 3 of 9
	lEmpty               // no articles
	lForeign             // articles in another language than the site's
	lFront               // the front page's flags
)

// hostileList is a list page whose every field carries text (or url, for
// links), with the parts variant asks for.
func hostileList(lang, text, url string, variant int) *testListPage {
	has := func(bit int) bool { return variant&bit != 0 }
	p := &testListPage{zoned: zoned{lang}}
	article := hostilePage(lang, text, url, 0)
	p.Layout = article.Layout
	p.Meta.OGType, p.Meta.JSONLD = "website", map[string]any{"@type": "WebSite", "name": text}
	items := hostileItems(text, url)
	t0 := time.Date(2024, 4, 26, 23, 30, 0, 0, time.UTC)
	for i := range items {
		it := &items[i]
		it.Article = &model.Article{Title: text, Excerpt: text, PublishedAt: t0.Add(-time.Duration(i) * time.Hour), Sticky: i%2 == 0, CommentCount: i}
		it.Byline = Byline{Writers: []Person{{Name: text, URL: url}}, Editors: []Person{{Name: "Siti", URL: "/author/siti/"}}}
		if i == 1 {
			it.Excerpt, it.Byline = "", Byline{}
		}
		if has(lForeign) {
			it.UILang = lang
		}
	}
	p.Items = items
	p.Total = 37
	p.Pagination = Pagination{Current: 1, Total: 9, Next: url, Links: []PageLink{{N: 1, URL: url, Current: true}, {N: 2, URL: url}, {Gap: true}, {N: 9, URL: url}}}
	if has(lHeading) {
		p.Heading, p.Intro = text, text
	}
	if has(lLater) {
		p.Pagination.Current, p.Pagination.Prev = 3, url
	}
	if has(lEmpty) {
		p.Items, p.Total, p.Pagination = nil, 0, Pagination{Current: 1, Total: 1}
	}
	if has(lFront) {
		p.IsFront, p.Title, p.Path = true, "", "/"
	}
	return p
}

// A list page drawn by the Go writers is the template's byte for byte, for
// every hostile payload in every field, in both languages, on the front
// page, archives, later pages, empty lists and foreign articles.
func TestListPageMatchesTemplates(t *testing.T) {
	e, err := New("")
	if err != nil {
		t.Fatal(err)
	}
	ref, err := NewTemplatesOnly("")
	if err != nil {
		t.Fatal(err)
	}
	if w := e.writers["list.html"]; !w.layout || w.main == nil || !e.builtin["card"] {
		t.Fatalf("the embedded list page is not written by Go: %+v", w)
	}
	payloads := append(hostile.Markup(0), hostile.URLs(0)...)
	payloads = append(payloads, hostile.Payload{Name: "bytes templates escape", Text: "Wati \x00 + ' \" & <b> \xff\xfe ünï %d %s"})
	for _, p := range payloads {
		for v := range 32 {
			for _, lang := range []string{"id", "en"} {
				page := hostileList(lang, p.Text, p.Text, v)
				want := render(t, ref, "list.html", page)
				if got := render(t, e, "list.html", page); got != want {
					t.Fatalf("%s, variant %#x, %s: writer and templates differ\n%s", p.Name, v, lang, firstDiff(got, want))
				}
				if live := hostile.LiveMarkup(want); live != "" {
					t.Errorf("%s, variant %#x: a payload survives as markup: %s", p.Name, v, live)
				}
			}
		}
	}
}

// FuzzListPage holds the list writer to the templates' bytes for any text
// and URL in any field of any kind of list page.
func FuzzListPage(f *testing.F) {
	for i, p := range append(hostile.Markup(0), hostile.URLs(0)...) {
		f.Add(p.Text, p.Text, uint8(i))
	}
	f.Add("\x00\xff<'\"+&>\u2028", "mailto:x@y.z?a=b c", uint8(lHeading|lLater))
	e, err := New("")
	if err != nil {
		f.Fatal(err)
	}
	ref, err := NewTemplatesOnly("")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text, url string, variant uint8) {
		for _, lang := range []string{"id", "en"} {
			page := hostileList(lang, text, url, int(variant))
			if got, want := render(t, e, "list.html", page), render(t, ref, "list.html", page); got != want {
				t.Fatalf("%s: writer and templates differ\n%s", lang, firstDiff(got, want))
			}
		}
	})
}

// A theme's own list page or card is what lists show.
func TestThemeOverridesListWriter(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]func(string) string
		main  bool
		card  bool
		want  string
	}{
		{"a list page of the theme's own", map[string]func(string) string{"list.html": replace(t, `<ul class="card-list">`, `<ul class="card-list mine">`)},
			false, true, `<ul class="card-list mine">`},
		{"a card of the theme's own", map[string]func(string) string{"_partials.html": replace(t, `<h2 class="card-title">`, `<h2 class="card-title mine">`)},
			true, false, `<h2 class="card-title mine">`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := themeWith(t, tt.files)
			e, err := New(dir)
			if err != nil {
				t.Fatal(err)
			}
			ref, err := NewTemplatesOnly(dir)
			if err != nil {
				t.Fatal(err)
			}
			if w := e.writers["list.html"]; !w.layout || (w.main != nil) != tt.main || e.builtin["card"] != tt.card {
				t.Fatalf("writers: main %v, card %v; want %v, %v", w.main != nil, e.builtin["card"], tt.main, tt.card)
			}
			for v := range 32 {
				page := hostileList("en", `"><script>__pwn(1)</script>`, "https://wati.example/a b", v)
				got, want := render(t, e, "list.html", page), render(t, ref, "list.html", page)
				if got != want {
					t.Fatalf("variant %#x: writers and templates differ\n%s", v, firstDiff(got, want))
				}
				if v == 0 && !strings.Contains(got, tt.want) {
					t.Errorf("the theme's %q is not on the page", tt.want)
				}
			}
		})
	}
}

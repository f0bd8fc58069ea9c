package view

import (
	"bytes"
	"html/template"
	"io/fs"
	"testing"
	"time"

	"warta/internal/tools/hostile"
	"warta/internal/model"
)

// partialViaTemplate renders the embedded theme's shared template name with
// args, as a theme that overrides it would have it rendered.
func partialViaTemplate(t testing.TB, e *Engine, name string, data any) string {
	t.Helper()
	partials, err := fs.ReadFile(embedded, "theme/templates/_partials.html")
	if err != nil {
		t.Fatal(err)
	}
	set := template.Must(template.New("x").Funcs(e.funcs()).Parse(string(partials)))
	var buf bytes.Buffer
	if err := set.ExecuteTemplate(&buf, name, data); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func hostileItems(text, url string) []ListItem {
	t0 := time.Date(2024, 4, 26, 23, 30, 0, 0, time.UTC)
	pics := []*Picture{
		nil,
		{Class: "related-image", Src: "/media/2024/04/a.jpg", Srcset: "/media/2024/04/a-480.jpg 480w, /media/2024/04/a.jpg 1200w",
			Sizes: "(min-width: 48rem) 14rem, 100vw", Width: 1200, Height: 800, Alt: text, Lazy: true},
		{Class: text, Src: url, Srcset: url + " 480w," + url + ", javascript:x 2x,  /a.jpg  \t1x , /b.jpg 1x;", Sizes: text,
			Alt: text, Caption: text},
		{Src: url, Width: 0, Height: 10},
	}
	var items []ListItem
	for i, p := range pics {
		items = append(items, ListItem{Article: &model.Article{Title: text, PublishedAt: t0.Add(time.Duration(i) * 24 * time.Hour)},
			URL: url, ArticleLang: text, Image: p})
	}
	return items
}

// The related section and the pictures written by hand are the
// templates', byte for byte, for hostile titles, alt texts, captions and
// image URLs, with and without images, sizes and captions.
func TestRelatedListMatchesTemplate(t *testing.T) {
	e, err := New("")
	if err != nil {
		t.Fatal(err)
	}
	if !e.builtin["related"] || !e.builtin["picture"] {
		t.Fatal("the embedded theme does not use the related and picture writers")
	}
	for _, p := range append(hostile.Markup(0), hostile.URLs(0)...) {
		items := hostileItems(p.Text, p.Text)
		for _, lang := range []string{"id", "en"} {
			l := zoned{lang}
			want := partialViaTemplate(t, e, "related", Args{L: l, V: items})
			got := string(relatedList(l, items))
			if got != want {
				t.Fatalf("payload %d, %s: writer and template differ\n%s", p.N, lang, firstDiff(got, want))
			}
			if live := hostile.LiveMarkup(got); live != "" {
				t.Errorf("payload %d, %s: a payload survives as markup: %s", p.N, lang, live)
			}
			for _, it := range items {
				if it.Image == nil {
					continue
				}
				want := partialViaTemplate(t, e, "picture", Args{L: l, V: it.Image})
				if got := string(picture(it.Image)); got != want {
					t.Fatalf("payload %d: picture writer and template differ\n%s", p.N, firstDiff(got, want))
				}
			}
		}
	}
}

// FuzzRelatedList holds the related and picture writers to the templates'
// bytes for any title, URL, srcset and caption.
func FuzzRelatedList(f *testing.F) {
	for _, p := range append(hostile.Markup(0), hostile.URLs(0)...) {
		f.Add(p.Text, p.Text, "/a.jpg 480w, /b.jpg 960w")
	}
	f.Add("Judul", "/2024/04/26/judul/", " ,,javascript:a 1x,/a%41.jpg\t2x ,data:x 3x")
	e, err := New("")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text, url, srcset string) {
		items := hostileItems(text, url)
		items[1].Image.Srcset = srcset
		l := zoned{"id"}
		if got, want := string(relatedList(l, items)), partialViaTemplate(t, e, "related", Args{L: l, V: items}); got != want {
			t.Fatalf("writer and template differ\n%s", firstDiff(got, want))
		}
	})
}

// The byline written by hand is the template's, byte for byte, for any
// mix of writers, editors and photographers with hostile names and URLs.
func TestBylineMatchesTemplate(t *testing.T) {
	e, err := New("")
	if err != nil {
		t.Fatal(err)
	}
	if !e.builtin["byline"] {
		t.Fatal("the embedded theme does not use the byline writer")
	}
	for _, p := range append(hostile.Markup(0), hostile.URLs(0)...) {
		who := Person{Name: p.Text, URL: p.Text}
		plain := Person{Name: "Wati", URL: "/author/wati/"}
		for _, b := range []Byline{
			{},
			{Writers: []Person{who}},
			{Writers: []Person{plain, who, plain}, Editors: []Person{who}},
			{Editors: []Person{who, plain}, Photographers: []Person{plain}},
			{Photographers: []Person{who, who}},
		} {
			for _, lang := range []string{"id", "en"} {
				l := zoned{lang}
				want := partialViaTemplate(t, e, "byline", Args{L: l, V: b})
				got := string(bylineHTML(l, b))
				if got != want {
					t.Fatalf("payload %d, %s: writer and template differ\n%s", p.N, lang, firstDiff(got, want))
				}
				if live := hostile.LiveMarkup(got); live != "" {
					t.Errorf("payload %d, %s: a payload survives as markup: %s", p.N, lang, live)
				}
			}
		}
	}
}

// The category and tag links written by hand are the template's, byte for
// byte, for hostile names and slugs.
func TestTermLinksMatchTemplate(t *testing.T) {
	e, err := New("")
	if err != nil {
		t.Fatal(err)
	}
	if !e.builtin["terms"] {
		t.Fatal("the embedded theme does not use the term writer")
	}
	for _, p := range append(hostile.Markup(0), hostile.URLs(0)...) {
		cat := model.Term{Taxonomy: model.TaxonomyCategory, Name: p.Text, Slug: p.Text}
		tag := model.Term{Taxonomy: model.TaxonomyTag, Name: p.Text, Slug: p.Text}
		plain := model.Term{Taxonomy: model.TaxonomyTag, Name: "Banjir", Slug: "banjir"}
		for _, a := range []*model.Article{
			{},
			{Categories: []model.Term{cat}},
			{Categories: []model.Term{cat, cat}, Tags: []model.Term{tag, plain}},
			{Tags: []model.Term{plain}},
		} {
			for _, lang := range []string{"id", "en"} {
				l := zoned{lang}
				want := partialViaTemplate(t, e, "terms", Args{L: l, V: a})
				got := string(termLinks(l, a))
				if got != want {
					t.Fatalf("payload %d, %s: writer and template differ\n%s", p.N, lang, firstDiff(got, want))
				}
				if live := hostile.LiveMarkup(got); live != "" {
					t.Errorf("payload %d, %s: a payload survives as markup: %s", p.N, lang, live)
				}
			}
		}
	}
}

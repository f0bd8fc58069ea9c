package view

import (
	"bytes"
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"warta/internal/tools/hostile"
	"warta/internal/model"
)

// testPage is an article page's data as web builds it: a Layout and an
// ArticlePage, and the page as its own Localizer.
type testPage struct {
	zoned
	Layout
	ArticlePage
}

// Variant bits of hostilePage: which parts of a page it has.
const (
	vPage        = 1 << iota // page.html rather than article.html
	vProtected               // body, embeds and comments withheld
	vClosed                  // comments closed
	vFailed                  // a failed submission replying to a comment
	vAwaiting                // the reader's comment is held
	vFront                   // the front page's flags: no title, path "/", noindex
	vForeign                 // an article in another language, updated later
	vBare                    // no image, terms, kicker, embeds, feeds, translations, comments
	vJSONLDShift = 8         // three bits above: the kind of JSON-LD value
)

// hostilePage is a page whose every field the reader, a writer or an
// importer controls carries text (or url, for links), with the parts
// variant asks for.
func hostilePage(lang, text, url string, variant int) *testPage {
	t0 := time.Date(2024, 4, 25, 20, 0, 0, 0, time.UTC)
	has := func(bit int) bool { return variant&bit != 0 }
	art := &model.Article{
		Title: text, BodyHTML: template.HTML("<p>" + text + "</p>"), PublishedAt: t0, ModifiedAt: t0.Add(time.Hour),
		Categories: []model.Term{{Name: text, Slug: url, Taxonomy: model.TaxonomyCategory}, {Name: "Politik", Slug: "politik"}},
		Tags:       []model.Term{{Name: text, Slug: url, Taxonomy: model.TaxonomyTag}},
		Embeds: []model.Embed{
			{URL: url, EmbedURL: url, Title: text, Duration: 3*time.Minute + 6*time.Second, PosterURL: url},
			{URL: "https://v.example/x?a=1&b=2", EmbedURL: text, Title: "", Duration: 0},
			{URL: url, Title: text, Duration: 2*time.Hour + 5*time.Second},
		},
		SourceName: text, SourceURL: url,
	}
	p := &testPage{zoned: zoned{lang}}
	l := &p.Layout
	l.Site = model.Settings{Title: text, Tagline: text}
	l.Lang, l.Title, l.Description, l.Canonical = lang, text, text, url
	l.Path = url
	l.Year = 2024
	l.Nav = []NavItem{{Label: text, URL: url}, {Label: "Politik", URL: "/category/politik/"}, {Label: "", URL: "/"}}
	l.Feeds = []FeedLink{{Kind: "rss", Title: text, Href: url}, {Kind: "atom", Title: text, Href: "/feed/atom/"}, {Kind: "json", Title: "", Href: url}, {Kind: text, Href: "/x"}}
	l.Meta = Meta{OGType: "article", Locale: text, Image: &MetaImage{URL: url, Alt: text, Width: 1200, Height: 800},
		Published: t0, Modified: t0.Add(time.Hour).In(time.FixedZone("WIB", 7*3600)), Section: text, Tags: []string{text, "x"},
		Hreflang: []Hreflang{{Lang: text, Href: url}, {Lang: "en", Href: "https://warta.example/en/"}}, Prev: url, Next: url}
	l.Meta.JSONLD = jsonLD(variant>>vJSONLDShift&7, text, url)
	a := &p.ArticlePage
	a.Article, a.URL, a.ArticleLang = art, url, text
	a.Kicker = &art.Categories[0]
	a.Byline = Byline{Writers: []Person{{Name: text, URL: url}, {Name: "Budi", URL: "/author/budi/"}}, Photographers: []Person{{Name: text, URL: url}}}
	a.Image = &Picture{Class: "featured-image", Src: url, Srcset: url + " 480w, /a.jpg 1200w", Sizes: text, Width: 1200, Height: 800, Alt: text, Caption: text}
	a.Related = hostileItems(text, url)
	a.Translations = []ListItem{{Article: &model.Article{Title: text}, URL: url, ArticleLang: text}, {Article: &model.Article{Title: "Debate"}, URL: "/en/debate/", ArticleLang: "en"}}
	a.Comments = hostileThread()[:3]
	a.Comments[0].AuthorName, a.Comments[0].AuthorURL = text, url
	a.CommentCount = 31
	a.CommentsOpen = !has(vClosed)
	a.CommentPages = Pagination{Current: 3, Total: 9, Prev: url, Next: url + "?cpage=4#comments",
		Links: []PageLink{{N: 1, URL: url}, {Gap: true}, {N: 2, URL: url}, {N: 3, URL: url, Current: true}, {N: 4, URL: "/a?cpage=4#comments"}, {Gap: true}, {N: 9, URL: url}}}
	a.Form = CommentForm{ArticleID: 7, Name: text, Email: text, URL: url, Comment: text}
	a.IsPage = has(vPage)
	a.Protected = has(vProtected)
	if has(vFailed) {
		a.Form.ParentID, a.Form.ReplyToName = 2, text
		a.Form.Errors = map[string]string{"email": "comment.error.email", "parent_id": "comment.error.parent"}
		l.NoIndex = true
	}
	a.Awaiting = has(vAwaiting)
	if has(vFront) {
		l.IsFront, l.Title, l.Path, l.NoIndex = true, "", "/", true
		l.Meta.OGType = "website"
	}
	if has(vForeign) {
		a.UILang = lang
		a.Updated = true
	}
	if has(vBare) {
		art.Categories, art.Tags, art.Embeds, art.SourceName = nil, nil, nil, ""
		a.Kicker, a.Image, a.Related, a.Translations, a.Comments = nil, nil, nil, nil, nil
		a.CommentPages = Pagination{Current: 1, Total: 1}
		a.Byline = Byline{}
		l.Feeds, l.Nav, l.Description, l.Canonical, l.Site.Tagline = nil, nil, "", "", ""
		l.Meta.Image, l.Meta.Section, l.Meta.Tags, l.Meta.Hreflang, l.Meta.Prev, l.Meta.Next = nil, "", nil, nil, "", ""
	}
	return p
}

// jsonLD is a value for a page's JSON-LD of one of the kinds html/template
// treats differently: an object, nothing, a pointer to a struct (what web
// gives) — which the page writer writes — or a string, a number (padded),
// a Marshaler, a value that fails to marshal, trusted JS, for which it
// leaves the page to the templates.
func jsonLD(kind int, text, url string) any {
	switch kind {
	case 0:
		return map[string]any{"@type": "NewsArticle", "headline": text, "url": url, "author": []map[string]any{{"name": text}},
			"isAccessibleForFree": true, "sep": "a\u2028b\u2029c </script><!-- & \xff"}
	case 1:
		return nil
	case 2:
		// As web gives it: a pointer to a struct.
		return &struct {
			Type     string `json:"@type"`
			Headline string `json:"headline"`
			URL      string `json:"url"`
		}{"NewsArticle", text + "\u2028</script>", url}
	case 3:
		return text + "\u2028"
	case 4:
		return 42
	case 5:
		return time.Date(2024, 4, 25, 20, 0, 0, 0, time.UTC)
	case 6:
		return map[string]any{"bad": make(chan int), "name": text}
	default:
		return template.JS("{\"x\": 1}")
	}
}

// render renders page name with data through e and fails the test on an
// error.
func render(t testing.TB, e *Engine, name string, data any) string {
	t.Helper()
	b, err := e.Bytes(name, data)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// pageVariants are the combinations every hostile payload is rendered in.
var pageVariants = []int{
	0, vPage, vProtected, vClosed | vForeign, vFailed | vAwaiting, vFront | vBare, vPage | vBare | vClosed,
	vPage | vFailed | vClosed, vForeign | vProtected | vPage, 1<<vJSONLDShift | vBare, 2<<vJSONLDShift | vFront,
	3 << vJSONLDShift, 4<<vJSONLDShift | vForeign, 5 << vJSONLDShift, 6<<vJSONLDShift | vPage, 7<<vJSONLDShift | vAwaiting,
}

// An article page and a page drawn by the Go writers are the templates'
// byte for byte, for every hostile payload in every field, in both
// languages, with every part a page may have or lack.
func TestArticlePageMatchesTemplates(t *testing.T) {
	e, err := New("")
	if err != nil {
		t.Fatal(err)
	}
	ref, err := NewTemplatesOnly("")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"article.html", "page.html"} {
		if w := e.writers[name]; !w.layout || w.main == nil || w.head {
			t.Fatalf("%s: the embedded theme's page is not written by Go: %+v", name, w)
		}
	}
	payloads := append(hostile.Markup(0), hostile.URLs(0)...)
	payloads = append(payloads,
		hostile.Payload{Name: "bytes templates escape", Text: "Wati \x00 + ' \" & <b> \xff\xfe ünï \u2028\u2029 </script> <!-- */"},
		hostile.Payload{Name: "URL to normalize", Text: "HTTPS://wati.example.id/a b?x=1&y=2+3#f'\"()%zz\x7f é%4"},
		hostile.Payload{Name: "empty"},
	)
	for _, p := range payloads {
		for _, v := range pageVariants {
			for _, lang := range []string{"id", "en"} {
				page := hostilePage(lang, p.Text, p.Text, v)
				name := "article.html"
				if v&vPage != 0 {
					name = "page.html"
				}
				want := render(t, ref, name, page)
				var buf bytes.Buffer
				drawn, err := e.writePage(&buf, e.pages[name], e.writers[name], page)
				// JSON-LD other than an object (or none) is left to the templates.
				wantDrawn := v>>vJSONLDShift&7 <= 2
				if err != nil || drawn != wantDrawn {
					t.Fatalf("%s, variant %#x: the writer drew the page: %v, want %v (err %v)", p.Name, v, drawn, wantDrawn, err)
				}
				if !drawn && buf.Len() > 0 {
					t.Fatalf("%s, variant %#x: the writer declined the page after writing %d bytes", p.Name, v, buf.Len())
				}
				if got := buf.String(); drawn && got != want {
					t.Fatalf("%s, variant %#x, %s: writer and templates differ\n%s", p.Name, v, lang, firstDiff(got, want))
				}
				if got := render(t, e, name, page); got != want {
					t.Fatalf("%s, variant %#x, %s: Bytes differs from the templates", p.Name, v, lang)
				}
				if live := hostile.LiveMarkup(strings.ReplaceAll(want, "<p>"+p.Text+"</p>", "")); live != "" {
					t.Errorf("%s, variant %#x: a payload survives as markup: %s", p.Name, v, live)
				}
			}
		}
	}
}

// FuzzArticlePage holds the page writers to the templates' bytes for any
// text and URL in any field of any kind of article page.
func FuzzArticlePage(f *testing.F) {
	for i, p := range append(hostile.Markup(0), hostile.URLs(0)...) {
		f.Add(p.Text, p.Text, uint16(pageVariants[i%len(pageVariants)]))
	}
	f.Add("\x00\xff<'\"+&>\u2028", "mailto:x@y.z?a=b c", uint16(0))
	f.Add("%41", "/a%41?b=%4g%zz%", uint16(vFailed|vForeign))
	e, err := New("")
	if err != nil {
		f.Fatal(err)
	}
	ref, err := NewTemplatesOnly("")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text, url string, variant uint16) {
		name := "article.html"
		if variant&vPage != 0 {
			name = "page.html"
		}
		for _, lang := range []string{"id", "en"} {
			page := hostilePage(lang, text, url, int(variant))
			if got, want := render(t, e, name, page), render(t, ref, name, page); got != want {
				t.Fatalf("%s: writer and templates differ\n%s", lang, firstDiff(got, want))
			}
		}
	})
}

// themeWith writes a theme folder whose templates are files, each the
// embedded file of that name changed by edit (or a new file).
func themeWith(t *testing.T, files map[string]func(string) string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "templates"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, edit := range files {
		src, _ := embedded.ReadFile("theme/templates/" + name)
		writeFile(t, filepath.Join(dir, "templates", name), edit(string(src)))
	}
	return dir
}

// replace returns an edit that replaces old, which must be there, by new.
func replace(t *testing.T, old, new string) func(string) string {
	return func(s string) string {
		if !strings.Contains(s, old) {
			t.Fatalf("the embedded theme lacks %q", old)
		}
		return strings.Replace(s, old, new, 1)
	}
}

// A theme that overrides the layout, a page, a page's head or a shared
// template the page writers call has it rendered by its template, and the
// rest of the page is still what the templates give.
func TestThemeOverridesPageWriters(t *testing.T) {
	tests := []struct {
		name   string
		files  map[string]func(string) string
		page   string
		layout bool // the layout writer is used
		main   bool // the page's main writer is used
		head   bool // the page has a head of its own
		wants  []string
	}{
		{
			name:  "a layout of the theme's own",
			files: map[string]func(string) string{"layout.html": replace(t, `<footer class="site-footer">`, `<footer class="site-footer mine">{{.Site.Title}}`)},
			page:  "article.html", layout: false, main: false,
			wants: []string{`<footer class="site-footer mine">`},
		},
		{
			name:  "an article page of the theme's own",
			files: map[string]func(string) string{"article.html": replace(t, `<h1 class="article-title">{{$a.Title}}</h1>`, `<h1 class="mine">{{$a.Title}}</h1>`)},
			page:  "article.html", layout: true, main: false,
			wants: []string{`<h1 class="mine">`},
		},
		{
			name:  "a page of the theme's own leaves the article page to the writer",
			files: map[string]func(string) string{"page.html": replace(t, `<h1 class="article-title">`, `<h1 class="mine">`)},
			page:  "article.html", layout: true, main: true,
			wants: []string{`<h1 class="article-title">`},
		},
		{
			name:  "a page of the theme's own",
			files: map[string]func(string) string{"page.html": replace(t, `<h1 class="article-title">`, `<h1 class="mine">`)},
			page:  "page.html", layout: true, main: false,
			wants: []string{`<h1 class="mine">`},
		},
		{
			name: "a head of the page's own",
			files: map[string]func(string) string{"article.html": func(s string) string {
				return s + `{{define "head"}}<meta name="mine" content="{{.Title}}">{{end}}`
			}},
			page: "article.html", layout: true, main: true, head: true,
			wants: []string{"<meta name=\"mine\" content=\"", "\"></head>"},
		},
		{
			name: "shared templates of the theme's own",
			files: map[string]func(string) string{"_partials.html": func(s string) string {
				for _, r := range [][2]string{
					{`<figure class="video-card">`, `<figure class="video-card mine">`},
					{`<nav class="pagination"`, `<nav class="pagination mine"`},
					{`<section id="comments" class="comments"`, `<section id="comments" class="comments mine"`},
					{`<span class="byline-writers">`, `<span class="byline-writers mine">`},
					{`<p class="terms">`, `<p class="terms mine">`},
					{`<section class="related"`, `<section class="related mine"`},
					{`<div id="respond" class="respond">`, `<div id="respond" class="respond mine">`},
					{`<li id="comment-{{.ID}}"`, `<li id="comment-{{.ID}}" data-mine="1"`},
					{`{{if .Caption}}<figure class="{{.Class}}">`, `{{if .Caption}}<figure class="{{.Class}} mine">`},
				} {
					s = replace(t, r[0], r[1])(s)
				}
				return s
			}},
			page: "article.html", layout: true, main: true,
			wants: []string{`<figure class="video-card mine">`, `<nav class="pagination mine"`, `class="comments mine"`, `<span class="byline-writers mine">`,
				`<p class="terms mine">`, `<section class="related mine"`, `class="respond mine"`, `data-mine="1"`, `featured-image mine`},
		},
		{
			name: "comments and video of the theme's own, the rest embedded",
			files: map[string]func(string) string{"_partials.html": func(s string) string {
				s = replace(t, `<figure class="video-card">`, `<figure class="video-card mine">`)(s)
				return replace(t, `<h2 id="comments-title">`, `<h2 id="comments-title" class="mine">`)(s)
			}},
			page: "article.html", layout: true, main: true,
			wants: []string{`<figure class="video-card mine">`, `<h2 id="comments-title" class="mine">`},
		},
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
			w := e.writers[tt.page]
			if w.layout != tt.layout || (w.main != nil) != tt.main || w.head != tt.head {
				t.Fatalf("writers: layout %v, main %v, head %v; want %v, %v, %v", w.layout, w.main != nil, w.head, tt.layout, tt.main, tt.head)
			}
			checked := false
			for _, v := range pageVariants {
				if (v&vPage != 0) != (tt.page == "page.html") || v&(vBare|vProtected) != 0 {
					continue
				}
				for _, text := range []string{"Wati <b> & ' \"", `"><script>__pwn(1)</script>`} {
					page := hostilePage("en", text, "https://wati.example/a b", v)
					got, want := render(t, e, tt.page, page), render(t, ref, tt.page, page)
					if got != want {
						t.Fatalf("variant %#x: writers and templates differ\n%s", v, firstDiff(got, want))
					}
					if !checked {
						checked = true
						for _, s := range tt.wants {
							if !strings.Contains(got, s) {
								t.Errorf("the theme's %q is not on the page", s)
							}
						}
					}
				}
			}
		})
	}
}

package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"warta/internal/tools/hostile"
	"warta/internal/model"
	"warta/internal/moderation"
	"warta/internal/store"
	"warta/internal/store/storetest"
	"warta/internal/view"
)

// twins serves one store through two handlers: one whose view draws the
// pages with its Go writers, one whose view executes every template.
type twins struct {
	writers, templates *http.ServeMux
	engine             *view.Engine // the writers' engine
}

func newTwins(t *testing.T, st *store.Store) twins {
	t.Helper()
	v, err := view.New("")
	if err != nil {
		t.Fatal(err)
	}
	ref, err := view.NewTemplatesOnly("")
	if err != nil {
		t.Fatal(err)
	}
	mod := moderation.New(st, moderation.Options{BaseURL: "https://warta.example"})
	tw := twins{writers: http.NewServeMux(), templates: http.NewServeMux(), engine: v}
	New(st, v, Options{BaseURL: "https://warta.example", Moderation: mod}).Routes(tw.writers)
	New(st, ref, Options{BaseURL: "https://warta.example", Moderation: mod}).Routes(tw.templates)
	return tw
}

// same sends a copy of the request made by newReq to each twin and fails
// unless both answer with the same status and the same bytes.
func (tw twins) same(t *testing.T, what string, newReq func() *http.Request) string {
	t.Helper()
	var bodies [2]string
	var codes [2]int
	for i, mux := range []*http.ServeMux{tw.writers, tw.templates} {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, newReq())
		b, err := io.ReadAll(rec.Result().Body)
		if err != nil {
			t.Fatal(err)
		}
		bodies[i], codes[i] = string(b), rec.Code
	}
	if codes[0] != codes[1] {
		t.Errorf("%s: status %d with the writers, %d with the templates", what, codes[0], codes[1])
	}
	if bodies[0] != bodies[1] {
		t.Errorf("%s: the writers and the templates differ\n%s", what, diffAt(bodies[0], bodies[1]))
	}
	if !strings.Contains(bodies[0], "</html>") {
		t.Errorf("%s: no page (%d):\n%s", what, codes[0], bodies[0])
	}
	return bodies[0]
}

// diffAt shows where two pages part.
func diffAt(got, want string) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, i-100)
	return "writers:   …" + got[from:min(len(got), i+100)] + "\ntemplates: …" + want[from:min(len(want), i+100)]
}

func get(path string, cookies ...*http.Cookie) func() *http.Request {
	return func() *http.Request {
		r := httptest.NewRequest(http.MethodGet, path, nil)
		for _, c := range cookies {
			r.AddCookie(c)
		}
		return r
	}
}

func postForm(form url.Values) func() *http.Request {
	return func() *http.Request {
		r := httptest.NewRequest(http.MethodPost, "/comments", strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.RemoteAddr = "198.51.100.9:40000"
		return r
	}
}

// Every kind of public page a site can show, with hostile text and links
// in every field a writer, an importer or a reader controls, is the same
// page byte for byte whether the Go writers or the templates draw it: in
// Indonesian and in English, articles, pages, protected and translated
// articles, captions, videos, closed threads, reply links, comment pages,
// a failed comment form, a pending comment, lists, search and errors.
func TestPagesMatchTemplates(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			s := newStory(t, st)
			paths := hostileSite(t, st, s)
			tw := newTwins(t, st)
			loc := jakarta(t)
			for _, lang := range []string{"id", "en"} {
				set, err := st.Settings(t.Context())
				if err != nil {
					t.Fatal(err)
				}
				set.Language, set.PostsPerPage, set.CommentsPerPage, set.ThreadDepth = lang, 4, 2, 3
				set.CommentMinSeconds, set.CommentRateIP, set.CommentRateEmail = 0, 0, 0
				set.CommentModeration = model.ModerateAlways
				if lang == "en" {
					set.Title, set.Tagline = hostile.Markup(0)[19].Text, hostile.Markup(0)[0].Text
					set.CommentOrder = "desc"
				}
				if err := st.SaveSettings(t.Context(), set); err != nil {
					t.Fatal(err)
				}
				storyPath := s.article.Path(model.Permalinks{Loc: loc})
				list := append([]string{
					"/", "/page/2/", "/category/politik/", "/tag/pemilu/", "/author/budi-santoso/",
					"/search?q=debat", "/search?q=%3Cscript%3E&page=2", "/search?q=", "/tidak-ada/",
					storyPath, storyPath + "?replytocom=" + strconv.FormatInt(s.first.ID, 10),
					storyPath + "?cpage=2", storyPath + "?unapproved=5",
				}, paths...)
				for _, p := range list {
					tw.same(t, lang+" GET "+p, get(p))
				}
				// With the embedded theme every one of those pages is the
				// writers' work, none left to the templates.
				if written, executed := tw.engine.Counts(); written == 0 || executed != 0 {
					t.Errorf("%s: %d pages drawn by the writers, %d left to the templates, want none", lang, written, executed)
				}
				failed := url.Values{"article_id": {strconv.FormatInt(s.article.ID, 10)}, "parent_id": {strconv.FormatInt(s.first.ID, 10)},
					"name": {`"><script>__pwn(1)</script>`}, "email": {"wati@contoh"}, "url": {"javascript:__pwn(2)"},
					"comment": {"</textarea><script>__pwn(3)</script>"}, "remember": {"yes"}}
				if body := tw.same(t, lang+" a failed comment", postForm(failed)); !strings.Contains(body, `aria-invalid="true"`) {
					t.Errorf("%s: the failed form's page shows no problem", lang)
				}
				// A comment held for moderation, seen by its author.
				ok := url.Values{"article_id": {strconv.FormatInt(s.article.ID, 10)}, "name": {"Wati <b>"}, "email": {"wati-" + lang + "@example.id"},
					"url": {"https://wati.example/a b"}, "comment": {"Komentar saya & <i>pendapat</i>."}}
				rec := httptest.NewRecorder()
				tw.writers.ServeHTTP(rec, postForm(ok)())
				cookie := cookieNamed(rec.Result().Cookies(), "warta_pending")
				if rec.Code != http.StatusSeeOther || cookie == nil {
					t.Fatalf("%s: posting a comment: %d %v", lang, rec.Code, rec.Result().Cookies())
				}
				where := rec.Result().Header.Get("Location")
				where = where[:strings.Index(where, "#")]
				if body := tw.same(t, lang+" a pending comment", get(where, cookie)); !strings.Contains(body, "comment-pending") {
					t.Errorf("%s: the author does not see their pending comment", lang)
				}
			}
		})
	}
}

// hostileSite adds to s's site articles and pages carrying the hostile
// payloads in their fields, and returns their paths.
func hostileSite(t *testing.T, st *store.Store, s *story) []string {
	t.Helper()
	loc := jakarta(t)
	markup, urls := hostile.Markup(0), hostile.URLs(0)
	var paths []string
	for i, p := range markup {
		u := urls[i%len(urls)].Text
		author := storetest.User(t, st, fmt.Sprintf("Penulis %d %s", i, p.Text))
		cat := storetest.Term(t, st, model.TaxonomyCategory, fmt.Sprintf("Rubrik %d %s", i, p.Text))
		img := &model.Media{Path: fmt.Sprintf("2024/04/hostile-%d.jpg", i), MimeType: "image/jpeg", Size: 1000, Width: 800, Height: 600,
			Alt: p.Text, Caption: p.Text, Variants: []model.MediaVariant{{Path: fmt.Sprintf("2024/04/hostile-%d-400x300.jpg", i), Width: 400, Height: 300}}}
		if err := st.InsertMedia(t.Context(), img); err != nil {
			t.Fatal(err)
		}
		a := storetest.Post(t, st, func(a *model.Article) {
			a.Slug = fmt.Sprintf("hostile-%d", i)
			a.Title, a.Excerpt = p.Text, p.Text
			a.BodyHTML = template.HTML("<p>" + template.HTMLEscapeString(p.Text) + "</p>")
			a.PublishedAt = published.Add(-time.Duration(i+3) * time.Hour)
			a.ModifiedAt = a.PublishedAt.Add(time.Duration(i%2) * time.Hour)
			a.Bylines = []model.Byline{{User: *author, Role: model.BylineAuthor}, {User: *s.andi, Role: model.BylineEditor}}
			a.Categories = []model.Term{*cat}
			if i%3 != 0 {
				a.Tags = []model.Term{*s.pemilu}
			}
			if i%4 != 1 {
				a.FeaturedMediaID = img.ID
			}
			a.Embeds = []model.Embed{{Provider: "other", URL: u, EmbedURL: u, Title: p.Text, Duration: time.Duration(i) * time.Minute, PosterURL: u}}
			a.SourceName, a.SourceURL = p.Text, u
			switch i % 5 {
			case 1:
				a.Password = "rahasia"
			case 2:
				a.CommentStatus = model.CommentsClosed
			case 3:
				a.Lang = "en"
			}
			if i%7 == 0 {
				a.TranslationGroup = fmt.Sprintf("group-%d", i)
			}
		})
		paths = append(paths, a.Path(model.Permalinks{Loc: loc}))
		if a.TranslationGroup != "" {
			tr := storetest.Post(t, st, func(b *model.Article) {
				b.Slug, b.Title, b.Lang, b.TranslationGroup = fmt.Sprintf("hostile-%d-en", i), p.Text+" (en)", "en", a.TranslationGroup
				b.PublishedAt = a.PublishedAt
			})
			paths = append(paths, tr.Path(model.Permalinks{Loc: loc}))
		}
		parent := storetest.Comment(t, st, a.ID, func(c *model.Comment) {
			c.AuthorName, c.AuthorURL = p.Text, u
			c.Content = template.HTML("<p>" + template.HTMLEscapeString(p.Text) + "</p>")
			c.CreatedAt = a.PublishedAt.Add(time.Hour)
		})
		storetest.Comment(t, st, a.ID, func(c *model.Comment) {
			c.ParentID, c.AuthorName = parent.ID, p.Text
			c.CreatedAt = a.PublishedAt.Add(2 * time.Hour)
		})
		paths = append(paths, paths[len(paths)-1]+"?replytocom="+strconv.FormatInt(parent.ID, 10))
		if i%8 == 0 {
			page := storetest.Post(t, st, func(a *model.Article) {
				a.Type, a.Slug, a.Title = model.TypePage, fmt.Sprintf("halaman-%d", i), p.Text
				a.FeaturedMediaID = img.ID
				a.Embeds = []model.Embed{{Provider: "youtube", URL: u, EmbedURL: u, Title: p.Text, PosterURL: "/media/x.jpg"}}
				if i%16 == 0 {
					a.CommentStatus = model.CommentsClosed
				}
			})
			paths = append(paths, page.Path(model.Permalinks{}), "/category/"+cat.Slug+"/", "/author/"+author.Slug+"/")
		}
	}
	return paths
}

// The JSON-LD of every page is written as encoding/json writes a map: its
// keys in byte order, a key present exactly when the map had it. So the
// typed values that replaced the maps give the same bytes (decoding the
// script into a map and encoding it again gives the script back), and a
// protected article still does not claim to be free to read.
func TestJSONLDKeepsMapOrder(t *testing.T) {
	st := storetest.New(t)
	s := newStory(t, st)
	paths := hostileSite(t, st, s)
	w := newSite(t, st, "", nil)
	const open = `<script type="application/ld+json">`
	seen := 0
	for _, p := range append([]string{"/", s.path}, paths...) {
		body := w.get(t, p).body
		i := strings.Index(body, open)
		if i < 0 {
			continue
		}
		seen++
		raw := body[i+len(open):]
		raw = raw[:strings.Index(raw, "</script>")]
		var v map[string]any
		if err := json.Unmarshal([]byte(raw), &v); err != nil {
			t.Fatalf("%s: JSON-LD %s: %v", p, raw, err)
		}
		again, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again, []byte(raw)) {
			t.Errorf("%s: the JSON-LD is not what its map would give\npage: %s\nmap:  %s", p, raw, again)
		}
		_, free := v["isAccessibleForFree"]
		if protected := strings.Contains(body, `<p class="notice"`); v["@type"] == "NewsArticle" && free == protected {
			t.Errorf("%s: protected %v, isAccessibleForFree present %v", p, protected, free)
		}
	}
	if seen < 10 {
		t.Errorf("only %d pages had JSON-LD", seen)
	}
}

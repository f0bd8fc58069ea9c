package web_test

import (
	"html/template"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"warta/internal/model"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
)

func TestPage(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			about := storetest.Post(t, st, func(a *model.Article) {
				a.Type = model.TypePage
				a.Slug = "tentang-kami"
				a.Title = "Tentang Kami"
				a.BodyHTML = template.HTML("<p>Warta adalah redaksi independen.</p>")
				a.CommentStatus = model.CommentsClosed
			})
			guestbook := storetest.Post(t, st, func(a *model.Article) {
				a.Type = model.TypePage
				a.Slug = "buku-tamu"
				a.Title = "Buku Tamu"
			})
			w := newSite(t, st, nil).Client()

			t.Run("a page shows its title and body", func(t *testing.T) {
				body := w.Get(t, "/tentang-kami/").Body
				scenario.Contains(t, body, `<h1 class="article-title">Tentang Kami</h1>`, "<p>Warta adalah redaksi independen.</p>",
					`<link rel="canonical" href="https://warta.example/tentang-kami/">`, "<title>Tentang Kami – Warta</title>")
			})
			t.Run("a page with comments closed has no comment section", func(t *testing.T) {
				scenario.Lacks(t, w.Get(t, "/tentang-kami/").Body, "<form", `id="comments"`, "Oleh ")
			})
			t.Run("a page with comments open has the form", func(t *testing.T) {
				scenario.Contains(t, w.Get(t, "/"+guestbook.Slug+"/").Body, `<form method="post" action="/comments"`, "Belum ada komentar")
			})
			t.Run("pages are in the navigation, marked current on their own page", func(t *testing.T) {
				scenario.Contains(t, w.Get(t, "/").Body, `<a href="/tentang-kami/">Tentang Kami</a>`)
				scenario.Contains(t, w.Get(t, "/tentang-kami/").Body, `<a href="/tentang-kami/" aria-current="page">Tentang Kami</a>`)
			})
			t.Run("the path without its slash is sent to the page", func(t *testing.T) {
				w.Do(t, movedTo("/tentang-kami", about.Path(model.Permalinks{})))
			})
			t.Run("a post is not a page: its slug alone is sent to the post", func(t *testing.T) {
				post := storetest.Post(t, st, nil)
				want := post.Path(model.Permalinks{Loc: model.DefaultSettings().Location()})
				w.Do(t, movedTo("/"+post.Slug+"/", want))
			})
		})
	}
}

func TestNotFound(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			sport := storetest.Term(t, st, model.TaxonomyCategory, "Olahraga")
			storetest.Post(t, st, func(a *model.Article) { a.Categories = []model.Term{*sport} })
			w := newSite(t, st, nil).Client()
			paths := []string{"/tidak-ada/", "/tidak-ada", "/a/b/", "/2024/04/26/", "/2024/04/26/tidak-ada/x/",
				"/wp-login.php", "/static/", "/category/", "/apple-touch-icon.png"}
			for _, path := range paths {
				t.Run(path+" gets the 404 page", func(t *testing.T) {
					if path == "/static/" {
						w.Do(t, notFound(path)) // the asset server's own plain answer
						return
					}
					w.Do(t, notFound(path, "<h1>Halaman tidak ditemukan</h1>", `<a class="skip-link"`,
						`<a href="/category/olahraga/">Olahraga</a>`, `<meta name="robots" content="noindex">`))
				})
			}
			t.Run("an English site says it in English", func(t *testing.T) {
				w := newSite(t, st, func(s *model.Settings) { s.Language = "en" }).Client()
				w.Do(t, notFound("/nope/", `<html lang="en">`, "<h1>Page not found</h1>"))
			})
			t.Run("a write to a page path is refused", func(t *testing.T) {
				w.Do(t, scenario.Scenario{Name: "POST /tidak-ada/", Method: http.MethodPost, URL: "/tidak-ada/",
					ExpectedStatus: http.StatusMethodNotAllowed})
			})
		})
	}
}

func TestAssets(t *testing.T) {
	site := newSite(t, storetest.New(t), nil)
	media := site.MediaDir
	if err := os.MkdirAll(filepath.Join(media, "2024", "04"), 0o755); err != nil {
		t.Fatal(err)
	}
	jpeg := []byte("\xff\xd8\xff\xe0 not really a photo")
	if err := os.WriteFile(filepath.Join(media, "2024", "04", "foto.jpg"), jpeg, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(media, ".secret"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	w := site.Client()
	home := w.Get(t, "/").Body
	css := regexp.MustCompile(`href="(/static/warta\.[0-9a-f]+\.css)"`).FindStringSubmatch(home)
	js := regexp.MustCompile(`src="(/static/warta\.[0-9a-f]+\.js)"`).FindStringSubmatch(home)
	if css == nil || js == nil {
		t.Fatal("the page links no hashed stylesheet or script")
	}
	tests := []struct {
		name      string
		path      string
		status    int
		wantType  string
		wantCache string
	}{
		{"the stylesheet is cached for a year, immutable", css[1], 200, "text/css; charset=utf-8", "public, max-age=31536000, immutable"},
		{"the script too", js[1], 200, "text/javascript; charset=utf-8", "public, max-age=31536000, immutable"},
		{"a wrong hash is not found", "/static/warta.0123456789ab.css", 404, "", ""},
		{"a name without hash is not found", "/static/warta.css", 404, "", ""},
		{"an uploaded image is cached briefly, then revalidated (it may be replaced or taken down)", "/media/2024/04/foto.jpg", 200, "image/jpeg", "public, max-age=300"},
		{"a missing upload is not found and not cached", "/media/2024/04/nope.jpg", 404, "", ""},
		{"a media folder is not listed", "/media/2024/04/", 404, "", ""},
		{"the media root is not listed", "/media/", 404, "", ""},
		{"a dot file is not served", "/media/.secret", 404, "", ""},
	}
	for _, tt := range tests {
		header := map[string]string{"Cache-Control": tt.wantCache}
		if tt.wantCache == "" {
			header["Cache-Control"] = scenario.NoHeader
		}
		if tt.wantType != "" {
			header["Content-Type"] = tt.wantType
		}
		w.Run(t, scenario.Scenario{Name: tt.name, URL: tt.path, ExpectedStatus: tt.status, ExpectedHeaders: header})
	}
	t.Run("the media file's bytes are served", func(t *testing.T) {
		if got := w.Get(t, "/media/2024/04/foto.jpg").Body; got != string(jpeg) {
			t.Errorf("served %q", got)
		}
	})
}

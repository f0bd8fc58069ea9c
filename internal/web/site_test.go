package web

import (
	"html/template"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"warta/internal/model"
	"warta/internal/store/storetest"
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
			w := newSite(t, st, "", nil)

			t.Run("a page shows its title and body", func(t *testing.T) {
				body := w.mustGet(t, "/tentang-kami/")
				contains(t, body, `<h1 class="article-title">Tentang Kami</h1>`, "<p>Warta adalah redaksi independen.</p>",
					`<link rel="canonical" href="https://warta.example/tentang-kami/">`, "<title>Tentang Kami – Warta</title>")
			})
			t.Run("a page with comments closed has no comment section", func(t *testing.T) {
				lacks(t, w.mustGet(t, "/tentang-kami/"), "<form", `id="comments"`, "Oleh ")
			})
			t.Run("a page with comments open has the form", func(t *testing.T) {
				contains(t, w.mustGet(t, "/"+guestbook.Slug+"/"), `<form method="post" action="/comments"`, "Belum ada komentar")
			})
			t.Run("pages are in the navigation, marked current on their own page", func(t *testing.T) {
				contains(t, w.mustGet(t, "/"), `<a href="/tentang-kami/">Tentang Kami</a>`)
				contains(t, w.mustGet(t, "/tentang-kami/"), `<a href="/tentang-kami/" aria-current="page">Tentang Kami</a>`)
			})
			t.Run("the path without its slash is sent to the page", func(t *testing.T) {
				res := w.get(t, "/tentang-kami")
				if res.code != 301 || res.header.Get("Location") != about.Path(model.Permalinks{}) {
					t.Errorf("status %d to %q", res.code, res.header.Get("Location"))
				}
			})
			t.Run("a post is not a page: its slug alone is sent to the post", func(t *testing.T) {
				post := storetest.Post(t, st, nil)
				want := post.Path(model.Permalinks{Loc: model.DefaultSettings().Location()})
				if res := w.get(t, "/"+post.Slug+"/"); res.code != 301 || res.header.Get("Location") != want {
					t.Errorf("status %d to %q, want 301 to %q", res.code, res.header.Get("Location"), want)
				}
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
			w := newSite(t, st, "", nil)
			paths := []string{"/tidak-ada/", "/tidak-ada", "/a/b/", "/2024/04/26/", "/2024/04/26/tidak-ada/x/",
				"/wp-login.php", "/static/", "/category/", "/apple-touch-icon.png"}
			for _, path := range paths {
				t.Run(path+" gets the 404 page", func(t *testing.T) {
					res := w.get(t, path)
					if res.code != http.StatusNotFound {
						t.Fatalf("status %d", res.code)
					}
					if path == "/static/" {
						return // the asset server's own plain answer
					}
					contains(t, res.body, "<h1>Halaman tidak ditemukan</h1>", `<a class="skip-link"`,
						`<a href="/category/olahraga/">Olahraga</a>`, `<meta name="robots" content="noindex">`)
				})
			}
			t.Run("an English site says it in English", func(t *testing.T) {
				w := newSite(t, st, "", func(s *model.Settings) { s.Language = "en" })
				res := w.get(t, "/nope/")
				contains(t, res.body, `<html lang="en">`, "<h1>Page not found</h1>")
			})
			t.Run("a write to a page path is refused", func(t *testing.T) {
				rec := newRecorder(w, http.MethodPost, "/tidak-ada/")
				if rec.Code != http.StatusMethodNotAllowed {
					t.Errorf("status %d", rec.Code)
				}
			})
		})
	}
}

func TestAssets(t *testing.T) {
	media := t.TempDir()
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
	w := newSite(t, storetest.New(t), media, nil)
	home := w.mustGet(t, "/")
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
		{"an uploaded image is served with a long cache", "/media/2024/04/foto.jpg", 200, "image/jpeg", "public, max-age=31536000"},
		{"a missing upload is not found and not cached", "/media/2024/04/nope.jpg", 404, "", ""},
		{"a media folder is not listed", "/media/2024/04/", 404, "", ""},
		{"the media root is not listed", "/media/", 404, "", ""},
		{"a dot file is not served", "/media/.secret", 404, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := w.get(t, tt.path)
			if res.code != tt.status {
				t.Fatalf("status %d, want %d", res.code, tt.status)
			}
			if tt.wantType != "" && res.header.Get("Content-Type") != tt.wantType {
				t.Errorf("Content-Type %q", res.header.Get("Content-Type"))
			}
			if got := res.header.Get("Cache-Control"); got != tt.wantCache {
				t.Errorf("Cache-Control %q, want %q", got, tt.wantCache)
			}
		})
	}
	t.Run("the media file's bytes are served", func(t *testing.T) {
		if got := w.mustGet(t, "/media/2024/04/foto.jpg"); got != string(jpeg) {
			t.Errorf("served %q", got)
		}
	})
	t.Run("no media folder configured serves nothing", func(t *testing.T) {
		w := newSite(t, storetest.New(t), "", nil)
		if res := w.get(t, "/media/2024/04/foto.jpg"); res.code != 404 {
			t.Errorf("status %d", res.code)
		}
	})
}

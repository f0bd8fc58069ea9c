package httpx_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"warta/internal/httpx"
	"warta/internal/model"
)

func TestRouter(t *testing.T) {
	answer := func(s string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, s) })
	}
	t.Run("the site's routes register and dispatch", func(t *testing.T) {
		var rt httpx.Router
		rt.Handle("GET /{$}", answer("front"))
		rt.Handle("GET /category/{slug}/{$}", answer("category"))
		rt.Handle("POST /comments", answer("comment"))
		rt.Handle("warta.example/admin/", answer("admin"))
		rt.Handle("/", answer("article or page"))
		for path, want := range map[string]string{"/": "front", "/category/banjir/": "category",
			"/2024/04/26/banjir/": "article or page", "/tentang/": "article or page"} {
			w := httptest.NewRecorder()
			rt.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
			if w.Body.String() != want {
				t.Errorf("%s answered %q, want %q", path, w.Body, want)
			}
		}
	})
	for _, pattern := range []string{"GET /berita/{slug}/{$}", "/topik/", "POST /{slug}/like", "warta.example/arsip/"} {
		t.Run("a route outside the table is refused: "+pattern, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("%q registered, though a permalink structure may start there", pattern)
				}
			}()
			var rt httpx.Router
			rt.Handle(pattern, answer("x"))
		})
	}
	t.Run("what the router refuses, a permalink structure may use, and the other way round", func(t *testing.T) {
		if msg := model.ValidatePermalink("/berita/%postname%/"); msg != "" {
			t.Errorf("/berita/ refused: %s", msg)
		}
		if msg := model.ValidatePermalink("/comments/%postname%/"); msg != "admin.err.permalink_reserved" {
			t.Errorf("/comments/ as a structure: %q", msg)
		}
	})
}

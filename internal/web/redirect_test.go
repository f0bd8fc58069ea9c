package web

import (
	"net/http"
	"strings"
	"testing"

	"warta/internal/store/storetest"
	"warta/internal/wxr"
)

func TestWordPressURLsSurvive(t *testing.T) {
	st := storetest.New(t)
	if _, err := wxr.Import(t.Context(), st, "../wxr/testdata/full.wxr", wxr.Options{}); err != nil {
		t.Fatal(err)
	}
	s := newSite(t, st, t.TempDir(), nil)
	for from, to := range map[string]string{
		"/?p=101":       "/2024/04/26/harga-ikan-naik/",
		"/?page_id=110": "/tentang/",
		"/?p=111":       "/tentang/tim/",
		"/?cat=11":      "/category/perikanan/",
		"/?tag=nelayan": "/tag/nelayan/",
		"/?tag=cuaca":   "/tag/cuaca/",
		"/?author=2":    "/author/sari/",
		"/tim/":         "/tentang/tim/", // a child page lives under its parent, as on WordPress
		"/tentang/tim":  "/tentang/tim/",
		"/2024/04/26/harga-ikan-naik/pasar-pagi/": "/media/2024/04/pasar-pagi.png",
		"/wp-content/uploads/2024/04/perahu.png":  "/media/2024/04/perahu.png",
	} {
		res := s.get(t, from)
		if res.code != http.StatusMovedPermanently || res.header.Get("Location") != to {
			t.Errorf("GET %s: %d to %q, want 301 to %s", from, res.code, res.header.Get("Location"), to)
			continue
		}
		if !strings.HasPrefix(to, "/media/") {
			s.mustGet(t, to)
		}
	}
	t.Run("the same permalink needs no redirect", func(t *testing.T) {
		s.mustGet(t, "/2024/04/26/harga-ikan-naik/")
		s.mustGet(t, "/tentang/")
		s.mustGet(t, "/tentang/tim/")
	})
	t.Run("a child page is found only under its own parent", func(t *testing.T) {
		for _, p := range []string{"/lain/tim/", "/tim/tentang/", "/tentang/tim/x/"} {
			if res := s.get(t, p); res.code != http.StatusNotFound {
				t.Errorf("%s: %d to %q, want 404", p, res.code, res.header.Get("Location"))
			}
		}
	})
	t.Run("unknown ids are not the front page", func(t *testing.T) {
		for _, p := range []string{"/?p=9999", "/?tag=tidak-ada", "/?author=99"} {
			if res := s.get(t, p); res.code != http.StatusNotFound {
				t.Errorf("%s: %d, want 404", p, res.code)
			}
		}
		if res := s.get(t, "/?utm_source=x"); res.code != http.StatusOK {
			t.Errorf("/?utm_source=x: %d, want the front page", res.code)
		}
	})
	t.Run("private and unpublished posts do not leak through ?p=", func(t *testing.T) {
		for _, p := range []string{"/?p=106", "/?p=103", "/?p=105"} {
			if res := s.get(t, p); res.code != http.StatusNotFound || res.header.Get("Location") != "" {
				t.Errorf("%s: %d to %q, want 404", p, res.code, res.header.Get("Location"))
			}
		}
	})
}

// TestChildPagesMoveWithTheirParent: renaming a page moves its children's
// URLs too, and their old URLs answer 301 to the new ones.
func TestChildPagesMoveWithTheirParent(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			if _, err := wxr.Import(t.Context(), st, "../wxr/testdata/full.wxr", wxr.Options{}); err != nil {
				t.Fatal(err)
			}
			s := newSite(t, st, t.TempDir(), nil)
			s.mustGet(t, "/tentang/tim/")
			id, err := st.ImportedID(t.Context(), "https://kabar.example", "post", "110")
			if err != nil {
				t.Fatal(err)
			}
			about, err := st.ArticleByID(t.Context(), id)
			if err != nil {
				t.Fatal(err)
			}
			about.Slug = "profil"
			if err := st.UpdateArticle(t.Context(), about, 0); err != nil {
				t.Fatal(err)
			}
			s.mustGet(t, "/profil/tim/")
			for from, to := range map[string]string{"/tentang/tim/": "/profil/tim/", "/tentang/": "/profil/", "/tim/": "/profil/tim/"} {
				if res := s.get(t, from); res.code != http.StatusMovedPermanently || res.header.Get("Location") != to {
					t.Errorf("GET %s: %d to %q, want 301 to %s", from, res.code, res.header.Get("Location"), to)
				}
			}
		})
	}
}

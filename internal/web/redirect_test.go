package web_test

import (
	"net/http"
	"testing"

	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
	"warta/internal/wxr"
)

func TestWordPressURLsSurvive(t *testing.T) {
	st := storetest.New(t)
	site := newSite(t, st, nil)
	// With the old site's uploads, so its attachments are media with URLs
	// of their own (an attachment without its file is only counted).
	if _, err := wxr.Import(t.Context(), st, "../wxr/testdata/full.wxr",
		wxr.Options{UploadsDir: "../wxr/testdata/uploads", Media: site.Media}); err != nil {
		t.Fatal(err)
	}
	s := site.Client()
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
		s.Run(t, movedTo(from, to))
		s.Get(t, to) // the new URL answers, the copied images too
	}
	t.Run("the same permalink needs no redirect", func(t *testing.T) {
		s.Get(t, "/2024/04/26/harga-ikan-naik/")
		s.Get(t, "/tentang/")
		s.Get(t, "/tentang/tim/")
	})
	t.Run("a child page is found only under its own parent", func(t *testing.T) {
		s.Run(t, notFound("/lain/tim/"), notFound("/tim/tentang/"), notFound("/tentang/tim/x/"))
	})
	t.Run("unknown ids are not the front page", func(t *testing.T) {
		s.Run(t, notFound("/?p=9999"), notFound("/?tag=tidak-ada"), notFound("/?author=99"),
			scenario.Scenario{Name: "other queries get the front page", URL: "/?utm_source=x", ExpectedStatus: http.StatusOK})
	})
	t.Run("private and unpublished posts do not leak through ?p=", func(t *testing.T) {
		s.Run(t, notFound("/?p=106"), notFound("/?p=103"), notFound("/?p=105"))
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
			s := newSite(t, st, nil).Client()
			s.Get(t, "/tentang/tim/")
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
			s.Get(t, "/profil/tim/")
			for from, to := range map[string]string{"/tentang/tim/": "/profil/tim/", "/tentang/": "/profil/", "/tim/": "/profil/tim/"} {
				s.Run(t, movedTo(from, to))
			}
		})
	}
}

package web_test

import (
	"html/template"
	"strings"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
)

func TestSearchPage(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			sport := storetest.Term(t, st, model.TaxonomyCategory, "Olahraga")
			city := storetest.Term(t, st, model.TaxonomyCategory, "Kota")
			storetest.Post(t, st, func(a *model.Article) {
				a.Slug, a.Title = "tanggul-kali", "Warga mempertahankan tanggul Kali Wening"
				a.Excerpt = "Relawan bergotong royong."
				a.BodyHTML = template.HTML("<p>Sejak pagi, ratusan warga menumpuk karung pasir. Pertahanan terakhir kampung ini harus kuat, kata ketua RT.</p>")
				a.Categories = []model.Term{*city}
			})
			storetest.Post(t, st, func(a *model.Article) {
				a.Slug, a.Title = "bertahan-di-puncak", "PS Banyuwening bertahan di puncak klasemen"
				a.Excerpt = "Kemenangan tipis di kandang."
				a.Categories = []model.Term{*sport}
			})
			storetest.Post(t, st, func(a *model.Article) {
				a.Slug, a.Title, a.Lang = "flood-wall", "Residents defend the flood wall", "en"
				a.Excerpt = "Volunteers filled sandbags all night."
				a.Categories = []model.Term{*city}
			})
			s := newSite(t, st, nil).Client()

			body := s.Get(t, "/search?q=pertahanan").Body
			scenario.Contains(t, body, `2 artikel ditemukan`, `<meta name="robots" content="noindex">`,
				`<mark>mempertahankan</mark>`, `<mark>bertahan</mark>`, `<mark>Pertahanan</mark> terakhir`,
				`value="pertahanan"`)
			scenario.Lacks(t, body, "Residents defend")

			body = s.Get(t, "/search?q=pertahanan&category=olahraga").Body
			scenario.Contains(t, body, `1 artikel ditemukan`, `PS Banyuwening`, `<option value="olahraga" selected>`)
			scenario.Lacks(t, body, "Kali Wening")

			body = s.Get(t, "/search?q=defending+walls").Body
			scenario.Contains(t, body, `<mark>defend</mark> the flood <mark>wall</mark>`, `lang="en"`)

			// Markup typed into the box comes back as text.
			body = s.Get(t, "/search?q=%3Cscript%3Ealert(1)%3C/script%3E").Body
			scenario.Lacks(t, body, "<script>alert")
			scenario.Contains(t, body, "Tidak ada artikel yang cocok")

			s.Run(t, movedTo("/?s=tanggul", "/search?q=tanggul"), movedTo("/search/tanggul%20kali/", "/search?q=tanggul+kali"))
			scenario.Contains(t, s.Get(t, "/search").Body, `id="search-q"`)
		})
	}
}

func TestSearchPaging(t *testing.T) {
	st := storetest.New(t)
	for i := range 3 {
		storetest.Post(t, st, func(a *model.Article) {
			a.Title = "Pasar malam " + strings.Repeat("I", i+1)
			a.PublishedAt = time.Now().Add(-time.Duration(i) * time.Hour)
		})
	}
	s := newSite(t, st, func(set *model.Settings) { set.PostsPerPage = 2; set.Language = "en" }).Client()
	body := s.Get(t, "/search?q=pasar").Body
	scenario.Contains(t, body, "3 articles found", `href="/search?page=2&amp;q=pasar" rel="next"`, "<mark>Pasar</mark> malam I<", "<mark>Pasar</mark> malam II<")
	body = s.Get(t, "/search?q=pasar&page=2").Body
	scenario.Contains(t, body, "<mark>Pasar</mark> malam III<", `rel="prev"`, `<link rel="canonical" href="https://warta.example/search?page=2&amp;q=pasar">`)
}

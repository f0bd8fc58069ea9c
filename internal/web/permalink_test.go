package web_test

import (
	"strings"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
	"warta/internal/wxr"
)

// permalinkPost writes a post filed under a child category, by its own
// author, published at a fixed time, and returns it with the category
// terms loaded as the public site reads them.
func permalinkPost(t *testing.T, st *store.Store, slug string) *model.Article {
	t.Helper()
	parent := storetest.Term(t, st, model.TaxonomyCategory, "Ekonomi "+slug)
	child := &model.Term{Taxonomy: model.TaxonomyCategory, Slug: "pasar-" + slug, Name: "Pasar " + slug, ParentID: parent.ID}
	if err := st.InsertTerm(t.Context(), child); err != nil {
		t.Fatal(err)
	}
	a := storetest.Post(t, st, func(a *model.Article) {
		a.Slug, a.Title = slug, "Judul "+slug
		a.PublishedAt = time.Date(2024, 4, 25, 23, 30, 0, 0, time.UTC) // the 26th in Jakarta
		a.Categories = []model.Term{*child}
	})
	full, err := st.ArticleByID(t.Context(), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	return full
}

func TestPermalinkStructures(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			a := permalinkPost(t, st, "harga-ikan")
			author := a.Bylines[0].User.Slug
			cat := a.Categories[0]
			for _, tc := range []struct{ structure, want string }{
				{"/%year%/%monthnum%/%day%/%postname%/", "/2024/04/26/harga-ikan/"},
				{"/%year%/%monthnum%/%postname%/", "/2024/04/harga-ikan/"},
				{"/archives/%post_id%", "/archives/" + itoa(a.ID)},
				{"/%postname%/", "/harga-ikan/"},
				{"/%category%/%postname%/", "/ekonomi-harga-ikan/" + cat.Slug + "/harga-ikan/"},
				{"/%author%/%year%/%postname%.html", "/" + author + "/2024/harga-ikan.html"},
				{"/%year%%monthnum%%day%%hour%%minute%%second%-%post_id%/", "/20240426063000-" + itoa(a.ID) + "/"},
			} {
				t.Run(tc.structure, func(t *testing.T) {
					s := newSite(t, st, func(set *model.Settings) {
						set.PermalinkStructure, set.PreviousPermalinks = tc.structure, ""
					}).Client()
					page := s.Get(t, tc.want).Body
					scenario.Contains(t, page, "Judul harga-ikan", `<link rel="canonical" href="https://warta.example`+tc.want+`"`)
					scenario.Contains(t, s.Get(t, "/").Body, `href="`+tc.want+`"`)
					scenario.Contains(t, s.Get(t, "/sitemap/posts-1.xml").Body, "<loc>https://warta.example"+tc.want+"</loc>")
					if tc.want != "/2024/04/26/harga-ikan/" {
						// The default structure's URL, an old link, is sent on.
						redirectsTo(t, s, "/2024/04/26/harga-ikan/", tc.want)
					}
					// A missing or extra trailing slash is put right.
					if strings.HasSuffix(tc.want, "/") {
						redirectsTo(t, s, strings.TrimSuffix(tc.want, "/"), tc.want)
					} else {
						redirectsTo(t, s, tc.want+"/", tc.want)
					}
					if numeric := "/archives/" + itoa(a.ID); numeric != tc.want {
						redirectsTo(t, s, numeric, tc.want)
					}
					// The comments' feed lives below the article's URL.
					feed := strings.TrimSuffix(tc.want, "/") + "/feed/"
					scenario.Contains(t, page, `href="https://warta.example`+feed+`"`)
				})
			}
		})
	}
}

func TestCanonicalRedirects(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			a := permalinkPost(t, st, "banjir-rob")
			cat := a.Categories[0]
			t.Run("a wrong date is sent to the post's own", func(t *testing.T) {
				s := newSite(t, st, nil).Client()
				redirectsTo(t, s, "/2023/01/02/banjir-rob/", "/2024/04/26/banjir-rob/")
			})
			t.Run("a wrong category is sent to the post's own, parents included", func(t *testing.T) {
				s := newSite(t, st, func(set *model.Settings) { set.PermalinkStructure = "/%category%/%postname%/" }).Client()
				redirectsTo(t, s, "/lain/banjir-rob/", "/ekonomi-banjir-rob/"+cat.Slug+"/banjir-rob/")
			})
			t.Run("a wrong slug beside the right id is sent to the post", func(t *testing.T) {
				s := newSite(t, st, func(set *model.Settings) { set.PermalinkStructure = "/%post_id%/%postname%/" }).Client()
				redirectsTo(t, s, "/"+itoa(a.ID)+"/salah/", "/"+itoa(a.ID)+"/banjir-rob/")
			})
			t.Run("unknown slugs and ids are 404", func(t *testing.T) {
				s := newSite(t, st, func(set *model.Settings) { set.PermalinkStructure = "/archives/%post_id%" }).Client()
				s.Run(t, notFound("/archives/999999"), notFound("/2024/04/26/tidak-ada/"), notFound("/tidak-ada/"))
			})
			t.Run("a draft has no URL under any structure", func(t *testing.T) {
				d := storetest.Post(t, st, func(a *model.Article) { a.Status = model.StatusDraft })
				s := newSite(t, st, func(set *model.Settings) { set.PermalinkStructure = "/archives/%post_id%" }).Client()
				s.Do(t, notFound("/archives/"+itoa(d.ID)))
			})
		})
	}
}

func TestChangingTheStructureKeepsOldURLs(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			a := permalinkPost(t, st, "panen-raya")
			// A site that once used a custom structure, then /%postname%/.
			s := newSite(t, st, func(set *model.Settings) {
				set.ChangePermalink("/berita/%post_id%/%postname%.html")
				set.ChangePermalink("/%postname%/")
			}).Client()
			s.Get(t, "/panen-raya/")
			redirectsTo(t, s, "/2024/04/26/panen-raya/", "/panen-raya/")
			redirectsTo(t, s, "/berita/"+itoa(a.ID)+"/panen-raya.html", "/panen-raya/")
			t.Run("a page wins over a post of the same slug", func(t *testing.T) {
				storetest.Post(t, st, func(p *model.Article) { p.Type, p.Slug, p.Title = model.TypePage, "panen-raya", "Halaman Panen" })
				scenario.Contains(t, s.Get(t, "/panen-raya/").Body, "Halaman Panen")
			})
		})
	}
}

func redirectsTo(t testing.TB, s *scenario.Client, from, to string) {
	t.Helper()
	s.Do(t, movedTo(from, to))
}

func TestRenamedSlugAnswers301(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			a := permalinkPost(t, st, "gempa-lama")
			s := newSite(t, st, nil).Client()
			old := "/2024/04/26/gempa-lama/"
			s.Get(t, old)
			a.Slug = "gempa-baru"
			if err := st.UpdateArticle(t.Context(), a, 0); err != nil {
				t.Fatal(err)
			}
			redirectsTo(t, s, old, "/2024/04/26/gempa-baru/")
			s.Get(t, "/2024/04/26/gempa-baru/")
			t.Run("a new article at the old URL wins over the redirect", func(t *testing.T) {
				storetest.Post(t, st, func(b *model.Article) {
					b.Slug, b.Title = "gempa-lama", "Artikel baru di alamat lama"
					b.PublishedAt = time.Date(2024, 4, 26, 1, 0, 0, 0, time.UTC)
				})
				scenario.Contains(t, s.Get(t, old).Body, "Artikel baru di alamat lama")
			})
		})
	}
}

// TestImportKeepingPermalinks imports a WordPress export whose links
// follow /%year%/%category%/%postname%.html, keeping that structure: every
// old link then shows its article directly, not through a redirect.
func TestImportKeepingPermalinks(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			rep, err := wxr.Import(t.Context(), st, "../wxr/testdata/permalinks.wxr", wxr.Options{KeepPermalinks: true})
			if err != nil {
				t.Fatal(err)
			}
			const want = "/%year%/%category%/%postname%.html"
			if rep.Permalink != want || rep.PermalinkMatches != 3 || rep.PermalinkPosts != 3 || !rep.PermalinkKept {
				t.Fatalf("report: %q %d of %d, kept %v", rep.Permalink, rep.PermalinkMatches, rep.PermalinkPosts, rep.PermalinkKept)
			}
			s := newSite(t, st, nil).Client()
			for link, title := range map[string]string{
				"/2024/berita/daerah/banjir-rob-surut.html": "Banjir rob mulai surut",
				"/2023/olahraga/tim-lokal-menang.html":      "Tim lokal menang di final",
				"/2024/berita/pasar-ikan-baru.html":         "Pasar ikan baru dibuka",
				"/tentang/":                                 "Tentang kami",
			} {
				body := s.Get(t, link).Body
				scenario.Contains(t, body, title, `<link rel="canonical" href="https://warta.example`+link+`"`)
			}
			// The import wrote no redirect from a link to itself.
			if r, err := st.RedirectFor(t.Context(), "/2024/berita/pasar-ikan-baru.html"); err == nil {
				t.Errorf("a redirect from a live URL: %+v", r)
			}
			redirectsTo(t, s, "/?p=302", "/2023/olahraga/tim-lokal-menang.html")
		})
	}
	t.Run("without the flag the old links redirect and the structure stays", func(t *testing.T) {
		st := storetest.New(t)
		rep, err := wxr.Import(t.Context(), st, "../wxr/testdata/permalinks.wxr", wxr.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if rep.PermalinkKept || rep.Permalink != "/%year%/%category%/%postname%.html" {
			t.Errorf("report: %+v", rep)
		}
		s := newSite(t, st, nil).Client()
		redirectsTo(t, s, "/2023/olahraga/tim-lokal-menang.html", "/2023/12/31/tim-lokal-menang/")
		s.Get(t, "/2023/12/31/tim-lokal-menang/")
	})
}

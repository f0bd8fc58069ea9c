package web_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
)

// cardTitles returns the titles of the article cards of a list page, in order.
func cardTitles(body string) []string {
	re := regexp.MustCompile(`<h2 class="card-title"><a href="[^"]*">([^<]*)</a></h2>`)
	var titles []string
	for _, m := range re.FindAllStringSubmatch(body, -1) {
		titles = append(titles, m[1])
	}
	return titles
}

// tileTitles returns the titles of the front page's grid tiles, in order.
func tileTitles(body string) []string {
	re := regexp.MustCompile(`<h3 class="tile-title"><a href="[^"]*">([^<]*)</a></h3>`)
	var titles []string
	for _, m := range re.FindAllStringSubmatch(body, -1) {
		titles = append(titles, m[1])
	}
	return titles
}

func TestFrontPage(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			base := time.Date(2024, 4, 20, 3, 0, 0, 0, time.UTC)
			post := func(title string, daysLater int, edit func(*model.Article)) *model.Article {
				return storetest.Post(t, st, func(a *model.Article) {
					a.Title = title
					a.PublishedAt = base.Add(time.Duration(daysLater) * 24 * time.Hour)
					if edit != nil {
						edit(a)
					}
				})
			}
			post("Berita tertua yang disematkan", 0, func(a *model.Article) {
				a.Sticky = true
				a.FeaturedMediaID = storetest.Image(t, st).ID
			})
			post("Berita kedua", 1, nil)
			withComments := post("Berita ketiga", 2, nil)
			post("Berita terbaru", 3, func(a *model.Article) { a.FeaturedMediaID = storetest.Image(t, st).ID })
			post("Draf tersembunyi", 4, func(a *model.Article) { a.Status = model.StatusDraft })
			post("Halaman bukan berita", 5, func(a *model.Article) { a.Type = model.TypePage; a.Slug = "halaman" })
			for range 2 {
				storetest.Comment(t, st, withComments.ID, nil)
			}
			storetest.Comment(t, st, withComments.ID, func(c *model.Comment) { c.Status = model.CommentPending })
			w := newSite(t, st, func(s *model.Settings) { s.PostsPerPage = 2 }).Client()

			t.Run("the front page leads with the sticky story, then the newest in the grid", func(t *testing.T) {
				body := w.Get(t, "/").Body
				scenario.Contains(t, scenario.Element(body, `<article class="lead"`), ">Berita tertua yang disematkan</a></h2>")
				if got, want := tileTitles(body), []string{"Berita terbaru", "Berita ketiga", "Berita kedua"}; strings.Join(got, "|") != strings.Join(want, "|") {
					t.Errorf("the grid lists %q, want %q", got, want)
				}
				scenario.Lacks(t, body, "Draf tersembunyi")
			})
			t.Run("after the front page, sticky first, then newest first, one page at a time", func(t *testing.T) {
				pages := map[string][]string{
					"/page/2/": {"Berita ketiga", "Berita kedua"},
				}
				for path, want := range pages {
					if got := cardTitles(w.Get(t, path).Body); strings.Join(got, "|") != strings.Join(want, "|") {
						t.Errorf("%s lists %q, want %q", path, got, want)
					}
				}
			})
			t.Run("the site title is the h1 of the front page", func(t *testing.T) {
				body := w.Get(t, "/").Body
				scenario.Contains(t, body, `<h1 class="site-title"><a href="/" rel="home">Warta</a></h1>`)
				if n := strings.Count(body, "<h1"); n != 1 {
					t.Errorf("%d h1 elements", n)
				}
			})
			t.Run("a card shows byline, date, excerpt and the approved comment count", func(t *testing.T) {
				body := w.Get(t, "/page/2/").Body
				card := scenario.Element(body, `<article class="card`)
				scenario.Contains(t, card, `href="`+withComments.Path(model.Permalinks{Loc: jakarta(t)})+`">Berita ketiga`)
				scenario.Contains(t, card, "Oleh <a href=\"/author/", `rel="author"`, "Senin, 22 April 2024", "2 komentar",
					"Body of post", "Baca selengkapnya")
			})
			t.Run("the first image is loaded at once and the others lazily", func(t *testing.T) {
				imgs := regexp.MustCompile(`<img [^>]*>`).FindAllString(w.Get(t, "/").Body, -1)
				if len(imgs) != 2 {
					t.Fatalf("%d images, want 2", len(imgs))
				}
				scenario.Contains(t, imgs[0], `fetchpriority="high"`, `alt="Image `, `sizes="`)
				scenario.Lacks(t, imgs[0], `loading="lazy"`)
				scenario.Contains(t, imgs[1], `loading="lazy"`)
			})
			t.Run("pagination links carry rel prev and next and mark the current page", func(t *testing.T) {
				first := w.Get(t, "/").Body
				scenario.Contains(t, first, `<a class="button" href="/page/2/">Berita lainnya</a>`,
					`<link rel="next" href="https://warta.example/page/2/">`)
				scenario.Lacks(t, first, `rel="prev"`)
				second := scenario.Element(w.Get(t, "/page/2/").Body, `class="pagination"`)
				scenario.Contains(t, second, `<a href="/" rel="prev">Sebelumnya</a>`, `<a href="/page/2/" aria-current="page"`)
				scenario.Lacks(t, second, `rel="next"`)
			})
			w.Run(t,
				movedTo("/page/1/", "/"),
				notFound("/page/3/"),   // past the last page
				notFound("/page/0/"),   // page zero
				notFound("/page/dua/"), // not a number
				notFound("/page/02/"),  // padded
			)
		})
	}
}

func TestEmptyFrontPage(t *testing.T) {
	w := newSite(t, storetest.New(t), nil).Client()
	t.Run("a new site shows an empty front page, not an error", func(t *testing.T) {
		scenario.Contains(t, w.Get(t, "/").Body, "Belum ada artikel di sini.")
	})
	t.Run("and has no second page", func(t *testing.T) {
		w.Do(t, notFound("/page/2/"))
	})
}

func TestArchives(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			s := newStory(t, st)
			other := storetest.Post(t, st, func(a *model.Article) { a.Title = "Berita lain tanpa rubrik" })
			ekonomi := storetest.Term(t, st, model.TaxonomyCategory, "Ekonomi")
			ekonomi.Description = ""
			w := newSite(t, st, func(set *model.Settings) { set.PostsPerPage = 1 }).Client()
			tests := []struct {
				name    string
				path    string
				heading string
				want    []string
				unwant  []string
			}{
				{"a category lists its articles", "/category/politik/", "Rubrik: Politik", []string{s.article.Title}, []string{other.Title}},
				{"a tag lists its articles", "/tag/pemilu/", "Tag: Pemilu", []string{s.article.Title}, []string{other.Title}},
				{"the primary author's archive includes the article", "/author/budi-santoso/", "Tulisan Budi Santoso", []string{s.article.Title}, []string{other.Title}},
				{"a co-author's archive includes the article", "/author/siti-rahma/", "Tulisan Siti Rahma", []string{s.article.Title}, []string{other.Title}},
				{"the photographer's archive includes the article", "/author/andi-lensa/", "Tulisan Andi Lensa", []string{s.article.Title}, nil},
				{"a category without articles is an empty archive", "/category/ekonomi/", "Rubrik: Ekonomi", []string{"Belum ada artikel di sini."}, nil},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					body := w.Get(t, tt.path).Body
					scenario.Contains(t, body, "<h1>"+tt.heading+"</h1>", "<title>"+tt.heading+" – Warta</title>")
					scenario.Contains(t, body, tt.want...)
					scenario.Lacks(t, body, tt.unwant...)
					scenario.Lacks(t, body, "@example.test")
				})
			}
			t.Run("a tag archive pages through its articles", func(t *testing.T) {
				body := w.Get(t, "/tag/pemilu/page/2/").Body
				if got := cardTitles(body); len(got) != 1 || got[0] != s.related.Title {
					t.Errorf("page 2 lists %q", got)
				}
				scenario.Contains(t, body, "2 artikel · Halaman 2 dari 2", `<a href="/tag/pemilu/" rel="prev">`)
			})
			missing := []string{"/category/tidak-ada/", "/tag/tidak-ada/", "/author/tidak-ada/",
				"/tag/pemilu/page/3/", "/category/politik/page/0/"}
			for _, path := range missing {
				w.Run(t, notFound(path, "Halaman tidak ditemukan"))
			}
			w.Run(t, movedTo("/category/politik/page/1/", "/category/politik/")) // page 1 of an archive by number
		})
	}
}

package web

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store/storetest"
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
			w := newSite(t, st, "", func(s *model.Settings) { s.PostsPerPage = 2 })

			t.Run("sticky first, then newest first, one page at a time", func(t *testing.T) {
				pages := map[string][]string{
					"/":        {"Berita tertua yang disematkan", "Berita terbaru"},
					"/page/2/": {"Berita ketiga", "Berita kedua"},
				}
				for path, want := range pages {
					if got := cardTitles(w.mustGet(t, path)); strings.Join(got, "|") != strings.Join(want, "|") {
						t.Errorf("%s lists %q, want %q", path, got, want)
					}
				}
			})
			t.Run("the site title is the h1 of the front page", func(t *testing.T) {
				body := w.mustGet(t, "/")
				contains(t, body, `<h1 class="site-title"><a href="/" rel="home">Warta</a></h1>`)
				if n := strings.Count(body, "<h1"); n != 1 {
					t.Errorf("%d h1 elements", n)
				}
			})
			t.Run("a card shows byline, date, excerpt and the approved comment count", func(t *testing.T) {
				body := w.mustGet(t, "/page/2/")
				card := element(body, `<article class="card`)
				contains(t, card, `href="`+withComments.Path(model.Permalinks{Loc: jakarta(t)})+`">Berita ketiga`)
				contains(t, card, "Oleh <a href=\"/author/", `rel="author"`, "Senin, 22 April 2024", "2 komentar",
					"Body of post", "Baca selengkapnya")
			})
			t.Run("the first image is loaded at once and the others lazily", func(t *testing.T) {
				imgs := regexp.MustCompile(`<img [^>]*>`).FindAllString(w.mustGet(t, "/"), -1)
				if len(imgs) != 2 {
					t.Fatalf("%d images, want 2", len(imgs))
				}
				contains(t, imgs[0], `fetchpriority="high"`, `alt="Image `, `sizes="`)
				lacks(t, imgs[0], `loading="lazy"`)
				contains(t, imgs[1], `loading="lazy"`)
			})
			t.Run("pagination links carry rel prev and next and mark the current page", func(t *testing.T) {
				first := element(w.mustGet(t, "/"), `class="pagination"`)
				contains(t, first, `<a href="/page/2/" rel="next">Berikutnya</a>`, `<a href="/" aria-current="page"`)
				lacks(t, first, `rel="prev"`)
				second := element(w.mustGet(t, "/page/2/"), `class="pagination"`)
				contains(t, second, `<a href="/" rel="prev">Sebelumnya</a>`, `<a href="/page/2/" aria-current="page"`)
				lacks(t, second, `rel="next"`)
			})
			tests := []struct {
				name, path string
				status     int
				location   string
			}{
				{"page 1 by number is sent to the front page", "/page/1/", 301, "/"},
				{"a page past the last one is not found", "/page/3/", 404, ""},
				{"page zero is not found", "/page/0/", 404, ""},
				{"a page number that is not a number is not found", "/page/dua/", 404, ""},
				{"a padded page number is not found", "/page/02/", 404, ""},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					res := w.get(t, tt.path)
					if res.code != tt.status || res.header.Get("Location") != tt.location {
						t.Errorf("status %d to %q, want %d to %q", res.code, res.header.Get("Location"), tt.status, tt.location)
					}
				})
			}
		})
	}
}

func TestEmptyFrontPage(t *testing.T) {
	w := newSite(t, storetest.New(t), "", nil)
	t.Run("a new site shows an empty front page, not an error", func(t *testing.T) {
		contains(t, w.mustGet(t, "/"), "Belum ada artikel di sini.")
	})
	t.Run("and has no second page", func(t *testing.T) {
		if res := w.get(t, "/page/2/"); res.code != 404 {
			t.Errorf("status %d", res.code)
		}
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
			w := newSite(t, st, "", func(set *model.Settings) { set.PostsPerPage = 1 })
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
					body := w.mustGet(t, tt.path)
					contains(t, body, "<h1>"+tt.heading+"</h1>", "<title>"+tt.heading+" – Warta</title>")
					contains(t, body, tt.want...)
					lacks(t, body, tt.unwant...)
					lacks(t, body, "@example.test")
				})
			}
			t.Run("a tag archive pages through its articles", func(t *testing.T) {
				body := w.mustGet(t, "/tag/pemilu/page/2/")
				if got := cardTitles(body); len(got) != 1 || got[0] != s.related.Title {
					t.Errorf("page 2 lists %q", got)
				}
				contains(t, body, "2 artikel · Halaman 2 dari 2", `<a href="/tag/pemilu/" rel="prev">`)
			})
			notFound := []string{"/category/tidak-ada/", "/tag/tidak-ada/", "/author/tidak-ada/",
				"/tag/pemilu/page/3/", "/category/politik/page/0/"}
			for _, path := range notFound {
				t.Run(fmt.Sprintf("%s is not found", path), func(t *testing.T) {
					res := w.get(t, path)
					if res.code != 404 {
						t.Fatalf("status %d", res.code)
					}
					contains(t, res.body, "Halaman tidak ditemukan")
				})
			}
			t.Run("page 1 of an archive by number is sent to the archive", func(t *testing.T) {
				res := w.get(t, "/category/politik/page/1/")
				if res.code != 301 || res.header.Get("Location") != "/category/politik/" {
					t.Errorf("status %d to %q", res.code, res.header.Get("Location"))
				}
			})
		})
	}
}

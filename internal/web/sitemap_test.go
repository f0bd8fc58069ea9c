package web_test

import (
	"encoding/xml"
	"net/url"
	"strings"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
)

// Sitemap documents as the schemas define them (sitemaps.org 0.9, Google's
// image and news extensions), read back with their namespaces.
type xmlIndex struct {
	XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []struct {
		Loc     string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
		LastMod string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 lastmod"`
	} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemap"`
}

type xmlURLSet struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc     string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
		LastMod string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 lastmod"`
		Images  []struct {
			Loc string `xml:"http://www.google.com/schemas/sitemap-image/1.1 loc"`
		} `xml:"http://www.google.com/schemas/sitemap-image/1.1 image"`
		News *struct {
			Name     string `xml:"http://www.google.com/schemas/sitemap-news/0.9 publication>name"`
			Language string `xml:"http://www.google.com/schemas/sitemap-news/0.9 publication>language"`
			Date     string `xml:"http://www.google.com/schemas/sitemap-news/0.9 publication_date"`
			Title    string `xml:"http://www.google.com/schemas/sitemap-news/0.9 title"`
		} `xml:"http://www.google.com/schemas/sitemap-news/0.9 news"`
	} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 url"`
}

// checkLoc applies the schema's rules to a loc: an absolute URL on the
// site, under 2,048 characters; and checks that the page answers 200.
func checkLoc(t *testing.T, s *scenario.Client, loc string) {
	t.Helper()
	u, err := url.Parse(loc)
	if err != nil || u.Scheme != "https" || u.Host != "warta.example" || len(loc) >= 2048 {
		t.Errorf("loc %q is not an absolute URL on the site", loc)
		return
	}
	s.Get(t, u.RequestURI())
}

func checkLastMod(t *testing.T, v string) {
	t.Helper()
	if _, err := time.Parse(time.RFC3339, v); err != nil {
		t.Errorf("lastmod %q is not a W3C datetime: %v", v, err)
	}
}

func TestSitemaps(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			story := newStory(t, st)
			for range 4 {
				storetest.Post(t, st, func(a *model.Article) { a.PublishedAt = time.Now().Add(-72 * time.Hour) })
			}
			storetest.Post(t, st, func(a *model.Article) {
				a.Type, a.Slug, a.Title, a.Lang = model.TypePage, "about", "About us", "en"
			})
			storetest.Post(t, st, func(a *model.Article) {
				a.Title, a.Lang, a.PublishedAt = "Fresh news", "en", time.Now().Add(-time.Hour)
			})
			storetest.Post(t, st, func(a *model.Article) { a.Title, a.Status = "Draft", model.StatusDraft })
			s := newSite(t, st, nil).Client()

			var idx xmlIndex
			res := s.Get(t, "/sitemap.xml")
			if err := xml.Unmarshal([]byte(res.Body), &idx); err != nil {
				t.Fatalf("/sitemap.xml: %v\n%s", err, res.Body)
			}
			var children []string
			for _, c := range idx.Sitemaps {
				checkLastMod(t, c.LastMod)
				children = append(children, strings.TrimPrefix(c.Loc, "https://warta.example"))
			}
			// 8 published posts and one page, all with ids under
			// store.SitemapBucket, and the archives. (Pages cut by id
			// ranges are tested in the store's sitemap tests.)
			want := "/sitemap/posts-1.xml /sitemap/pages-1.xml /sitemap/category.xml /sitemap/tag.xml /sitemap/author.xml"
			if got := strings.Join(children, " "); got != want {
				t.Fatalf("children\n%s\nwant\n%s", got, want)
			}
			all := map[string]bool{}
			images := 0
			for _, c := range children {
				var set xmlURLSet
				res := s.Get(t, c)
				if err := xml.Unmarshal([]byte(res.Body), &set); err != nil {
					t.Fatalf("%s: %v", c, err)
				}
				if len(set.URLs) == 0 || c == "/sitemap/posts-1.xml" && len(set.URLs) != 8 {
					t.Errorf("%s lists %d URLs", c, len(set.URLs))
				}
				for _, u := range set.URLs {
					checkLoc(t, s, u.Loc)
					checkLastMod(t, u.LastMod)
					if all[u.Loc] {
						t.Errorf("%s is listed twice", u.Loc)
					}
					all[u.Loc] = true
					for _, img := range u.Images {
						// The test writes no image files: check the URL only.
						if !strings.HasPrefix(img.Loc, "https://warta.example/media/") {
							t.Errorf("image loc %q", img.Loc)
						}
						images++
					}
				}
			}
			for _, want := range []string{"https://warta.example" + story.path, "https://warta.example/about/",
				"https://warta.example/category/politik/", "https://warta.example/tag/pemilu/", "https://warta.example/author/budi-santoso/"} {
				if !all[want] {
					t.Errorf("the sitemaps lack %s", want)
				}
			}
			if images != 1 {
				t.Errorf("%d images, want the story's featured image", images)
			}
			for _, bad := range []string{"/sitemap/posts-2.xml", "/sitemap/pages-2.xml", "/sitemap/posts-0.xml", "/sitemap/posts-01.xml", "/sitemap/users-1.xml", "/sitemap/tag"} {
				s.Run(t, notFound(bad))
			}

			var news xmlURLSet
			res = s.Get(t, "/news-sitemap.xml")
			if err := xml.Unmarshal([]byte(res.Body), &news); err != nil {
				t.Fatalf("/news-sitemap.xml: %v", err)
			}
			if len(news.URLs) != 1 || news.URLs[0].News == nil {
				t.Fatalf("news sitemap %+v, want the one post of the last 48 hours", news.URLs)
			}
			n := news.URLs[0]
			checkLoc(t, s, n.Loc)
			checkLastMod(t, n.News.Date)
			if n.News.Name != "Warta" || n.News.Language != "en" || n.News.Title != "Fresh news" {
				t.Errorf("news entry %+v", *n.News)
			}

			robots := s.Get(t, "/robots.txt").Body
			scenario.Contains(t, robots, "Sitemap: https://warta.example/sitemap.xml\n", "Sitemap: https://warta.example/news-sitemap.xml\n", "Disallow: /admin/\n")
		})
	}
}

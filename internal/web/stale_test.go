package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/publishing"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
)

// cached fetches path until the cache answers it.
func cached(t *testing.T, c *scenario.Client, path string) {
	t.Helper()
	c.Get(t, path)
	c.Do(t, scenario.Scenario{Name: "GET " + path + " again", URL: path, ExpectedStatus: http.StatusOK,
		ExpectedHeaders: map[string]string{"X-Cache": "HIT"}})
}

// metric reads one sample of the site's /metrics.
func metric(t *testing.T, c *scenario.Client, name string) string {
	t.Helper()
	body := c.Do(t, scenario.Scenario{Name: "the metrics", URL: "/metrics", ExpectedStatus: http.StatusOK}).Body
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(name) + ` (\S+)$`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("/metrics has no %s", name)
	}
	return m[1]
}

func TestStaleWhileRevalidate(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			story := newStory(t, st)
			// The site as serve runs it: stale-while-revalidate on, and
			// every change the store logs handed on by s.Follow as serve's
			// follower does.
			s := scenario.New(t, st, scenario.Options{BaseURL: "https://warta.example", PageCache: true})
			reader := s.Client()
			editor := storetest.User(t, st, "Redaktur Jaga")
			editor.Role = model.RoleEditor

			t.Run("a trashed article's page and the lists showing it are gone at once", func(t *testing.T) {
				victim := storetest.Post(t, st, func(a *model.Article) {
					a.Title, a.Slug = "Berita yang akan dibuang", "akan-dibuang"
					a.Categories = story.article.Categories
				})
				path := victim.Path(model.Permalinks{Loc: jakarta(t)})
				s.Follow(t)
				for _, p := range []string{path, "/", "/category/politik/"} {
					cached(t, reader, p)
				}
				if err := publishing.Trash(t.Context(), st, editor, victim.ID); err != nil {
					t.Fatal(err)
				}
				s.Follow(t)
				reader.Do(t, scenario.Scenario{Name: "the trashed article is gone at once", URL: path, ExpectedStatus: http.StatusNotFound})
				for _, p := range []string{"/", "/category/politik/"} {
					r := reader.Get(t, p)
					if xcache := r.Header.Get("X-Cache"); xcache == "STALE" || strings.Contains(r.Body, victim.Title) {
						t.Errorf("%s still lists the trashed article (X-Cache %s)", p, xcache)
					}
				}
			})

			t.Run("a new article reaches the front page behind one stale answer", func(t *testing.T) {
				cached(t, reader, "/")
				staleHits := metric(t, reader, "warta_page_cache_stale_hits_total")
				refreshes := metric(t, reader, "warta_page_cache_refreshes_total")
				storetest.Post(t, st, func(a *model.Article) {
					a.Title, a.Slug, a.PublishedAt = "Kabar paling baru", "kabar-baru", time.Now().UTC()
				})
				s.Follow(t)
				reader.Do(t, scenario.Scenario{Name: "the first reader after the change gets the stale front page", URL: "/",
					ExpectedStatus: http.StatusOK, ExpectedHeaders: map[string]string{"X-Cache": "STALE"},
					NotExpectedContent: []string{"Kabar paling baru"}})
				deadline := time.Now().Add(5 * time.Second)
				for {
					r := reader.Get(t, "/")
					if r.Header.Get("X-Cache") == "HIT" && strings.Contains(r.Body, "Kabar paling baru") {
						break
					}
					if time.Now().After(deadline) {
						t.Fatalf("the front page was not refreshed: X-Cache %s", r.Header.Get("X-Cache"))
					}
					time.Sleep(5 * time.Millisecond)
				}
				t.Run("the stale answer and the refresh are counted in /metrics", func(t *testing.T) {
					if got := metric(t, reader, "warta_page_cache_stale_hits_total"); got == staleHits {
						t.Errorf("warta_page_cache_stale_hits_total stayed at %s", got)
					}
					if got := metric(t, reader, "warta_page_cache_refreshes_total"); got == refreshes {
						t.Errorf("warta_page_cache_refreshes_total stayed at %s", got)
					}
				})
			})

			t.Run("a signed-in editor never gets a stale page", func(t *testing.T) {
				cached(t, reader, "/")
				storetest.Post(t, st, func(a *model.Article) { a.Title, a.Slug = "Kabar untuk redaksi", "kabar-redaksi" })
				s.Follow(t)
				reader.Do(t, scenario.Scenario{Name: "an editor's browser", URL: "/", Headers: map[string]string{"Cookie": "warta_session=1.x"},
					ExpectedStatus: http.StatusOK, ExpectedHeaders: map[string]string{"X-Cache": "BYPASS"},
					ExpectedContent: []string{"Kabar untuk redaksi"}})
			})
		})
	}
}

package web

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store/storetest"
	"warta/internal/view"
)

// With the layout kept in memory (as serve runs), list counts are kept too,
// and a change reported through Invalidate reaches the pagination, the
// category pages and the sitemap index at once.
func TestListCountsFollowChanges(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			base := time.Date(2024, 4, 20, 3, 0, 0, 0, time.UTC)
			n := 0
			post := func() *model.Article {
				n++
				return storetest.Post(t, st, func(a *model.Article) {
					a.PublishedAt = base.Add(time.Duration(n) * time.Hour)
				})
			}
			for range 4 {
				post()
			}
			w := newSite(t, st, "", func(s *model.Settings) { s.PostsPerPage = 2 })
			v, err := view.New("")
			if err != nil {
				t.Fatal(err)
			}
			w.h = New(st, v, Options{BaseURL: "https://warta.example", CacheLayout: true})
			w.mux = http.NewServeMux()
			w.h.Routes(w.mux)

			if got := w.get(t, "/page/3/").code; got != http.StatusNotFound {
				t.Fatalf("/page/3/ of 4 posts at 2 a page: %d, want 404", got)
			}
			if body := w.mustGet(t, "/page/2/"); strings.Contains(body, `rel="next"`) {
				t.Fatalf("/page/2/ of 2 links a next page")
			}
			post()
			w.h.Invalidate() // what serve does when the change log reports the post
			w.mustGet(t, "/page/3/")
			if body := w.mustGet(t, "/page/2/"); !strings.Contains(body, `href="/page/3/" rel="next"`) {
				t.Errorf("/page/2/ of 3 does not link the third page")
			}
		})
	}
}

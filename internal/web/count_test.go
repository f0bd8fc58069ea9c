package web_test

import (
	"net/http"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
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
			site := scenario.New(t, st, scenario.Options{BaseURL: "https://warta.example", CacheLayout: true,
				Settings: func(s *model.Settings) { s.PostsPerPage = 2 }})
			w := site.Client()
			w.Run(t,
				scenario.Scenario{Name: "4 posts at 2 a page have no third page", URL: "/page/3/", ExpectedStatus: http.StatusNotFound},
				scenario.Scenario{Name: "the second page of two links no next page", URL: "/page/2/", ExpectedStatus: http.StatusOK,
					NotExpectedContent: []string{`rel="next"`}},
			)
			post()
			site.Follow(t) // what serve does when the change log reports the post
			w.Run(t,
				scenario.Scenario{Name: "a fifth post makes a third page", URL: "/page/3/", ExpectedStatus: http.StatusOK},
				scenario.Scenario{Name: "the second page links the third", URL: "/page/2/", ExpectedStatus: http.StatusOK,
					ExpectedContent: []string{`href="/page/3/" rel="next"`}},
			)
		})
	}
}

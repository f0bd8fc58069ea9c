package web_test

import (
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
)

// TestLinksAreASCII: the URLs warta writes for articles with Greek, emoji
// and bidi-control slugs are percent-encoded as WordPress writes them.
func TestLinksAreASCII(t *testing.T) {
	scenario.Engines(t, scenario.Options{BaseURL: "https://warta.example"}, func(t *testing.T, s *scenario.Site) {
		at := time.Date(2026, 11, 5, 3, 0, 0, 0, time.UTC)
		storetest.Post(t, s.Store, func(a *model.Article) { a.Slug, a.Title, a.PublishedAt = "επίπεδο-2", "Επίπεδο 2", at })
		storetest.Post(t, s.Store, func(a *model.Article) { a.Slug, a.Title, a.PublishedAt = "hello-w\u202eorld", "Hello", at })
		greek := "/2026/11/05/%ce%b5%cf%80%ce%af%cf%80%ce%b5%ce%b4%ce%bf-2/"
		bidi := "/2026/11/05/hello-w%e2%80%aeorld/"
		raw := []string{"επίπεδο", "w\u202eorld"}
		s.Client().Run(t,
			scenario.Scenario{Name: "the RSS feed's links are percent-encoded", URL: "/feed/", ExpectedStatus: 200,
				ExpectedContent:    []string{"<link>https://warta.example" + greek + "</link>", "<link>https://warta.example" + bidi + "</link>"},
				NotExpectedContent: []string{"/2026/11/05/επίπεδο", "w\u202eorld/"}},
			scenario.Scenario{Name: "the sitemap's are too", URL: "/sitemap/posts-1.xml", ExpectedStatus: 200,
				ExpectedContent:    []string{"<loc>https://warta.example" + greek + "</loc>", "<loc>https://warta.example" + bidi + "</loc>"},
				NotExpectedContent: raw},
			scenario.Scenario{Name: "and the REST API's link fields", URL: "/wp-json/wp/v2/posts", ExpectedStatus: 200,
				ExpectedContent:    []string{`"link":"https://warta.example` + greek + `"`, `"link":"https://warta.example` + bidi + `"`},
				NotExpectedContent: []string{"/2026/11/05/επίπεδο", "w\u202eorld/"}},
			scenario.Scenario{Name: "and the article's canonical and og:url", URL: greek, ExpectedStatus: 200,
				ExpectedContent: []string{`<meta property="og:url" content="https://warta.example` + greek + `">`}},
		)
	})
}

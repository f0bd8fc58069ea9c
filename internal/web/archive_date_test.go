package web_test

import (
	"fmt"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
)

// TestDateArchives asks for WordPress's year, month and day archives, their
// pages and feeds, on a site in Jakarta time (UTC+7).
func TestDateArchives(t *testing.T) {
	scenario.Engines(t, scenario.Options{Settings: func(s *model.Settings) { s.PostsPerPage = 2; s.Language = "en" }},
		func(t *testing.T, s *scenario.Site) {
			// 1 November 2026 01:00 in Jakarta is still 31 October in UTC.
			edge := storetest.Post(t, s.Store, func(a *model.Article) {
				a.Title, a.PublishedAt = "Early in November", time.Date(2026, 10, 31, 18, 0, 0, 0, time.UTC)
			})
			storetest.Post(t, s.Store, func(a *model.Article) {
				a.Title, a.PublishedAt = "Late in October", time.Date(2026, 10, 31, 16, 0, 0, 0, time.UTC)
			})
			for i := range 3 {
				storetest.Post(t, s.Store, func(a *model.Article) {
					a.Title, a.PublishedAt = fmt.Sprintf("Fifth of November %d", i), time.Date(2026, 11, 5, 3, i, 0, 0, time.UTC)
				})
			}
			storetest.Post(t, s.Store, func(a *model.Article) {
				a.Title, a.Status = "A draft of November", model.StatusDraft
				a.PublishedAt = time.Date(2026, 11, 6, 3, 0, 0, 0, time.UTC)
			})
			s.Client().Run(t,
				scenario.Scenario{Name: "the month archive lists the month's newest posts in local time", URL: "/2026/11/",
					ExpectedStatus: 200, ExpectedContent: []string{"<h1>Archive: November 2026</h1>", "Fifth of November 2", "Fifth of November 1",
						`<link rel="canonical" href="` + s.BaseURL + `/2026/11/">`, `href="/2026/11/page/2/"`, `href="` + s.BaseURL + `/2026/11/feed/"`},
					NotExpectedContent: []string{"Late in October", "A draft of November", "Early in November"}},
				scenario.Scenario{Name: "its last page holds the post of 1 November in Jakarta", URL: "/2026/11/page/2/",
					ExpectedStatus: 200, ExpectedContent: []string{"Fifth of November 0", "Early in November"},
					NotExpectedContent: []string{"Late in October"}},
				scenario.Scenario{Name: "a page past the last is not found", URL: "/2026/11/page/3/", ExpectedStatus: 404},
				scenario.Scenario{Name: "page 1 asked as such is sent to the archive", URL: "/2026/11/page/1/",
					ExpectedStatus: 301, ExpectedHeaders: map[string]string{"Location": "/2026/11/"}},
				scenario.Scenario{Name: "the day archive holds that day's posts", URL: "/2026/11/01/",
					ExpectedStatus: 200, ExpectedContent: []string{"Archive: Sunday, 1 November 2026", "Early in November"},
					NotExpectedContent: []string{"Fifth of November"}},
				scenario.Scenario{Name: "the year archive counts every post of the year", URL: "/2026/page/3/",
					ExpectedStatus: 200, ExpectedContent: []string{"Late in October", "<h1>Archive: 2026</h1>"}},
				scenario.Scenario{Name: "October in Jakarta ends before the post of its last UTC hours", URL: "/2026/10/",
					ExpectedStatus: 200, ExpectedContent: []string{"Late in October"}, NotExpectedContent: []string{"Early in November"}},
				scenario.Scenario{Name: "a month without posts is not found, as on WordPress", URL: "/2026/12/", ExpectedStatus: 404},
				scenario.Scenario{Name: "an impossible date is not found", URL: "/2026/02/30/", ExpectedStatus: 404},
				scenario.Scenario{Name: "the path without its final slash is sent to the archive", URL: "/2026/11",
					ExpectedStatus: 301, ExpectedHeaders: map[string]string{"Location": "/2026/11/"}},
				scenario.Scenario{Name: "a day of one digit is sent to its two-digit path", URL: "/2026/11/5/",
					ExpectedStatus: 301, ExpectedHeaders: map[string]string{"Location": "/2026/11/05/"}},
				scenario.Scenario{Name: "the month's RSS feed lists its posts", URL: "/2026/11/feed/",
					ExpectedStatus: 200, ExpectedContent: []string{"<rss", "Archive November 2026", "Early in November", "Fifth of November 2"},
					NotExpectedContent: []string{"Late in October"},
					ExpectedHeaders:    map[string]string{"Content-Type": "application/rss+xml; charset=utf-8"}},
				scenario.Scenario{Name: "WordPress's rss2 name of the day feed answers too", URL: "/2026/11/05/feed/rss2/",
					ExpectedStatus: 200, ExpectedContent: []string{"Fifth of November 0"}, NotExpectedContent: []string{"Early in November"}},
				scenario.Scenario{Name: "the year's Atom feed answers", URL: "/2026/feed/atom/",
					ExpectedStatus: 200, ExpectedContent: []string{"<feed", "Late in October"}},
				scenario.Scenario{Name: "an empty month's feed is not found", URL: "/2025/11/feed/", ExpectedStatus: 404},
				scenario.Scenario{Name: "WordPress's ?m=202611 is sent to the month", URL: "/?m=202611",
					ExpectedStatus: 301, ExpectedHeaders: map[string]string{"Location": "/2026/11/"}},
				scenario.Scenario{Name: "and ?m=20261105 to the day", URL: "/?m=20261105",
					ExpectedStatus: 301, ExpectedHeaders: map[string]string{"Location": "/2026/11/05/"}},
				scenario.Scenario{Name: "?feed=rss2 is sent to the feed", URL: "/?feed=rss2",
					ExpectedStatus: 301, ExpectedHeaders: map[string]string{"Location": "/feed/"}},
				scenario.Scenario{Name: "an impossible ?m= is not a date", URL: "/?m=202613", ExpectedStatus: 200},
				scenario.Scenario{Name: "a post under the default permalink below its day still answers", URL: edge.Path(model.Permalinks{Loc: model.DefaultSettings().Location()}),
					ExpectedStatus: 200, ExpectedContent: []string{"Early in November"}},
			)
		})
}

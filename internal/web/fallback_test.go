package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
	"warta/internal/web"
)

// A story without a written excerpt is summarised from its body on cards;
// a card without a picture keeps a placeholder of the picture's shape.
func TestCardFallbacks(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			author := storetest.User(t, st, "Rina Kartika")
			storetest.Post(t, st, func(a *model.Article) {
				a.Slug, a.Title, a.Excerpt = "tanpa-ringkasan", "Berita tanpa ringkasan", ""
				a.BodyHTML = "<p>Warga <strong>Kampung Melayu</strong> mulai membersihkan rumah setelah air surut.</p>"
				a.PublishedAt = published
				a.Bylines = []model.Byline{{User: *author, Role: model.BylineAuthor}}
			})
			w := newSite(t, st, nil).Client()
			card := scenario.Element(w.Get(t, "/author/rina-kartika/").Body, `class="card`)
			scenario.Contains(t, card, `<p class="card-excerpt">Warga Kampung Melayu mulai membersihkan rumah setelah air surut.</p>`,
				`<div class="card-image card-image-none" aria-hidden="true"></div>`)
		})
	}
}

// Comments from the newsroom's own accounts are marked as the newsroom's.
func TestStaffRepliesAreMarked(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			s := newStory(t, st)
			storetest.Comment(t, st, s.article.ID, func(c *model.Comment) {
				c.ParentID, c.AuthorName, c.UserID = s.first.ID, "Budi Santoso", s.budi.ID
				c.CreatedAt = published.Add(4 * time.Hour)
			})
			w := newSite(t, st, nil).Client()
			body := w.Get(t, s.path).Body
			if n := strings.Count(body, `comment-staff`); n != 1 {
				t.Errorf("%d comments marked as the newsroom's, want 1 (Budi's reply)", n)
			}
			scenario.Contains(t, body, `Budi Santoso <span class="comment-badge">Redaksi</span>`)
			scenario.Lacks(t, body, `Rina Kartika</a> <span class="comment-badge">`)
		})
	}
}

// The 404 page offers a search form and the newest stories; counts are
// written in the site's language's digits ("1.919" in Indonesian).
func TestNotFoundOffersSearchAndRecentStories(t *testing.T) {
	st := storetest.New(t)
	var titles []string
	for i := range 7 {
		a := storetest.Post(t, st, func(a *model.Article) {
			a.Title = fmt.Sprintf("Kabar nomor %d", i)
			a.PublishedAt = published.Add(-time.Duration(i) * 24 * time.Hour)
		})
		titles = append(titles, a.Title)
	}
	w := newSite(t, st, nil).Client()
	var recent []string
	for _, title := range titles[:web.NotFoundRecent] {
		recent = append(recent, ">"+title+"</a>")
	}
	w.Do(t, scenario.Scenario{Name: "a missing page offers the search and the latest stories", URL: "/tidak-ada-di-sini/",
		ExpectedStatus: http.StatusNotFound,
		ExpectedContent: append(recent, `<form class="search-form" role="search" method="get" action="/search">`,
			`<h2 id="recent-title">Berita terbaru</h2>`),
		NotExpectedContent: []string{">" + titles[web.NotFoundRecent] + "</a>"}})
}

// Pages Discover may show large: every indexable page asks for large
// previews; a page that asks not to be indexed asks only that.
func TestRobotsMetaAllowsLargePreviews(t *testing.T) {
	st := storetest.New(t)
	s := newStory(t, st)
	w := newSite(t, st, nil).Client()
	for _, p := range []string{"/", s.path, "/category/politik/"} {
		scenario.Contains(t, w.Get(t, p).Body, `<meta name="robots" content="max-image-preview:large">`)
	}
	body := w.Get(t, "/search?q=debat").Body
	scenario.Contains(t, body, `<meta name="robots" content="noindex">`)
	scenario.Lacks(t, body, "max-image-preview")
}

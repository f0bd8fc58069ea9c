package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store/storetest"
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
			w := newSite(t, st, "", nil)
			card := element(w.mustGet(t, "/author/rina-kartika/"), `class="card`)
			contains(t, card, `<p class="card-excerpt">Warga Kampung Melayu mulai membersihkan rumah setelah air surut.</p>`,
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
			w := newSite(t, st, "", nil)
			body := w.mustGet(t, s.path)
			if n := strings.Count(body, `comment-staff`); n != 1 {
				t.Errorf("%d comments marked as the newsroom's, want 1 (Budi's reply)", n)
			}
			contains(t, body, `Budi Santoso <span class="comment-badge">Redaksi</span>`)
			lacks(t, body, `Rina Kartika</a> <span class="comment-badge">`)
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
	w := newSite(t, st, "", nil)
	res := w.get(t, "/tidak-ada-di-sini/")
	if res.code != http.StatusNotFound {
		t.Fatalf("status %d, want 404", res.code)
	}
	contains(t, res.body, `<form class="search-form" role="search" method="get" action="/search">`,
		`<h2 id="recent-title">Berita terbaru</h2>`)
	for _, title := range titles[:notFoundRecent] {
		contains(t, res.body, ">"+title+"</a>")
	}
	lacks(t, res.body, ">"+titles[notFoundRecent]+"</a>")
}

// Pages Discover may show large: every indexable page asks for large
// previews; a page that asks not to be indexed asks only that.
func TestRobotsMetaAllowsLargePreviews(t *testing.T) {
	st := storetest.New(t)
	s := newStory(t, st)
	w := newSite(t, st, "", nil)
	for _, p := range []string{"/", s.path, "/category/politik/"} {
		contains(t, w.mustGet(t, p), `<meta name="robots" content="max-image-preview:large">`)
	}
	body := w.mustGet(t, "/search?q=debat")
	contains(t, body, `<meta name="robots" content="noindex">`)
	lacks(t, body, "max-image-preview")
}

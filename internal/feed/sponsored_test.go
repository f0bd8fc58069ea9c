package feed_test

import (
	"strings"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
)

// A paid article's links out carry rel="sponsored" in the full-text feed
// as they do on its page; its links within the site do not.
func TestSponsoredFeedLinks(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			f := newFixture(t, eng.New(t), scenario.Options{})
			storetest.Post(t, f.st, func(a *model.Article) {
				a.Slug, a.Title, a.Sponsored = "promo", "Promo diskon", true
				a.BodyHTML = `<p>Lihat <a href="https://brand.example/promo">diskon</a> dan <a href="/tentang/">kami</a>.</p>`
				a.PublishedAt = time.Now().UTC().Add(-time.Minute)
			})
			doc := f.rss(t, "/feed/")
			var content string
			for _, it := range doc.Channel.Items {
				if strings.HasSuffix(it.Title, "Promo diskon") {
					content = it.Content
				}
			}
			for _, want := range []string{`<a href="https://brand.example/promo" rel="sponsored noopener">`, `<a href="` + base + `/tentang/">`} {
				if !strings.Contains(content, want) {
					t.Errorf("the paid article's feed content lacks %s:\n%s", want, content)
				}
			}
			for _, it := range doc.Channel.Items {
				if !strings.HasSuffix(it.Title, "Promo diskon") && strings.Contains(it.Content, "sponsored") {
					t.Errorf("an unpaid article's feed content marks a link sponsored: %s", it.Content)
				}
			}
		})
	}
}

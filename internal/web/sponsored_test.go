package web_test

import (
	"regexp"
	"strings"
	"testing"

	"warta/internal/model"
	"warta/internal/sanitize"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
)

// outLink is the opening tag of a link to another site.
var outLink = regexp.MustCompile(`<a [^>]*href="(?:https?:)?//[^"]*"[^>]*>`)

// TestSponsoredArticleLinksOut: every link out of a paid article's own
// content (its text, a caption, a card for a post elsewhere, its video
// card, its source) carries rel="sponsored", as search engines ask of
// paid links; the same article unpaid has no such rel, and links within
// the site never get it.
func TestSponsoredArticleLinksOut(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			photo := storetest.Image(t, st)
			body := `<p>Promo <a href="https://brand.example/promo">diskon</a>, lihat juga <a href="/tentang/">kami</a>.</p>
<figure class="image"><img src="` + photo.URL() + `" alt="Produk" width="1200" height="800"><figcaption>Produk <a href="https://brand.example/produk">baru</a></figcaption></figure>
<figure class="embed" data-provider="youtube"><figcaption><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">Iklan</a></figcaption></figure>`
			story := func(slug string, sponsored bool) string {
				a := storetest.Post(t, st, func(a *model.Article) {
					a.Slug, a.Sponsored = slug, sponsored
					a.BodyHTML = sanitize.ArticleHTML(body)
					a.PublishedAt = published
					a.Embeds = []model.Embed{{Provider: "youtube", URL: "https://www.youtube.com/watch?v=9bZkp7q19f0",
						EmbedURL: "https://www.youtube-nocookie.com/embed/9bZkp7q19f0", Title: "Video promosi"}}
					a.SourceName, a.SourceURL = "Brand", "https://brand.example/rilis"
				})
				return a.Path(model.Permalinks{Loc: jakarta(t)})
			}
			paid, unpaid := story("promo-diskon", true), story("kabar-diskon", false)
			w := newSite(t, st, nil).Client()

			page := scenario.Element(w.Get(t, paid).Body, `class="article"`)
			links := outLink.FindAllString(page, -1)
			want := []string{"https://brand.example/promo", "https://brand.example/produk", "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
				"https://www.youtube.com/watch?v=9bZkp7q19f0", "https://brand.example/rilis"}
			for _, u := range want {
				if !strings.Contains(strings.Join(links, "\n"), `href="`+u+`"`) {
					t.Errorf("the paid article's page has no link to %s:\n%s", u, page)
				}
			}
			for _, l := range links {
				if !strings.Contains(l, `rel="sponsored noopener"`) {
					t.Errorf("a link out of the paid article lacks rel=\"sponsored noopener\": %s", l)
				}
			}
			if l := regexp.MustCompile(`<a [^>]*href="/tentang/"[^>]*>`).FindString(page); l == "" || strings.Contains(l, "sponsored") {
				t.Errorf("the link within the site reads %q, want it there without rel=sponsored", l)
			}

			page = scenario.Element(w.Get(t, unpaid).Body, `class="article"`)
			if n := len(outLink.FindAllString(page, -1)); n != len(want) {
				t.Errorf("the unpaid article's page has %d links out, want %d", n, len(want))
			}
			if strings.Contains(page, "sponsored") {
				t.Errorf("the unpaid article's page marks something sponsored:\n%s", page)
			}
		})
	}
}

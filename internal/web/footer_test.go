package web_test

import (
	"net/http"
	"testing"

	"warta/internal/model"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
)

// Every page's footer names the newsroom with its own lines, lists the
// sections that hold stories, links the pages an editor set on other
// platforms (and only those) and the site's feeds, in the site's language.
func TestFooter(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			city := storetest.Term(t, st, model.TaxonomyCategory, "Kota")
			storetest.Term(t, st, model.TaxonomyCategory, "Kosong") // no story: not listed
			a := storetest.Post(t, st, func(a *model.Article) { a.Title, a.Categories = "Tanggul jebol", []model.Term{*city} })
			s := newSite(t, st, func(s *model.Settings) {
				s.FooterText = "Redaksi Kabar Uji\nJalan Pantai 1"
				s.Social = model.Social{Instagram: "https://www.instagram.com/kabaruji", WhatsApp: "https://whatsapp.com/channel/0029Va"}
			}).Client()
			want := []string{
				"<p class=\"footer-about\">Redaksi Kabar Uji\nJalan Pantai 1</p>",
				"<h2 class=\"footer-title\" id=\"footer-sections\">Rubrik</h2>\n<ul class=\"footer-links\">\n<li><a href=\"/category/kota/\">Kota</a></li>\n</ul>",
				"<h2 class=\"footer-title\" id=\"footer-social\">Ikuti kami</h2>\n<ul class=\"footer-links\">\n" +
					"<li><a href=\"https://www.instagram.com/kabaruji\" rel=\"me noopener\">Instagram</a></li>\n" +
					"<li><a href=\"https://whatsapp.com/channel/0029Va\" rel=\"me noopener\">Saluran WhatsApp</a></li>\n</ul>",
				`<a href="https://warta.example/feed/" type="application/rss+xml">RSS</a>`,
				`<a href="https://warta.example/feed/atom/" type="application/atom+xml">Atom</a>`,
				`<a href="https://warta.example/feed.json" type="application/feed+json">JSON Feed</a>`,
			}
			for path, status := range map[string]int{"/": http.StatusOK, a.Path(model.Permalinks{Loc: model.DefaultSettings().Location()}): http.StatusOK,
				"/halaman-yang-tidak-ada/": http.StatusNotFound} {
				body := s.Do(t, scenario.Scenario{Name: path, URL: path, ExpectedStatus: status}).Body
				scenario.Contains(t, body, want...)
				scenario.Lacks(t, body, "/category/kosong/\">Kosong</a></li>\n</ul>\n</nav>", "Facebook", "TikTok")
			}
		})
	}
}

package web_test

import (
	"testing"

	"warta/internal/model"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
)

// A page and its translation are one item of the navigation: the one in
// the site's language.
func TestNavigationListsATranslatedPageOnce(t *testing.T) {
	st := storetest.New(t)
	for _, p := range []struct{ slug, title, lang string }{{"tentang-kami", "Tentang kami", "id"}, {"about", "About", "en"}} {
		storetest.Post(t, st, func(a *model.Article) {
			a.Type, a.Slug, a.Title, a.Lang, a.TranslationGroup = model.TypePage, p.slug, p.title, p.lang, "about"
		})
	}
	storetest.Post(t, st, func(a *model.Article) { a.Type, a.Slug, a.Title = model.TypePage, "kontak", "Kontak" })
	id := newSite(t, st, nil).Client()
	id.Run(t, scenario.Scenario{Name: "an Indonesian site shows Tentang kami, not About", URL: "/", ExpectedStatus: 200,
		ExpectedContent:    []string{`<a href="/tentang-kami/">Tentang kami</a>`, `<a href="/kontak/">Kontak</a>`},
		NotExpectedContent: []string{`<a href="/about/">About</a>`}})
	en := newSite(t, st, func(s *model.Settings) { s.Language = "en" }).Client()
	en.Run(t, scenario.Scenario{Name: "an English site shows About, not Tentang kami", URL: "/", ExpectedStatus: 200,
		ExpectedContent:    []string{`<a href="/about/">About</a>`, `<a href="/kontak/">Kontak</a>`},
		NotExpectedContent: []string{`<a href="/tentang-kami/">Tentang kami</a>`}})
}

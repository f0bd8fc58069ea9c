package web_test

import (
	"strings"
	"testing"

	"warta/internal/model"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
)

// An article written without choosing a language is in the site's, and its
// translations' hreflang links say so instead of hreflang="".
func TestHreflangOfAnArticleInTheSiteLanguage(t *testing.T) {
	st := storetest.New(t)
	plain := storetest.Post(t, st, func(a *model.Article) {
		a.Slug, a.Title, a.Lang, a.TranslationGroup = "banjir-rob", "Banjir rob surut", "", "rob"
		a.PublishedAt = published
	})
	english := storetest.Post(t, st, func(a *model.Article) {
		a.Slug, a.Title, a.Lang, a.TranslationGroup = "tidal-flood", "Tidal flood recedes", "en", "rob"
		a.PublishedAt = published
	})
	w := newSite(t, st, nil).Client()
	plainPath, enPath := plain.Path(model.Permalinks{Loc: jakarta(t)}), english.Path(model.Permalinks{Loc: jakarta(t)})
	body := w.Get(t, enPath).Body
	scenario.Contains(t, body, `<link rel="alternate" hreflang="id" href="https://warta.example`+plainPath+`">`)
	if strings.Contains(body, `hreflang=""`) {
		t.Error(`the translation's page has hreflang=""`)
	}
	scenario.Contains(t, w.Get(t, plainPath).Body, `<link rel="alternate" hreflang="id" href="https://warta.example`+plainPath+`">`,
		`<link rel="alternate" hreflang="en" href="https://warta.example`+enPath+`">`)
}

package web_test

import (
	"fmt"
	"net/http"
	"testing"

	"warta/internal/model"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
	"warta/internal/tools/testenv"
)

func TestHTMLIsValid(t *testing.T) {
	st := storetest.New(t)
	s := newStory(t, st)
	storetest.Post(t, st, func(a *model.Article) {
		a.Type = model.TypePage
		a.Slug = "about"
		a.Title = "About us"
		a.Lang = "en"
	})
	locked := storetest.Post(t, st, func(a *model.Article) { a.Password = "rahasia" })
	// The press guideline's marks: a sponsored story being verified, with a
	// correction and a right of reply; a story taken down.
	flagged := storetest.Post(t, st, func(a *model.Article) { a.Slug, a.Sponsored, a.Unverified = "promo", true, true })
	for _, c := range []*model.Correction{{Kind: model.CorrectionFix, Body: "Yang benar tiga desa.\n\nMaaf."},
		{Kind: model.CorrectionReply, Body: "Kami menolak.", Party: "Kepala Desa", StatementURL: "https://desa.example/jawab"}} {
		if err := st.InsertCorrection(t.Context(), flagged, c); err != nil {
			t.Fatal(err)
		}
	}
	gone := storetest.Post(t, st, func(a *model.Article) { a.Slug = "dicabut" })
	gonePath := gone.Path(model.Permalinks{Loc: jakarta(t)})
	if err := st.TakeDown(t.Context(), &model.Takedown{ArticleID: gone.ID, Reason: model.TakedownDewanPers, Note: "Keputusan 1/2026.",
		Path: gonePath}); err != nil {
		t.Fatal(err)
	}
	figures, _, _, _ := figureStory(t, st, "id") // images, a gallery and embed cards from the editor
	docs := map[string]string{}
	pages := map[string]string{
		"figures":   figures,
		"article":   s.path,
		"reply":     s.path + fmt.Sprintf("?replytocom=%d", s.first.ID),
		"front":     "/",
		"front-2":   "/page/2/",
		"category":  "/category/politik/",
		"tag-2":     "/tag/pemilu/page/2/",
		"author":    "/author/siti-rahma/",
		"page":      "/about/",
		"404":       "/nope/",
		"search":    "/search?q=debat+capres&category=politik",
		"search-0":  "/search",
		"search-no": "/search?q=zzzz",
		"locked":    locked.Path(model.Permalinks{Loc: jakarta(t)}),
		"flagged":   flagged.Path(model.Permalinks{Loc: jakarta(t)}),
		"gone":      gonePath,
	}
	for _, lang := range []string{"id", "en"} {
		w := newSite(t, st, func(set *model.Settings) {
			set.Language = lang
			set.ThreadDepth = 2
			set.PostsPerPage = 1
		}).Client()
		pages["corrections"] = model.CorrectionsPath(lang)
		for name, path := range pages {
			status := http.StatusOK
			switch name {
			case "404":
				status = http.StatusNotFound
			case "gone":
				status = http.StatusGone
			}
			docs[lang+" "+name+" "+path] = w.Do(t, scenario.Scenario{Name: lang + " " + name, URL: path, ExpectedStatus: status}).Body
		}
	}
	testenv.ValidateHTML(t, docs)
}

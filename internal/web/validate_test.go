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
	docs := map[string]string{}
	pages := map[string]string{
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
	}
	for _, lang := range []string{"id", "en"} {
		w := newSite(t, st, func(set *model.Settings) {
			set.Language = lang
			set.ThreadDepth = 2
			set.PostsPerPage = 1
		}).Client()
		for name, path := range pages {
			status := http.StatusOK
			if name == "404" {
				status = http.StatusNotFound
			}
			docs[lang+" "+name+" "+path] = w.Do(t, scenario.Scenario{Name: lang + " " + name, URL: path, ExpectedStatus: status}).Body
		}
	}
	testenv.ValidateHTML(t, docs)
}

package web_test

import (
	"html/template"
	"strings"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
)

func TestArticleMetadata(t *testing.T) {
	st := storetest.New(t)
	s := newStory(t, st)
	pasar := storetest.Post(t, st, func(a *model.Article) {
		a.Slug, a.Title, a.TranslationGroup = "pasar-malam", "Pasar malam kembali", "pasar"
		a.PublishedAt = published
	})
	english := storetest.Post(t, st, func(a *model.Article) {
		a.Slug, a.Title, a.Lang, a.Excerpt = "night-market", "Night market returns", "en", ""
		a.BodyHTML = template.HTML("<p>The market was <em>crowded</em> from the first evening, traders said.</p>")
		a.PublishedAt, a.TranslationGroup = published.Add(time.Hour), "pasar"
	})
	w := newSite(t, st, nil).Client()
	body := w.Get(t, s.path).Body
	idPath, enPath := pasar.Path(model.Permalinks{Loc: jakarta(t)}), english.Path(model.Permalinks{Loc: jakarta(t)})
	scenario.Contains(t, body,
		`<meta property="og:type" content="article">`,
		`<meta property="og:title" content="Debat capres memanas di Jakarta">`,
		`<meta property="og:description" content="Debat berlangsung sengit sejak menit pertama.">`,
		`<meta property="og:url" content="https://warta.example`+s.path+`">`,
		`<meta property="og:locale" content="id_ID">`,
		`<meta property="og:image" content="https://warta.example/media/`,
		`<meta property="og:image:width" content="1200">`,
		`<meta property="article:section" content="Politik">`,
		`<meta property="article:tag" content="Pemilu">`,
		`<meta property="article:published_time" content="2024-04-25T20:00:00Z">`,
		`<meta name="twitter:card" content="summary_large_image">`,
	)
	scenario.Lacks(t, body, `hreflang=`) // a story without translations
	scenario.Contains(t, w.Get(t, idPath).Body,
		`<link rel="alternate" hreflang="id" href="https://warta.example`+idPath+`">`,
		`<link rel="alternate" hreflang="en" href="https://warta.example`+enPath+`">`,
		`hreflang="en" lang="en">Night market returns</a>`)
	ld := scenario.JSONLD(t, body)
	for k, want := range map[string]string{
		"@type": "NewsArticle", "headline": "Debat capres memanas di Jakarta", "inLanguage": "id",
		"datePublished": "2024-04-25T20:00:00Z", "articleSection": "Politik", "keywords": "Pemilu",
		"mainEntityOfPage": "https://warta.example" + s.path, "isBasedOn": "https://kbn.example/debat",
	} {
		if ld[k] != want {
			t.Errorf("JSON-LD %s = %v, want %q", k, ld[k], want)
		}
	}
	authors, _ := ld["author"].([]any)
	if len(authors) != 2 || authors[0].(map[string]any)["name"] != "Budi Santoso" {
		t.Errorf("JSON-LD author %v: want the writers, not the photographer", ld["author"])
	}
	pub, _ := ld["publisher"].(map[string]any)
	logo, _ := pub["logo"].(map[string]any)
	if pub["name"] != "Warta" || !strings.HasPrefix(logo["url"].(string), "https://warta.example/static/") {
		t.Errorf("JSON-LD publisher %v", pub)
	}
	if imgs, _ := ld["image"].([]any); len(imgs) != 1 || !strings.HasPrefix(imgs[0].(string), "https://warta.example/media/") {
		t.Errorf("JSON-LD image %v", ld["image"])
	}

	// The translation links back, and without an excerpt its description is
	// the start of its text.
	body = w.Get(t, enPath).Body
	scenario.Contains(t, body, `<link rel="alternate" hreflang="id" href="https://warta.example`+idPath+`">`,
		`<meta name="description" content="The market was crowded from the first evening, traders said.">`,
		`<meta property="og:locale" content="en_US">`, `<meta name="twitter:card" content="summary">`)
	if ld := scenario.JSONLD(t, body); ld["inLanguage"] != "en" {
		t.Errorf("translation inLanguage %v", ld["inLanguage"])
	}
}

func TestListMetadata(t *testing.T) {
	st := storetest.New(t)
	newStory(t, st)
	w := newSite(t, st, func(set *model.Settings) { set.PostsPerPage = 1 }).Client()
	body := w.Get(t, "/").Body
	scenario.Contains(t, body, `<link rel="next" href="https://warta.example/page/2/">`, `<meta property="og:type" content="website">`)
	scenario.Lacks(t, body, `rel="prev"`)
	if ld := scenario.JSONLD(t, body); ld["@type"] != "WebSite" || !strings.Contains(ld["potentialAction"].(map[string]any)["target"].(string), "/search?q={search_term_string}") {
		t.Errorf("front page JSON-LD %v", ld)
	}
	body = w.Get(t, "/page/2/").Body
	scenario.Contains(t, body, `<link rel="prev" href="https://warta.example/">`)
	body = w.Get(t, "/tag/pemilu/").Body
	scenario.Contains(t, body, `<link rel="next" href="https://warta.example/tag/pemilu/page/2/">`,
		`<meta name="description" content="Tag: Pemilu – Warta">`, `<title>Tag: Pemilu – Warta</title>`)
	scenario.Contains(t, w.Get(t, "/author/siti-rahma/").Body, `<meta property="og:type" content="profile">`)
	scenario.Lacks(t, w.Get(t, "/tag/pemilu/").Body, `application/ld+json`)
}

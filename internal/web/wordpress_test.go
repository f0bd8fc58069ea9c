package web_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
)

// TestWordPressURLs asks for the URLs a WordPress site answers that warta
// has no page of its own for: its sitemaps, AMP copies, embeds and oEmbed.
func TestWordPressURLs(t *testing.T) {
	const base = "https://warta.example"
	scenario.Engines(t, scenario.Options{BaseURL: base, Settings: func(s *model.Settings) { s.Title = "Warta Kota" }},
		func(t *testing.T, s *scenario.Site) {
			rina := storetest.User(t, s.Store, "Rina Wulandari")
			post := storetest.Post(t, s.Store, func(a *model.Article) {
				a.Title, a.Slug, a.Excerpt = "Banjir di Jakarta", "banjir-di-jakarta", "Air naik setinggi lutut."
				a.PublishedAt = time.Date(2026, 11, 5, 3, 0, 0, 0, time.UTC)
				a.Bylines = []model.Byline{{User: *rina, Role: model.BylineAuthor}}
			})
			page := storetest.Post(t, s.Store, func(a *model.Article) {
				a.Type, a.Title, a.Slug = model.TypePage, "Tentang Kami", "tentang-kami"
			})
			path := post.Path(model.Permalinks{Loc: model.DefaultSettings().Location()}) // /2026/11/05/banjir-di-jakarta/
			oembed := "/wp-json/oembed/1.0/embed?url=" + url.QueryEscape(base+path)
			s.Client().Run(t,
				scenario.Scenario{Name: "WordPress's sitemap index leads to warta's", URL: "/wp-sitemap.xml",
					ExpectedStatus: 301, ExpectedHeaders: map[string]string{"Location": "/sitemap.xml"}},
				scenario.Scenario{Name: "its category sitemap leads to warta's", URL: "/wp-sitemap-taxonomies-category-1.xml",
					ExpectedStatus: 301, ExpectedHeaders: map[string]string{"Location": "/sitemap/category.xml"}},
				scenario.Scenario{Name: "its users' sitemap leads to the authors'", URL: "/wp-sitemap-users-1.xml",
					ExpectedStatus: 301, ExpectedHeaders: map[string]string{"Location": "/sitemap/author.xml"}},
				scenario.Scenario{Name: "a page of its posts' sitemap leads to the index listing warta's", URL: "/wp-sitemap-posts-post-2.xml",
					ExpectedStatus: 301, ExpectedHeaders: map[string]string{"Location": "/sitemap.xml"}},
				scenario.Scenario{Name: "an unknown wp-sitemap name is not found", URL: "/wp-sitemap-other.txt", ExpectedStatus: 404},
				scenario.Scenario{Name: "a post's AMP URL is sent to the post in one hop", URL: path + "amp/",
					ExpectedStatus: 301, ExpectedHeaders: map[string]string{"Location": path}},
				scenario.Scenario{Name: "an AMP URL under the post's bare slug is sent to the post itself", URL: "/banjir-di-jakarta/amp/",
					ExpectedStatus: 301, ExpectedHeaders: map[string]string{"Location": path}},
				scenario.Scenario{Name: "?amp=1 is sent to the post without it, other parameters kept", URL: path + "?amp=1&utm_source=x",
					ExpectedStatus: 301, ExpectedHeaders: map[string]string{"Location": path + "?utm_source=x"}},
				scenario.Scenario{Name: "a page's AMP URL is sent to the page", URL: "/tentang-kami/amp/",
					ExpectedStatus: 301, ExpectedHeaders: map[string]string{"Location": page.Path(model.Permalinks{})}},
				scenario.Scenario{Name: "AMP below nothing is not found", URL: "/tidak-ada/amp/", ExpectedStatus: 404},
				scenario.Scenario{Name: "the post's embed card may be framed by any site", URL: path + "embed/",
					ExpectedStatus: 200, ExpectedContent: []string{`<a href="` + base + path + `" target="_top">Banjir di Jakarta</a>`,
						"Air naik setinggi lutut.", `<meta name="robots" content="noindex">`},
					ExpectedHeaders: map[string]string{"X-Frame-Options": scenario.NoHeader}},
				// (html/template escapes in lower case: %3a, which is the same URL.)
				scenario.Scenario{Name: "the article announces its oEmbed endpoints", URL: path, ExpectedStatus: 200,
					ExpectedContent: []string{`<link rel="alternate" type="application/json+oembed" href="` + base + strings.ToLower(oembed) + `">`,
						`<link rel="alternate" type="text/xml+oembed" href="` + base + strings.ToLower(oembed) + `&amp;format=xml">`}},
				scenario.Scenario{Name: "the oEmbed endpoint answers as WordPress does", URL: oembed, ExpectedStatus: 200,
					ExpectedHeaders: map[string]string{"Content-Type": "application/json; charset=UTF-8"},
					ExpectedJSON: map[string]any{"version": "1.0", "type": "rich", "title": "Banjir di Jakarta",
						"provider_name": "Warta Kota", "provider_url": base, "author_name": "Rina Wulandari",
						"author_url": base + "/author/" + rina.Slug + "/", "width": 600, "height": 338}},
				scenario.Scenario{Name: "its html quotes the post and frames its embed card", URL: oembed + "&maxwidth=400", ExpectedStatus: 200,
					ExpectedContent: []string{`\u003ca href=\"` + base + path + `\"\u003eBanjir di Jakarta`, `src=\"` + base + path + `embed/\"`},
					ExpectedJSON:    map[string]any{"width": 400, "height": 225}},
				scenario.Scenario{Name: "the oEmbed endpoint answers in XML", URL: oembed + "&format=xml", ExpectedStatus: 200,
					ExpectedHeaders: map[string]string{"Content-Type": "text/xml; charset=UTF-8"},
					ExpectedContent: []string{"<oembed><version>1.0</version>", "<title>Banjir di Jakarta</title>", "&lt;blockquote"}},
				scenario.Scenario{Name: "a ?p= link is embedded too", URL: "/wp-json/oembed/1.0/embed?url=" + url.QueryEscape(base+"/?p="+strconv.FormatInt(post.ID, 10)),
					ExpectedStatus: 200, ExpectedJSON: map[string]any{"title": "Banjir di Jakarta"}},
				scenario.Scenario{Name: "a URL of another site is not found", URL: "/wp-json/oembed/1.0/embed?url=" + url.QueryEscape("https://other.example"+path),
					ExpectedStatus: 404, ExpectedJSON: scenario.WPError(404, "oembed_invalid_url")},
				scenario.Scenario{Name: "a URL without an article is not found", URL: "/wp-json/oembed/1.0/embed?url=" + url.QueryEscape(base+"/tidak-ada/"),
					ExpectedStatus: 404, ExpectedJSON: scenario.WPError(404, "oembed_invalid_url")},
				scenario.Scenario{Name: "a missing url is WordPress's missing parameter", URL: "/wp-json/oembed/1.0/embed",
					ExpectedStatus: 400, ExpectedJSON: scenario.WPError(400, "rest_missing_callback_param")},
			)
		})
}

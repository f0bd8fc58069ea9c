package web_test

import (
	"os"
	"path/filepath"
	"testing"

	"warta/internal/model"
	"warta/internal/tools/scenario"
	"warta/internal/wxr"
)

// TestSEOFromWordPress: an article imported with Yoast's fields shows them
// in its head, and its old slug leads to it.
func TestSEOFromWordPress(t *testing.T) {
	const export = `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Uji</title><link>https://uji.example</link><wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://uji.example</wp:base_site_url>
<wp:author><wp:author_id>2</wp:author_id><wp:author_login>sari</wp:author_login></wp:author>
<item><title>Banjir Bandung</title><link>https://uji.example/banjir-bandung/</link><dc:creator>sari</dc:creator>
<content:encoded><![CDATA[<p>Isi.</p>]]></content:encoded><wp:post_id>1</wp:post_id><wp:post_date_gmt>2024-05-02 03:00:00</wp:post_date_gmt>
<wp:post_name>banjir-bandung</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="category" nicename="berita"><![CDATA[Berita]]></category>
<wp:postmeta><wp:meta_key>_yoast_wpseo_title</wp:meta_key><wp:meta_value>%%title%% %%sep%% %%category%% %%sep%% %%sitename%%</wp:meta_value></wp:postmeta>
<wp:postmeta><wp:meta_key>_yoast_wpseo_metadesc</wp:meta_key><wp:meta_value>Banjir merendam Bandung.</wp:meta_value></wp:postmeta>
<wp:postmeta><wp:meta_key>_yoast_wpseo_canonical</wp:meta_key><wp:meta_value>https://sumber.example/banjir</wp:meta_value></wp:postmeta>
<wp:postmeta><wp:meta_key>_yoast_wpseo_meta-robots-noindex</wp:meta_key><wp:meta_value>1</wp:meta_value></wp:postmeta>
<wp:postmeta><wp:meta_key>_wp_old_slug</wp:meta_key><wp:meta_value>banjir-di-bandung</wp:meta_value></wp:postmeta>
<wp:postmeta><wp:meta_key>_yoast_wpseo_opengraph-image</wp:meta_key><wp:meta_value>https://cdn.example/og/banjir bandung.jpg</wp:meta_value></wp:postmeta>
</item></channel></rss>`
	scenario.Engines(t, scenario.Options{Settings: func(s *model.Settings) { s.Title = "Warta Kota" }}, func(t *testing.T, s *scenario.Site) {
		p := filepath.Join(t.TempDir(), "export.wxr")
		if err := os.WriteFile(p, []byte(export), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := wxr.Import(t.Context(), s.Store, p, wxr.Options{}); err != nil {
			t.Fatal(err)
		}
		s.Client().Run(t,
			scenario.Scenario{Name: "the head shows the Yoast title, description, canonical and noindex", URL: "/2024/05/02/banjir-bandung/",
				ExpectedStatus: 200, ExpectedContent: []string{"<title>Banjir Bandung – Berita – Warta Kota</title>",
					`<meta name="description" content="Banjir merendam Bandung.">`,
					`<link rel="canonical" href="https://sumber.example/banjir">`, `<meta name="robots" content="noindex">`,
					`<meta property="og:image" content="https://cdn.example/og/banjir%20bandung.jpg">`,
					`<meta name="twitter:image" content="https://cdn.example/og/banjir%20bandung.jpg">`,
					`<meta name="twitter:card" content="summary_large_image">`}},
			scenario.Scenario{Name: "the old slug's URL leads to the article", URL: "/banjir-di-bandung/",
				ExpectedStatus: 301, ExpectedHeaders: map[string]string{"Location": "/2024/05/02/banjir-bandung/"}},
		)
	})
}

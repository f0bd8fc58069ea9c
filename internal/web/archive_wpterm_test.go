package web_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"warta/internal/model"
	"warta/internal/tools/scenario"
	"warta/internal/wxr"
)

// TestCustomTaxonomyArchive: the terms of a WordPress site's custom
// taxonomy answer at the URLs WordPress gave them, paged as a category's,
// with their feeds, and the sitemaps list them.
func TestCustomTaxonomyArchive(t *testing.T) {
	var items strings.Builder
	for i := 1; i <= 7; i++ {
		region := `<category domain="wilayah" nicename="jawa-barat"><![CDATA[Jawa Barat]]></category>`
		if i == 7 {
			region = `<category domain="wilayah" nicename="sumatera-utara"><![CDATA[Sumatera Utara]]></category>`
		}
		fmt.Fprintf(&items, `<item><title>Laporan daerah %d</title><link>https://uji.example/laporan-%d/</link><dc:creator>sari</dc:creator>
<content:encoded><![CDATA[<p>Isi %d.</p>]]></content:encoded><wp:post_id>%d</wp:post_id><wp:post_date_gmt>2024-05-%02d 03:00:00</wp:post_date_gmt>
<wp:post_name>laporan-%d</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="category" nicename="berita"><![CDATA[Berita]]></category>%s</item>
`, i, i, i, i, i, i, region)
	}
	export := `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Uji</title><link>https://uji.example</link><wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://uji.example</wp:base_site_url>
<wp:author><wp:author_id>2</wp:author_id><wp:author_login>sari</wp:author_login></wp:author>
<wp:term><wp:term_id>50</wp:term_id><wp:term_taxonomy>wilayah</wp:term_taxonomy><wp:term_slug>jawa-barat</wp:term_slug><wp:term_name>Jawa Barat</wp:term_name><wp:term_description>Berita dari provinsi Jawa Barat.</wp:term_description></wp:term>
<wp:term><wp:term_id>51</wp:term_id><wp:term_taxonomy>wilayah</wp:term_taxonomy><wp:term_slug>bali</wp:term_slug><wp:term_name>Bali</wp:term_name></wp:term>
` + items.String() + `</channel></rss>`
	scenario.Engines(t, scenario.Options{Settings: func(s *model.Settings) { s.PostsPerPage = 5 }}, func(t *testing.T, s *scenario.Site) {
		p := filepath.Join(t.TempDir(), "export.wxr")
		if err := os.WriteFile(p, []byte(export), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := wxr.Import(t.Context(), s.Store, p, wxr.Options{}); err != nil {
			t.Fatal(err)
		}
		s.Client().Run(t,
			scenario.Scenario{Name: "the term's archive at WordPress's URL", URL: "/wilayah/jawa-barat/", ExpectedStatus: 200,
				ExpectedContent: []string{"<title>Jawa Barat", "<h1", "Berita dari provinsi Jawa Barat.", "Laporan daerah 6",
					"Laporan daerah 2", `href="/wilayah/jawa-barat/page/2/"`},
				NotExpectedContent: []string{"Laporan daerah 7", "Laporan daerah 1<"}},
			scenario.Scenario{Name: "its second page", URL: "/wilayah/jawa-barat/page/2/", ExpectedStatus: 200,
				ExpectedContent: []string{"Laporan daerah 1<"}, NotExpectedContent: []string{"Laporan daerah 2<", "Laporan daerah 7"}},
			scenario.Scenario{Name: "page 1 by number leads to the archive", URL: "/wilayah/jawa-barat/page/1/", ExpectedStatus: 301,
				ExpectedHeaders: map[string]string{"Location": "/wilayah/jawa-barat/"}},
			scenario.Scenario{Name: "a page past the last", URL: "/wilayah/jawa-barat/page/3/", ExpectedStatus: 404},
			scenario.Scenario{Name: "another term of the taxonomy", URL: "/wilayah/sumatera-utara/", ExpectedStatus: 200,
				ExpectedContent: []string{"Laporan daerah 7"}, NotExpectedContent: []string{"Laporan daerah 6"}},
			scenario.Scenario{Name: "a term with no post yet is an empty archive", URL: "/wilayah/bali/", ExpectedStatus: 200,
				ExpectedContent: []string{"<title>Bali"}},
			scenario.Scenario{Name: "an unknown term", URL: "/wilayah/papua/", ExpectedStatus: 404},
			scenario.Scenario{Name: "the term's feed, as WordPress names it", URL: "/wilayah/jawa-barat/feed/", ExpectedStatus: 200,
				ExpectedHeaders:    map[string]string{"Content-Type": "application/rss+xml; charset=utf-8"},
				ExpectedContent:    []string{"<title>Warta – Jawa Barat</title>", "<title>Laporan daerah 6</title>", "<title>Laporan daerah 1</title>"},
				NotExpectedContent: []string{"Laporan daerah 7"}},
			scenario.Scenario{Name: "and in Atom", URL: "/wilayah/sumatera-utara/feed/atom/", ExpectedStatus: 200,
				ExpectedContent: []string{"Laporan daerah 7"}, NotExpectedContent: []string{"Laporan daerah 6"}},
			scenario.Scenario{Name: "an unknown term has no feed", URL: "/wilayah/papua/feed/", ExpectedStatus: 404},
			scenario.Scenario{Name: "the sitemap index names the taxonomies' sitemap", URL: "/sitemap.xml", ExpectedStatus: 200,
				ExpectedContent: []string{"/sitemap/taxonomies.xml</loc>"}},
			scenario.Scenario{Name: "which lists the terms with posts", URL: "/sitemap/taxonomies.xml", ExpectedStatus: 200,
				ExpectedContent:    []string{"/wilayah/jawa-barat/</loc>", "/wilayah/sumatera-utara/</loc>", "<lastmod>2024-05-06T03:00:00Z</lastmod>"},
				NotExpectedContent: []string{"/wilayah/bali/"}},
			scenario.Scenario{Name: "WordPress's sitemap of the taxonomy leads there", URL: "/wp-sitemap-taxonomies-wilayah-1.xml",
				ExpectedStatus: 301, ExpectedHeaders: map[string]string{"Location": "/sitemap/taxonomies.xml"}},
		)
	})
}

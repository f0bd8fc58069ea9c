package wxr

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
)

func meta(k, v string) string {
	return `<wp:postmeta><wp:meta_key>` + k + `</wp:meta_key><wp:meta_value><![CDATA[` + v + `]]></wp:meta_value></wp:postmeta>`
}

// fieldsExport is a site whose editors used Yoast, Rank Math, Co-Authors
// Plus, a custom taxonomy, a menu and changed a slug.
func fieldsExport(t *testing.T) string {
	return wxrFile(t, "https://uji.example",
		`<wp:author><wp:author_id>3</wp:author_id><wp:author_login>budi</wp:author_login><wp:author_display_name>Budi Santoso</wp:author_display_name></wp:author>`,
		`<wp:term><wp:term_id>50</wp:term_id><wp:term_taxonomy>wilayah</wp:term_taxonomy><wp:term_slug>jawa-barat</wp:term_slug><wp:term_name>Jawa Barat</wp:term_name><wp:term_description>Provinsi.</wp:term_description></wp:term>`,
		`<wp:term><wp:term_id>40</wp:term_id><wp:term_taxonomy>nav_menu</wp:term_taxonomy><wp:term_slug>utama</wp:term_slug><wp:term_name>Menu utama</wp:term_name></wp:term>`,
		postItem("1", "banjir-bandung", "sari", "<p>Isi.</p>",
			meta("_yoast_wpseo_title", "%%title%% %%sep%% Liputan %%sitename%%")+meta("_yoast_wpseo_metadesc", "Banjir merendam Bandung.")+
				meta("_yoast_wpseo_canonical", "https://sumber.example/banjir")+meta("_yoast_wpseo_meta-robots-noindex", "1")+
				meta("_yoast_wpseo_twitter-image", "https://uji.example/wp-content/uploads/2024/05/twitter.jpg")+
				meta("_yoast_wpseo_opengraph-image", "https://uji.example/wp-content/uploads/2024/05/banjir-og.jpg")+
				meta("_wp_old_slug", "banjir-di-bandung")+
				`<category domain="author" nicename="cap-sari"><![CDATA[sari]]></category><category domain="author" nicename="cap-budi"><![CDATA[budi]]></category>`+
				`<category domain="wilayah" nicename="jawa-barat"><![CDATA[Jawa Barat]]></category>`),
		postItem("2", "rank-math", "budi", "<p>Isi.</p>",
			meta("rank_math_title", "%title% %sep% Khusus")+meta("rank_math_description", "Deskripsi Rank Math.")+
				meta("rank_math_robots", `a:1:{i:0;s:7:"noindex";}`)+meta("rank_math_twitter_image", "https://cdn.example/rm-tw.png")),
		`<item><title>Beranda</title><wp:post_id>90</wp:post_id><wp:status>publish</wp:status><wp:post_type>nav_menu_item</wp:post_type><wp:menu_order>1</wp:menu_order>
<category domain="nav_menu" nicename="utama"><![CDATA[Menu utama]]></category>`+meta("_menu_item_type", "custom")+meta("_menu_item_url", "https://uji.example/")+`</item>`,
		`<item><title></title><wp:post_id>91</wp:post_id><wp:status>publish</wp:status><wp:post_type>nav_menu_item</wp:post_type><wp:menu_order>2</wp:menu_order>
<category domain="nav_menu" nicename="utama"><![CDATA[Menu utama]]></category>`+meta("_menu_item_type", "post_type")+meta("_menu_item_object", "post")+
			meta("_menu_item_object_id", "1")+meta("_menu_item_menu_item_parent", "90")+`</item>`,
	)
}

func TestImportKeepsEditorsFields(t *testing.T) {
	ctx := context.Background()
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			rep, err := Import(ctx, st, fieldsExport(t), Options{})
			if err != nil {
				t.Fatal(err)
			}
			check := func(t *testing.T, step string) {
				a, err := st.PublishedArticle(ctx, model.TypePost, "banjir-bandung")
				if err != nil {
					t.Fatal(err)
				}
				seo, err := st.ArticleSEO(ctx, a.ID)
				if err != nil {
					t.Fatal(err)
				}
				want := model.SEO{Title: "%%title%% %%sep%% Liputan %%sitename%%", Description: "Banjir merendam Bandung.",
					Canonical: "https://sumber.example/banjir", NoIndex: true,
					Image: "https://uji.example/wp-content/uploads/2024/05/banjir-og.jpg"}
				if seo != want {
					t.Errorf("%s: Yoast fields %+v, want %+v", step, seo, want)
				}
				if len(a.Bylines) != 2 || a.Bylines[0].User.Slug != "sari" || a.Bylines[1].User.Slug != "budi" {
					t.Errorf("%s: bylines %+v, want sari then budi", step, a.Bylines)
				}
				terms, err := st.ArticleWPTerms(ctx, a.ID)
				if err != nil || len(terms) != 1 || terms[0].Name != "Jawa Barat" || terms[0].Taxonomy != "wilayah" || terms[0].Description != "Provinsi." {
					t.Errorf("%s: custom terms %+v (%v)", step, terms, err)
				}
				// Its archive lists the post; the sitemap lists the archive.
				if len(terms) == 1 {
					list, n, err := st.PublishedArticles(ctx, store.ListQuery{WPTermID: terms[0].ID})
					if err != nil || n != 1 || len(list) != 1 || list[0].ID != a.ID {
						t.Errorf("%s: the term's archive lists %d of %d (%v), want banjir-bandung", step, len(list), n, err)
					}
				}
				if sm, err := st.SitemapWPTerms(ctx); err != nil || len(sm) != 1 || sm[0].Taxonomy != "wilayah" || sm[0].Slug != "jawa-barat" {
					t.Errorf("%s: sitemap of custom terms %+v (%v)", step, sm, err)
				}
				b, _ := st.PublishedArticle(ctx, model.TypePost, "rank-math")
				seo, _ = st.ArticleSEO(ctx, b.ID)
				if seo != (model.SEO{Title: "%title% %sep% Khusus", Description: "Deskripsi Rank Math.", NoIndex: true,
					Image: "https://cdn.example/rm-tw.png"}) {
					t.Errorf("%s: Rank Math fields %+v", step, seo)
				}
			}
			check(t, "after the import")
			if rep.CustomTerms["wilayah"] != 1 || rep.Menus != 1 || rep.MenuItems != 2 {
				t.Errorf("report: custom terms %v, %d menus with %d items", rep.CustomTerms, rep.Menus, rep.MenuItems)
			}
			if to := redirectTo(t, st, "/banjir-di-bandung/"); to != "/2024/05/02/banjir-bandung/" {
				t.Errorf("the old slug's permalink leads to %q", to)
			}
			if to := redirectTo(t, st, "/2024/05/02/banjir-di-bandung/"); to != "/2024/05/02/banjir-bandung/" {
				t.Errorf("the old slug under warta's structure leads to %q", to)
			}
			menus, err := st.WPMenus(ctx)
			if err != nil || len(menus) != 1 || len(menus[0].Items) != 2 || menus[0].Items[0].URL != "https://uji.example/" ||
				menus[0].Items[1].ObjectType != "post" || menus[0].Items[1].ObjectKey != "1" || menus[0].Items[1].ParentWPID != 90 {
				t.Errorf("menus %+v (%v)", menus, err)
			}
			// The imported menu is the site's navigation: the post it links,
			// nested under "Beranda", by its path on warta.
			nav, err := st.Menu(ctx, "id")
			if err != nil || nav.Source != "utama" || len(nav.Items) != 2 || nav.Items[0].Label != "Beranda" || nav.Items[0].Depth != 0 ||
				nav.Items[1].Kind != model.MenuCustom || nav.Items[1].URL != "/2024/05/02/banjir-bandung/" || nav.Items[1].Depth != 1 {
				t.Errorf("site menu %+v (%v)", nav, err)
			}

			// Exported and imported again elsewhere, nothing is lost.
			var buf bytes.Buffer
			if err := Export(ctx, st, &buf, "https://warta.example", nil); err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(t.TempDir(), "again.wxr")
			if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
				t.Fatal(err)
			}
			st = eng.New(t)
			if _, err := Import(ctx, st, p, Options{}); err != nil {
				t.Fatal(err)
			}
			check(t, "after an export and an import")
			// The menu came along as WordPress's importer reads it: its
			// post link names the post by its id in the file.
			for _, want := range []string{"<wp:term_taxonomy><![CDATA[nav_menu]]></wp:term_taxonomy>",
				"<wp:post_type><![CDATA[nav_menu_item]]></wp:post_type>", `<category domain="nav_menu" nicename="utama">`,
				"<wp:meta_key><![CDATA[_menu_item_type]]></wp:meta_key><wp:meta_value><![CDATA[post_type]]></wp:meta_value>",
				// The custom taxonomy's term, declared and carried by its post.
				"<wp:term_taxonomy><![CDATA[wilayah]]></wp:term_taxonomy>", "<wp:term_slug><![CDATA[jawa-barat]]></wp:term_slug>",
				`<category domain="wilayah" nicename="jawa-barat"><![CDATA[Jawa Barat]]></category>`} {
				if !bytes.Contains(buf.Bytes(), []byte(want)) {
					t.Errorf("the export lacks %s", want)
				}
			}
			menus, err = st.WPMenus(ctx)
			if err != nil || len(menus) != 1 || menus[0].Slug != "utama" || menus[0].Name != "Menu utama" || len(menus[0].Items) != 2 {
				t.Fatalf("menus after the round trip %+v (%v)", menus, err)
			}
			home, post := menus[0].Items[0], menus[0].Items[1]
			if home.URL != "https://uji.example/" || home.Title != "Beranda" || post.ObjectType != "post" || post.ParentWPID != home.WPID {
				t.Errorf("menu items after the round trip %+v", menus[0].Items)
			}
			wpID, _ := strconv.ParseInt(post.ObjectKey, 10, 64)
			id, err := st.ImportedByWPID(ctx, "post", wpID)
			if a, _ := st.PublishedArticle(ctx, model.TypePost, "banjir-bandung"); err != nil || a == nil || a.ID != id {
				t.Errorf("the menu's post link leads to article %d (%v), not banjir-bandung", id, err)
			}
		})
	}
}

// TestSEOEditedInTheNewsroomTravels: the SEO fields an editor sets in
// warta go out as Yoast's keys and come back from them.
func TestSEOEditedInTheNewsroomTravels(t *testing.T) {
	ctx := context.Background()
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			want := model.SEO{Title: "Banjir rob di pesisir %%sep%% %%sitename%%", Description: "Air laut naik setinggi lutut.",
				Canonical: "https://sumber.example/rob", NoIndex: true, Image: "/media/2024/05/rob.jpg"}
			seo := want
			a := storetest.Post(t, st, func(a *model.Article) { a.Slug, a.SEO = "banjir-rob", &seo })
			var buf bytes.Buffer
			if err := Export(ctx, st, &buf, "https://warta.example", nil); err != nil {
				t.Fatal(err)
			}
			for _, kv := range [][2]string{{"_yoast_wpseo_title", want.Title}, {"_yoast_wpseo_metadesc", want.Description},
				{"_yoast_wpseo_canonical", want.Canonical}, {"_yoast_wpseo_meta-robots-noindex", "1"},
				{"_yoast_wpseo_opengraph-image", "https://warta.example/media/2024/05/rob.jpg"}} {
				m := "<wp:meta_key><![CDATA[" + kv[0] + "]]></wp:meta_key><wp:meta_value><![CDATA[" + kv[1] + "]]></wp:meta_value>"
				if !bytes.Contains(buf.Bytes(), []byte(m)) {
					t.Errorf("the export lacks %s", m)
				}
			}
			p := filepath.Join(t.TempDir(), "seo.wxr")
			if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
				t.Fatal(err)
			}
			other := eng.New(t)
			if _, err := Import(ctx, other, p, Options{}); err != nil {
				t.Fatal(err)
			}
			b, err := other.PublishedArticle(ctx, model.TypePost, a.Slug)
			if err != nil {
				t.Fatal(err)
			}
			// The image comes back as the absolute URL Yoast keeps.
			want.Image = "https://warta.example/media/2024/05/rob.jpg"
			if got, err := other.ArticleSEO(ctx, b.ID); err != nil || got != want {
				t.Errorf("after the round trip: %+v (%v), want %+v", got, err, want)
			}
		})
	}
}

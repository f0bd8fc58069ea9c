package wxr

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"warta/internal/media"
	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
)

// wxrFile writes a WXR 1.2 export of the site at base with the given
// items (raw <item> XML) and returns its path.
func wxrFile(t *testing.T, base string, items ...string) string {
	t.Helper()
	doc := `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Uji</title><link>` + base + `</link><language>id-ID</language><wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>` + base + `</wp:base_site_url><wp:base_blog_url>` + base + `</wp:base_blog_url>
<wp:author><wp:author_id>2</wp:author_id><wp:author_login><![CDATA[sari]]></wp:author_login><wp:author_display_name><![CDATA[Sari Wulandari]]></wp:author_display_name></wp:author>
` + strings.Join(items, "\n") + `
</channel></rss>`
	p := filepath.Join(t.TempDir(), "export.wxr")
	if err := os.WriteFile(p, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// postItem is a published post; id "" leaves wp:post_id out.
func postItem(id, slug, creator, body, extra string) string {
	idTag := ""
	if id != "" {
		idTag = "<wp:post_id>" + id + "</wp:post_id>"
	}
	return `<item><title>` + slug + `</title><link>https://uji.example/` + slug + `/</link><dc:creator>` + creator + `</dc:creator>
<guid isPermaLink="false">https://uji.example/?p=` + slug + `</guid><content:encoded><![CDATA[` + body + `]]></content:encoded>
` + idTag + `<wp:post_date>2024-05-02 10:00:00</wp:post_date><wp:post_date_gmt>2024-05-02 03:00:00</wp:post_date_gmt>
<wp:post_name>` + slug + `</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>` + extra + `
<wp:comment><wp:comment_author>Pembaca ` + slug + `</wp:comment_author><wp:comment_content>Komentar.</wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_date_gmt>2024-05-03 03:00:00</wp:comment_date_gmt></wp:comment></item>`
}

func attachmentItem(id, rel, base string) string {
	return `<item><title>` + rel + `</title><link>` + base + `/?attachment_id=` + id + `</link><dc:creator>sari</dc:creator>
<wp:post_id>` + id + `</wp:post_id><wp:post_date_gmt>2024-05-02 03:00:00</wp:post_date_gmt><wp:status>inherit</wp:status><wp:post_type>attachment</wp:post_type>
<wp:attachment_url>` + base + `/wp-content/uploads/` + rel + `</wp:attachment_url>
<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value>` + rel + `</wp:meta_value></wp:postmeta></item>`
}

func TestNothingLost(t *testing.T) {
	ctx := context.Background()
	t.Run("items without wp:post_id are seven posts, with their own comments, and a second import adds nothing", func(t *testing.T) {
		st := storetest.New(t)
		var items []string
		for i := range 7 {
			items = append(items, postItem("", fmt.Sprintf("kabar-%d", i), "sari", "<p>Isi.</p>", ""))
		}
		p := wxrFile(t, "https://uji.example", items...)
		rep, err := Import(ctx, st, p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Imported["post"] != 7 || rep.Updated["post"] != 0 || rep.Imported["comment"] != 7 {
			t.Errorf("imported %v, updated %v", rep.Imported, rep.Updated)
		}
		arts, total, err := st.PublishedArticles(ctx, store.ListQuery{Limit: 20})
		if err != nil || total != 7 {
			t.Fatalf("%d published posts, want 7 (%v)", total, err)
		}
		for _, a := range arts {
			cs, _ := st.AllComments(ctx, a.ID)
			if len(cs) != 1 || cs[0].AuthorName != "Pembaca "+a.Slug {
				t.Errorf("%s has comments %+v, want its own one", a.Slug, cs)
			}
		}
		if _, err := st.RedirectFor(ctx, "/?p=0"); err == nil {
			t.Error("a ?p=0 redirect was written for items without ids")
		}
		again, err := Import(ctx, st, p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if again.Imported["post"]+again.Updated["post"]+again.Imported["comment"] != 0 || again.Skipped["post"] != 7 {
			t.Errorf("second import: imported %v, updated %v, skipped %v", again.Imported, again.Updated, again.Skipped)
		}
	})
	t.Run("a malformed dc:creator and a display name are the export's author", func(t *testing.T) {
		st := storetest.New(t)
		p := wxrFile(t, "https://uji.example",
			postItem("1", "satu", "&gt;sari", "<p>Isi.</p>", ""),
			postItem("2", "dua", "Sari Wulandari", "<p>Isi.</p>", ""))
		rep, err := Import(ctx, st, p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Imported["user"] != 1 {
			t.Errorf("imported %d users, want only sari", rep.Imported["user"])
		}
		for _, slug := range []string{"satu", "dua"} {
			a, err := st.PublishedArticle(ctx, model.TypePost, slug)
			if err != nil {
				t.Fatal(err)
			}
			if len(a.Bylines) != 1 || a.Bylines[0].User.Slug != "sari" {
				t.Errorf("%s is by %+v, want sari", slug, a.Bylines)
			}
		}
	})
	t.Run("without --uploads no medium is made without its file, and the report counts them", func(t *testing.T) {
		st := storetest.New(t)
		p := wxrFile(t, "https://uji.example",
			attachmentItem("10", "2024/04/pasar-pagi.png", "https://uji.example"),
			postItem("1", "satu", "sari", `<p><img src="https://uji.example/wp-content/uploads/2024/04/pasar-pagi.png"></p>`,
				`<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>10</wp:meta_value></wp:postmeta>`))
		rep, err := Import(ctx, st, p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		list, _, err := st.MediaLibrary(ctx, 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 0 || rep.Imported["attachment"] != 0 || rep.Skipped["attachment"] != 1 {
			t.Errorf("media %+v, imported %d, skipped %d", list, rep.Imported["attachment"], rep.Skipped["attachment"])
		}
		if sc := rep.SkipCounts(); len(sc) == 0 || sc[0].Reason.Key != "wxr.skip.no_file" {
			t.Errorf("skip counts %+v do not say why", sc)
		}
		a, _ := st.PublishedArticle(ctx, model.TypePost, "satu")
		if a.FeaturedImage != nil {
			t.Errorf("featured image %+v has no file", a.FeaturedImage)
		}
	})
	t.Run("images on other hosts are counted by host, and fetched with FetchMedia", func(t *testing.T) {
		png, err := os.ReadFile("testdata/uploads/2024/04/perahu.png")
		if err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		var asked []string
		serve := func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			asked = append(asked, r.URL.Path)
			mu.Unlock()
			if strings.HasSuffix(r.URL.Path, "hilang.png") {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "image/png")
			w.Write(png)
		}
		old := httptest.NewServer(http.HandlerFunc(serve)) // the old site
		defer old.Close()
		cdn := httptest.NewServer(http.HandlerFunc(serve)) // files.wordpress.com, say
		defer cdn.Close()
		cdnHost := strings.TrimPrefix(cdn.URL, "http://")
		p := wxrFile(t, old.URL,
			attachmentItem("10", "2024/04/perahu.png", old.URL),
			attachmentItem("11", "2024/04/hilang.png", old.URL),
			postItem("1", "satu", "sari", `<p><img src="`+cdn.URL+`/foto/kapal.png" alt="Kapal"></p><p><img src="`+old.URL+`/wp-content/uploads/2024/04/perahu.png"></p>`,
				`<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>10</wp:meta_value></wp:postmeta>`))

		st := storetest.New(t)
		rep, err := Import(ctx, st, p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if rep.RemoteImages[cdnHost] != 1 || len(asked) != 0 {
			t.Errorf("remote images %v (asked %v); want the CDN's one counted and nothing fetched", rep.RemoteImages, asked)
		}

		st, dir := storetest.New(t), t.TempDir()
		rep, err = Import(ctx, st, p, Options{FetchMedia: true, Media: media.NewFolder(dir), HTTPClient: old.Client()})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Fetched != 2 || rep.FetchFailed != 1 || len(rep.RemoteImages) != 0 || rep.Imported["attachment"] != 1 {
			t.Errorf("fetched %d, failed %d, remote %v, attachments %d", rep.Fetched, rep.FetchFailed, rep.RemoteImages, rep.Imported["attachment"])
		}
		for _, rel := range []string{"2024/04/perahu.png", "remote/" + cdnHost + "/foto/kapal.png"} {
			if got, err := os.ReadFile(filepath.Join(dir, rel)); err != nil || string(got) != string(png) {
				t.Errorf("%s not carried: %v", rel, err)
			}
		}
		a, _ := st.PublishedArticle(ctx, model.TypePost, "satu")
		body := string(a.BodyHTML)
		if !strings.Contains(body, `src="/media/remote/`+cdnHost+`/foto/kapal.png"`) || !strings.Contains(body, `src="/media/2024/04/perahu.png"`) {
			t.Errorf("body %s does not show the carried images", body)
		}
		if a.FeaturedImage == nil || a.FeaturedImage.Path != "2024/04/perahu.png" || a.FeaturedImage.Width == 0 {
			t.Errorf("featured image %+v", a.FeaturedImage)
		}
	})
}

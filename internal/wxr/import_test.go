package wxr

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"warta/internal/media"
	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
)

const fullSite = "https://kabar.example"

// articleOf returns the article an import made of WordPress post wpID.
func articleOf(t *testing.T, st *store.Store, site, wpID string) *model.Article {
	t.Helper()
	ctx := context.Background()
	id, err := st.ImportedID(ctx, site, "post", wpID)
	if err != nil {
		t.Fatalf("post %s: %v", wpID, err)
	}
	a, err := st.ArticleByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func redirectTo(t *testing.T, st *store.Store, from string) string {
	t.Helper()
	r, err := st.RedirectFor(context.Background(), from)
	if err != nil {
		t.Errorf("redirect from %s: %v", from, err)
		return ""
	}
	if r.Status != 301 {
		t.Errorf("redirect from %s has status %d, want 301", from, r.Status)
	}
	return r.ToPath
}

func TestImportFull(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			ctx := context.Background()
			st := eng.New(t)
			media := t.TempDir()
			rep, err := Import(ctx, st, "testdata/full.wxr", Options{UploadsDir: "testdata/uploads", Media: mediaFolder(media)})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Imported["post"] != 9 || rep.Imported["attachment"] != 2 || rep.Imported["comment"] != 8 ||
				rep.Imported["user"] != 2 || rep.Imported["term"] != 4 {
				t.Errorf("imported = %v, want 9 posts and pages, 2 attachments, 8 comments, 2 users, 4 terms", rep.Imported)
			}
			var reasons []string
			for _, s := range rep.Skips {
				reasons = append(reasons, s.Kind+" "+s.Key+": "+s.Reason.String())
			}
			// The nav_menu term is kept as a menu (rep.Menus); its item 109 names no menu.
			if rep.Menus != 1 {
				t.Errorf("kept %d menus, want menu-utama", rep.Menus)
			}
			for _, want := range []string{"post 108: status \"auto-draft\"", "post 109: a menu item in no menu"} {
				if !slices.ContainsFunc(reasons, func(r string) bool { return strings.HasPrefix(r, want) }) {
					t.Errorf("skips %q do not name %q", reasons, want)
				}
			}

			t.Run("authors must set a password", func(t *testing.T) {
				u, err := st.UserByLogin(ctx, "budi")
				if err != nil {
					t.Fatal(err)
				}
				if u.PasswordHash != "" || u.DisplayName != "Budi Santoso" || u.Email != "budi@kabar.example" {
					t.Errorf("budi = %+v", u)
				}
			})

			a := articleOf(t, st, fullSite, "101")
			t.Run("classic post", func(t *testing.T) {
				if a.Status != model.StatusPublished || !a.Sticky || a.Title != "Harga ikan naik menjelang musim angin barat" {
					t.Errorf("post = %s %v %q", a.Status, a.Sticky, a.Title)
				}
				if got := a.PublishedAt.Format("2006-01-02 15:04"); got != "2024-04-26 03:00" {
					t.Errorf("published at %s UTC, want 2024-04-26 03:00", got)
				}
				body := string(a.BodyHTML)
				for _, want := range []string{
					"<p>Nelayan di Muara Angke mengeluhkan cuaca.<br/>\nHarga tongkol naik dua kali lipat.</p>",
					"Pak Darto — dengan senyum 🙂.</p>",
					`<figure class="wp-caption"><img src="/media/2024/04/pasar-pagi.png" alt="Pasar pagi" width="40" height="30"/><figcaption>Pasar ikan pada pagi hari</figcaption></figure>`,
					`<figure class="gallery"><img src="/media/2024/04/pasar-pagi.png" alt="Pasar pagi" loading="lazy"><img src="/media/2024/04/perahu.png" alt="" loading="lazy"></figure>`,
					"<pre>baris satu\n\nbaris dua</pre>",
					"Kode CDATA: ]]&gt; tetap utuh.",
				} {
					if !strings.Contains(body, want) {
						t.Errorf("body lacks %q:\n%s", want, body)
					}
				}
				if strings.Contains(body, "[") {
					t.Errorf("a shortcode is left in the body:\n%s", body)
				}
				var providers []string
				for _, e := range a.Embeds {
					providers = append(providers, e.Provider+" "+e.EmbedURL)
				}
				want := []string{"youtube https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
					"vimeo https://player.vimeo.com/video/76979871",
					"video /media/2024/04/dermaga.mp4",
					"audio /media/2024/04/wawancara.mp3"}
				if !slices.Equal(providers, want) {
					t.Errorf("embeds = %q, want %q", providers, want)
				}
				if a.Lang != "id" {
					t.Errorf("lang = %q, want the export's id-ID as id", a.Lang)
				}
				if a.Excerpt != "Harga tongkol naik." {
					t.Errorf("excerpt = %q", a.Excerpt)
				}
				var cats, tags []string
				for _, c := range a.Categories {
					cats = append(cats, c.Slug)
				}
				for _, c := range a.Tags {
					tags = append(tags, c.Slug)
				}
				slices.Sort(tags)
				if !slices.Equal(cats, []string{"perikanan"}) || !slices.Equal(tags, []string{"cuaca", "nelayan"}) {
					t.Errorf("categories %v, tags %v", cats, tags)
				}
				if len(a.Bylines) != 1 || a.Bylines[0].User.Slug != "sari" {
					t.Errorf("bylines = %+v", a.Bylines)
				}
				if a.FeaturedImage == nil || a.FeaturedImage.Path != "2024/04/pasar-pagi.png" ||
					a.FeaturedImage.Alt != "Pasar pagi" || a.FeaturedImage.Width != 40 || a.FeaturedImage.Height != 30 {
					t.Errorf("featured image = %+v", a.FeaturedImage)
				}
			})

			t.Run("attachment files are copied", func(t *testing.T) {
				got, err := os.ReadFile(filepath.Join(media, "2024", "04", "perahu.png"))
				want, _ := os.ReadFile("testdata/uploads/2024/04/perahu.png")
				if err != nil || string(got) != string(want) {
					t.Errorf("copied file: %v", err)
				}
			})

			t.Run("category hierarchy", func(t *testing.T) {
				child, err := st.TermBySlug(ctx, model.TaxonomyCategory, "perikanan")
				if err != nil {
					t.Fatal(err)
				}
				parent, err := st.TermBySlug(ctx, model.TaxonomyCategory, "ekonomi")
				if err != nil {
					t.Fatal(err)
				}
				if child.ParentID != parent.ID || parent.Description != "Harga, pasar & usaha" {
					t.Errorf("perikanan's parent = %d, want ekonomi %d; description %q", child.ParentID, parent.ID, parent.Description)
				}
				if to := redirectTo(t, st, "/?cat=11"); to != "/category/perikanan/" {
					t.Errorf("?cat=11 → %q", to)
				}
			})

			t.Run("comments keep threads, statuses and kinds", func(t *testing.T) {
				cs, err := st.AllComments(ctx, a.ID)
				if err != nil {
					t.Fatal(err)
				}
				by := map[string]model.Comment{}
				for _, c := range cs {
					by[c.AuthorName] = c
				}
				if len(cs) != 8 {
					t.Fatalf("%d comments, want 8", len(cs))
				}
				if by["Joko"].ParentID != by["Rina"].ID || by["Sari Wulandari"].ParentID != by["Joko"].ID {
					t.Errorf("thread broken: Joko→%d (Rina %d), Sari→%d (Joko %d)",
						by["Joko"].ParentID, by["Rina"].ID, by["Sari Wulandari"].ParentID, by["Joko"].ID)
				}
				u, _ := st.UserByLogin(ctx, "sari")
				if by["Sari Wulandari"].UserID != u.ID {
					t.Errorf("Sari's reply is not linked to her account")
				}
				for name, want := range map[string]model.CommentStatus{"Rina": model.CommentApproved,
					"Menunggu": model.CommentPending, "Obat murah": model.CommentSpam, "Dibuang": model.CommentTrash} {
					if by[name].Status != want {
						t.Errorf("%s: status %s, want %s", name, by[name].Status, want)
					}
				}
				if by["Blog Tetangga"].Kind != model.CommentKindPingback || by["Warta Lain"].Kind != model.CommentKindTrackback {
					t.Errorf("kinds: %s, %s", by["Blog Tetangga"].Kind, by["Warta Lain"].Kind)
				}
				if by["Rina"].AuthorEmail != "rina@contoh.example" || by["Rina"].AuthorURL != "https://rina.example" {
					t.Errorf("Rina = %+v", by["Rina"])
				}
			})

			t.Run("block post, protected, comments closed", func(t *testing.T) {
				b := articleOf(t, st, fullSite, "102")
				body := string(b.BodyHTML)
				if strings.Contains(body, "wp:") || !strings.Contains(body, "<p>Koperasi menerima <strong>tiga perahu</strong>.</p>") ||
					!strings.Contains(body, `<img src="/media/2024/04/perahu.png" alt="Perahu"/>`) {
					t.Errorf("block body:\n%s", body)
				}
				if strings.Contains(body, "<p>\n") || strings.Contains(body, "<br") {
					t.Errorf("block content got automatic paragraphs:\n%s", body)
				}
				if len(b.Embeds) != 1 || b.Embeds[0].EmbedURL != "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ" {
					t.Errorf("embeds = %+v", b.Embeds)
				}
				if b.Password != "rahasia" || b.CommentStatus != model.CommentsClosed {
					t.Errorf("password %q, comments %s", b.Password, b.CommentStatus)
				}
			})

			t.Run("every status", func(t *testing.T) {
				for wp, want := range map[string]model.Status{"103": model.StatusDraft, "104": model.StatusPending,
					"105": model.StatusScheduled, "106": model.StatusPrivate, "107": model.StatusTrash} {
					if got := articleOf(t, st, fullSite, wp); got.Status != want {
						t.Errorf("post %s: %s, want %s", wp, got.Status, want)
					}
				}
				if d := articleOf(t, st, fullSite, "103"); d.Slug != "draf-liputan" || !d.PublishedAt.IsZero() {
					t.Errorf("draft slug %q, published %v", d.Slug, d.PublishedAt)
				}
			})

			t.Run("pages with parents", func(t *testing.T) {
				team, about := articleOf(t, st, fullSite, "111"), articleOf(t, st, fullSite, "110")
				if team.Type != model.TypePage || team.ParentID != about.ID || team.MenuOrder != 2 {
					t.Errorf("team page = %s parent %d (about %d) order %d", team.Type, team.ParentID, about.ID, team.MenuOrder)
				}
				if r, err := st.RedirectFor(ctx, "/tentang/tim/"); err == nil {
					t.Errorf("the child page's URL did not change, yet redirects to %s", r.ToPath)
				}
				if to := redirectTo(t, st, "/?page_id=111"); to != "/tentang/tim/" {
					t.Errorf("?page_id=111 → %q", to)
				}
				if to := redirectTo(t, st, "/?page_id=110"); to != "/tentang/" {
					t.Errorf("?page_id=110 → %q", to)
				}
				if _, err := st.RedirectFor(ctx, "/tentang/"); !errors.Is(err, model.ErrNotFound) {
					t.Errorf("a page whose URL did not change got a redirect to itself: %v", err)
				}
			})

			t.Run("old URLs redirect", func(t *testing.T) {
				// The site's zone is Asia/Jakarta: 03:00 UTC is the same day.
				for from, want := range map[string]string{
					"/?p=101":                      "/2024/04/26/harga-ikan-naik/",
					"/?p=102":                      "/2024/04/20/perahu-baru/",
					"/2024/04/26/harga-ikan-naik":  "",
					"/2024/04/21/catatan-pribadi/": "",
					"/?p=110":                      "/tentang/",
					"/2024/04/26/harga-ikan-naik/pasar-pagi/": "/media/2024/04/pasar-pagi.png",
				} {
					if want == "" {
						if r, err := st.RedirectFor(ctx, from); err == nil {
							t.Errorf("%s redirects to %s; it is the same URL or not public", from, r.ToPath)
						}
						continue
					}
					if to := redirectTo(t, st, from); to != want {
						t.Errorf("%s → %q, want %q", from, to, want)
					}
				}
			})

			t.Run("a second import adds nothing", func(t *testing.T) {
				before, _ := st.ArticleIDs(ctx)
				rep, err := Import(ctx, st, "testdata/full.wxr", Options{UploadsDir: "testdata/uploads", Media: mediaFolder(media)})
				if err != nil {
					t.Fatal(err)
				}
				for k, n := range rep.Imported {
					if n != 0 {
						t.Errorf("second import imported %d %s", n, k)
					}
				}
				for k, n := range rep.Updated {
					if n != 0 {
						t.Errorf("second import updated %d %s", n, k)
					}
				}
				if rep.Skipped["post"] != 11 || rep.Skipped["comment"] != 8 {
					t.Errorf("skipped = %v", rep.Skipped)
				}
				after, _ := st.ArticleIDs(ctx)
				if !slices.Equal(before, after) {
					t.Errorf("articles %v became %v", before, after)
				}
				cs, _ := st.AllComments(ctx, a.ID)
				if len(cs) != 8 {
					t.Errorf("%d comments after a second import", len(cs))
				}
			})

			t.Run("a changed item is updated", func(t *testing.T) {
				src, _ := os.ReadFile("testdata/full.wxr")
				changed := strings.Replace(string(src), "Harga ikan naik menjelang musim angin barat", "Harga ikan turun lagi", 1)
				p := filepath.Join(t.TempDir(), "changed.wxr")
				os.WriteFile(p, []byte(changed), 0o600)
				rep, err := Import(ctx, st, p, Options{})
				if err != nil {
					t.Fatal(err)
				}
				if rep.Updated["post"] != 1 || rep.Imported["post"] != 0 {
					t.Errorf("imported %v, updated %v", rep.Imported, rep.Updated)
				}
				if got := articleOf(t, st, fullSite, "101"); got.Title != "Harga ikan turun lagi" || got.FeaturedImage == nil {
					t.Errorf("after update: %q, featured %v", got.Title, got.FeaturedImage)
				}
			})
		})
	}
}

func TestImportWXR10(t *testing.T) {
	ctx := context.Background()
	st := storetest.New(t)
	rep, err := Import(ctx, st, "testdata/v10.wxr", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported["user"] != 1 || rep.Imported["post"] != 1 || rep.Imported["comment"] != 1 {
		t.Errorf("imported %v", rep.Imported)
	}
	a := articleOf(t, st, "http://lama.example", "1")
	if len(a.Bylines) != 1 || a.Bylines[0].User.Login != "admin" && a.Bylines[0].User.Slug != "admin" {
		t.Errorf("bylines = %+v", a.Bylines)
	}
	if len(a.Tags) != 1 || a.Tags[0].Slug != "salam" || len(a.Categories) != 1 || a.Categories[0].Slug != "umum" {
		t.Errorf("categories %+v tags %+v", a.Categories, a.Tags)
	}
	if string(a.BodyHTML) != "<p>Selamat datang &amp; salam kenal.</p>" {
		t.Errorf("body = %q", a.BodyHTML)
	}
	if to := redirectTo(t, st, "/?p=1"); to != "/2009/05/01/tulisan-pertama/" {
		t.Errorf("?p=1 → %q", to)
	}
}

func TestImportMalformedLeavesSiteUnchanged(t *testing.T) {
	ctx := context.Background()
	st := storetest.New(t)
	_, err := Import(ctx, st, "testdata/malformed.wxr", Options{})
	var xe *Error
	if !errors.As(err, &xe) {
		t.Fatalf("error = %v, want a positioned *wxr.Error", err)
	}
	if xe.Line != 86 || xe.Column < 40 || !strings.Contains(err.Error(), "line 86, column") {
		t.Errorf("error = %v, want line 86 and the column after </titel>", err)
	}
	n, _ := st.CountArticles(ctx)
	u, _ := st.CountUsers(ctx)
	if n != 0 || u != 0 {
		t.Errorf("a malformed file left %d articles and %d users", n, u)
	}
}

// mediaFolder is the media storage of the folder dir (the tests name their
// folder variable media, after what it holds).
func mediaFolder(dir string) media.Storage { return media.NewFolder(dir) }

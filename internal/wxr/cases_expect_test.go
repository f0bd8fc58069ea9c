package wxr

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"warta/internal/store/storetest"

	"warta/internal/model"
)

func versionCase(wpID, slug string) importCase {
	return importCase{
		imported:  map[string]int{"user": 1, "term": 2, "post": 1, "comment": 1},
		redirects: map[string]string{"/?p=" + wpID: "/2024/05/02/" + slug + "/", "/?cat=3": "/category/umum/"},
		check: func(t *testing.T, c *caseRun) {
			a := c.article(t, wpID)
			if a.Slug != slug || a.Status != model.StatusPublished || string(a.BodyHTML) != "<p>Warga berkumpul di balai desa.</p>" {
				t.Errorf("post %s: %q %s %q", wpID, a.Slug, a.Status, a.BodyHTML)
			}
			if got := termSlugs(a.Categories); !slices.Equal(got, []string{"umum"}) {
				t.Errorf("categories %v", got)
			}
			if got := termSlugs(a.Tags); !slices.Equal(got, []string{"rapat"}) {
				t.Errorf("tags %v", got)
			}
			if len(a.Bylines) != 1 || a.Bylines[0].User.Slug != "sari" {
				t.Errorf("bylines %+v", a.Bylines)
			}
			if cs := c.comments(t, wpID); cs["Tamu"].Status != model.CommentApproved || strings.TrimSpace(string(cs["Tamu"].Content)) != "<p>Hadir!</p>" {
				t.Errorf("comments %+v", cs)
			}
		},
	}
}

var importCases = map[string]importCase{
	"version-10-http.wxr":  versionCase("100", "rapat-warga-10"),
	"version-10-https.wxr": versionCase("101", "rapat-warga-10"),
	"version-11-http.wxr":  versionCase("110", "rapat-warga-11"),
	"version-11-https.wxr": versionCase("111", "rapat-warga-11"),
	"version-12-http.wxr":  versionCase("120", "rapat-warga-12"),
	"version-12-https.wxr": versionCase("121", "rapat-warga-12"),

	"authors.wxr": {
		imported: map[string]int{"user": 4, "post": 2},
		check: func(t *testing.T, c *caseRun) {
			for login, want := range map[string][2]string{
				"sari": {"Sari Wulandari", "sari@uji.example"}, "budi": {"Budi Santoso", "budi@uji.example"},
				"Editor.Lama": {"Editor Lama", "lama@uji.example"}, "tamu": {"tamu", ""},
			} {
				u, err := c.st.UserByLogin(c.ctx, login)
				if err != nil {
					t.Errorf("user %s: %v", login, err)
					continue
				}
				if u.PasswordHash != "" || u.DisplayName != want[0] || u.Email != want[1] || u.Role != model.RoleAuthor {
					t.Errorf("%s = name %q email %q role %s, has password %v; want %q %q, an author who must set a password",
						login, u.DisplayName, u.Email, u.Role, u.PasswordHash != "", want[0], want[1])
				}
			}
			if b := c.article(t, "1").Bylines; len(b) != 1 || b[0].User.DisplayName != "Budi Santoso" {
				t.Errorf("post 1 bylines %+v", b)
			}
			if b := c.article(t, "2").Bylines; len(b) != 1 || b[0].User.Slug != "tamu" {
				t.Errorf("post 2 (an author the export did not declare) bylines %+v", b)
			}
		},
	},

	"categories.wxr": {
		imported:  map[string]int{"user": 1, "term": 3, "post": 1},
		redirects: map[string]string{"/?cat=11": "/category/daerah/", "/?cat=12": "/category/jakarta/", "/?cat=13": "/category/jakarta-utara/"},
		check: func(t *testing.T, c *caseRun) {
			terms := map[string]*model.Term{}
			for _, s := range []string{"daerah", "jakarta", "jakarta-utara"} {
				tm, err := c.st.TermBySlug(c.ctx, model.TaxonomyCategory, s)
				if err != nil {
					t.Fatalf("category %s: %v", s, err)
				}
				terms[s] = tm
			}
			if terms["daerah"].ParentID != 0 || terms["jakarta"].ParentID != terms["daerah"].ID || terms["jakarta-utara"].ParentID != terms["jakarta"].ID {
				t.Errorf("hierarchy: daerah→%d, jakarta→%d (daerah %d), jakarta-utara→%d (jakarta %d)",
					terms["daerah"].ParentID, terms["jakarta"].ParentID, terms["daerah"].ID, terms["jakarta-utara"].ParentID, terms["jakarta"].ID)
			}
			if d := terms["daerah"]; d.Name != "Daerah & Kota" || d.Description != "Berita dari daerah" {
				t.Errorf("daerah = %q %q", d.Name, d.Description)
			}
			if got := termSlugs(c.article(t, "1").Categories); !slices.Equal(got, []string{"daerah", "jakarta-utara"}) {
				t.Errorf("categories %v", got)
			}
		},
	},

	"tags.wxr": {
		imported:  map[string]int{"user": 1, "term": 2, "post": 1},
		redirects: map[string]string{"/?tag=banjir": "/tag/banjir/", "/?tag=tanggul": "/tag/tanggul/"},
		check: func(t *testing.T, c *caseRun) {
			tm, err := c.st.TermBySlug(c.ctx, model.TaxonomyTag, "banjir")
			if err != nil || tm.Name != "Banjir" || tm.Description != "Air & genangan" {
				t.Errorf("tag banjir = %+v, %v", tm, err)
			}
			if got := termSlugs(c.article(t, "1").Tags); !slices.Equal(got, []string{"banjir", "tanggul"}) {
				t.Errorf("tags %v", got)
			}
		},
	},

	"pages.wxr": {
		imported: map[string]int{"user": 1, "post": 4},
		redirects: map[string]string{
			// Child pages keep WordPress's nested URLs: no redirect needed.
			"/?page_id=30": "/tentang/", "/?p=30": "/tentang/", "/?page_id=32": "/tentang/redaksi/",
			"/?page_id=31": "/tentang/redaksi/jakarta/", "/tentang/": "", "/tentang/redaksi/": "",
			"/tentang/redaksi/jakarta/": "", "/?page_id=33": "",
		},
		check: func(t *testing.T, c *caseRun) {
			about, team, jkt, contact := c.article(t, "30"), c.article(t, "32"), c.article(t, "31"), c.article(t, "33")
			for _, p := range []*model.Article{about, team, jkt, contact} {
				if p.Type != model.TypePage {
					t.Errorf("%s is a %s", p.Slug, p.Type)
				}
			}
			if about.ParentID != 0 || team.ParentID != about.ID || jkt.ParentID != team.ID || contact.ParentID != about.ID {
				t.Errorf("parents: tentang→%d redaksi→%d jakarta→%d kontak→%d (ids %d %d)", about.ParentID, team.ParentID, jkt.ParentID, contact.ParentID, about.ID, team.ID)
			}
			if got := jkt.Path(model.Permalinks{}); got != "/tentang/redaksi/jakarta/" {
				t.Errorf("grandchild page path %q, want WordPress's /tentang/redaksi/jakarta/", got)
			}
			if about.MenuOrder != 1 || team.MenuOrder != 2 || jkt.MenuOrder != 3 || contact.Status != model.StatusDraft {
				t.Errorf("menu order %d %d %d, kontak %s", about.MenuOrder, team.MenuOrder, jkt.MenuOrder, contact.Status)
			}
		},
	},

	"attachments.wxr": {
		uploads:  true,
		imported: map[string]int{"user": 1, "post": 3, "attachment": 2},
		// hilang.png is not in the uploads copy: no medium is made of it
		// (it would show as a broken image), and the report says which
		// file was missing.
		skips:     []string{"attachment 203: its file is neither in the uploads folder"},
		redirects: map[string]string{"/?attachment_id=201": "/media/2024/04/pasar-pagi.png", "/?p=201": "/media/2024/04/pasar-pagi.png"},
		check: func(t *testing.T, c *caseRun) {
			a := c.article(t, "1")
			if a.FeaturedImage == nil || a.FeaturedImage.Path != "2024/04/pasar-pagi.png" || a.FeaturedImage.Alt != "Pasar pagi" ||
				a.FeaturedImage.Caption != "Pasar ikan pagi hari" || a.FeaturedImage.Width != 40 || a.FeaturedImage.Height != 30 {
				t.Errorf("featured image %+v", a.FeaturedImage)
			}
			if b := c.article(t, "2"); b.FeaturedImage == nil || b.FeaturedImage.Path != "2024/04/perahu.png" {
				t.Errorf("featured image of post 2 %+v", b.FeaturedImage)
			}
			if g := c.article(t, "3"); g.FeaturedMediaID != 0 {
				t.Errorf("post 3's featured image names no attachment in the export, got %d", g.FeaturedMediaID)
			}
			// perahu-20x15.png is no attachment's own file but a size
			// WordPress cut, which post 2 shows: it comes across too.
			if b := c.article(t, "2"); !strings.Contains(string(b.BodyHTML), `src="/media/2024/04/perahu-20x15.png"`) {
				t.Errorf("post 2's image is not shown from the media folder: %s", b.BodyHTML)
			}
			// pasar-pagi-20x15.png is a size WordPress cut of attachment
			// 201, which no post shows: it comes with its original.
			for _, rel := range []string{"2024/04/pasar-pagi.png", "2024/04/perahu.png", "2024/04/perahu-20x15.png", "2024/04/pasar-pagi-20x15.png"} {
				got, err := os.ReadFile(filepath.Join(c.media, rel))
				want, _ := os.ReadFile(filepath.Join("testdata/uploads", rel))
				if err != nil || string(got) != string(want) {
					t.Errorf("%s not copied: %v", rel, err)
				}
			}
			if !slices.ContainsFunc(c.rep.Notes, func(n Message) bool {
				return n.String() == "attachment 203: no file 2024/04/hilang.png in the uploads folder"
			}) {
				t.Errorf("notes %q do not name the missing file", c.rep.Notes)
			}
			if c.rep.Files != 4 {
				t.Errorf("copied %d files, want 4", c.rep.Files)
			}
		},
	},

	"sticky.wxr": {
		imported: map[string]int{"user": 1, "post": 2},
		check: func(t *testing.T, c *caseRun) {
			if !c.article(t, "1").Sticky || c.article(t, "2").Sticky {
				t.Errorf("sticky: post 1 %v, post 2 %v", c.article(t, "1").Sticky, c.article(t, "2").Sticky)
			}
		},
	},

	"statuses.wxr": {
		imported: map[string]int{"user": 1, "post": 7},
		redirects: map[string]string{"/?p=1": "/2024/05/02/terbit/", "/?p=2": "", "/?p=3": "", "/?p=4": "", "/?p=5": "",
			"/2024/05/02/pribadi/": "", "/?p=6": "", "/?page_id=7": ""},
		check: func(t *testing.T, c *caseRun) {
			for wp, want := range map[string]model.Status{"1": model.StatusPublished, "2": model.StatusDraft, "3": model.StatusPending,
				"4": model.StatusScheduled, "5": model.StatusPrivate, "6": model.StatusTrash, "7": model.StatusDraft} {
				if got := c.article(t, wp); got.Status != want {
					t.Errorf("post %s: %s, want %s", wp, got.Status, want)
				}
			}
			if d := c.article(t, "2"); !d.PublishedAt.IsZero() || d.Slug == "" {
				t.Errorf("draft: slug %q, published %v", d.Slug, d.PublishedAt)
			}
			if f := c.article(t, "4"); f.PublishedAt.UTC().Format("2006-01-02 15:04") != "2031-01-01 00:00" {
				t.Errorf("scheduled for %v", f.PublishedAt)
			}
			if p := c.article(t, "7"); p.Type != model.TypePage {
				t.Errorf("draft page is a %s", p.Type)
			}
		},
	},

	"password.wxr": {
		imported:  map[string]int{"user": 1, "post": 1},
		redirects: map[string]string{"/?p=1": "/2024/05/02/laporan-tertutup/"},
		check: func(t *testing.T, c *caseRun) {
			if a := c.article(t, "1"); a.Password != "kunci&rahasia" || a.Status != model.StatusPublished {
				t.Errorf("password %q, status %s", a.Password, a.Status)
			}
		},
	},

	"comments.wxr": {
		imported: map[string]int{"user": 1, "post": 1, "comment": 9},
		check: func(t *testing.T, c *caseRun) {
			by := c.comments(t, "1")
			if len(by) != 9 {
				t.Fatalf("%d comments, want 9", len(by))
			}
			if by["Rina"].ParentID != 0 || by["Joko"].ParentID != by["Rina"].ID || by["Sari Wulandari"].ParentID != by["Joko"].ID {
				t.Errorf("thread: Joko→%d (Rina %d), Sari→%d (Joko %d)", by["Joko"].ParentID, by["Rina"].ID, by["Sari Wulandari"].ParentID, by["Joko"].ID)
			}
			if by["Yatim"].ParentID != 0 {
				t.Errorf("a reply to a comment the export lacks hangs under %d, want the top level", by["Yatim"].ParentID)
			}
			u, _ := c.st.UserByLogin(c.ctx, "sari")
			if by["Sari Wulandari"].UserID != u.ID {
				t.Errorf("Sari's reply is not linked to her account")
			}
			for name, want := range map[string]model.CommentStatus{"Rina": model.CommentApproved, "Joko": model.CommentApproved,
				"Menunggu": model.CommentPending, "Obat murah": model.CommentSpam, "Dibuang": model.CommentTrash,
				"Blog Tetangga": model.CommentApproved, "Warta Lain": model.CommentApproved} {
				if by[name].Status != want {
					t.Errorf("%s: status %s, want %s", name, by[name].Status, want)
				}
			}
			for name, want := range map[string]string{"Rina": model.CommentKindComment, "Blog Tetangga": model.CommentKindPingback, "Warta Lain": model.CommentKindTrackback} {
				if by[name].Kind != want {
					t.Errorf("%s: kind %q, want %q", name, by[name].Kind, want)
				}
			}
			if r := by["Rina"]; r.AuthorEmail != "rina@contoh.example" || r.AuthorURL != "https://rina.example" ||
				r.CreatedAt.UTC().Format("2006-01-02 15:04") != "2024-05-02 05:00" {
				t.Errorf("Rina = %+v", r)
			}
		},
	},

	"autop.wxr": {
		imported: map[string]int{"user": 1, "post": 1},
		check: func(t *testing.T, c *caseRun) {
			body := string(c.article(t, "1").BodyHTML)
			for _, want := range []string{"<p>Baris pertama.<br/>\nBaris kedua.</p>", "<p>Paragraf kedua.</p>", "<ul>\n<li>satu</li>\n</ul>",
				"<pre>kode\n\nkode</pre>", "<div>kotak</div>", "<p>Akhir.</p>"} {
				if !strings.Contains(body, want) {
					t.Errorf("body lacks %q:\n%s", want, body)
				}
			}
			if strings.Contains(body, "<p><ul>") || strings.Contains(body, "<p><pre>") || strings.Contains(body, "<p></p>") {
				t.Errorf("paragraphs wrap blocks:\n%s", body)
			}
		},
	},

	"shortcodes.wxr": {
		uploads:  true,
		imported: map[string]int{"user": 1, "post": 1, "attachment": 2},
		check: func(t *testing.T, c *caseRun) {
			a := c.article(t, "1")
			body := string(a.BodyHTML)
			for _, want := range []string{
				`<figure class="wp-caption"><img src="/media/2024/04/pasar-pagi.png" alt="Pasar pagi" width="40" height="30"/><figcaption>Pasar pagi hari</figcaption></figure>`,
				`<figure class="gallery"><img src="/media/2024/04/perahu.png" alt="" loading="lazy"><img src="/media/2024/04/pasar-pagi.png" alt="Pasar pagi" loading="lazy"></figure>`,
			} {
				if !strings.Contains(body, want) {
					t.Errorf("body lacks %q:\n%s", want, body)
				}
			}
			if strings.Contains(body, "[") {
				t.Errorf("a shortcode is left:\n%s", body)
			}
			var got []string
			for _, e := range a.Embeds {
				got = append(got, e.Provider+" "+e.EmbedURL)
			}
			want := []string{"youtube https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "video /media/2024/04/dermaga.mp4", "audio /media/2024/04/wawancara.mp3"}
			if !slices.Equal(got, want) {
				t.Errorf("embeds %q, want %q", got, want)
			}
		},
	},

	"blocks.wxr": {
		imported: map[string]int{"user": 1, "post": 1},
		check: func(t *testing.T, c *caseRun) {
			a := c.article(t, "1")
			body := string(a.BodyHTML)
			for _, want := range []string{"<p>Paragraf <em>blok</em>.</p>", "<h3>Subjudul</h3>", "<p>Baris\nkedua tanpa br.</p>"} {
				if !strings.Contains(body, want) {
					t.Errorf("body lacks %q:\n%s", want, body)
				}
			}
			if strings.Contains(body, "wp:") || strings.Contains(body, "<br") || strings.Contains(body, "<!--") {
				t.Errorf("block comments or automatic breaks left:\n%s", body)
			}
			if len(a.Embeds) != 1 || a.Embeds[0].EmbedURL != "https://player.vimeo.com/video/76979871" {
				t.Errorf("embeds %+v", a.Embeds)
			}
		},
	},

	"cdata-utf8.wxr": {
		imported: map[string]int{"user": 1, "post": 1},
		check: func(t *testing.T, c *caseRun) {
			a := c.article(t, "1")
			if a.Title != "Kopi ☕ & 𝕏 — café" {
				t.Errorf("title %q", a.Title)
			}
			body := string(a.BodyHTML)
			for _, want := range []string{"Akhir CDATA: ]]&gt; tetap.", // The decoded text holds "<![CDATA[dalam]]>", which HTML reads
				// as a comment: browsers show nothing there, and neither does warta.
				"Tampak bersarang:  juga.",
				"Emoji 🇮🇩👩🏽\u200d💻, huruf 𝒜 dan e\u0301 (e + tanda gabung), Ñandú, ꦗꦮ (aksara Jawa)."} {
				if !strings.Contains(body, want) {
					t.Errorf("body lacks %q:\n%q", want, body)
				}
			}
			if a.Excerpt != "Ringkas: ]]> & 🙂" {
				t.Errorf("excerpt %q", a.Excerpt)
			}
		},
	},

	"skips.wxr": {
		imported: map[string]int{"user": 1, "post": 1},
		// The nav_menu term is kept as a menu; the menu item names none.
		skips: []string{"post 2: status \"auto-draft\"", "post 3: a menu item in no menu", "post 4: "},
	},

	"redirects.wxr": {
		imported: map[string]int{"user": 3, "term": 2, "post": 4},
		redirects: map[string]string{
			"/berita/harga-cabai.html": "/2024/05/02/harga-cabai/",
			"/?p=101":                  "/2024/05/02/harga-cabai/",
			"/?p=102":                  "/2024/05/02/tulisan-lama/",
			"/?page_id=110":            "/tentang/",
			"/?p=110":                  "/tentang/",
			"/?page_id=111":            "/tentang/kontak/",
			"/?cat=11":                 "/category/ekonomi/",
			"/?tag=harga":              "/tag/harga/",
			"/?author=3":               "/author/budi/",
			"/?author=2":               "/author/sari/",
			"/?author=5":               "", // no published posts: the link must not reveal the account
			"/tentang/":                "",
			"/tentang/kontak/":         "",
		},
	},
}

// TestImportMalformedCases: each broken file stops with its line and
// column, and the site is left as it was.
func TestImportMalformedCases(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			for file, want := range map[string]struct {
				line int
				what string
			}{
				"malformed-unclosed.wxr":  {42, "<status> inside a text field"},
				"malformed-entity.wxr":    {31, "entity"},
				"malformed-truncated.wxr": {35, "cut short"},
			} {
				t.Run(file, func(t *testing.T) {
					ctx := t.Context()
					st := eng.New(t)
					_, err := Import(ctx, st, "testdata/malformed/"+file, Options{})
					var xe *Error
					if !errors.As(err, &xe) {
						t.Fatalf("error = %v, want a positioned *wxr.Error", err)
					}
					if xe.Line != want.line || xe.Column < 1 || !strings.Contains(err.Error(), "column") || !strings.Contains(err.Error(), want.what) {
						t.Errorf("error = %v (line %d column %d), want line %d naming %q", err, xe.Line, xe.Column, want.line, want.what)
					}
					n, _ := st.CountArticles(ctx)
					u, _ := st.CountUsers(ctx)
					terms, _ := st.Terms(ctx, model.TaxonomyCategory)
					if n != 0 || u != 0 || len(terms) != 0 {
						t.Errorf("a malformed file left %d articles, %d users, %d categories", n, u, len(terms))
					}
				})
			}
		})
	}
}

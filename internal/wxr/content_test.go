package wxr

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"warta/internal/media"
	"warta/internal/model"
	"warta/internal/store/storetest"
)

func TestAutop(t *testing.T) {
	for in, want := range map[string]string{
		"Satu.\n\nDua.":                       "<p>Satu.</p>\n<p>Dua.</p>\n",
		"Baris\nbaru":                         "<p>Baris<br />\nbaru</p>\n",
		"<ul>\n<li>a</li>\n</ul>\n\nSetelah.": "<ul>\n<li>a</li>\n</ul>\n<p>Setelah.</p>\n",
		"<blockquote>Kutipan</blockquote>":    "<blockquote>Kutipan</blockquote>\n",
		"Ada<br />\nbaris":                    "<p>Ada<br />\nbaris</p>\n",
		"<pre>a\n\nb</pre>":                   "<pre>a\n\nb</pre>\n",
		"   ":                                 "",
	} {
		if got := autop(in); got != want {
			t.Errorf("autop(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestShortcodes(t *testing.T) {
	b := convertContent("Teks [caption caption=\"Lama\"]<img src=\"/a.png\" alt=\"\">[/caption]\n\n[unknown x=1] tetap\n\n[embed]https://example.org/x[/embed]", nil)
	if !strings.Contains(b.HTML, `<figure class="wp-caption"><img src="/a.png" alt=""><figcaption>Lama</figcaption></figure>`) ||
		!strings.Contains(b.HTML, "[unknown x=1] tetap") {
		t.Errorf("html = %q", b.HTML)
	}
	if len(b.Embeds) != 1 || b.Embeds[0].Provider != "other" || b.Embeds[0].URL != "https://example.org/x" {
		t.Errorf("embeds = %+v", b.Embeds)
	}
	if b := convertContent("[caption]tidak ditutup", nil); !strings.Contains(b.HTML, "[caption]tidak ditutup") {
		t.Errorf("an unclosed caption is lost: %q", b.HTML)
	}
}

func TestImportWXR11HTTPS(t *testing.T) {
	ctx := context.Background()
	st := storetest.New(t)
	before, _ := st.LastChange(ctx)
	rep, err := Import(ctx, st, "testdata/v11.wxr", Options{UploadsDir: "testdata/uploads", Media: media.NewFolder(t.TempDir())})
	if err != nil {
		t.Fatal(err)
	}
	a := articleOf(t, st, "https://kota.example", "42")
	if a.Title != "Taman baru & jalur sepeda…" || a.Excerpt != "Ringkas & jelas" || len(a.Categories) != 1 ||
		a.Categories[0].Name != "Kota & Warga" || a.Bylines[0].User.Slug != "dewi" {
		t.Errorf("article = %q %q %+v", a.Title, a.Excerpt, a.Categories)
	}
	if string(a.BodyHTML) != "<p>Taman dibuka <em>hari ini</em>.</p>" {
		t.Errorf("body = %q", a.BodyHTML)
	}
	// A path that climbs out of the uploads folder is never followed: the
	// attachment has no file to carry, so it is reported, not kept as a
	// broken image.
	if a.FeaturedImage != nil {
		t.Errorf("featured image = %+v", a.FeaturedImage)
	}
	if rep.Skipped["attachment"] != 1 {
		t.Errorf("skipped %d attachments, want the one without a file", rep.Skipped["attachment"])
	}
	if rep.Files != 0 {
		t.Errorf("copied %d files from outside the uploads folder", rep.Files)
	}
	if to := redirectTo(t, st, "/blog/taman-baru/"); to != "/2023/08/17/taman-baru/" {
		t.Errorf("old permalink → %q", to)
	}
	after, _ := st.LastChange(ctx)
	if after <= before {
		t.Errorf("the import recorded no change for the page caches")
	}
	changes, _ := st.ChangesSince(ctx, before, 10)
	if len(changes) != 1 || !strings.Contains(strings.Join(changes[0].Tags, " "), "all") {
		t.Errorf("changes = %+v, want one touching every cached page", changes)
	}
}

func TestImportKeepsExistingMedia(t *testing.T) {
	ctx := context.Background()
	st := storetest.New(t)
	media := t.TempDir()
	mine := filepath.Join(media, "2024", "04", "perahu.png")
	os.MkdirAll(filepath.Dir(mine), 0o750)
	os.WriteFile(mine, []byte("milik warta"), 0o600)
	if err := st.InsertMedia(ctx, &model.Media{Path: "2024/04/perahu.png", MimeType: "image/png"}); err != nil {
		t.Fatal(err)
	}
	rep, err := Import(ctx, st, "testdata/full.wxr", Options{UploadsDir: "testdata/uploads", Media: mediaFolder(media)})
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(mine); string(b) != "milik warta" {
		t.Errorf("the site's own file was overwritten")
	}
	// The one attachment imported brings its file and the size WordPress
	// cut of it (pasar-pagi.png, pasar-pagi-20x15.png).
	if rep.Imported["attachment"] != 1 || rep.Files != 2 {
		t.Errorf("imported %d attachments, copied %d files; want 1 and 2", rep.Imported["attachment"], rep.Files)
	}
}

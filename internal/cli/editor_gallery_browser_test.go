package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"warta/internal/model"
	"warta/internal/publishing"
	"warta/internal/store"
	"warta/internal/tools/testenv"
)

// addPhotos stores a PNG file and its media item for each alt text, as
// an upload long ago would have, and returns the items, created a day
// apart from created on. Their renditions are recorded as made, so the
// background worker leaves them alone.
func addPhotos(t *testing.T, st *store.Store, dataDir string, created time.Time, alts ...string) []*model.Media {
	t.Helper()
	var out []*model.Media
	for i, alt := range alts {
		path := fmt.Sprintf("%s/%s.png", created.In(model.DefaultSettings().Location()).Format("2006/01"),
			strings.ReplaceAll(strings.ToLower(alt), " ", "-"))
		data := gradientPNG(64+i, 48)
		file := filepath.Join(dataDir, "media", filepath.FromSlash(path))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		m := &model.Media{Path: path, MimeType: "image/png", Size: int64(len(data)), Width: 64 + i, Height: 48, Alt: alt,
			Renditions: "webp avif crop:500,500", CreatedAt: created.Add(time.Duration(i) * 24 * time.Hour)}
		if err := st.InsertMedia(context.Background(), m); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

// TestBrowserEditorGallery: a reporter turns two photos of a story into a
// gallery with a caption of its own, ungroups it and takes that back, and
// readers see the gallery with its caption under it.
func TestBrowserEditorGallery(t *testing.T) {
	ctx := testenv.Browser(t)
	dataDir := t.TempDir()
	addEditor(t, dataDir, "")
	st, err := store.Open(context.Background(), "", dataDir)
	if err != nil {
		t.Fatal(err)
	}
	photos := addPhotos(t, st, dataDir, time.Now().Add(-72*time.Hour), "Lorong timur", "Lorong barat")
	u, err := st.UserByLogin(context.Background(), "jadwal")
	if err != nil {
		t.Fatal(err)
	}
	figure := func(m *model.Media, caption string) string {
		s := fmt.Sprintf(`<figure class="image"><img src="%s" alt="%s" width="%d" height="48">`, m.URL(), m.Alt, m.Width)
		if caption != "" {
			s += "<figcaption>" + caption + "</figcaption>"
		}
		return s + "</figure>"
	}
	a, err := publishing.Save(context.Background(), st, u, publishing.Input{Title: "Sudut pasar", Format: model.FormatHTML,
		Body: "<p>Pasar pagi ini.</p>" + figure(photos[0], "Sisi timur") + figure(photos[1], ""), Status: model.StatusDraft}, time.Now().UTC())
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	base, _ := serveAt(t, dataDir, "")
	b := &tab{t: t, ctx: ctx, base: base}
	b.signIn("jadwal", "sandi redaktur jadwal")
	b.do("open the story with its text in focus",
		chromedp.Navigate(base+"/admin/articles/"+strconv.FormatInt(a.ID, 10)),
		visible("#f-body-rich"),
		chromedp.Evaluate[chromedp.Void](`wartaEditor.commands.focus("start")`),
		// Tiptap focuses in the next frames.
		chromedp.Poll[chromedp.Void](`document.activeElement === document.getElementById("f-body-rich")`),
	)
	if d := b.attr(`.rt-toolbar [data-cmd=gallery]`, "aria-disabled"); d != "true" {
		t.Errorf("with the caret in a paragraph the gallery button has aria-disabled %q, want true", d)
	}
	body := func() string { return b.eval(`document.getElementById("f-body").value`) }
	b.do("select everything and group the photos",
		ctrl("a"),
		chromedp.Poll[chromedp.Void](`document.querySelector(".rt-toolbar [data-cmd=gallery]").getAttribute("aria-disabled") === "false"`),
		click(`.rt-toolbar [data-cmd=gallery]`),
		visible("#f-body-rich figure.gallery"),
	)
	if p := b.attr(`.rt-toolbar [data-cmd=gallery]`, "aria-pressed"); p != "true" {
		t.Errorf("the gallery button is not pressed with the new gallery selected: %q", p)
	}
	b.do("give the gallery a caption",
		click(`#f-body-rich .rt-figure .rt-figure-edit`),
		visible("#rt-gallery-caption"),
		keys("#rt-gallery-caption", "Sudut-sudut pasar"),
		click(`#rt-gallery button[value=ok]`),
		visible("#f-body-rich figure.gallery > figcaption"),
	)
	grouped := `<p>Pasar pagi ini.</p><figure class="gallery">` + figure(photos[0], "Sisi timur") + figure(photos[1], "") +
		`<figcaption>Sudut-sudut pasar</figcaption></figure>`
	if got := body(); got != grouped {
		t.Errorf("the body field after grouping:\n got %s\nwant %s", got, grouped)
	}
	b.do("turn the gallery back into images",
		click(`#f-body-rich .rt-figure .rt-figure-edit`),
		visible("#rt-gallery-caption"),
		click(`#rt-gallery button[value=split]`),
		chromedp.Poll[chromedp.Void](`!document.querySelector("#f-body-rich figure.gallery")`),
	)
	if got, want := body(), "<p>Pasar pagi ini.</p>"+figure(photos[0], "Sisi timur")+figure(photos[1], ""); got != want {
		t.Errorf("the body field after ungrouping:\n got %s\nwant %s", got, want)
	}
	b.do("undo that", chromedp.Poll[chromedp.Void](`document.activeElement === document.getElementById("f-body-rich")`), ctrl("z"), visible("#f-body-rich figure.gallery > figcaption"))
	if got := body(); got != grouped {
		t.Errorf("the body field after undoing the ungrouping:\n got %s\nwant %s", got, grouped)
	}
	b.do("publish", click(`button[name=status][value=published]`), visible(`.notice`))

	st, err = store.Open(context.Background(), "", dataDir)
	if err != nil {
		t.Fatal(err)
	}
	saved, err := st.ArticleByID(context.Background(), a.ID)
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(saved.BodyHTML), `<figcaption>Sudut-sudut pasar</figcaption></figure>`) {
		t.Errorf("the stored body lost the gallery's caption:\n%s", saved.BodyHTML)
	}
	r := newTab(t, base)
	r.do("read it on the site", chromedp.Navigate(base+b.attr(`.meta a[href^="/20"]`, "href")), visible("h1"))
	if got := normalSpace(r.text(".article-body figure.gallery > figcaption")); got != "Sudut-sudut pasar" {
		t.Errorf("the gallery's caption on the page: %q", got)
	}
	if n := r.eval(`String(document.querySelectorAll(".article-body figure.gallery > figure img").length)`); n != "2" {
		t.Errorf("the gallery on the page shows %s images, want 2", n)
	}
	if got := normalSpace(r.text(".article-body figure.gallery > figure > figcaption")); got != "Sisi timur" {
		t.Errorf("the first photo's own caption in the gallery: %q", got)
	}
}

// TestBrowserEditorLibrarySearch: the library dialog of the editor finds
// a photo older than the newest two hundred by a word of its alt text,
// asking the server, and lists the newest a page at a time.
func TestBrowserEditorLibrarySearch(t *testing.T) {
	ctx := testenv.Browser(t)
	dataDir := t.TempDir()
	addEditor(t, dataDir, "")
	st, err := store.Open(context.Background(), "", dataDir)
	if err != nil {
		t.Fatal(err)
	}
	old := addPhotos(t, st, dataDir, time.Now().AddDate(-3, 0, 0), "Banjir Kampung Melayu")[0]
	newer := make([]string, 200)
	for i := range newer {
		newer[i] = fmt.Sprintf("Suasana pasar %03d", i)
	}
	addPhotos(t, st, dataDir, time.Now().AddDate(0, 0, -len(newer)-1), newer...)
	st.Close()
	base, _ := serveAt(t, dataDir, "")
	b := &tab{t: t, ctx: ctx, base: base}
	b.signIn("jadwal", "sandi redaktur jadwal")
	count := func() string { return b.eval(`String(document.querySelectorAll("#rt-library-list input").length)`) }
	b.do("open the library",
		chromedp.Navigate(base+"/admin/articles/new"),
		visible("#f-body-rich"),
		click(`.rt-toolbar [data-cmd=library]`),
		visible("#rt-library-more"),
	)
	if n := count(); n != "50" {
		t.Errorf("the library's first page lists %s images, want 50", n)
	}
	if first := normalSpace(b.text("#rt-library-list li")); first != "Suasana pasar 199" {
		t.Errorf("the library starts with %q, want the newest", first)
	}
	b.do("ask for more", click("#rt-library-more"),
		chromedp.Poll[chromedp.Void](`document.querySelectorAll("#rt-library-list input").length === 100`))
	b.do("search for the old photo",
		keys("#rt-library-q", "banjir"),
		chromedp.Poll[chromedp.Void](`document.querySelectorAll("#rt-library-list input").length === 1`),
	)
	if got := normalSpace(b.text("#rt-library-list")); got != "Banjir Kampung Melayu" {
		t.Errorf("the library found %q for \"banjir\"", got)
	}
	if more := b.eval(`String(document.getElementById("rt-library-more").hidden)`); more != "true" {
		t.Errorf("one image found, yet the dialog offers more")
	}
	b.do("pick it and insert it",
		click("#rt-library-list input"),
		click(`#rt-library button[value=ok]`),
		visible("#rt-image-alt"),
		click(`#rt-image button[value=ok]`),
		visible("#f-body-rich figure.image img"),
	)
	if body := b.eval(`document.getElementById("f-body").value`); !strings.Contains(body, `<img src="`+old.URL()+`" alt="Banjir Kampung Melayu"`) {
		t.Errorf("the body after inserting the old photo:\n%s", body)
	}
}

package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
)

func TestEditor(t *testing.T) {
	scenario.Engines(t, scenario.Options{}, func(t *testing.T, s *scenario.Site) {
		ed := s.As(t, s.User(t, "sari", model.RoleEditor))
		reader := s.Browser()

		ed.Do(t, scenario.Scenario{Name: "the editor", URL: "/admin/articles/new", ExpectedStatus: http.StatusOK})
		// A failed save keeps everything typed and names the problem.
		ed.Do(t, scenario.Scenario{Name: "an empty title", Method: http.MethodPost, URL: "/admin/articles/new",
			Form: url.Values{"title": {"  "}, "body": {"Isi **penting** yang tidak boleh hilang."},
				"tags": {"Banjir, Kali Wening"}, "status": {"draft"}, "comments_open": {"1"}},
			ExpectedStatus: http.StatusUnprocessableEntity,
			ExpectedContent: []string{"Enter a title.", "Isi &lt;strong&gt;penting&lt;/strong&gt; yang tidak boleh hilang.",
				`value="Banjir, Kali Wening"`}})

		form := url.Values{
			"title": {"Harga Cabai di Pasar Lawang Sari Turun Rp 10.000"}, "body": {"Harga cabai **turun**.\n\n<script>alert(1)</script>\n\n> \"Kami lega,\" kata Bu Sri."},
			"excerpt": {"Harga cabai turun."}, "new_categories": {"Ekonomi"}, "tags": {"Pasar, Cabai"},
			"embed_url": {"https://youtu.be/dQw4w9WgXcQ"}, "embed_title": {"Suasana pasar"}, "embed_duration": {"3:06"},
			"source_name": {"Kantor Berita Wening"}, "source_url": {"https://kbw.example/cabai"},
			"comments_open": {"1"}, "lang": {"id"}, "status": {"published"},
		}
		id := savedID(t, ed.Do(t, scenario.Scenario{Name: "publish", Method: http.MethodPost, URL: "/admin/articles/new", Form: form,
			ExpectedStatus: http.StatusSeeOther}))
		path := publicPath(t, s, id)
		if !strings.HasSuffix(path, "/harga-cabai-di-pasar-lawang-sari-turun-rp-10000/") {
			t.Errorf("slug from the title: %s", path)
		}
		reader.Do(t, scenario.Scenario{Name: "the published article", URL: path, ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"Harga Cabai di Pasar Lawang Sari", "<strong>turun</strong>",
				"<blockquote>", "Suasana pasar", "3:06", "youtube-nocookie.com/embed/dQw4w9WgXcQ", "Kantor Berita Wening", "/category/ekonomi/", "/tag/cabai/"},
			NotExpectedContent: []string{"alert(1)"}})

		// Editing changes the page and keeps a revision; an older one can be restored.
		edit := "/admin/articles/" + strconv.FormatInt(id, 10)
		ed.Do(t, scenario.Scenario{Name: "the editor of the article", URL: edit, ExpectedStatus: http.StatusOK})
		form.Set("title", "Harga Cabai Turun Lagi")
		form.Set("body", "Harga cabai turun **lagi**.")
		form.Set("slug", "harga-cabai-di-pasar-lawang-sari-turun-rp-10000")
		if got := savedID(t, ed.Do(t, scenario.Scenario{Name: "update", Method: http.MethodPost, URL: edit, Form: form,
			ExpectedStatus: http.StatusSeeOther})); got != id {
			t.Fatalf("update saved as %d", got)
		}
		reader.Do(t, scenario.Scenario{Name: "the updated article", URL: path, ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"Harga Cabai Turun Lagi", "<strong>lagi</strong>"}})
		ed.Do(t, scenario.Scenario{Name: "the revisions page", URL: edit + "/revisions", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{`[removed: </span>**turun**.<span class="visually-hidden">]</span></del>`,
				`[added: </span>turun **lagi**.<span class="visually-hidden">]</span></ins>`}})
		revs, _ := s.Store.Revisions(context.Background(), id)
		if len(revs) != 2 {
			t.Fatalf("%d revisions after two saves", len(revs))
		}
		ed.Do(t, scenario.Scenario{Name: "restore", Method: http.MethodPost, URL: "/admin/revisions/" + strconv.FormatInt(revs[1].ID, 10) + "/restore",
			Form: url.Values{}, ExpectedStatus: http.StatusSeeOther})
		reader.Do(t, scenario.Scenario{Name: "the article after restoring the first revision", URL: path, ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"Harga Cabai di Pasar Lawang Sari", "<strong>turun</strong>"}})

		// Trash takes it off the site; restore brings it back as a draft.
		ed.Do(t, scenario.Scenario{Name: "trash", Method: http.MethodPost, URL: edit + "/trash", Form: url.Values{}, ExpectedStatus: http.StatusSeeOther})
		reader.Do(t, scenario.Scenario{Name: "the trashed article", URL: path, ExpectedStatus: http.StatusNotFound})
		ed.Do(t, scenario.Scenario{Name: "the trash", URL: "/admin/articles/?status=trash", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"Harga Cabai di Pasar Lawang Sari"}})
		ed.Do(t, scenario.Scenario{Name: "restore from the trash", Method: http.MethodPost, URL: edit + "/restore", Form: url.Values{},
			ExpectedStatus: http.StatusSeeOther, AfterTest: func(t testing.TB, s *scenario.Site, _ *scenario.Response) {
				if a, _ := s.Store.ArticleByID(context.Background(), id); a.Status != model.StatusDraft {
					t.Errorf("restored article is %s", a.Status)
				}
			}})
	})
}

func TestSchedulingAndAlt(t *testing.T) {
	s := newSite(t, storetest.New(t))
	ed := s.As(t, s.User(t, "sari", model.RoleEditor))
	reader := s.Browser()
	ed.Do(t, scenario.Scenario{Name: "the editor", URL: "/admin/articles/new", ExpectedStatus: http.StatusOK})
	loc, _ := time.LoadLocation("Asia/Jakarta")
	future := time.Now().In(loc).Add(2 * time.Hour).Format("2006-01-02T15:04")
	id := savedID(t, ed.Do(t, scenario.Scenario{Name: "publish at a future time", Method: http.MethodPost, URL: "/admin/articles/new",
		Form:           url.Values{"title": {"Festival Layang-layang Besok"}, "body": {"Besok pagi."}, "status": {"published"}, "publish_at": {future}},
		ExpectedStatus: http.StatusSeeOther}))
	a, _ := s.Store.ArticleByID(context.Background(), id)
	if a.Status != model.StatusScheduled {
		t.Errorf("publishing with a future time gave status %s", a.Status)
	}
	reader.Do(t, scenario.Scenario{Name: "a scheduled article is not on the site", URL: a.Path(model.Permalinks{Loc: loc}),
		ExpectedStatus: http.StatusNotFound})
	past := time.Now().In(loc).Add(-time.Hour).Format("2006-01-02T15:04")
	ed.Do(t, scenario.Scenario{Name: "scheduling in the past", Method: http.MethodPost, URL: "/admin/articles/new",
		Form:           url.Values{"title": {"Jadwal Lampau"}, "body": {"x"}, "status": {"scheduled"}, "publish_at": {past}},
		ExpectedStatus: http.StatusUnprocessableEntity, ExpectedContent: []string{"set a publish time in the future"}})

	// An image without alt text blocks publishing, with a message; with alt it goes.
	r := ed.Do(t, scenario.Scenario{Name: "publishing a featured image without alt", Method: http.MethodPost, URL: "/admin/articles/new",
		Form:           url.Values{"title": {"Foto Banjir"}, "body": {"Air naik."}, "status": {"published"}},
		Files:          map[string]map[string][]byte{"featured_upload": {"banjir.png": pngImage(t, 1000, 600)}},
		ExpectedStatus: http.StatusUnprocessableEntity, ExpectedContent: []string{"The featured image needs alt text"}})
	m := regexp.MustCompile(`id="feat-(\d+)" name="featured" value="\d+" checked`).FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatal("the uploaded image is not kept chosen in the failed form")
	}
	ed.Do(t, scenario.Scenario{Name: "publishing a body image without alt", Method: http.MethodPost, URL: "/admin/articles/new",
		Form: url.Values{"title": {"Foto Banjir"}, "body": {"Air naik.\n\n![](/media/x.png)"},
			"status": {"published"}, "featured": {m[1]}, "featured_alt": {"Air setinggi lutut di Jalan Kenari"}},
		ExpectedStatus: http.StatusUnprocessableEntity, ExpectedContent: []string{"Every image in the body needs alt text"}})
	id = savedID(t, ed.Do(t, scenario.Scenario{Name: "publishing with alt text", Method: http.MethodPost, URL: "/admin/articles/new",
		Form: url.Values{"title": {"Foto Banjir"}, "body": {"Air naik."},
			"status": {"published"}, "featured": {m[1]}, "featured_alt": {"Air setinggi lutut di Jalan Kenari"}},
		ExpectedStatus: http.StatusSeeOther}))
	reader.Do(t, scenario.Scenario{Name: "the article with a featured image", URL: publicPath(t, s, id), ExpectedStatus: http.StatusOK,
		ExpectedContent: []string{`alt="Air setinggi lutut di Jalan Kenari"`, "srcset=", "480w", "800w", "1000w"}})

	// An image from the library placed in the body gets its sizes too.
	m2, _ := s.Store.Media(context.Background(), mustID(t, m[1]))
	id = savedID(t, ed.Do(t, scenario.Scenario{Name: "a library image in the body", Method: http.MethodPost, URL: "/admin/articles/new",
		Form:           url.Values{"title": {"Galeri Banjir"}, "body": {"Sebelum:\n\n![Jalan Kenari tergenang](" + m2.URL() + ")"}, "status": {"published"}},
		ExpectedStatus: http.StatusSeeOther}))
	reader.Do(t, scenario.Scenario{Name: "the body image", URL: publicPath(t, s, id), ExpectedStatus: http.StatusOK,
		ExpectedContent: []string{`alt="Jalan Kenari tergenang"`,
			`srcset="` + m2.Variants[0].URL() + ` 480w, ` + m2.Variants[1].URL() + ` 800w, ` + m2.URL() + ` 1000w"`, `width="1000" height="600"`, `loading="lazy"`}})
}

func TestContributorWaitsForAnEditor(t *testing.T) {
	s := newSite(t, storetest.New(t))
	kontri := s.User(t, "kontri", model.RoleContributor)
	c := s.As(t, kontri)
	c.Do(t, scenario.Scenario{Name: "the editor", URL: "/admin/articles/new", ExpectedStatus: http.StatusOK})
	for _, status := range []string{"published", "scheduled", "private"} {
		c.Do(t, scenario.Scenario{Name: "contributor posting status " + status + " by hand", Method: http.MethodPost, URL: "/admin/articles/new",
			Form: url.Values{"title": {"Ingin Terbit Sendiri"}, "body": {"x"}, "status": {status},
				"publish_at": {time.Now().Add(48 * time.Hour).Format("2006-01-02T15:04")}},
			ExpectedStatus: http.StatusForbidden})
	}
	if n, _ := s.Store.CountArticles(context.Background()); n != 0 {
		t.Fatalf("%d articles after refused posts", n)
	}
	id := savedID(t, c.Do(t, scenario.Scenario{Name: "submit for review", Method: http.MethodPost, URL: "/admin/articles/new",
		Form: url.Values{"title": {"Kebun Sekolah Panen"}, "body": {"Panen."}, "status": {"pending"}}, ExpectedStatus: http.StatusSeeOther}))
	edit := "/admin/articles/" + strconv.FormatInt(id, 10)
	// The contributor cannot publish it by editing either.
	c.Do(t, scenario.Scenario{Name: "contributor publishing an existing article by hand", Method: http.MethodPost, URL: edit,
		Form: url.Values{"title": {"Kebun Sekolah Panen"}, "body": {"Panen."}, "status": {"published"}}, ExpectedStatus: http.StatusForbidden})
	ed := s.As(t, s.User(t, "sari", model.RoleEditor))
	ed.Do(t, scenario.Scenario{Name: "the editor's pending list", URL: "/admin/articles/?status=pending", ExpectedStatus: http.StatusOK,
		ExpectedContent: []string{"Kebun Sekolah Panen"}})
	ed.Do(t, scenario.Scenario{Name: "the editor of the article", URL: edit, ExpectedStatus: http.StatusOK})
	savedID(t, ed.Do(t, scenario.Scenario{Name: "the editor publishes it", Method: http.MethodPost, URL: edit,
		Form: url.Values{"title": {"Kebun Sekolah Panen"}, "body": {"Panen."}, "status": {"published"},
			"byline_user": {strconv.FormatInt(kontri.ID, 10)}, "byline_role": {"reporter"}},
		ExpectedStatus: http.StatusSeeOther}))
	s.Browser().Do(t, scenario.Scenario{Name: "the article the editor published", URL: publicPath(t, s, id), ExpectedStatus: http.StatusOK,
		ExpectedContent: []string{"Kebun Sekolah Panen", "/author/kontri/"}})
	// Now out, it is no longer the contributor's to change.
	c.Do(t, scenario.Scenario{Name: "contributor opening their published article", URL: edit, ExpectedStatus: http.StatusForbidden})
}

func TestMediaUploads(t *testing.T) {
	s := newSite(t, storetest.New(t))
	au := s.As(t, s.User(t, "penulis", model.RoleAuthor))
	au.Do(t, scenario.Scenario{Name: "the library", URL: "/admin/media/", ExpectedStatus: http.StatusOK})
	for name, c := range map[string]struct {
		file []byte
		want string
	}{
		"notes.txt":  {[]byte("hanya teks biasa, bukan gambar"), "Unsupported file type"},
		"broken.png": {pngImage(t, 50, 50)[:80], "broken or not a complete image"},
	} {
		// The form comes back with the problem.
		au.Do(t, scenario.Scenario{Name: "upload " + name, Method: http.MethodPost, URL: "/admin/media/", Form: url.Values{},
			Files: map[string]map[string][]byte{"file": {name: c.file}}, ExpectedStatus: http.StatusUnprocessableEntity,
			ExpectedContent: []string{c.want}})
	}
	au.Do(t, scenario.Scenario{Name: "upload", Method: http.MethodPost, URL: "/admin/media/", Form: url.Values{"alt": {"Perahu nelayan"}},
		Files: map[string]map[string][]byte{"file": {"Perahu Nelayan.png": pngImage(t, 900, 500)}}, ExpectedStatus: http.StatusSeeOther})
	list, _, _ := s.Store.MediaLibrary(context.Background(), 10, 0)
	if len(list) != 1 || list[0].Alt != "Perahu nelayan" || len(list[0].Variants) != 2 || !strings.HasPrefix(list[0].Path, time.Now().UTC().Format("2006/01")+"/perahu-nelayan-") {
		t.Fatalf("library after one upload: %+v", list)
	}
	for _, p := range append([]string{list[0].URL()}, list[0].Variants[0].URL(), list[0].Variants[1].URL()) {
		au.Do(t, scenario.Scenario{Name: "the file", URL: p, ExpectedStatus: http.StatusOK})
	}
	au.Do(t, scenario.Scenario{Name: "the library", URL: "/admin/media/", ExpectedStatus: http.StatusOK,
		ExpectedContent: []string{`alt="Perahu nelayan"`, "480w", "800w", "900w"}})
}

func TestAutosaveAndPreview(t *testing.T) {
	s := newSite(t, storetest.New(t))
	au := s.As(t, s.User(t, "penulis", model.RoleAuthor))
	au.Do(t, scenario.Scenario{Name: "the editor", URL: "/admin/articles/new", ExpectedStatus: http.StatusOK})
	// The editor's script sends the token in a header, not in the form.
	script := func(name, path string, form url.Values, status int) scenario.Scenario {
		return scenario.Scenario{Name: name, Method: http.MethodPost, URL: path, Body: strings.NewReader(form.Encode()),
			Headers:        map[string]string{"Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": au.CSRF()},
			ExpectedStatus: status}
	}
	preview := script("preview", "/admin/preview", url.Values{"body": {"Teks **tebal** <script>alert(1)</script> <img src=x onerror=alert(2)>"}}, http.StatusOK)
	preview.ExpectedContent = []string{"<strong>tebal</strong>"}
	preview.NotExpectedContent = []string{"alert"}
	au.Do(t, preview)
	autosave := script("autosave", "/admin/autosave", url.Values{"title": {"Draf Otomatis"}, "body": {"Baru sebagian."}, "status": {"published"}}, http.StatusOK)
	autosave.ExpectedContent = []string{`"saved":true`}
	au.Do(t, autosave)
	list, _, _ := s.Store.AdminArticles(context.Background(), store.AdminQuery{})
	if len(list) != 1 || list[0].Status != model.StatusDraft || list[0].Title != "Draf Otomatis" {
		t.Fatalf("after autosave: %+v", list)
	}
	id := strconv.FormatInt(list[0].ID, 10)
	second := script("second autosave", "/admin/autosave", url.Values{"id": {id}, "title": {"Draf Otomatis"}, "body": {"Sudah lengkap."}}, http.StatusOK)
	second.AfterTest = func(t testing.TB, s *scenario.Site, r *scenario.Response) {
		if a, _ := s.Store.ArticleByID(context.Background(), list[0].ID); a.Source != "Sudah lengkap." || a.Status != model.StatusDraft {
			t.Errorf("second autosave: %s, %+v", r.Body, a)
		}
	}
	au.Do(t, second)
	// Without the token the script's requests are refused too.
	au.Do(t, scenario.Scenario{Name: "autosave without a token", Method: http.MethodPost, URL: "/admin/autosave",
		Body: strings.NewReader("title=x"), Headers: map[string]string{"Content-Type": "application/x-www-form-urlencoded"},
		ExpectedStatus: http.StatusForbidden})
}

package admin_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
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
)

// pngImage draws a w×h picture.
func pngImage(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		for y := range h {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 120, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func publicPath(t *testing.T, s *site, id int64) string {
	t.Helper()
	a, err := s.st.ArticleByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := s.st.Settings(context.Background())
	return a.Path(model.Permalinks{Loc: st.Location()})
}

func TestEditor(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			s := newSite(t, eng.New(t))
			ed := s.browser(t).as(s.user(t, "sari", model.RoleEditor))
			reader := s.browser(t)

			ed.get("/admin/articles/new")
			// A failed save keeps everything typed and names the problem.
			r := ed.post("/admin/articles/new", url.Values{"title": {"  "}, "body": {"Isi **penting** yang tidak boleh hilang."},
				"tags": {"Banjir, Kali Wening"}, "status": {"draft"}, "comments_open": {"1"}})
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("empty title: %d", r.status)
			}
			mustContain(t, "the failed editor form", r.body, "Enter a title.", "Isi **penting** yang tidak boleh hilang.",
				`value="Banjir, Kali Wening"`, "<strong>penting</strong>")

			form := url.Values{
				"title": {"Harga Cabai di Pasar Lawang Sari Turun Rp 10.000"}, "body": {"Harga cabai **turun**.\n\n<script>alert(1)</script>\n\n> \"Kami lega,\" kata Bu Sri."},
				"excerpt": {"Harga cabai turun."}, "new_categories": {"Ekonomi"}, "tags": {"Pasar, Cabai"},
				"embed_url": {"https://youtu.be/dQw4w9WgXcQ"}, "embed_title": {"Suasana pasar"}, "embed_duration": {"3:06"},
				"source_name": {"Kantor Berita Wening"}, "source_url": {"https://kbw.example/cabai"},
				"comments_open": {"1"}, "lang": {"id"}, "status": {"published"},
			}
			id := articleID(t, ed.post("/admin/articles/new", form))
			path := publicPath(t, s, id)
			if !strings.HasSuffix(path, "/harga-cabai-di-pasar-lawang-sari-turun-rp-10000/") {
				t.Errorf("slug from the title: %s", path)
			}
			r = reader.get(path)
			if r.status != http.StatusOK {
				t.Fatalf("GET %s: %d", path, r.status)
			}
			mustContain(t, "the published article", r.body, "Harga Cabai di Pasar Lawang Sari", "<strong>turun</strong>",
				"<blockquote>", "Suasana pasar", "3:06", "youtube-nocookie.com/embed/dQw4w9WgXcQ", "Kantor Berita Wening", "/category/ekonomi/", "/tag/cabai/")
			if strings.Contains(r.body, "alert(1)") {
				t.Error("the script in the body reached the page")
			}

			// Editing changes the page and keeps a revision; an older one can be restored.
			ed.get("/admin/articles/" + strconv.FormatInt(id, 10))
			form.Set("title", "Harga Cabai Turun Lagi")
			form.Set("body", "Harga cabai turun **lagi**.")
			form.Set("slug", "harga-cabai-di-pasar-lawang-sari-turun-rp-10000")
			if got := articleID(t, ed.post("/admin/articles/"+strconv.FormatInt(id, 10), form)); got != id {
				t.Fatalf("update saved as %d", got)
			}
			mustContain(t, "the updated article", reader.get(path).body, "Harga Cabai Turun Lagi", "<strong>lagi</strong>")
			r = ed.get("/admin/articles/" + strconv.FormatInt(id, 10) + "/revisions")
			mustContain(t, "the revisions page", r.body, "<del>- Harga cabai **turun**.</del>", "<ins>+ Harga cabai turun **lagi**.</ins>")
			revs, _ := s.st.Revisions(context.Background(), id)
			if len(revs) != 2 {
				t.Fatalf("%d revisions after two saves", len(revs))
			}
			if r := ed.post("/admin/revisions/"+strconv.FormatInt(revs[1].ID, 10)+"/restore", url.Values{}); r.status != http.StatusSeeOther {
				t.Fatalf("restore: %d", r.status)
			}
			mustContain(t, "the article after restoring the first revision", reader.get(path).body, "Harga Cabai di Pasar Lawang Sari", "<strong>turun</strong>")

			// Trash takes it off the site; restore brings it back as a draft.
			ed.post("/admin/articles/"+strconv.FormatInt(id, 10)+"/trash", url.Values{})
			if r := reader.get(path); r.status != http.StatusNotFound {
				t.Errorf("trashed article answers %d", r.status)
			}
			mustContain(t, "the trash", ed.get("/admin/articles/?status=trash").body, "Harga Cabai di Pasar Lawang Sari")
			ed.post("/admin/articles/"+strconv.FormatInt(id, 10)+"/restore", url.Values{})
			if a, _ := s.st.ArticleByID(context.Background(), id); a.Status != model.StatusDraft {
				t.Errorf("restored article is %s", a.Status)
			}
		})
	}
}

func TestSchedulingAndAlt(t *testing.T) {
	s := newSite(t, storetest.New(t))
	ed := s.browser(t).as(s.user(t, "sari", model.RoleEditor))
	ed.get("/admin/articles/new")
	loc, _ := time.LoadLocation("Asia/Jakarta")
	future := time.Now().In(loc).Add(2 * time.Hour).Format("2006-01-02T15:04")
	id := articleID(t, ed.post("/admin/articles/new", url.Values{"title": {"Festival Layang-layang Besok"},
		"body": {"Besok pagi."}, "status": {"published"}, "publish_at": {future}}))
	a, _ := s.st.ArticleByID(context.Background(), id)
	if a.Status != model.StatusScheduled {
		t.Errorf("publishing with a future time gave status %s", a.Status)
	}
	if r := s.browser(t).get(a.Path(model.Permalinks{Loc: loc})); r.status != http.StatusNotFound {
		t.Errorf("a scheduled article is on the site: %d", r.status)
	}
	past := time.Now().In(loc).Add(-time.Hour).Format("2006-01-02T15:04")
	r := ed.post("/admin/articles/new", url.Values{"title": {"Jadwal Lampau"}, "body": {"x"}, "status": {"scheduled"}, "publish_at": {past}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "set a publish time in the future") {
		t.Errorf("scheduling in the past: %d", r.status)
	}

	// An image without alt text blocks publishing, with a message; with alt it goes.
	r = ed.postMultipart("/admin/articles/new", url.Values{"title": {"Foto Banjir"}, "body": {"Air naik."}, "status": {"published"}},
		map[string]map[string][]byte{"featured_upload": {"banjir.png": pngImage(t, 1000, 600)}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "The featured image needs alt text") {
		t.Fatalf("publishing a featured image without alt: %d", r.status)
	}
	m := regexp.MustCompile(`id="feat-(\d+)" name="featured" value="\d+" checked`).FindStringSubmatch(r.body)
	if m == nil {
		t.Fatal("the uploaded image is not kept chosen in the failed form")
	}
	r = ed.post("/admin/articles/new", url.Values{"title": {"Foto Banjir"}, "body": {"Air naik.\n\n![](/media/x.png)"},
		"status": {"published"}, "featured": {m[1]}, "featured_alt": {"Air setinggi lutut di Jalan Kenari"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Every image in the body needs alt text") {
		t.Fatalf("publishing a body image without alt: %d", r.status)
	}
	id = articleID(t, ed.post("/admin/articles/new", url.Values{"title": {"Foto Banjir"}, "body": {"Air naik."},
		"status": {"published"}, "featured": {m[1]}, "featured_alt": {"Air setinggi lutut di Jalan Kenari"}}))
	body := s.browser(t).get(publicPath(t, s, id)).body
	mustContain(t, "the article with a featured image", body, `alt="Air setinggi lutut di Jalan Kenari"`, "srcset=", "480w", "800w", "1000w")

	// An image from the library placed in the body gets its sizes too.
	m2, _ := s.st.Media(context.Background(), mustID(t, m[1]))
	id = articleID(t, ed.post("/admin/articles/new", url.Values{"title": {"Galeri Banjir"},
		"body": {"Sebelum:\n\n![Jalan Kenari tergenang](" + m2.URL() + ")"}, "status": {"published"}}))
	body = s.browser(t).get(publicPath(t, s, id)).body
	mustContain(t, "the body image", body, `alt="Jalan Kenari tergenang"`,
		`srcset="`+m2.Variants[0].URL()+` 480w, `+m2.Variants[1].URL()+` 800w, `+m2.URL()+` 1000w"`, `width="1000" height="600"`, `loading="lazy"`)
}

func mustID(t *testing.T, s string) int64 {
	t.Helper()
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestContributorWaitsForAnEditor(t *testing.T) {
	s := newSite(t, storetest.New(t))
	kontri := s.user(t, "kontri", model.RoleContributor)
	c := s.browser(t).as(kontri)
	c.get("/admin/articles/new")
	for _, status := range []string{"published", "scheduled", "private"} {
		r := c.post("/admin/articles/new", url.Values{"title": {"Ingin Terbit Sendiri"}, "body": {"x"}, "status": {status},
			"publish_at": {time.Now().Add(48 * time.Hour).Format("2006-01-02T15:04")}})
		if r.status != http.StatusForbidden {
			t.Errorf("contributor posting status %s by hand: %d", status, r.status)
		}
	}
	if n, _ := s.st.CountArticles(context.Background()); n != 0 {
		t.Fatalf("%d articles after refused posts", n)
	}
	id := articleID(t, c.post("/admin/articles/new", url.Values{"title": {"Kebun Sekolah Panen"}, "body": {"Panen."}, "status": {"pending"}}))
	// The contributor cannot publish it by editing either.
	r := c.post("/admin/articles/"+strconv.FormatInt(id, 10), url.Values{"title": {"Kebun Sekolah Panen"}, "body": {"Panen."}, "status": {"published"}})
	if r.status != http.StatusForbidden {
		t.Errorf("contributor publishing an existing article by hand: %d", r.status)
	}
	ed := s.browser(t).as(s.user(t, "sari", model.RoleEditor))
	mustContain(t, "the editor's pending list", ed.get("/admin/articles/?status=pending").body, "Kebun Sekolah Panen")
	ed.get("/admin/articles/" + strconv.FormatInt(id, 10))
	articleID(t, ed.post("/admin/articles/"+strconv.FormatInt(id, 10), url.Values{"title": {"Kebun Sekolah Panen"},
		"body": {"Panen."}, "status": {"published"}, "byline_user": {strconv.FormatInt(kontri.ID, 10)}, "byline_role": {"reporter"}}))
	r = s.browser(t).get(publicPath(t, s, id))
	if r.status != http.StatusOK {
		t.Fatalf("the published article: %d", r.status)
	}
	mustContain(t, "the article the editor published", r.body, "Kebun Sekolah Panen", "/author/kontri/")
	// Now out, it is no longer the contributor's to change.
	if r := c.get("/admin/articles/" + strconv.FormatInt(id, 10)); r.status != http.StatusForbidden {
		t.Errorf("contributor opening their published article: %d", r.status)
	}
}

func TestMediaUploads(t *testing.T) {
	s := newSite(t, storetest.New(t))
	au := s.browser(t).as(s.user(t, "penulis", model.RoleAuthor))
	au.get("/admin/media/")
	for name, c := range map[string]struct {
		file []byte
		want string
	}{
		"notes.txt":  {[]byte("hanya teks biasa, bukan gambar"), "Unsupported file type"},
		"broken.png": {pngImage(t, 50, 50)[:80], "broken or not a complete image"},
		"huge.png":   {append(pngImage(t, 10, 10), make([]byte, 10<<20)...), "too large"},
	} {
		r := au.postMultipart("/admin/media/", url.Values{}, map[string]map[string][]byte{"file": {name: c.file}})
		if r.status == http.StatusSeeOther || !strings.Contains(r.body, c.want) {
			t.Errorf("upload %s: status %d, no %q", name, r.status, c.want)
		}
	}
	r := au.postMultipart("/admin/media/", url.Values{"alt": {"Perahu nelayan"}}, map[string]map[string][]byte{"file": {"Perahu Nelayan.png": pngImage(t, 900, 500)}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("upload: %d\n%s", r.status, r.body)
	}
	list, _, _ := s.st.MediaLibrary(context.Background(), 10, 0)
	if len(list) != 1 || list[0].Alt != "Perahu nelayan" || len(list[0].Variants) != 2 || !strings.HasPrefix(list[0].Path, time.Now().UTC().Format("2006/01")+"/perahu-nelayan-") {
		t.Fatalf("library after one upload: %+v", list)
	}
	for _, p := range append([]string{list[0].URL()}, list[0].Variants[0].URL(), list[0].Variants[1].URL()) {
		if r := au.get(p); r.status != http.StatusOK {
			t.Errorf("GET %s: %d", p, r.status)
		}
	}
	mustContain(t, "the library", au.get("/admin/media/").body, `alt="Perahu nelayan"`, "480w", "800w", "900w")
}

func TestAutosaveAndPreview(t *testing.T) {
	s := newSite(t, storetest.New(t))
	au := s.browser(t).as(s.user(t, "penulis", model.RoleAuthor))
	au.get("/admin/articles/new")
	post := func(path string, form url.Values) resp {
		req, _ := http.NewRequest("POST", s.srv.URL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-CSRF-Token", au.csrf)
		return au.do(req)
	}
	r := post("/admin/preview", url.Values{"body": {"Teks **tebal** <script>alert(1)</script> <img src=x onerror=alert(2)>"}})
	if r.status != http.StatusOK || !strings.Contains(r.body, "<strong>tebal</strong>") || strings.Contains(r.body, "alert") {
		t.Errorf("preview: %d %q", r.status, r.body)
	}
	r = post("/admin/autosave", url.Values{"title": {"Draf Otomatis"}, "body": {"Baru sebagian."}, "status": {"published"}})
	if r.status != http.StatusOK || !strings.Contains(r.body, `"saved":true`) {
		t.Fatalf("autosave: %d %s", r.status, r.body)
	}
	list, _, _ := s.st.AdminArticles(context.Background(), store.AdminQuery{})
	if len(list) != 1 || list[0].Status != model.StatusDraft || list[0].Title != "Draf Otomatis" {
		t.Fatalf("after autosave: %+v", list)
	}
	id := strconv.FormatInt(list[0].ID, 10)
	r = post("/admin/autosave", url.Values{"id": {id}, "title": {"Draf Otomatis"}, "body": {"Sudah lengkap."}})
	if a, _ := s.st.ArticleByID(context.Background(), list[0].ID); a.Source != "Sudah lengkap." || a.Status != model.StatusDraft {
		t.Errorf("second autosave: %s, %+v", r.body, a)
	}
	// Without the token the script's requests are refused too.
	req, _ := http.NewRequest("POST", s.srv.URL+"/admin/autosave", strings.NewReader("title=x"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if r := au.do(req); r.status != http.StatusForbidden {
		t.Errorf("autosave without a token: %d", r.status)
	}
}

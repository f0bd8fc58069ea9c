package admin_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"

	"warta/internal/model"
	"warta/internal/store/storetest"
)

// settingsForm is a valid settings form with permalink fields set.
func settingsForm(preset, custom string) url.Values {
	return url.Values{"title": {"Kabar Uji"}, "tagline": {"Dari muara"}, "language": {"en"}, "time_zone": {"Asia/Jakarta"},
		"permalink_preset": {preset}, "permalink": {custom}, "posts_per_page": {"10"}, "comments_per_page": {"50"},
		"thread_depth": {"5"}, "comment_order": {"asc"}, "comment_moderation": {"first"}, "comments_close_days": {"0"},
		"comment_min_seconds": {"3"}, "comment_max_links": {"2"}, "comment_rate_ip": {"10"}, "comment_rate_email": {"5"},
		"spam_threshold": {"90"}, "spam_purge_days": {"30"}, "comment_ip_retain_days": {"30"}, "smtp_port": {"587"}}
}

func TestPermalinkSettings(t *testing.T) {
	s := newSite(t, storetest.New(t))
	ctx := t.Context()
	adm := s.browser(t).as(s.user(t, "kepala", model.RoleAdministrator))
	post := storetest.Post(t, s.st, func(a *model.Article) { a.Slug = "kabar-pagi" })
	set, _ := s.st.Settings(ctx)
	oldPath := post.Path(model.NewPermalinks(set, nil))

	mustContain(t, "the settings screen", adm.get("/admin/settings").body,
		`value="/%year%/%monthnum%/%day%/%postname%/" checked`, "Post name", "/contoh-artikel/", "/archives/123")
	for custom, msg := range map[string]string{
		"/%year%/%monthnum%/":         "must contain %postname% or %post_id%",
		"/%year%/%judul%/%postname%/": "unknown tag",
		"/category/%postname%/":       "may not start with a part the site already uses",
		"/berita terkini/%postname%":  "must start with / and hold no spaces",
	} {
		r := adm.post("/admin/settings", settingsForm("custom", custom))
		if r.status != http.StatusUnprocessableEntity {
			t.Errorf("%q: status %d, want 422", custom, r.status)
			continue
		}
		mustContain(t, "the refused structure "+custom, r.body, msg, `value="`+custom+`"`,
			`id="f-permalink-custom" name="permalink_preset" value="custom" checked`)
	}
	if st, _ := s.st.Settings(ctx); st.PermalinkStructure != model.DefaultPermalink {
		t.Fatalf("a refused structure was stored: %q", st.PermalinkStructure)
	}

	if r := adm.post("/admin/settings", settingsForm("/%postname%/", "/ignored/%postname%/")); r.status != http.StatusSeeOther {
		t.Fatalf("choosing a preset: %d\n%s", r.status, r.body)
	}
	st, _ := s.st.Settings(ctx)
	if st.PermalinkStructure != "/%postname%/" || !strings.Contains(st.PreviousPermalinks, model.DefaultPermalink) {
		t.Errorf("stored %q, previous %q", st.PermalinkStructure, st.PreviousPermalinks)
	}
	reader := s.browser(t)
	if r := reader.get(oldPath); r.status != http.StatusMovedPermanently || r.header.Get("Location") != "/kabar-pagi/" {
		t.Errorf("the old URL %s: %d to %q", oldPath, r.status, r.header.Get("Location"))
	}
	mustContain(t, "the post at its new URL", reader.get("/kabar-pagi/").body, post.Title)

	if r := adm.post("/admin/settings", settingsForm("custom", "/kabar/%post_id%/%postname%.html")); r.status != http.StatusSeeOther {
		t.Fatalf("a custom structure: %d\n%s", r.status, r.body)
	}
	mustContain(t, "the settings screen", adm.get("/admin/settings").body,
		`id="f-permalink-custom" name="permalink_preset" value="custom" checked`, `value="/kabar/%post_id%/%postname%.html"`)
	want := "/kabar/" + strconv.FormatInt(post.ID, 10) + "/kabar-pagi.html"
	for _, old := range []string{oldPath, "/kabar-pagi/"} {
		if r := reader.get(old); r.status != http.StatusMovedPermanently || r.header.Get("Location") != want {
			t.Errorf("the old URL %s: %d to %q, want %s", old, r.status, r.header.Get("Location"), want)
		}
	}
}

// upload sends the import form as a browser does: the fields in the
// form's order, the CSRF token first.
func (b *browser) upload(t *testing.T, csrf, name string, data []byte, uploads string, keep bool) resp {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", csrf)
	w, _ := mw.CreateFormFile("file", name)
	w.Write(data)
	mw.WriteField("uploads", uploads)
	if keep {
		mw.WriteField("keep_permalinks", "1")
	}
	mw.Close()
	req, _ := http.NewRequest("POST", b.s.srv.URL+"/admin/import", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.do(req)
}

func TestImportScreen(t *testing.T) {
	s := newSite(t, storetest.New(t))
	ctx := t.Context()
	adm := s.browser(t).as(s.user(t, "kepala", model.RoleAdministrator))
	wxrFile, err := os.ReadFile("../wxr/testdata/permalinks.wxr")
	if err != nil {
		t.Fatal(err)
	}
	malformed, err := os.ReadFile("../wxr/testdata/malformed.wxr")
	if err != nil {
		t.Fatal(err)
	}

	t.Run("only administrators see it", func(t *testing.T) {
		ed := s.browser(t).as(s.user(t, "meja", model.RoleEditor))
		if r := ed.get("/admin/import"); r.status != http.StatusForbidden {
			t.Errorf("editor: %d", r.status)
		}
		if r := ed.upload(t, ed.csrf, "a.xml", wxrFile, "", false); r.status != http.StatusForbidden {
			t.Errorf("editor's upload: %d", r.status)
		}
		if n, _ := s.st.CountArticles(ctx); n != 0 {
			t.Errorf("an editor's upload imported %d articles", n)
		}
	})
	t.Run("a wrong CSRF token is refused", func(t *testing.T) {
		adm.get("/admin/import")
		if r := adm.upload(t, "salah", "a.xml", wxrFile, "", false); r.status != http.StatusForbidden {
			t.Errorf("status %d", r.status)
		}
	})
	t.Run("a malformed file names line and column and changes nothing", func(t *testing.T) {
		adm.get("/admin/import")
		r := adm.upload(t, adm.csrf, "rusak.xml", malformed, "", false)
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", r.status)
		}
		mustContain(t, "the answer", r.body, "The file rusak.xml is malformed at line 86, column", "Nothing on the site was changed.")
		if n, _ := s.st.CountArticles(ctx); n != 0 {
			t.Errorf("a malformed file imported %d articles", n)
		}
	})
	t.Run("no file, or an uploads folder that is not there, keep what was typed", func(t *testing.T) {
		adm.get("/admin/import")
		r := adm.upload(t, adm.csrf, "", nil, "/tidak/ada/uploads", true)
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", r.status)
		}
		mustContain(t, "the form", r.body, "Choose a WXR file to upload.", "This folder does not exist on the server.",
			`value="/tidak/ada/uploads"`, `name="keep_permalinks" value="1" checked`)
	})
	t.Run("a file is imported and reported", func(t *testing.T) {
		adm.get("/admin/import")
		r := adm.upload(t, adm.csrf, "muara.xml", wxrFile, "", false)
		if r.status != http.StatusOK {
			t.Fatalf("status %d\n%s", r.status, r.body)
		}
		mustContain(t, "the report", r.body, "Import of muara.xml", `<th scope="row">Posts and pages</th><td>4</td><td>0</td><td>0</td>`,
			"(3 of 3 posts):", "<code>/%year%/%category%/%postname%.html</code>", "Import again with the old structure ticked")
		if r := s.browser(t).get("/2024/berita/pasar-ikan-baru.html"); r.status != http.StatusMovedPermanently {
			t.Errorf("the old link: %d, want 301", r.status)
		}
		entries, err := s.st.AuditEntries(ctx, 10, 0)
		if err != nil || len(entries) == 0 || entries[0].Action != "wxr.import" || !strings.Contains(entries[0].Detail, "muara.xml") {
			t.Errorf("audit log: %+v %v", entries, err)
		}
	})
	t.Run("importing again keeping the permalinks makes old links answer as they were", func(t *testing.T) {
		adm.get("/admin/import")
		r := adm.upload(t, adm.csrf, "muara.xml", wxrFile, "", true)
		if r.status != http.StatusOK {
			t.Fatalf("status %d\n%s", r.status, r.body)
		}
		mustContain(t, "the report", r.body, `<th scope="row">Posts and pages</th><td>0</td><td>0</td><td>4</td>`,
			"The site now uses this structure")
		if st, _ := s.st.Settings(ctx); st.PermalinkStructure != "/%year%/%category%/%postname%.html" {
			t.Errorf("structure %q", st.PermalinkStructure)
		}
		mustContain(t, "the old link", s.browser(t).get("/2024/berita/pasar-ikan-baru.html").body, "Pasar ikan baru dibuka")
	})
}

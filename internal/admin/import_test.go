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
	"time"

	"warta/internal/model"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
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
	adm := s.As(t, s.User(t, "kepala", model.RoleAdministrator))
	post := storetest.Post(t, s.Store, func(a *model.Article) { a.Slug = "kabar-pagi" })
	set, _ := s.Store.Settings(ctx)
	oldPath := post.Path(model.NewPermalinks(set, nil))

	refused := []scenario.Scenario{{Name: "the settings screen", URL: "/admin/settings", ExpectedStatus: http.StatusOK,
		ExpectedContent: []string{`value="/%year%/%monthnum%/%day%/%postname%/" checked`, "Post name", "/contoh-artikel/", "/archives/123"}}}
	for custom, msg := range map[string]string{
		"/%year%/%monthnum%/":         "must contain %postname% or %post_id%",
		"/%year%/%judul%/%postname%/": "unknown tag",
		"/category/%postname%/":       "may not start with a part the site already uses",
		"/berita terkini/%postname%":  "must start with / and hold no spaces",
	} {
		refused = append(refused, scenario.Scenario{Name: "the refused structure " + custom, Method: http.MethodPost, URL: "/admin/settings",
			Form: settingsForm("custom", custom), ExpectedStatus: http.StatusUnprocessableEntity,
			ExpectedContent: []string{msg, `value="` + custom + `"`, `id="f-permalink-custom" name="permalink_preset" value="custom" checked`}})
	}
	adm.Run(t, refused...)
	if st, _ := s.Store.Settings(ctx); st.PermalinkStructure != model.DefaultPermalink {
		t.Fatalf("a refused structure was stored: %q", st.PermalinkStructure)
	}

	adm.Do(t, scenario.Scenario{Name: "choosing a preset", Method: http.MethodPost, URL: "/admin/settings",
		Form: settingsForm("/%postname%/", "/ignored/%postname%/"), ExpectedStatus: http.StatusSeeOther})
	st, _ := s.Store.Settings(ctx)
	if st.PermalinkStructure != "/%postname%/" || !strings.Contains(st.PreviousPermalinks, model.DefaultPermalink) {
		t.Errorf("stored %q, previous %q", st.PermalinkStructure, st.PreviousPermalinks)
	}
	reader := s.Browser()
	reader.Run(t,
		scenario.Scenario{Name: "the old URL " + oldPath, URL: oldPath, ExpectedStatus: http.StatusMovedPermanently,
			ExpectedHeaders: map[string]string{"Location": "/kabar-pagi/"}},
		scenario.Scenario{Name: "the post at its new URL", URL: "/kabar-pagi/", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{post.Title}},
	)

	adm.Do(t, scenario.Scenario{Name: "a custom structure", Method: http.MethodPost, URL: "/admin/settings",
		Form: settingsForm("custom", "/kabar/%post_id%/%postname%.html"), ExpectedStatus: http.StatusSeeOther})
	adm.Do(t, scenario.Scenario{Name: "the settings screen", URL: "/admin/settings", ExpectedStatus: http.StatusOK,
		ExpectedContent: []string{`id="f-permalink-custom" name="permalink_preset" value="custom" checked`, `value="/kabar/%post_id%/%postname%.html"`}})
	want := "/kabar/" + strconv.FormatInt(post.ID, 10) + "/kabar-pagi.html"
	for _, old := range []string{oldPath, "/kabar-pagi/"} {
		reader.Do(t, scenario.Scenario{Name: "the old URL " + old, URL: old, ExpectedStatus: http.StatusMovedPermanently,
			ExpectedHeaders: map[string]string{"Location": want}})
	}
}

// upload is the import form sent as a browser sends it: the fields in the
// form's order, the CSRF token first.
func upload(name string, csrf, file string, data []byte, uploads string, keep bool, status int) scenario.Scenario {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", csrf)
	w, _ := mw.CreateFormFile("file", file)
	w.Write(data)
	mw.WriteField("uploads", uploads)
	if keep {
		mw.WriteField("keep_permalinks", "1")
	}
	mw.Close()
	return scenario.Scenario{Name: name, Method: http.MethodPost, URL: "/admin/import", Body: &buf,
		Headers: map[string]string{"Content-Type": mw.FormDataContentType()}, ExpectedStatus: status}
}

// awaitImport follows an accepted upload (303) to its job's page and
// reads the page until the import has ended, checking that while it runs
// the page reloads itself; it returns the last answer.
func awaitImport(t *testing.T, c *scenario.Client, accepted *scenario.Response) *scenario.Response {
	t.Helper()
	loc := accepted.Location()
	if !strings.HasPrefix(loc, "/admin/import/") {
		t.Fatalf("the upload was sent to %q, not to its job", loc)
	}
	for range 500 {
		res := c.Do(t, scenario.Scenario{Name: "the import's page", URL: loc, ExpectedStatus: http.StatusOK})
		if res.Header.Get("Refresh") == "" {
			return res
		}
		if !strings.Contains(res.Body, "<progress") {
			t.Fatalf("a running import's page shows no progress:\n%s", res.Body)
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the import did not end")
	return nil
}

func TestImportScreen(t *testing.T) {
	s := newSite(t, storetest.New(t))
	ctx := t.Context()
	adm := s.As(t, s.User(t, "kepala", model.RoleAdministrator))
	wxrFile, err := os.ReadFile("../wxr/testdata/permalinks.wxr")
	if err != nil {
		t.Fatal(err)
	}
	malformed, err := os.ReadFile("../wxr/testdata/malformed.wxr")
	if err != nil {
		t.Fatal(err)
	}
	form := scenario.Scenario{Name: "the import form", URL: "/admin/import", ExpectedStatus: http.StatusOK}

	t.Run("only administrators see it", func(t *testing.T) {
		ed := s.As(t, s.User(t, "meja", model.RoleEditor))
		ed.Do(t, scenario.Scenario{Name: "an editor opens it", URL: "/admin/import", ExpectedStatus: http.StatusForbidden})
		ed.Do(t, upload("an editor's upload", ed.CSRF(), "a.xml", wxrFile, "", false, http.StatusForbidden))
		if n, _ := s.Store.CountArticles(ctx); n != 0 {
			t.Errorf("an editor's upload imported %d articles", n)
		}
	})
	t.Run("a wrong CSRF token is refused", func(t *testing.T) {
		adm.Do(t, form)
		adm.Do(t, upload("a wrong token", "salah", "a.xml", wxrFile, "", false, http.StatusForbidden))
	})
	t.Run("a malformed file names line and column and changes nothing", func(t *testing.T) {
		adm.Do(t, form)
		res := awaitImport(t, adm, adm.Do(t, upload("a malformed file", adm.CSRF(), "rusak.xml", malformed, "", false, http.StatusSeeOther)))
		for _, want := range []string{"The file rusak.xml is malformed at line 86, column", "Nothing on the site was changed."} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("the job's page lacks %q", want)
			}
		}
		if n, _ := s.Store.CountArticles(ctx); n != 0 {
			t.Errorf("a malformed file imported %d articles", n)
		}
	})
	t.Run("a photo given by mistake is named for what it is", func(t *testing.T) {
		adm.Do(t, form)
		sc := upload("a JPEG", adm.CSRF(), "foto.jpg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), "", false, http.StatusUnprocessableEntity)
		sc.ExpectedContent = []string{"The file foto.jpg cannot be imported: this file is not an XML file (it looks like a JPEG image)",
			"Nothing on the site was changed."}
		adm.Do(t, sc)
	})
	t.Run("no file, or an uploads folder that is not there, keep what was typed", func(t *testing.T) {
		adm.Do(t, form)
		sc := upload("no file and no folder", adm.CSRF(), "", nil, "/tidak/ada/uploads", true, http.StatusUnprocessableEntity)
		sc.ExpectedContent = []string{"Choose a WXR file to upload.", "This folder does not exist on the server.",
			`value="/tidak/ada/uploads"`, `name="keep_permalinks" value="1" checked`}
		adm.Do(t, sc)
	})
	t.Run("a file is imported and reported", func(t *testing.T) {
		adm.Do(t, form)
		res := awaitImport(t, adm, adm.Do(t, upload("the report", adm.CSRF(), "muara.xml", wxrFile, "", false, http.StatusSeeOther)))
		for _, want := range []string{"Import of muara.xml", `<th scope="row">Posts and pages</th><td>4</td><td>0</td><td>0</td>`,
			"(3 of 3 posts):", "<code>/%year%/%category%/%postname%.html</code>", "Import again with the old structure ticked"} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("the report lacks %q", want)
			}
		}
		s.Browser().Do(t, scenario.Scenario{Name: "the old link", URL: "/2024/berita/pasar-ikan-baru.html", ExpectedStatus: http.StatusMovedPermanently})
		entries, err := s.Store.AuditEntries(ctx, 10, 0)
		if err != nil || len(entries) == 0 || entries[0].Action != "wxr.import" || !strings.Contains(entries[0].Detail, "muara.xml") {
			t.Errorf("audit log: %+v %v", entries, err)
		}
	})
	t.Run("importing again keeping the permalinks makes old links answer as they were", func(t *testing.T) {
		adm.Do(t, form)
		accepted := adm.Do(t, upload("the report", adm.CSRF(), "muara.xml", wxrFile, "", true, http.StatusSeeOther))
		res := awaitImport(t, adm, accepted)
		for _, want := range []string{`<th scope="row">Posts and pages</th><td>0</td><td>0</td><td>4</td>`, "The site now uses this structure",
			"<li>Posts and pages: 4 × unchanged since the last import</li>"} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("the report lacks %q", want)
			}
		}
		// The page is short; every skipped record is in the download.
		list := adm.Do(t, scenario.Scenario{Name: "the full list", URL: accepted.Location() + "/report.txt",
			ExpectedStatus: http.StatusOK, ExpectedHeaders: map[string]string{"Content-Type": "text/plain; charset=utf-8"}})
		if n := strings.Count(list.Body, "unchanged since the last import"); n < 4 {
			t.Errorf("the full list names %d unchanged records, want every one:\n%s", n, list.Body)
		}
		s.Browser().Do(t, scenario.Scenario{Name: "another visitor cannot read it", URL: accepted.Location() + "/report.txt",
			ExpectedStatus: http.StatusSeeOther})
		if st, _ := s.Store.Settings(ctx); st.PermalinkStructure != "/%year%/%category%/%postname%.html" {
			t.Errorf("structure %q", st.PermalinkStructure)
		}
		s.Browser().Do(t, scenario.Scenario{Name: "the old link", URL: "/2024/berita/pasar-ikan-baru.html", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"Pasar ikan baru dibuka"}})
	})
}

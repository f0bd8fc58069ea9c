package admin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"warta/internal/model"
	"warta/internal/tools/scenario"
)

// The press guideline's article flags, set in the newsroom and shown to
// readers: a story published before verification, and paid content.
func TestPressFlags(t *testing.T) {
	scenario.Engines(t, scenario.Options{}, func(t *testing.T, s *scenario.Site) {
		ed := s.As(t, s.User(t, "sari", model.RoleEditor))
		reader := s.Client() // the site's own language: Indonesian

		form := url.Values{"title": {"Jembatan Kali Wening Retak"}, "body": {"Warga melaporkan retakan panjang."},
			"status": {"published"}, "comments_open": {"1"}, "unverified": {"1"}}
		id := savedID(t, ed.Do(t, scenario.Scenario{Name: "publish a story still being verified", Method: http.MethodPost,
			URL: "/admin/articles/new", Form: form, ExpectedStatus: http.StatusSeeOther}))
		path := publicPath(t, s, id)
		notice := "Berita ini diterbitkan sebelum verifikasi selesai."
		reader.Run(t,
			scenario.Scenario{Name: "the story tells readers it is being verified", URL: path, ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{`class="notice notice-unverified"`, notice}, NotExpectedContent: []string{`class="verified"`}},
			scenario.Scenario{Name: "its card on the front page says so", URL: "/", ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{`<p class="card-flag card-unverified">Sedang dalam verifikasi</p>`}},
			scenario.Scenario{Name: "its feed item says so", URL: "/feed/", ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{"Sedang dalam verifikasi: berita ini diterbitkan sebelum verifikasi selesai."}},
			scenario.Scenario{Name: "the Google News sitemap leaves it out", URL: "/news-sitemap.xml", ExpectedStatus: http.StatusOK,
				NotExpectedContent: []string{path}},
		)

		// Verified: the notice goes, the time is shown, the News sitemap lists it.
		edit := "/admin/articles/" + strconv.FormatInt(id, 10)
		ed.Do(t, scenario.Scenario{Name: "the editor shows the flag ticked", URL: edit, ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{`name="unverified" value="1" checked`}})
		form.Del("unverified")
		form.Set("slug", "jembatan-kali-wening-retak")
		ed.Do(t, scenario.Scenario{Name: "clear the flag", Method: http.MethodPost, URL: edit, Form: form, ExpectedStatus: http.StatusSeeOther})
		a, err := s.Store.ArticleByID(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		if a.Unverified || a.VerifiedAt.IsZero() {
			t.Fatalf("after clearing: Unverified %v, VerifiedAt %v", a.Unverified, a.VerifiedAt)
		}
		reader.Run(t,
			scenario.Scenario{Name: "the story shows when it was verified", URL: path, ExpectedStatus: http.StatusOK,
				ExpectedContent:    []string{`<span class="verified"> · Diverifikasi <time datetime="` + a.VerifiedAt.UTC().Format("2006-01-02T15:04:05Z07:00")},
				NotExpectedContent: []string{notice}},
			scenario.Scenario{Name: "the Google News sitemap lists it", URL: "/news-sitemap.xml", ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{path}},
		)
		admin := s.As(t, s.User(t, "admin", model.RoleAdministrator))
		admin.Do(t, scenario.Scenario{Name: "the audit log records the verification", URL: "/admin/audit", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"Finished verifying a story"}})

		// Paid content: one label wherever it shows, links out marked sponsored.
		ad := url.Values{"title": {"Liburan Hemat ke Danau Wening"}, "body": {"Pesan paket di [Wening Tour](https://tour.example/paket)."},
			"status": {"published"}, "sponsored": {"1"}}
		adID := savedID(t, ed.Do(t, scenario.Scenario{Name: "publish sponsored content", Method: http.MethodPost,
			URL: "/admin/articles/new", Form: ad, ExpectedStatus: http.StatusSeeOther}))
		adPath := publicPath(t, s, adID)
		reader.Run(t,
			scenario.Scenario{Name: "the page labels it and marks its links sponsored", URL: adPath, ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{`<p class="label-sponsored">Advertorial</p>`,
					`<a href="https://tour.example/paket" rel="sponsored noopener">Wening Tour</a>`, `"@type":"AdvertiserContentArticle"`}},
			scenario.Scenario{Name: "its card is labelled", URL: "/", ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{`<p class="card-flag card-sponsored">Advertorial</p>`}},
			scenario.Scenario{Name: "its feed item is labelled", URL: "/feed/", ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{"<title>Advertorial: Liburan Hemat ke Danau Wening</title>", `<a href="https://tour.example/paket" rel="sponsored noopener">`}},
			scenario.Scenario{Name: "Google News is not offered paid content", URL: "/news-sitemap.xml", ExpectedStatus: http.StatusOK,
				NotExpectedContent: []string{adPath}},
		)
	})
}

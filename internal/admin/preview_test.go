package admin_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"warta/internal/model"
	"warta/internal/tools/scenario"
)

var shareField = regexp.MustCompile(`id="f-share" value="([^"]+)"`)

func TestPreviewLinkAndEditLink(t *testing.T) {
	scenario.Engines(t, scenario.Options{}, func(t *testing.T, s *scenario.Site) {
		ed := s.As(t, s.User(t, "sari", model.RoleEditor))
		reader := s.Browser()
		form := url.Values{"title": {"Rencana Jalur Sepeda Baru"}, "body": {"<p>Jalur <strong>baru</strong> sepanjang kali.</p>"},
			"format": {"html"}, "status": {"draft"}, "lang": {"id"}}
		id := savedID(t, ed.Do(t, scenario.Scenario{Name: "save a draft", Method: http.MethodPost, URL: "/admin/articles/new",
			Form: form, ExpectedStatus: http.StatusSeeOther}))
		edit := "/admin/articles/" + strconv.FormatInt(id, 10)
		page := ed.Do(t, scenario.Scenario{Name: "the draft's editor offers a preview link", URL: edit,
			ExpectedStatus: http.StatusOK, ExpectedContent: []string{`id="preview-link"`}})
		m := shareField.FindStringSubmatch(page.Body)
		if m == nil {
			t.Fatalf("no preview link to share:\n%s", page.Body)
		}
		link, err := url.Parse(html.UnescapeString(m[1]))
		if err != nil {
			t.Fatal(err)
		}
		reader.Do(t, scenario.Scenario{Name: "a signed-out reader with the link sees the draft in the site's theme",
			URL: link.RequestURI(), ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{`<h1 class="article-title">Rencana Jalur Sepeda Baru</h1>`, "<strong>baru</strong>",
				`class="notice notice-preview"`, `/static/warta.`},
			NotExpectedContent: []string{"Sunting artikel ini", "Edit this article"},
			ExpectedHeaders:    map[string]string{"Cache-Control": "private, no-store", "X-Robots-Tag": "noindex, nofollow"}})
		forged := link.Path + "?k=" + url.QueryEscape(strings.Replace(link.Query().Get("k"), strconv.FormatInt(id, 10)+"-", strconv.FormatInt(id, 10)+"-9", 1))
		reader.Do(t, scenario.Scenario{Name: "a key with a later expiry written in is refused", URL: forged, ExpectedStatus: http.StatusNotFound})
		reader.Do(t, scenario.Scenario{Name: "the key of one article opens no other", URL: "/preview/" + strconv.FormatInt(id+1, 10) + "/?k=" + url.QueryEscape(link.Query().Get("k")),
			ExpectedStatus: http.StatusNotFound})
		reader.Do(t, scenario.Scenario{Name: "without the link there is no preview", URL: link.Path, ExpectedStatus: http.StatusNotFound})

		form.Set("status", "published")
		form.Set("version", "")
		ed.Do(t, scenario.Scenario{Name: "publish", Method: http.MethodPost, URL: edit, Form: form, ExpectedStatus: http.StatusSeeOther})
		path := publicPath(t, s, id)
		ed.Do(t, scenario.Scenario{Name: "a signed-in editor sees an Edit link on the public page", URL: path,
			ExpectedStatus: http.StatusOK, ExpectedContent: []string{`<p class="edit-link"><a href="` + edit + `">`},
			ExpectedHeaders: map[string]string{"Cache-Control": "private, no-store"}})
		reader.Do(t, scenario.Scenario{Name: "a reader does not", URL: path, ExpectedStatus: http.StatusOK,
			NotExpectedContent: []string{`class="edit-link"`, edit}})
		ed.Do(t, scenario.Scenario{Name: "a published article has no preview link", URL: edit, ExpectedStatus: http.StatusOK,
			NotExpectedContent: []string{`id="f-share"`}})
	})
}

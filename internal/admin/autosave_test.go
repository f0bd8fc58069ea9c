package admin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"warta/internal/model"
	"warta/internal/tools/scenario"
)

func TestAutosaveOfALiveArticle(t *testing.T) {
	scenario.Engines(t, scenario.Options{}, func(t *testing.T, s *scenario.Site) {
		ed := s.As(t, s.User(t, "sari", model.RoleEditor))
		reader := s.Browser()
		form := url.Values{"title": {"Pasar Terapung Dibuka"}, "body": {"<p>Versi yang tayang.</p>"},
			"format": {"html"}, "status": {"published"}, "lang": {"id"}}
		id := savedID(t, ed.Do(t, scenario.Scenario{Name: "publish", Method: http.MethodPost, URL: "/admin/articles/new",
			Form: form, ExpectedStatus: http.StatusSeeOther}))
		edit := "/admin/articles/" + strconv.FormatInt(id, 10)
		path := publicPath(t, s, id)

		ed.Get(t, edit)
		edits := url.Values{"id": {strconv.FormatInt(id, 10)}, "title": {"Pasar Terapung Dibuka"}, "format": {"html"},
			"body": {"<p>Versi yang tayang.</p><p>Tambahan yang belum selesai.</p>"}}
		ed.Do(t, scenario.Scenario{Name: "the script autosaves edits of the live article", Method: http.MethodPost, URL: "/admin/autosave",
			Body: strings.NewReader(edits.Encode()), Headers: map[string]string{"Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": ed.CSRF()},
			ExpectedStatus: http.StatusOK, ExpectedJSON: map[string]any{"saved": true, "pending": true}})
		reader.Do(t, scenario.Scenario{Name: "readers still see the saved version", URL: path, ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"Versi yang tayang."}, NotExpectedContent: []string{"Tambahan yang belum selesai."}})
		ed.Do(t, scenario.Scenario{Name: "reopening the editor offers the autosaved edits", URL: edit, ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{`id="autosave-restore"`}, NotExpectedContent: []string{"Tambahan yang belum selesai."}})
		ed.Do(t, scenario.Scenario{Name: "opening them puts them in the form", URL: edit + "?autosave=1", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"Tambahan yang belum selesai."}})
		form.Set("body", "<p>Versi yang tayang.</p><p>Tambahan yang belum selesai.</p>")
		ed.Do(t, scenario.Scenario{Name: "saving puts them live", Method: http.MethodPost, URL: edit, Form: form, ExpectedStatus: http.StatusSeeOther})
		reader.Do(t, scenario.Scenario{Name: "readers see them now", URL: path, ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"Tambahan yang belum selesai."}})
		ed.Do(t, scenario.Scenario{Name: "and the editor no longer offers an autosave", URL: edit, ExpectedStatus: http.StatusOK,
			NotExpectedContent: []string{`id="autosave-restore"`}})
	})
}

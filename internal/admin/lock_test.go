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

func TestEditingLock(t *testing.T) {
	scenario.Engines(t, scenario.Options{}, func(t *testing.T, s *scenario.Site) {
		sari := s.As(t, s.User(t, "sari", model.RoleEditor))
		dewi := s.As(t, s.User(t, "dewi", model.RoleEditor))
		id := savedID(t, sari.Do(t, scenario.Scenario{Name: "write", Method: http.MethodPost, URL: "/admin/articles/new",
			Form:           url.Values{"title": {"Rapat Dewan Kota"}, "body": {"<p>Isi.</p>"}, "format": {"html"}, "status": {"draft"}},
			ExpectedStatus: http.StatusSeeOther}))
		edit := "/admin/articles/" + strconv.FormatInt(id, 10)
		beat := func(c *scenario.Client, name string, held bool, by string) {
			t.Helper()
			want := map[string]any{"held": held}
			if by != "" {
				want["by"] = by
			}
			c.Do(t, scenario.Scenario{Name: name, Method: http.MethodPost, URL: edit + "/lock?beat=1", Body: strings.NewReader(""),
				Headers:        map[string]string{"Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": c.CSRF()},
				ExpectedStatus: http.StatusOK, ExpectedJSON: want})
		}
		sari.Do(t, scenario.Scenario{Name: "the first to open the editor takes the lock", URL: edit, ExpectedStatus: http.StatusOK,
			NotExpectedContent: []string{`id="lock-takeover"`}})
		beat(sari, "her page renews it", true, "")
		dewi.Do(t, scenario.Scenario{Name: "a second editor sees who is editing", URL: edit, ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"Sari is editing this article now", `id="lock-takeover"`}})
		beat(dewi, "the second page does not hold it", false, "Sari")
		dewi.Do(t, scenario.Scenario{Name: "take over", Method: http.MethodPost, URL: edit + "/lock", Form: url.Values{},
			ExpectedStatus: http.StatusSeeOther, ExpectedHeaders: map[string]string{"Location": edit}})
		beat(sari, "the first page learns it lost the lock", false, "Dewi")
		dewi.Do(t, scenario.Scenario{Name: "the new holder sees no lock", URL: edit, ExpectedStatus: http.StatusOK,
			NotExpectedContent: []string{`id="lock-takeover"`}})
	})
}

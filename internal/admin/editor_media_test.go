package admin_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"warta/internal/model"
	"warta/internal/tools/scenario"
)

// The editor's library dialog lists the newest images as JSON, with what
// it searches (file name, alt text, caption) and what it inserts (URL,
// size); only for writers who may upload.
func TestEditorMediaPicker(t *testing.T) {
	scenario.Engines(t, scenario.Options{}, func(t *testing.T, s *scenario.Site) {
		author := s.As(t, s.User(t, "penulis", model.RoleAuthor))
		author.Do(t, scenario.Scenario{Name: "an empty library", URL: "/admin/media/picker", ExpectedStatus: http.StatusOK,
			ExpectedHeaders: map[string]string{"Content-Type": "application/json"}, ExpectedContent: []string{"[]"}})
		author.Do(t, scenario.Scenario{Name: "upload", Method: http.MethodPost, URL: "/admin/media/",
			Form:           url.Values{"alt": {"Perahu nelayan di dermaga"}, "caption": {"Pagi di Muara Angke"}},
			Files:          map[string]map[string][]byte{"file": {"perahu.png": pngImage(t, 900, 500)}},
			ExpectedStatus: http.StatusSeeOther})
		res := author.Do(t, scenario.Scenario{Name: "the picker lists it", URL: "/admin/media/picker", ExpectedStatus: http.StatusOK})
		var items []struct {
			ID                    int64
			URL, Thumb, Name, Alt string
			Caption               string
			Width, Height         int
		}
		res.Decode(t, &items)
		if len(items) != 1 {
			t.Fatalf("picker lists %d items: %+v", len(items), items)
		}
		it := items[0]
		if !strings.HasPrefix(it.Name, "perahu") || it.Alt != "Perahu nelayan di dermaga" || it.Caption != "Pagi di Muara Angke" ||
			it.Width != 900 || it.Height != 500 || it.URL == "" || it.Thumb == it.URL || it.ID == 0 {
			t.Errorf("picker item = %+v", it)
		}
		contributor := s.As(t, s.User(t, "kontributor", model.RoleContributor))
		contributor.Do(t, scenario.Scenario{Name: "a contributor may not upload, nor pick", URL: "/admin/media/picker",
			ExpectedStatus: http.StatusForbidden, NotExpectedContent: []string{"perahu"}})
	})
}

package admin_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"warta/internal/model"
	"warta/internal/tools/scenario"
)

// The editor's library dialog lists the newest images as JSON, a page at
// a time, with what it shows (file name, alt text, caption) and what it
// inserts (URL, size); it searches the whole library on the server; only
// for writers who may upload.
func TestEditorMediaPicker(t *testing.T) {
	scenario.Engines(t, scenario.Options{}, func(t *testing.T, s *scenario.Site) {
		author := s.As(t, s.User(t, "penulis", model.RoleAuthor))
		author.Do(t, scenario.Scenario{Name: "an empty library", URL: "/admin/media/picker", ExpectedStatus: http.StatusOK,
			ExpectedHeaders: map[string]string{"Content-Type": "application/json"}, ExpectedContent: []string{`{"items":[],"total":0,"next":0}`}})
		author.Do(t, scenario.Scenario{Name: "upload", Method: http.MethodPost, URL: "/admin/media/",
			Form:           url.Values{"alt": {"Perahu nelayan di dermaga"}, "caption": {"Pagi di Muara Angke"}},
			Files:          map[string]map[string][]byte{"file": {"perahu.png": pngImage(t, 900, 500)}},
			ExpectedStatus: http.StatusSeeOther})
		author.Do(t, scenario.Scenario{Name: "upload an older one", Method: http.MethodPost, URL: "/admin/media/",
			Form:           url.Values{"alt": {"Banjir di Kampung Melayu"}},
			Files:          map[string]map[string][]byte{"file": {"banjir.png": pngImage(t, 600, 400)}},
			ExpectedStatus: http.StatusSeeOther})
		type page struct {
			Items []struct {
				ID                    int64
				URL, Thumb, Name, Alt string
				Caption               string
				Width, Height         int
			}
			Total, Next int
		}
		get := func(name, query string) page {
			var p page
			author.Do(t, scenario.Scenario{Name: name, URL: "/admin/media/picker" + query, ExpectedStatus: http.StatusOK}).Decode(t, &p)
			return p
		}
		if p := get("the picker lists both, newest first", ""); len(p.Items) != 2 || p.Total != 2 || p.Next != 0 ||
			!strings.HasPrefix(p.Items[0].Name, "banjir") {
			t.Errorf("the whole library: %+v", p)
		}
		p := get("search by a word of the caption", "?q=muara")
		if len(p.Items) != 1 || p.Total != 1 {
			t.Fatalf("picker finds for \"muara\": %+v", p)
		}
		it := p.Items[0]
		if !strings.HasPrefix(it.Name, "perahu") || it.Alt != "Perahu nelayan di dermaga" || it.Caption != "Pagi di Muara Angke" ||
			it.Width != 900 || it.Height != 500 || it.URL == "" || it.Thumb == it.URL || it.ID == 0 {
			t.Errorf("picker item = %+v", it)
		}
		if p := get("the second item alone, from offset 1", "?offset=1"); len(p.Items) != 1 || p.Total != 2 ||
			!strings.HasPrefix(p.Items[0].Name, "perahu") {
			t.Errorf("from offset 1: %+v", p)
		}
		if p := get("a word nothing has", "?q=gunung"); len(p.Items) != 0 || p.Total != 0 {
			t.Errorf("picker finds for \"gunung\": %+v", p)
		}
		contributor := s.As(t, s.User(t, "kontributor", model.RoleContributor))
		contributor.Do(t, scenario.Scenario{Name: "a contributor may not upload, nor pick", URL: "/admin/media/picker",
			ExpectedStatus: http.StatusForbidden, NotExpectedContent: []string{"perahu"}})
	})
}

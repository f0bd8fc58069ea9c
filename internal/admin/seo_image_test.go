package admin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"warta/internal/model"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
)

// TestSocialImageField: the newsroom sets an article's social image, which
// link previews then show over the featured image; an address that is
// neither http(s) nor a path on the site is refused with the text kept.
func TestSocialImageField(t *testing.T) {
	scenario.Engines(t, scenario.Options{}, func(t *testing.T, s *scenario.Site) {
		ed := s.As(t, s.User(t, "sari", model.RoleEditor))
		img := storetest.Image(t, s.Store)
		form := url.Values{"format": {"html"}, "status": {"published"}, "title": {"Banjir Rob di Muara Angke"},
			"body": {"<p>Air laut naik.</p>"}, "featured": {strconv.FormatInt(img.ID, 10)},
			"seo_title": {""}, "seo_description": {""}, "seo_canonical": {""}, "seo_image": {"javascript:alert(1)"}}
		ed.Do(t, scenario.Scenario{Name: "a social image that is no address", Method: http.MethodPost, URL: "/admin/articles/new",
			Form: form, ExpectedStatus: http.StatusUnprocessableEntity,
			ExpectedContent: []string{"The social image must be an address starting with http:// or https://",
				`value="javascript:alert(1)"`, `id="e-seo_image"`}})

		form.Set("seo_image", "/media/2024/05/rob kecil.jpg")
		id := savedID(t, ed.Do(t, scenario.Scenario{Name: "a path on the site", Method: http.MethodPost, URL: "/admin/articles/new",
			Form: form, ExpectedStatus: http.StatusSeeOther}))
		edit := "/admin/articles/" + strconv.FormatInt(id, 10)
		ed.Do(t, scenario.Scenario{Name: "the form shows it again", URL: edit, ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{`name="seo_image" value="/media/2024/05/rob kecil.jpg"`}})
		path := publicPath(t, s, id)
		s.Browser().Do(t, scenario.Scenario{Name: "previews show it, not the featured image", URL: path, ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{`<meta property="og:image" content="` + s.BaseURL + `/media/2024/05/rob%20kecil.jpg">`,
				`<meta name="twitter:image" content="` + s.BaseURL + `/media/2024/05/rob%20kecil.jpg">`},
			NotExpectedContent: []string{`og:image" content="` + s.BaseURL + `/media/` + img.Path}})

		form.Set("seo_image", "https://cdn.example/og/rob.jpg")
		ed.Do(t, scenario.Scenario{Name: "an address elsewhere", Method: http.MethodPost, URL: edit, Form: form,
			ExpectedStatus: http.StatusSeeOther})
		s.Browser().Do(t, scenario.Scenario{Name: "previews show the new one", URL: path, ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{`<meta property="og:image" content="https://cdn.example/og/rob.jpg">`}})

		form.Set("seo_image", "")
		ed.Do(t, scenario.Scenario{Name: "emptied", Method: http.MethodPost, URL: edit, Form: form, ExpectedStatus: http.StatusSeeOther})
		s.Browser().Do(t, scenario.Scenario{Name: "previews show the featured image again", URL: path, ExpectedStatus: http.StatusOK,
			ExpectedContent:    []string{`<meta property="og:image" content="` + s.BaseURL + `/media/`},
			NotExpectedContent: []string{"cdn.example"}})
	})
}

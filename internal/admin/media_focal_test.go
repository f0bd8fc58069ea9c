package admin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"warta/internal/model"
	"warta/internal/tools/scenario"
)

// The focal point of an image, set without JavaScript by clicking the
// image (its coordinates come with the form) or by typing percentages; the
// crops are cut again around it. Bad numbers are named and kept.
func TestMediaFocalPoint(t *testing.T) {
	scenario.Engines(t, scenario.Options{}, func(t *testing.T, s *scenario.Site) {
		ctx := t.Context()
		author := s.As(t, s.User(t, "penulis", model.RoleAuthor))
		author.Do(t, scenario.Scenario{Name: "the library", URL: "/admin/media/", ExpectedStatus: http.StatusOK})
		author.Do(t, scenario.Scenario{Name: "upload", Method: http.MethodPost, URL: "/admin/media/", Form: url.Values{"alt": {"Perahu nelayan"}},
			Files: map[string]map[string][]byte{"file": {"perahu.png": pngImage(t, 1600, 800)}}, ExpectedStatus: http.StatusSeeOther})
		list, _, err := s.Store.MediaLibrary(ctx, 10, 0)
		if err != nil || len(list) != 1 {
			t.Fatalf("library: %v", err)
		}
		m := list[0]
		page := "/admin/media/" + strconv.FormatInt(m.ID, 10) + "/focal"
		// The 480-pixel variant, shown 400 wide and 200 high.
		author.Run(t,
			scenario.Scenario{Name: "the library links to the focal point", URL: "/admin/media/", ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{`<a href="` + page + `">Focal point`}},
			scenario.Scenario{Name: "so does the item's page", URL: "/admin/media/" + strconv.FormatInt(m.ID, 10), ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{`<a href="` + page + `">Focal point</a>`}},
			scenario.Scenario{Name: "the page shows the image to click and the centre", URL: page, ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{`<input type="image" name="pick" src="/media/` + m.Variants[0].Path + `" width="400" height="200"`,
					`name="x" type="number" min="0" max="100" step="any" value="50"`, `-16x9-500-500.png"`}},
			scenario.Scenario{Name: "a click a quarter across and three quarters down", Method: http.MethodPost, URL: page,
				Form: url.Values{"pick.x": {"100"}, "pick.y": {"150"}, "x": {"50"}, "y": {"50"}}, ExpectedStatus: http.StatusSeeOther},
			scenario.Scenario{Name: "the crops were cut around the click", URL: page + "?notice=focal_saved", ExpectedStatus: http.StatusOK,
				ExpectedContent:    []string{`value="25"`, `value="75"`, `-16x9-250-750.png"`, `-1x1-250-750.png"`, "Focal point saved"},
				NotExpectedContent: []string{`-500-500.png"`}},
			scenario.Scenario{Name: "typed percentages, with a decimal comma", Method: http.MethodPost, URL: page,
				Form: url.Values{"x": {"33,5"}, "y": {"10"}}, ExpectedStatus: http.StatusSeeOther},
			scenario.Scenario{Name: "a point outside the image is refused, the text kept", Method: http.MethodPost, URL: page,
				Form: url.Values{"x": {"140"}, "y": {"abc"}}, ExpectedStatus: http.StatusUnprocessableEntity,
				ExpectedContent: []string{"The focal point must lie within the image", `value="140"`, `value="abc"`, `aria-invalid="true"`}},
		)
		x, y, err := s.Store.MediaFocal(ctx, m.ID)
		if err != nil || x != 0.335 || y != 0.1 {
			t.Errorf("focal point %v, %v (%v); want the typed 0.335, 0.1", x, y, err)
		}
		// Another author may not move someone else's crops; an editor may.
		other := s.As(t, s.User(t, "lain", model.RoleAuthor))
		other.Do(t, scenario.Scenario{Name: "another author's image", URL: page, ExpectedStatus: http.StatusForbidden})
		editor := s.As(t, s.User(t, "redaktur", model.RoleEditor))
		editor.Do(t, scenario.Scenario{Name: "an editor", Method: http.MethodPost, URL: page,
			Form: url.Values{"x": {"50"}, "y": {"50"}}, ExpectedStatus: http.StatusSeeOther})
	})
}

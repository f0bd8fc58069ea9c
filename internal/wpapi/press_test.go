package wpapi_test

import (
	"strconv"
	"testing"

	"warta/internal/model"
	"warta/internal/tools/scenario"
)

// The press guideline's flags are post meta in the REST API: written with
// a post, read back, and kept by an update that does not send them.
func TestPressMeta(t *testing.T) {
	forEngine(t, func(t *testing.T, s *writeSite) {
		ed := s.as(model.RoleEditor)
		r := ed.Do(t, scenario.Scenario{Name: "create a sponsored post still being verified", Method: "POST", URL: "/wp-json/wp/v2/posts",
			JSON: map[string]any{"title": "Promo Danau", "content": "<p>Isi.</p>", "status": "publish",
				"meta": map[string]any{"warta_unverified": true, "warta_sponsored": true}},
			ExpectedStatus: 201, ExpectedJSON: map[string]any{"meta.warta_unverified": true, "meta.warta_sponsored": true, "meta.warta_verified_at": ""}})
		post := "/wp-json/wp/v2/posts/" + strconv.FormatInt(r.Int("id"), 10)
		ed.Run(t,
			scenario.Scenario{Name: "an update without meta keeps the flags", Method: "POST", URL: post, JSON: map[string]any{"title": "Promo Danau Wening"},
				ExpectedStatus: 200, ExpectedJSON: map[string]any{"meta.warta_unverified": true, "meta.warta_sponsored": true}},
			scenario.Scenario{Name: "a form clears the flag with meta[…]", Method: "POST", URL: post,
				Form:           map[string][]string{"meta[warta_unverified]": {"false"}},
				ExpectedStatus: 200, ExpectedJSON: map[string]any{"meta.warta_unverified": false, "meta.warta_verified_at": scenario.AnyValue}},
			scenario.Scenario{Name: "a flag that is not a boolean is refused", Method: "POST", URL: post,
				JSON:           map[string]any{"meta": map[string]any{"warta_sponsored": "kadang"}},
				ExpectedStatus: 400, ExpectedJSON: scenario.WPError(400, "rest_invalid_param")},
		)
		s.anon.Do(t, scenario.Scenario{Name: "readers see the flags too", URL: post, ExpectedStatus: 200,
			ExpectedJSON: map[string]any{"meta.warta_sponsored": true, "meta.warta_unverified": false}})
	})
}

package wpapi_test

import (
	"fmt"
	"strconv"
	"strings"
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
			JSON: map[string]any{"title": "Promo Danau", "content": `<p>Isi <a href="https://brand.example/promo">promo</a>.</p>`, "status": "publish",
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
		s.anon.Do(t, scenario.Scenario{Name: "readers see the flags too, and the link out marked sponsored", URL: post, ExpectedStatus: 200,
			ExpectedJSON: map[string]any{"meta.warta_sponsored": true, "meta.warta_unverified": false, "meta.warta_corrections": []any{}},
			AfterTest: func(t testing.TB, _ *scenario.Site, r *scenario.Response) {
				if v, _ := r.Value("content.rendered"); !strings.Contains(fmt.Sprint(v), `<a href="https://brand.example/promo" rel="sponsored noopener">`) {
					t.Errorf("content.rendered of a sponsored post: %v", v)
				}
			}})
		ed.Run(t,
			scenario.Scenario{Name: "a right of reply without its party is refused", Method: "POST", URL: post,
				JSON:           map[string]any{"meta": map[string]any{"warta_new_correction": map[string]any{"kind": "reply", "text": "Kami menolak."}}},
				ExpectedStatus: 400, ExpectedJSON: scenario.WPError(400, "rest_invalid_param")},
			scenario.Scenario{Name: "an update attached through meta", Method: "POST", URL: post,
				JSON:           map[string]any{"meta": map[string]any{"warta_new_correction": map[string]any{"kind": "update", "text": "Harga promo diperpanjang."}}},
				ExpectedStatus: 200, ExpectedJSON: map[string]any{"meta.warta_corrections.0.kind": "update",
					"meta.warta_corrections.0.text": "Harga promo diperpanjang.", "meta.warta_corrections.0.date_gmt": scenario.AnyValue,
					"meta.warta_takedown": nil}},
		)
		s.anon.Do(t, scenario.Scenario{Name: "readers read the entries", URL: post, ExpectedStatus: 200,
			ExpectedJSON: map[string]any{"meta.warta_corrections.0.text": "Harga promo diperpanjang."},
			AfterTest: func(t testing.TB, _ *scenario.Site, r *scenario.Response) {
				if _, ok := r.Value("meta.warta_takedown"); ok {
					t.Errorf("a reader is shown the newsroom's takedown field: %s", r.Body)
				}
			}})
		s.as(model.RoleAuthor).Do(t, scenario.Scenario{Name: "an author may not take a post down", Method: "POST", URL: post,
			JSON: map[string]any{"meta": map[string]any{"warta_takedown": map[string]any{"reason": "trauma"}}}, ExpectedStatus: 403})
		ed.Run(t,
			scenario.Scenario{Name: "a reason outside the guideline is refused", Method: "POST", URL: post,
				JSON:           map[string]any{"meta": map[string]any{"warta_takedown": map[string]any{"reason": "bosan"}}},
				ExpectedStatus: 400, ExpectedJSON: scenario.WPError(400, "rest_invalid_param")},
			scenario.Scenario{Name: "an editor takes the post down", Method: "POST", URL: post,
				JSON:           map[string]any{"meta": map[string]any{"warta_takedown": map[string]any{"reason": "dewan_pers", "note": "Keputusan 2/2026."}}},
				ExpectedStatus: 200, ExpectedJSON: map[string]any{"status": "draft", "meta.warta_takedown.reason": "dewan_pers",
					"meta.warta_takedown.note": "Keputusan 2/2026.", "meta.warta_takedown.path": scenario.AnyValue}},
		)
		s.anon.Do(t, scenario.Scenario{Name: "readers are told it was taken down, and why", URL: post, ExpectedStatus: 410,
			ExpectedJSON: map[string]any{"code": "warta_taken_down", "data.status": 410, "data.reason": "dewan_pers",
				"data.note": "Keputusan 2/2026.", "data.date_gmt": scenario.AnyValue,
				"message": "Berita ini dicabut sesuai Pedoman Pemberitaan Media Siber. Alasan: Keputusan Dewan Pers"},
			NotExpectedContent: []string{"Promo Danau", "Harga promo"}})
		s.anon.Do(t, scenario.Scenario{Name: "nor is it listed", URL: "/wp-json/wp/v2/posts?search=Promo", ExpectedStatus: 200,
			NotExpectedContent: []string{"Promo Danau"}})
		ed.Do(t, scenario.Scenario{Name: "null lifts the takedown", Method: "POST", URL: post,
			JSON: map[string]any{"meta": map[string]any{"warta_takedown": nil}}, ExpectedStatus: 200,
			ExpectedJSON: map[string]any{"status": "draft", "meta.warta_takedown": nil}})
	})
}

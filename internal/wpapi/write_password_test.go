package wpapi_test

import (
	"fmt"
	"strings"
	"testing"

	"warta/internal/model"
	"warta/internal/tools/scenario"
)

// TestPostPassword: a post's password is written through the API as
// WordPress's password field, and its content never leaks without it.
func TestPostPassword(t *testing.T) {
	forEngine(t, func(t *testing.T, s *writeSite) {
		const body = "Nama sumber: Pak Darto, nelayan Muara Angke."
		id := s.as(model.RoleAuthor).Do(t, scenario.Scenario{Name: "create with a password", Method: "POST", URL: "/wp-json/wp/v2/posts",
			JSON: map[string]any{"title": "Laporan tertutup", "content": "<p>" + body + "</p>", "excerpt": "Ringkasan rahasia",
				"status": "publish", "password": "kunci laut"},
			ExpectedStatus: 201, ExpectedJSON: map[string]any{"password": "kunci laut", "content.protected": true}}).Int("id")
		one := fmt.Sprintf("/wp-json/wp/v2/posts/%d", id)
		stored, err := s.Store.ArticleByID(t.Context(), id)
		if err != nil || stored.Password != "kunci laut" {
			t.Fatalf("stored password %q, %v", stored.Password, err)
		}

		for _, target := range []string{one, one + "?_embed=1", "/wp-json/wp/v2/posts", "/wp-json/wp/v2/posts?search=Darto",
			"/?rest_route=/wp/v2/posts/" + strings.TrimPrefix(one, "/wp-json/wp/v2/posts/")} {
			s.as("").Do(t, scenario.Scenario{Name: "anonymous GET " + target + " does not leak the protected content", URL: target,
				ExpectedStatus: 200, NotExpectedContent: []string{"Darto", "Ringkasan rahasia", "kunci laut"}})
		}
		r := s.as("").Do(t, scenario.Scenario{Name: "anonymous view", URL: one, ExpectedStatus: 200,
			ExpectedJSON: map[string]any{"content.rendered": "", "content.protected": true}})
		if v, _ := r.Value("password"); v != nil {
			t.Errorf("anonymous view: %s", r.Body)
		}
		s.as("").Do(t, scenario.Scenario{Name: "a wrong ?password=", Method: "GET", URL: one + "?password=salah", ExpectedStatus: 403, ExpectedJSON: scenario.WPError(403, "rest_post_incorrect_password")})
		s.as(model.RoleContributor).Do(t, scenario.Scenario{Name: "edit context for a contributor", Method: "GET", URL: one + "?context=edit", ExpectedStatus: 403, ExpectedJSON: scenario.WPError(403, "rest_forbidden_context")})
		r = s.as("").Do(t, scenario.Scenario{Name: "?password= with the right password", URL: one + "?password=kunci+laut", ExpectedStatus: 200,
			ExpectedJSON: map[string]any{"content.protected": true}, NotExpectedContent: []string{"kunci laut"}})
		if !strings.Contains(r.Str("content.rendered"), body) {
			t.Errorf("?password= with the right password: %s", r.Body)
		}

		// The author's own edit context shows it; an update clears it.
		s.as(model.RoleAuthor).Do(t, scenario.Scenario{Name: "the author's edit context", URL: one + "?context=edit", ExpectedStatus: 200,
			ExpectedJSON: map[string]any{"password": "kunci laut"}})
		s.as(model.RoleAuthor).Do(t, scenario.Scenario{Name: "a password that is not a string", Method: "POST", URL: one, JSON: map[string]any{"password": 12}, ExpectedStatus: 400, ExpectedJSON: scenario.WPError(400, "rest_invalid_param")})
		s.as(model.RoleAuthor).Run(t,
			scenario.Scenario{Name: "an update without password keeps it", Method: "POST", URL: one, JSON: map[string]any{"title": "Laporan terbuka"},
				ExpectedStatus: 200, ExpectedJSON: map[string]any{"password": "kunci laut"}},
			scenario.Scenario{Name: "clearing the password", Method: "POST", URL: one, JSON: map[string]any{"password": ""},
				ExpectedStatus: 200, ExpectedJSON: map[string]any{"password": ""}},
		)
		r = s.as("").Do(t, scenario.Scenario{Name: "after clearing, anonymous view", URL: one, ExpectedStatus: 200,
			ExpectedJSON: map[string]any{"content.protected": false}})
		if !strings.Contains(r.Str("content.rendered"), body) {
			t.Errorf("after clearing, anonymous view: %s", r.Body)
		}
	})
}

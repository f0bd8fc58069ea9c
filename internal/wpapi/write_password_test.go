package wpapi

import (
	"fmt"
	"strings"
	"testing"

	"warta/internal/model"
)

// TestPostPassword: a post's password is written through the API as
// WordPress's password field, and its content never leaks without it.
func TestPostPassword(t *testing.T) {
	forEngine(t, func(t *testing.T, s *writeSite) {
		const body = "Nama sumber: Pak Darto, nelayan Muara Angke."
		a := s.call(t, "POST", "/wp-json/wp/v2/posts", model.RoleAuthor, map[string]any{
			"title": "Laporan tertutup", "content": "<p>" + body + "</p>", "excerpt": "Ringkasan rahasia",
			"status": "publish", "password": "kunci laut"})
		if a.code != 201 || a.str("password") != "kunci laut" || a.obj["content"].(map[string]any)["protected"] != true {
			t.Fatalf("create with a password: %d %s", a.code, a.raw)
		}
		one := fmt.Sprintf("/wp-json/wp/v2/posts/%d", a.id())
		stored, err := s.st.ArticleByID(t.Context(), a.id())
		if err != nil || stored.Password != "kunci laut" {
			t.Fatalf("stored password %q, %v", stored.Password, err)
		}

		for _, target := range []string{one, one + "?_embed=1", "/wp-json/wp/v2/posts", "/wp-json/wp/v2/posts?search=Darto",
			"/?rest_route=/wp/v2/posts/" + strings.TrimPrefix(one, "/wp-json/wp/v2/posts/")} {
			r := s.call(t, "GET", target, "", nil)
			if r.code != 200 || strings.Contains(r.raw, "Darto") || strings.Contains(r.raw, "Ringkasan rahasia") || strings.Contains(r.raw, "kunci laut") {
				t.Errorf("anonymous GET %s leaks the protected content: %d %s", target, r.code, r.raw)
			}
		}
		r := s.call(t, "GET", one, "", nil)
		if r.part("content", "rendered") != "" || r.obj["content"].(map[string]any)["protected"] != true || r.obj["password"] != nil {
			t.Errorf("anonymous view: %s", r.raw)
		}
		wantError(t, "a wrong ?password=", s.call(t, "GET", one+"?password=salah", "", nil), 403, "rest_post_incorrect_password")
		wantError(t, "edit context for a contributor", s.call(t, "GET", one+"?context=edit", model.RoleContributor, nil), 403, "rest_forbidden_context")
		r = s.call(t, "GET", one+"?password=kunci+laut", "", nil)
		if r.code != 200 || !strings.Contains(r.part("content", "rendered"), body) || r.obj["content"].(map[string]any)["protected"] != true ||
			strings.Contains(r.raw, "kunci laut") {
			t.Errorf("?password= with the right password: %d %s", r.code, r.raw)
		}

		// The author's own edit context shows it; an update clears it.
		if r := s.call(t, "GET", one+"?context=edit", model.RoleAuthor, nil); r.str("password") != "kunci laut" {
			t.Errorf("author's edit context password %q", r.str("password"))
		}
		wantError(t, "a password that is not a string", s.call(t, "POST", one, model.RoleAuthor, map[string]any{"password": 12}), 400, "rest_invalid_param")
		if r := s.call(t, "POST", one, model.RoleAuthor, map[string]any{"title": "Laporan terbuka"}); r.str("password") != "kunci laut" {
			t.Errorf("an update without password dropped it: %s", r.raw)
		}
		if r := s.call(t, "POST", one, model.RoleAuthor, map[string]any{"password": ""}); r.code != 200 || r.str("password") != "" {
			t.Errorf("clearing the password: %d %s", r.code, r.raw)
		}
		if r := s.call(t, "GET", one, "", nil); !strings.Contains(r.part("content", "rendered"), body) || r.obj["content"].(map[string]any)["protected"] != false {
			t.Errorf("after clearing, anonymous view: %s", r.raw)
		}
	})
}

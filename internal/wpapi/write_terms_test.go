package wpapi_test

import (
	"fmt"
	"testing"

	"warta/internal/model"
	"warta/internal/tools/scenario"
)

// TestTermWrites: categories and tags are created, renamed and deleted
// through the API by those WordPress lets, and a writer can create the
// tags of the post they are sending, as WordPress clients do.
func TestTermWrites(t *testing.T) {
	forEngine(t, func(t *testing.T, s *writeSite) {
		s.as("").Do(t, scenario.Scenario{Name: "anonymous category", Method: "POST", URL: "/wp-json/wp/v2/categories", JSON: map[string]any{"name": "Ekonomi"}, ExpectedStatus: 401, ExpectedJSON: scenario.WPError(401, "rest_cannot_create")})
		s.as(model.RoleAuthor).Do(t, scenario.Scenario{Name: "author's category", Method: "POST", URL: "/wp-json/wp/v2/categories", JSON: map[string]any{"name": "Ekonomi"}, ExpectedStatus: 403, ExpectedJSON: scenario.WPError(403, "rest_cannot_create")})
		s.as(model.RoleEditor).Do(t, scenario.Scenario{Name: "no name", Method: "POST", URL: "/wp-json/wp/v2/categories", JSON: map[string]any{"slug": "x"}, ExpectedStatus: 400, ExpectedJSON: scenario.WPError(400, "rest_missing_callback_param")})
		s.as(model.RoleEditor).Do(t, scenario.Scenario{Name: "empty name", Method: "POST", URL: "/wp-json/wp/v2/tags", JSON: map[string]any{"name": " "}, ExpectedStatus: 400, ExpectedJSON: scenario.WPError(400, "rest_invalid_param")})

		parent := s.as(model.RoleEditor).Do(t, scenario.Scenario{Name: "create category", Method: "POST", URL: "/wp-json/wp/v2/categories",
			JSON: map[string]any{"name": "Ekonomi & Bisnis", "description": "Uang"}, ExpectedStatus: 201,
			ExpectedJSON:    map[string]any{"slug": "ekonomi-bisnis", "name": "Ekonomi & Bisnis", "description": "Uang", "taxonomy": "category"},
			ExpectedHeaders: map[string]string{"Location": scenario.AnyValue}}).Int("id")
		child := s.as(model.RoleAdministrator).Do(t, scenario.Scenario{Name: "create child category", Method: "POST", URL: "/?rest_route=/wp/v2/categories",
			JSON: map[string]any{"name": "Pasar", "parent": parent}, ExpectedStatus: 201, ExpectedJSON: map[string]any{"parent": parent}}).Int("id")
		stored, err := s.Store.TermByID(t.Context(), child)
		if err != nil || stored.ParentID != parent || stored.Taxonomy != model.TaxonomyCategory {
			t.Fatalf("stored child %+v, %v", stored, err)
		}
		s.as(model.RoleEditor).Do(t, scenario.Scenario{Name: "a missing parent", Method: "POST", URL: "/wp-json/wp/v2/categories", JSON: map[string]any{"name": "Yatim", "parent": 9999}, ExpectedStatus: 400, ExpectedJSON: scenario.WPError(400, "rest_term_invalid")})
		taken := scenario.WPError(400, "term_exists")
		taken["data.term_id"] = child
		s.as(model.RoleEditor).Do(t, scenario.Scenario{Name: "a taken slug names the term", Method: "POST", URL: "/wp-json/wp/v2/categories",
			JSON: map[string]any{"name": "Pasar"}, ExpectedStatus: 400, ExpectedJSON: taken})

		// An author sends a post with a tag it has just created.
		tag := s.as(model.RoleAuthor).Do(t, scenario.Scenario{Name: "author creates a tag", Method: "POST", URL: "/wp-json/wp/v2/tags",
			JSON: map[string]any{"name": "Harga Cabai"}, ExpectedStatus: 201, ExpectedJSON: map[string]any{"slug": "harga-cabai", "taxonomy": "post_tag"}})
		if v, _ := tag.Value("parent"); v != nil {
			t.Fatalf("a tag with a parent: %s", tag.Body)
		}
		post := s.as(model.RoleAuthor).Do(t, scenario.Scenario{Name: "post with the new tag", Method: "POST", URL: "/wp-json/wp/v2/posts",
			JSON:           map[string]any{"title": "Cabai", "content": "Naik.", "status": "publish", "tags": []int64{tag.Int("id")}},
			ExpectedStatus: 201, ExpectedJSON: map[string]any{"tags": []int64{tag.Int("id")}}})
		s.as(model.RoleContributor).Do(t, scenario.Scenario{Name: "a contributor renames a tag", Method: "POST", URL: fmt.Sprintf("/wp-json/wp/v2/tags/%d", tag.Int("id")), JSON: map[string]any{"name": "X"}, ExpectedStatus: 403, ExpectedJSON: scenario.WPError(403, "rest_cannot_update")})
		s.as(model.RoleAuthor).Do(t, scenario.Scenario{Name: "the author renames the tag", Method: "PATCH", URL: fmt.Sprintf("/wp-json/wp/v2/tags/%d", tag.Int("id")), JSON: map[string]any{"name": "X"}, ExpectedStatus: 403, ExpectedJSON: scenario.WPError(403, "rest_cannot_update")})
		s.as(model.RoleEditor).Do(t, scenario.Scenario{Name: "a tag's id under categories", Method: "POST", URL: fmt.Sprintf("/wp-json/wp/v2/categories/%d", tag.Int("id")), JSON: map[string]any{"name": "X"}, ExpectedStatus: 404, ExpectedJSON: scenario.WPError(404, "rest_term_invalid")})
		s.as(model.RoleEditor).Do(t, scenario.Scenario{Name: "a tag with a parent", Method: "POST", URL: "/wp-json/wp/v2/tags", JSON: map[string]any{"name": "Y", "parent": parent}, ExpectedStatus: 400, ExpectedJSON: scenario.WPError(400, "rest_invalid_param")})

		s.as(model.RoleEditor).Do(t, scenario.Scenario{Name: "rename tag", Method: "PUT", URL: fmt.Sprintf("/wp-json/wp/v2/tags/%d", tag.Int("id")),
			JSON: map[string]any{"name": "Harga cabai rawit", "slug": "cabai-rawit"}, ExpectedStatus: 200,
			ExpectedJSON: map[string]any{"name": "Harga cabai rawit", "slug": "cabai-rawit", "count": 1}})
		if r, err := s.Store.RedirectFor(t.Context(), "/tag/harga-cabai/"); err != nil || r.ToPath != "/tag/cabai-rawit/" {
			t.Errorf("the tag's old archive does not lead to the new one: %+v %v", r, err)
		}

		s.as(model.RoleEditor).Do(t, scenario.Scenario{Name: "delete without force", Method: "DELETE", URL: fmt.Sprintf("/wp-json/wp/v2/tags/%d", tag.Int("id")), ExpectedStatus: 501, ExpectedJSON: scenario.WPError(501, "rest_trash_not_supported")})
		s.as(model.RoleAuthor).Do(t, scenario.Scenario{Name: "author deletes", Method: "DELETE", URL: fmt.Sprintf("/wp-json/wp/v2/tags/%d?force=true", tag.Int("id")), ExpectedStatus: 403, ExpectedJSON: scenario.WPError(403, "rest_cannot_delete")})
		s.as(model.RoleEditor).Do(t, scenario.Scenario{Name: "delete tag", Method: "DELETE", URL: fmt.Sprintf("/wp-json/wp/v2/tags/%d?force=true", tag.Int("id")),
			ExpectedStatus: 200, ExpectedJSON: map[string]any{"deleted": true, "previous.slug": "cabai-rawit"}})
		s.as("").Do(t, scenario.Scenario{Name: "the post no longer carries the deleted tag", URL: fmt.Sprintf("/wp-json/wp/v2/posts/%d", post.Int("id")),
			ExpectedStatus: 200, ExpectedJSON: map[string]any{"tags": []int64{}}})
		s.as("").Do(t, scenario.Scenario{Name: "the deleted tag", Method: "GET", URL: fmt.Sprintf("/wp-json/wp/v2/tags/%d", tag.Int("id")), ExpectedStatus: 404, ExpectedJSON: scenario.WPError(404, "rest_term_invalid")})
	})
}

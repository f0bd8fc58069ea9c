package wpapi

import (
	"fmt"
	"testing"

	"warta/internal/model"
)

// TestTermWrites: categories and tags are created, renamed and deleted
// through the API by those WordPress lets, and a writer can create the
// tags of the post they are sending, as WordPress clients do.
func TestTermWrites(t *testing.T) {
	forEngine(t, func(t *testing.T, s *writeSite) {
		wantError(t, "anonymous category", s.call(t, "POST", "/wp-json/wp/v2/categories", "", map[string]any{"name": "Ekonomi"}), 401, "rest_cannot_create")
		wantError(t, "author's category", s.call(t, "POST", "/wp-json/wp/v2/categories", model.RoleAuthor, map[string]any{"name": "Ekonomi"}), 403, "rest_cannot_create")
		wantError(t, "no name", s.call(t, "POST", "/wp-json/wp/v2/categories", model.RoleEditor, map[string]any{"slug": "x"}), 400, "rest_missing_callback_param")
		wantError(t, "empty name", s.call(t, "POST", "/wp-json/wp/v2/tags", model.RoleEditor, map[string]any{"name": " "}), 400, "rest_invalid_param")

		parent := s.call(t, "POST", "/wp-json/wp/v2/categories", model.RoleEditor, map[string]any{"name": "Ekonomi & Bisnis", "description": "Uang"})
		if parent.code != 201 || parent.str("slug") != "ekonomi-bisnis" || parent.str("name") != "Ekonomi & Bisnis" ||
			parent.str("description") != "Uang" || parent.str("taxonomy") != "category" || parent.header.Get("Location") == "" {
			t.Fatalf("create category: %d %s", parent.code, parent.raw)
		}
		child := s.call(t, "POST", "/?rest_route=/wp/v2/categories", model.RoleAdministrator, map[string]any{"name": "Pasar", "parent": parent.id()})
		if child.code != 201 || child.obj["parent"] != float64(parent.id()) {
			t.Fatalf("create child category: %d %s", child.code, child.raw)
		}
		stored, err := s.st.TermByID(t.Context(), child.id())
		if err != nil || stored.ParentID != parent.id() || stored.Taxonomy != model.TaxonomyCategory {
			t.Fatalf("stored child %+v, %v", stored, err)
		}
		wantError(t, "a missing parent", s.call(t, "POST", "/wp-json/wp/v2/categories", model.RoleEditor, map[string]any{"name": "Yatim", "parent": 9999}), 400, "rest_term_invalid")
		dup := s.call(t, "POST", "/wp-json/wp/v2/categories", model.RoleEditor, map[string]any{"name": "Pasar"})
		wantError(t, "a taken slug", dup, 400, "term_exists")
		if data, _ := dup.obj["data"].(map[string]any); data["term_id"] != float64(child.id()) {
			t.Errorf("term_exists names term %v, want %d", data["term_id"], child.id())
		}

		// An author sends a post with a tag it has just created.
		tag := s.call(t, "POST", "/wp-json/wp/v2/tags", model.RoleAuthor, map[string]any{"name": "Harga Cabai"})
		if tag.code != 201 || tag.str("slug") != "harga-cabai" || tag.str("taxonomy") != "post_tag" || tag.obj["parent"] != nil {
			t.Fatalf("author creates a tag: %d %s", tag.code, tag.raw)
		}
		post := s.call(t, "POST", "/wp-json/wp/v2/posts", model.RoleAuthor, map[string]any{"title": "Cabai", "content": "Naik.",
			"status": "publish", "tags": []int64{tag.id()}})
		if post.code != 201 || len(post.obj["tags"].([]any)) != 1 || post.obj["tags"].([]any)[0] != float64(tag.id()) {
			t.Fatalf("post with the new tag: %d %s", post.code, post.raw)
		}
		wantError(t, "a contributor renames a tag", s.call(t, "POST", fmt.Sprintf("/wp-json/wp/v2/tags/%d", tag.id()), model.RoleContributor, map[string]any{"name": "X"}), 403, "rest_cannot_update")
		wantError(t, "the author renames the tag", s.call(t, "PATCH", fmt.Sprintf("/wp-json/wp/v2/tags/%d", tag.id()), model.RoleAuthor, map[string]any{"name": "X"}), 403, "rest_cannot_update")
		wantError(t, "a tag's id under categories", s.call(t, "POST", fmt.Sprintf("/wp-json/wp/v2/categories/%d", tag.id()), model.RoleEditor, map[string]any{"name": "X"}), 404, "rest_term_invalid")
		wantError(t, "a tag with a parent", s.call(t, "POST", "/wp-json/wp/v2/tags", model.RoleEditor, map[string]any{"name": "Y", "parent": parent.id()}), 400, "rest_invalid_param")

		renamed := s.call(t, "PUT", fmt.Sprintf("/wp-json/wp/v2/tags/%d", tag.id()), model.RoleEditor, map[string]any{"name": "Harga cabai rawit", "slug": "cabai-rawit"})
		if renamed.code != 200 || renamed.str("name") != "Harga cabai rawit" || renamed.str("slug") != "cabai-rawit" || renamed.obj["count"] != float64(1) {
			t.Fatalf("rename tag: %d %s", renamed.code, renamed.raw)
		}
		if r, err := s.st.RedirectFor(t.Context(), "/tag/harga-cabai/"); err != nil || r.ToPath != "/tag/cabai-rawit/" {
			t.Errorf("the tag's old archive does not lead to the new one: %+v %v", r, err)
		}

		wantError(t, "delete without force", s.call(t, "DELETE", fmt.Sprintf("/wp-json/wp/v2/tags/%d", tag.id()), model.RoleEditor, nil), 501, "rest_trash_not_supported")
		wantError(t, "author deletes", s.call(t, "DELETE", fmt.Sprintf("/wp-json/wp/v2/tags/%d?force=true", tag.id()), model.RoleAuthor, nil), 403, "rest_cannot_delete")
		del := s.call(t, "DELETE", fmt.Sprintf("/wp-json/wp/v2/tags/%d?force=true", tag.id()), model.RoleEditor, nil)
		if prev, _ := del.obj["previous"].(map[string]any); del.code != 200 || del.obj["deleted"] != true || prev["slug"] != "cabai-rawit" {
			t.Fatalf("delete tag: %d %s", del.code, del.raw)
		}
		if r := s.call(t, "GET", fmt.Sprintf("/wp-json/wp/v2/posts/%d", post.id()), "", nil); len(r.obj["tags"].([]any)) != 0 {
			t.Errorf("the post still carries the deleted tag: %s", r.raw)
		}
		wantError(t, "the deleted tag", s.call(t, "GET", fmt.Sprintf("/wp-json/wp/v2/tags/%d", tag.id()), "", nil), 404, "rest_term_invalid")
	})
}

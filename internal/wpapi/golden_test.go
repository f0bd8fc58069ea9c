package wpapi_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"warta/internal/media"
	"warta/internal/model"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
	"warta/internal/wxr"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from the live answers")

// shapeOf is the recursive shape of a decoded JSON value: each object's
// fields with their shapes, an array's element shape (the union of its
// elements' fields), and "string", "number", "integer", "boolean" or
// "null" for the rest.
func shapeOf(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range v {
			out[k] = shapeOf(e)
		}
		return out
	case []any:
		var elem any
		for _, e := range v {
			elem = mergeShape(elem, shapeOf(e))
		}
		if elem == nil {
			return []any{}
		}
		return []any{elem}
	case string:
		return "string"
	case float64:
		if v == float64(int64(v)) {
			return "integer"
		}
		return "number"
	case bool:
		return "boolean"
	case nil:
		return "null"
	}
	panic(fmt.Sprintf("unexpected JSON value %T", v))
}

// mergeShape joins two element shapes of one array: objects by field,
// differing leaves as "a|b".
func mergeShape(a, b any) any {
	if a == nil {
		return b
	}
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
	if aok && bok {
		out := maps.Clone(am)
		for k, v := range bm {
			out[k] = mergeShape(out[k], v)
		}
		return out
	}
	as, bs := fmt.Sprint(a), fmt.Sprint(b)
	if as == bs {
		return a
	}
	if aok || bok {
		return "object|" + fmt.Sprint(b)
	}
	return as + "|" + bs
}

// TestGoldenShapes pins the JSON shape of every resource in each context
// WordPress 6 gives it to testdata/golden/<resource>.<context>.json.
// go test ./internal/wpapi -run Golden -update rewrites them.
func TestGoldenShapes(t *testing.T) {
	st := storetest.New(t)
	s := newWriteSite(t, st)
	if _, err := wxr.Import(t.Context(), st, "../wxr/testdata/full.wxr",
		wxr.Options{UploadsDir: "../wxr/testdata/uploads", Media: media.NewFolder(s.MediaDir)}); err != nil {
		t.Fatal(err)
	}
	post, _ := st.ImportedID(t.Context(), "https://kabar.example", "post", "101")
	page, _ := st.ImportedID(t.Context(), "https://kabar.example", "post", "111")
	media, _ := st.ImportedID(t.Context(), "https://kabar.example", "attachment", "201")
	cs, _ := st.AllComments(t.Context(), post)
	var comment int64
	for _, c := range cs {
		if c.AuthorName == "Sari Wulandari" {
			comment = c.ID
		}
	}
	cat, _ := st.TermBySlug(t.Context(), model.TaxonomyCategory, "perikanan")
	tag, _ := st.TermBySlug(t.Context(), model.TaxonomyTag, "nelayan")
	sari, _ := st.UserByLogin(t.Context(), "sari")
	resources := map[string]string{
		"posts":      fmt.Sprintf("/wp-json/wp/v2/posts/%d", post),
		"pages":      fmt.Sprintf("/wp-json/wp/v2/pages/%d", page),
		"categories": fmt.Sprintf("/wp-json/wp/v2/categories/%d", cat.ID),
		"tags":       fmt.Sprintf("/wp-json/wp/v2/tags/%d", tag.ID),
		"users":      fmt.Sprintf("/wp-json/wp/v2/users/%d", sari.ID),
		"comments":   fmt.Sprintf("/wp-json/wp/v2/comments/%d", comment),
		"media":      fmt.Sprintf("/wp-json/wp/v2/media/%d", media),
		"search":     "/wp-json/wp/v2/search?search=perahu",
		"types":      "/wp-json/wp/v2/types/post",
		"taxonomies": "/wp-json/wp/v2/taxonomies/category",
		"statuses":   "/wp-json/wp/v2/statuses/publish",
	}
	for _, target := range []string{"/wp-json/wp/v2/types/post?context=edit", "/wp-json/wp/v2/taxonomies?context=edit"} {
		s.as("").Do(t, scenario.Scenario{Name: "anonymous " + target, Method: "GET", URL: target, ExpectedStatus: 401, ExpectedJSON: scenario.WPError(401, "rest_forbidden_context")})
	}
	for _, name := range slices.Sorted(maps.Keys(resources)) {
		for _, ctx := range []string{"view", "embed", "edit"} {
			if name == "search" && ctx == "edit" {
				continue // search results have no edit context
			}
			t.Run(name+"."+ctx, func(t *testing.T) {
				target := resources[name]
				sep := "?"
				if slices.Contains([]byte(target), '?') {
					sep = "&"
				}
				a := s.as(model.RoleAdministrator).Do(t, scenario.Scenario{Name: "the " + ctx + " context", URL: target + sep + "context=" + ctx,
					ExpectedStatus: 200, ExpectedHeaders: jsonType})
				var v any
				a.Decode(t, &v)
				got, err := json.MarshalIndent(shapeOf(v), "", "  ")
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, '\n')
				file := filepath.Join("testdata", "golden", name+"."+ctx+".json")
				if *update {
					if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(file, got, 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(file)
				if err != nil {
					t.Fatalf("%v (go test ./internal/wpapi -run Golden -update writes it)", err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("shape of GET %s?context=%s differs from %s:\n got %s\nwant %s", target, ctx, file, got, want)
				}
			})
		}
	}
}

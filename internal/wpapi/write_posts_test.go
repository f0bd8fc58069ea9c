package wpapi_test

import (
	"encoding/base64"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/tools/scenario"
)

// goldenEdit are the fields of a post and page in WordPress 6's edit
// context, the shape writes answer with.
var goldenEdit = map[string][]string{
	"post":    slices.Sorted(slices.Values(append(slices.Clone(golden["post"]), "generated_slug", "password", "permalink_template"))),
	"page":    slices.Sorted(slices.Values(append(slices.Clone(golden["page"]), "generated_slug", "password", "permalink_template"))),
	"title":   {"raw", "rendered"},
	"content": {"block_version", "protected", "raw", "rendered"},
	"excerpt": {"protected", "raw", "rendered"},
}

// basic is an Authorization header for login and password.
func basic(login, password string) map[string]string {
	return map[string]string{"Authorization": "Basic " + base64.StdEncoding.EncodeToString([]byte(login+":"+password))}
}

func TestAppPasswordAuth(t *testing.T) {
	forEngine(t, func(t *testing.T, s *writeSite) {
		me := "/wp-json/wp/v2/users/me"
		s.anon.Run(t,
			scenario.Scenario{Name: "wrong application password", URL: me, Headers: basic("author", "abcd efgh ijkl mnop qrst uvwx"),
				ExpectedStatus: 401, ExpectedJSON: scenario.WPError(401, "incorrect_password")},
			scenario.Scenario{Name: "the account's own password", URL: me, Headers: basic("author", "sandi akun author"),
				ExpectedStatus: 401, ExpectedJSON: scenario.WPError(401, "incorrect_password")},
			scenario.Scenario{Name: "unknown login", URL: me, Headers: basic("siapa", s.pw(model.RoleAuthor)),
				ExpectedStatus: 401, ExpectedJSON: scenario.WPError(401, "invalid_username")},
			scenario.Scenario{Name: "wrong password on a public route", URL: "/wp-json/wp/v2/posts", Headers: basic("author", "salah"),
				ExpectedStatus: 401, ExpectedJSON: scenario.WPError(401, "incorrect_password")},
			scenario.Scenario{Name: "anonymous /users/me", URL: me, ExpectedStatus: 401, ExpectedJSON: scenario.WPError(401, "rest_not_logged_in")},
			scenario.Scenario{Name: "/users/me", URL: me, Headers: basic("author", s.pw(model.RoleAuthor)), ExpectedStatus: 200,
				ExpectedJSON: map[string]any{"id": s.users[model.RoleAuthor].ID, "name": "Nama author"},
				AfterTest: func(t testing.TB, _ *scenario.Site, r *scenario.Response) {
					if v, _ := r.Value("email"); v != nil {
						t.Errorf("/users/me shows the email: %s", r.Body)
					}
				}},
			scenario.Scenario{Name: "/users/me edit context by email, password without spaces", URL: me + "?context=edit",
				Headers: basic("author@redaksi.example", strings.ReplaceAll(s.pw(model.RoleAuthor), " ", "")), ExpectedStatus: 200,
				ExpectedJSON: map[string]any{"username": "author", "email": "author@redaksi.example", "roles.0": "author", "capabilities.publish_posts": true}},
			scenario.Scenario{Name: "?rest_route=/wp/v2/users/me", URL: "/?rest_route=/wp/v2/users/me", Headers: basic("editor", s.pw(model.RoleEditor)),
				ExpectedStatus: 200, ExpectedJSON: map[string]any{"id": s.users[model.RoleEditor].ID}},
		)
		// Guessing is throttled as at the sign-in form: after five
		// failures even the right password waits.
		for range 5 {
			s.anon.Do(t, scenario.Scenario{Name: "a guess", URL: me, Headers: basic("contributor", "tebak tebak tebak"),
				ExpectedStatus: 401, ExpectedJSON: scenario.WPError(401, "incorrect_password")})
		}
		s.anon.Do(t, scenario.Scenario{Name: "after five wrong guesses", URL: me, Headers: basic("contributor", s.pw(model.RoleContributor)),
			ExpectedStatus: 429, ExpectedJSON: scenario.WPError(429, "rest_too_many_requests"),
			ExpectedHeaders: map[string]string{"Retry-After": scenario.AnyValue}})
	})
}

func TestCreatePost(t *testing.T) {
	forEngine(t, func(t *testing.T, s *writeSite) {
		ctx := t.Context()
		cat := &model.Term{Taxonomy: model.TaxonomyCategory, Slug: "ekonomi", Name: "Ekonomi"}
		tag := &model.Term{Taxonomy: model.TaxonomyTag, Slug: "pasar", Name: "Pasar"}
		for _, term := range []*model.Term{cat, tag} {
			if err := s.Store.InsertTerm(ctx, term); err != nil {
				t.Fatal(err)
			}
		}
		before, _ := s.Store.ChangesSince(ctx, 0, 100000)
		aut := s.as(model.RoleAuthor)
		a := aut.Do(t, scenario.Scenario{Name: "create", Method: "POST", URL: "/wp-json/wp/v2/posts", JSON: map[string]any{
			"title": "Harga cabai turun", "content": "<p>Harga cabai <strong>turun</strong> di pasar.</p><script>alert(1)</script>",
			"excerpt": "Cabai lebih murah.", "status": "publish", "categories": []int64{cat.ID}, "tags": []int64{tag.ID},
			"comment_status": "closed",
		}, ExpectedStatus: http.StatusCreated, NotExpectedContent: []string{"@redaksi.example"},
			ExpectedJSON: map[string]any{"status": "publish", "title.raw": "Harga cabai turun", "slug": "harga-cabai-turun",
				"author": s.users[model.RoleAuthor].ID, "comment_status": "closed", "categories": []int64{cat.ID}, "tags": []int64{tag.ID}}})
		id := a.Int("id")
		if loc := a.Location(); loc != "https://warta.example/wp-json/wp/v2/posts/"+strconv.FormatInt(id, 10) {
			t.Errorf("Location %q", loc)
		}
		if k := keys(a.Object()); !slices.Equal(k, goldenEdit["post"]) {
			t.Errorf("created post fields:\n got %q\nwant %q", k, goldenEdit["post"])
		}
		for _, part := range []string{"title", "content", "excerpt"} {
			if k := keys(a.Object()[part].(map[string]any)); !slices.Equal(k, goldenEdit[part]) {
				t.Errorf("%s fields %q, want %q", part, k, goldenEdit[part])
			}
		}
		if r := a.Str("content.rendered"); strings.Contains(r, "<script") || !strings.Contains(r, "<strong>turun</strong>") {
			t.Errorf("content went around the sanitizer: %q", r)
		}

		// Readers see it: the page, the list, the API.
		path := strings.TrimPrefix(a.Str("link"), "https://warta.example")
		s.anon.Run(t,
			scenario.Scenario{Name: "the public page", URL: path, ExpectedStatus: 200,
				ExpectedContent: []string{"Harga cabai turun"}, NotExpectedContent: []string{"alert(1)"}},
			scenario.Scenario{Name: "the public list", URL: "/wp-json/wp/v2/posts", ExpectedStatus: 200,
				ExpectedJSON: map[string]any{"0.id": id}, AfterTest: func(t testing.TB, _ *scenario.Site, r *scenario.Response) {
					if len(r.List()) != 1 {
						t.Errorf("public list: %s", r.Body)
					}
				}},
		)
		// The change log tells every page cache what to drop.
		after, _ := s.Store.ChangesSince(ctx, lastChange(before), 100)
		if !touched(after, store.TagFront) || !touched(after, store.TagTerm(cat.ID)) {
			t.Errorf("the write touched %v", after)
		}

		// Updates change what is sent and keep the rest, with a revision.
		revs, _ := s.Store.Revisions(ctx, id)
		aut.Do(t, scenario.Scenario{Name: "update", Method: "PATCH", URL: "/wp-json/wp/v2/posts/" + strconv.FormatInt(id, 10),
			JSON: map[string]any{"title": "Harga cabai turun lagi"}, ExpectedStatus: 200,
			ExpectedJSON: map[string]any{"title.raw": "Harga cabai turun lagi", "excerpt.raw": "Cabai lebih murah.", "status": "publish", "tags": []int64{tag.ID}}})
		if revs2, _ := s.Store.Revisions(ctx, id); len(revs2) != len(revs)+1 {
			t.Errorf("revisions %d → %d, want one more", len(revs), len(revs2))
		}
		aut.Do(t, scenario.Scenario{Name: "update through rest_route with {raw}", Method: "PUT", URL: "/?rest_route=/wp/v2/posts/" + strconv.FormatInt(id, 10),
			JSON: map[string]any{"content": map[string]any{"raw": "<p>Baru.</p>"}}, ExpectedStatus: 200,
			ExpectedJSON: map[string]any{"content.raw": "<p>Baru.</p>"}})

		// Scheduling: a date to come makes the post future.
		when := time.Now().Add(48 * time.Hour).UTC().Truncate(time.Second)
		s.as(model.RoleEditor).Do(t, scenario.Scenario{Name: "scheduled", Method: "POST", URL: "/wp-json/wp/v2/posts",
			JSON:           map[string]any{"title": "Besok terbit", "content": "Isi.", "status": "publish", "date_gmt": when.Format("2006-01-02T15:04:05")},
			ExpectedStatus: 201, ExpectedJSON: map[string]any{"status": "future", "date_gmt": when.Format("2006-01-02T15:04:05")}})
		s.anon.Do(t, scenario.Scenario{Name: "a scheduled post is not public", URL: "/wp-json/wp/v2/posts", ExpectedStatus: 200,
			AfterTest: func(t testing.TB, _ *scenario.Site, r *scenario.Response) {
				if len(r.List()) != 1 {
					t.Errorf("a scheduled post is public: %s", r.Body)
				}
			}})
	})
}

func lastChange(cs []store.Change) int64 {
	if len(cs) == 0 {
		return 0
	}
	return cs[len(cs)-1].ID
}

func touched(cs []store.Change, tag string) bool {
	for _, c := range cs {
		if slices.Contains(c.Tags, tag) {
			return true
		}
	}
	return false
}

func TestRoleRefusals(t *testing.T) {
	forEngine(t, func(t *testing.T, s *writeSite) {
		con, aut, ed := model.RoleContributor, model.RoleAuthor, model.RoleEditor
		s.as("").Do(t, scenario.Scenario{Name: "anonymous create", Method: "POST", URL: "/wp-json/wp/v2/posts", JSON: map[string]any{"title": "x"}, ExpectedStatus: 401, ExpectedJSON: scenario.WPError(401, "rest_cannot_create")})
		s.as(con).Do(t, scenario.Scenario{Name: "contributor publishes", Method: "POST", URL: "/wp-json/wp/v2/posts", JSON: map[string]any{"title": "Tulisan kontributor", "status": "publish"}, ExpectedStatus: 403, ExpectedJSON: scenario.WPError(403, "rest_cannot_publish")})
		s.as(con).Do(t, scenario.Scenario{Name: "contributor schedules", Method: "POST", URL: "/wp-json/wp/v2/posts", JSON: map[string]any{"title": "Tulisan kontributor", "status": "future", "date": "2099-01-01T08:00:00"}, ExpectedStatus: 403, ExpectedJSON: scenario.WPError(403, "rest_cannot_publish")})
		d := s.as(con).Do(t, scenario.Scenario{Name: "contributor draft", Method: "POST", URL: "/wp-json/wp/v2/posts",
			JSON: map[string]any{"title": "Tulisan kontributor", "content": "Isi."}, ExpectedStatus: 201, ExpectedJSON: map[string]any{"status": "draft"}}).Int("id")
		item := "/wp-json/wp/v2/posts/" + strconv.FormatInt(d, 10)
		s.as(con).Do(t, scenario.Scenario{Name: "contributor submits for review", Method: "POST", URL: item,
			JSON: map[string]any{"status": "pending"}, ExpectedStatus: 200, ExpectedJSON: map[string]any{"status": "pending"}})
		s.as(con).Do(t, scenario.Scenario{Name: "contributor publishes own draft by update", Method: "POST", URL: item, JSON: map[string]any{"status": "publish"}, ExpectedStatus: 403, ExpectedJSON: scenario.WPError(403, "rest_cannot_publish")})
		if a, _ := s.Store.ArticleByID(t.Context(), d); a.Status != model.StatusPending {
			t.Errorf("after the refusal the article is %s", a.Status)
		}
		s.as(con).Do(t, rawBody{data: pngBytes(t, 4, 4),
			contentType: "image/png", header: map[string]string{"Content-Disposition": `attachment; filename="a.png"`}}.in(scenario.Scenario{Name: "contributor uploads", Method: "POST", URL: "/wp-json/wp/v2/media", ExpectedStatus: 403, ExpectedJSON: scenario.WPError(403, "rest_cannot_create")}))
		s.as(aut).Do(t, scenario.Scenario{Name: "author edits a contributor's article", Method: "PATCH", URL: item, JSON: map[string]any{"title": "Diubah"}, ExpectedStatus: 403, ExpectedJSON: scenario.WPError(403, "rest_cannot_edit")})
		s.as(aut).Do(t, scenario.Scenario{Name: "author credits someone else", Method: "POST", URL: "/wp-json/wp/v2/posts", JSON: map[string]any{"title": "Atas nama orang", "author": s.users[ed].ID}, ExpectedStatus: 403, ExpectedJSON: scenario.WPError(403, "rest_cannot_edit_others")})
		s.as(aut).Do(t, scenario.Scenario{Name: "author writes a page", Method: "POST", URL: "/wp-json/wp/v2/pages", JSON: map[string]any{"title": "Halaman"}, ExpectedStatus: 403, ExpectedJSON: scenario.WPError(403, "rest_cannot_create")})
		s.as("").Do(t, scenario.Scenario{Name: "anonymous delete", Method: "DELETE", URL: item, ExpectedStatus: 401, ExpectedJSON: scenario.WPError(401, "rest_cannot_delete")})

		// The editor publishes it.
		s.as(ed).Do(t, scenario.Scenario{Name: "editor publishes", Method: "POST", URL: item, JSON: map[string]any{"status": "publish"},
			ExpectedStatus: 200, ExpectedJSON: map[string]any{"status": "publish", "author": s.users[con].ID}})
		// Now published, the contributor may no longer touch it.
		s.as(con).Do(t, scenario.Scenario{Name: "contributor edits a published article", Method: "PATCH", URL: item, JSON: map[string]any{"title": "x"}, ExpectedStatus: 403, ExpectedJSON: scenario.WPError(403, "rest_cannot_edit")})
		s.as(con).Do(t, scenario.Scenario{Name: "contributor trashes a published article", Method: "DELETE", URL: item, ExpectedStatus: 403, ExpectedJSON: scenario.WPError(403, "rest_cannot_delete")})
	})
}

func TestValidationAndReads(t *testing.T) {
	forEngine(t, func(t *testing.T, s *writeSite) {
		aut, con := model.RoleAuthor, model.RoleContributor
		for name, body := range map[string]map[string]any{
			"no title":           {"content": "Isi"},
			"unknown status":     {"title": "x", "status": "terbit"},
			"unknown category":   {"title": "x", "categories": []int64{987654}},
			"category not a num": {"title": "x", "categories": []string{"ekonomi"}},
			"bad date":           {"title": "x", "date": "kemarin"},
			"bad comment_status": {"title": "x", "comment_status": "maybe"},
			"unknown media":      {"title": "x", "featured_media": 987654},
		} {
			s.as(aut).Do(t, scenario.Scenario{Name: name, Method: "POST", URL: "/wp-json/wp/v2/posts", JSON: body, ExpectedStatus: 400, ExpectedJSON: scenario.WPError(400, "rest_invalid_param")})
		}
		s.as(model.RoleEditor).Do(t, scenario.Scenario{Name: "unknown author", Method: "POST", URL: "/wp-json/wp/v2/posts", JSON: map[string]any{"title": "x", "author": 987654}, ExpectedStatus: 400, ExpectedJSON: scenario.WPError(400, "rest_invalid_author")})
		s.as(aut).Do(t, scenario.Scenario{Name: "id on create", Method: "POST", URL: "/wp-json/wp/v2/posts", JSON: map[string]any{"title": "x", "id": 3}, ExpectedStatus: 400, ExpectedJSON: scenario.WPError(400, "rest_post_exists")})
		s.as(aut).Do(t, scenario.Scenario{Name: "broken JSON", Method: "POST", URL: "/wp-json/wp/v2/posts", Body: strings.NewReader("{bukan json"),
			Headers: map[string]string{"Content-Type": "application/json"}, ExpectedStatus: 400, ExpectedJSON: scenario.WPError(400, "rest_invalid_json")})
		s.as(aut).Do(t, scenario.Scenario{Name: "update of no post", Method: "POST", URL: "/wp-json/wp/v2/posts/987654", JSON: map[string]any{"title": "x"}, ExpectedStatus: 404, ExpectedJSON: scenario.WPError(404, "rest_post_invalid_id")})
		s.as(aut).Do(t, scenario.Scenario{Name: "PUT on a collection", Method: "PUT", URL: "/wp-json/wp/v2/posts", JSON: map[string]any{"title": "x"}, ExpectedStatus: 404, ExpectedJSON: scenario.WPError(404, "rest_no_route")})

		// A form body works as well as JSON.
		s.as(con).Do(t, scenario.Scenario{Name: "form body", Method: "POST", URL: "/wp-json/wp/v2/posts",
			Form: map[string][]string{"title": {"Lewat formulir"}, "status": {"draft"}}, ExpectedStatus: 201,
			ExpectedJSON: map[string]any{"title.raw": "Lewat formulir"}})
		own := s.as(aut).Do(t, scenario.Scenario{Name: "the author's draft", Method: "POST", URL: "/wp-json/wp/v2/posts",
			JSON: map[string]any{"title": "Draf penulis"}, ExpectedStatus: 201}).Int("id")

		// Drafts: their writers and editors see them; nobody else does.
		s.as("").Do(t, scenario.Scenario{Name: "anonymous status=draft", Method: "GET", URL: "/wp-json/wp/v2/posts?status=draft", ExpectedStatus: 400, ExpectedJSON: scenario.WPError(400, "rest_invalid_param")})
		s.as(con).Do(t, scenario.Scenario{Name: "contributor's drafts", URL: "/wp-json/wp/v2/posts?status=draft", ExpectedStatus: 200,
			ExpectedJSON: map[string]any{"0.title.rendered": "Lewat formulir"}, AfterTest: func(t testing.TB, _ *scenario.Site, r *scenario.Response) {
				if len(r.List()) != 1 {
					t.Errorf("contributor's drafts: %s", r.Body)
				}
			}})
		s.as(model.RoleEditor).Do(t, scenario.Scenario{Name: "editor's drafts", URL: "/wp-json/wp/v2/posts?status=draft,publish", ExpectedStatus: 200,
			ExpectedHeaders: map[string]string{"X-WP-Total": "2"}, AfterTest: func(t testing.TB, _ *scenario.Site, r *scenario.Response) {
				if len(r.List()) != 2 {
					t.Errorf("editor's drafts: %s", r.Body)
				}
			}})
		item := "/wp-json/wp/v2/posts/" + strconv.FormatInt(own, 10)
		s.as("").Do(t, scenario.Scenario{Name: "anonymous reads a draft", Method: "GET", URL: item, ExpectedStatus: 404, ExpectedJSON: scenario.WPError(404, "rest_post_invalid_id")})
		s.as(con).Do(t, scenario.Scenario{Name: "contributor reads another's draft", Method: "GET", URL: item, ExpectedStatus: 404, ExpectedJSON: scenario.WPError(404, "rest_post_invalid_id")})
		s.as(aut).Do(t, scenario.Scenario{Name: "writer reads own draft in edit context", URL: item + "?context=edit", ExpectedStatus: 200,
			ExpectedJSON: map[string]any{"status": "draft", "title.raw": "Draf penulis"}})
		s.as("").Do(t, scenario.Scenario{Name: "anonymous edit context", Method: "GET", URL: "/wp-json/wp/v2/posts?context=edit", ExpectedStatus: 401, ExpectedJSON: scenario.WPError(401, "rest_forbidden_context")})
		s.as(aut).Do(t, scenario.Scenario{Name: "author edit context on categories", Method: "GET", URL: "/wp-json/wp/v2/categories?context=edit", ExpectedStatus: 403, ExpectedJSON: scenario.WPError(403, "rest_forbidden_context")})
		s.as(aut).Do(t, scenario.Scenario{Name: "edit context list", URL: "/wp-json/wp/v2/posts?context=edit&status=draft", ExpectedStatus: 200,
			AfterTest: func(t testing.TB, _ *scenario.Site, r *scenario.Response) {
				if raw, ok := r.Value("0.content.raw"); len(r.List()) != 1 || !ok || raw == nil {
					t.Errorf("edit context list: %s", r.Body)
				}
			}})
	})
}

func TestDeleteAndPages(t *testing.T) {
	forEngine(t, func(t *testing.T, s *writeSite) {
		ed := model.RoleEditor
		p := s.as(ed).Do(t, scenario.Scenario{Name: "a post", Method: "POST", URL: "/wp-json/wp/v2/posts",
			JSON: map[string]any{"title": "Akan dihapus", "status": "publish", "content": "x"}, ExpectedStatus: 201}).Int("id")
		item := "/wp-json/wp/v2/posts/" + strconv.FormatInt(p, 10)
		s.as(ed).Do(t, scenario.Scenario{Name: "trash", Method: "DELETE", URL: item, ExpectedStatus: 200,
			ExpectedJSON: map[string]any{"status": "trash", "id": p}})
		s.anon.Do(t, scenario.Scenario{Name: "a trashed post is not public", URL: "/wp-json/wp/v2/posts", ExpectedStatus: 200,
			ExpectedJSON: map[string]any{"": []any{}}})
		s.as(ed).Do(t, scenario.Scenario{Name: "trash twice", Method: "DELETE", URL: item, ExpectedStatus: 410, ExpectedJSON: scenario.WPError(410, "rest_already_trashed")})
		del := s.as(ed).Do(t, scenario.Scenario{Name: "force delete", Method: "DELETE", URL: item + "?force=true", ExpectedStatus: 200,
			ExpectedJSON: map[string]any{"deleted": true, "previous.id": p}, NotExpectedContent: []string{"@redaksi.example"}})
		if prev, _ := del.Object()["previous"].(map[string]any); len(del.Object()) != 2 || prev["\x00article"] != nil {
			t.Errorf("force delete: %s", del.Body)
		}
		if _, err := s.Store.ArticleByID(t.Context(), p); err == nil {
			t.Error("the post is still stored")
		}
		s.as(ed).Do(t, scenario.Scenario{Name: "delete of a deleted post", Method: "DELETE", URL: item + "?force=true", ExpectedStatus: 404, ExpectedJSON: scenario.WPError(404, "rest_post_invalid_id")})
		// Clients that can only POST ask for DELETE with _method.
		o := s.as(ed).Do(t, scenario.Scenario{Name: "a draft", Method: "POST", URL: "/wp-json/wp/v2/posts",
			JSON: map[string]any{"title": "Lewat _method"}, ExpectedStatus: 201}).Int("id")
		s.as(ed).Do(t, scenario.Scenario{Name: "POST ?_method=DELETE", Method: "POST", URL: "/wp-json/wp/v2/posts/" + strconv.FormatInt(o, 10) + "?_method=DELETE",
			ExpectedStatus: 200, ExpectedJSON: map[string]any{"status": "trash"}})

		// Pages, with a parent and a menu order.
		parent := s.as(ed).Do(t, scenario.Scenario{Name: "a page", Method: "POST", URL: "/wp-json/wp/v2/pages",
			JSON: map[string]any{"title": "Tentang kami", "status": "publish", "content": "Kami."}, ExpectedStatus: 201}).Int("id")
		child := s.as(ed).Do(t, scenario.Scenario{Name: "child page", Method: "POST", URL: "/wp-json/wp/v2/pages",
			JSON:           map[string]any{"title": "Redaksi", "status": "publish", "parent": parent, "menu_order": 2},
			ExpectedStatus: 201, ExpectedJSON: map[string]any{"parent": parent, "menu_order": 2, "type": "page"}})
		if !strings.HasPrefix(child.Location(), "https://warta.example/wp-json/wp/v2/pages/") {
			t.Errorf("child page Location %q", child.Location())
		}
		if k := keys(child.Object()); !slices.Equal(k, goldenEdit["page"]) {
			t.Errorf("page fields:\n got %q\nwant %q", k, goldenEdit["page"])
		}
		s.as(ed).Do(t, scenario.Scenario{Name: "parent that is not a page", Method: "POST", URL: "/wp-json/wp/v2/pages", JSON: map[string]any{"title": "x", "parent": 987654}, ExpectedStatus: 400, ExpectedJSON: scenario.WPError(400, "rest_post_invalid_id")})
		s.as(ed).Do(t, scenario.Scenario{Name: "a page through the posts route", Method: "PATCH", URL: "/wp-json/wp/v2/posts/" + strconv.FormatInt(parent, 10), JSON: map[string]any{"title": "x"}, ExpectedStatus: 404, ExpectedJSON: scenario.WPError(404, "rest_post_invalid_id")})
		s.as(ed).Do(t, scenario.Scenario{Name: "delete page", Method: "DELETE", URL: "/wp-json/wp/v2/pages/" + strconv.FormatInt(child.Int("id"), 10) + "?force=1",
			ExpectedStatus: 200, ExpectedJSON: map[string]any{"deleted": true}})
	})
}

// TestIndexListsWrites: clients that build their methods from the index
// (node-wpapi refuses a method the index does not list) see the writes.
func TestIndexListsWrites(t *testing.T) {
	s := newAPISite(t)
	var idx map[string]any
	s.c.Do(t, scenario.Scenario{Name: "the index", URL: "/wp-json/", ExpectedStatus: 200, ExpectedHeaders: jsonType}).Decode(t, &idx)
	routes := idx["routes"].(map[string]any)
	methods := func(pattern string) []string {
		r, _ := routes[pattern].(map[string]any)
		var out []string
		for _, m := range r["methods"].([]any) {
			out = append(out, m.(string))
		}
		return out
	}
	for pattern, want := range map[string][]string{
		"/wp/v2/posts":                    {"GET", "POST"},
		`/wp/v2/posts/(?P<id>[\d]+)`:      {"GET", "POST", "PUT", "PATCH", "DELETE"},
		`/wp/v2/pages/(?P<id>[\d]+)`:      {"GET", "POST", "PUT", "PATCH", "DELETE"},
		"/wp/v2/media":                    {"GET", "POST"},
		"/wp/v2/comments":                 {"GET", "POST"},
		`/wp/v2/comments/(?P<id>[\d]+)`:   {"GET", "POST", "PUT", "PATCH", "DELETE"},
		"/wp/v2/users/me":                 {"GET"},
		`/wp/v2/categories/(?P<id>[\d]+)`: {"GET", "POST", "PUT", "PATCH", "DELETE"},
		"/wp/v2/tags":                     {"GET", "POST"},
		"/wp/v2/types":                    {"GET"},
	} {
		if got := methods(pattern); !slices.Equal(got, want) {
			t.Errorf("%s methods %v, want %v", pattern, got, want)
		}
	}
	eps := routes[`/wp/v2/posts/(?P<id>[\d]+)`].(map[string]any)["endpoints"].([]any)
	if len(eps) != 3 || eps[2].(map[string]any)["args"].(map[string]any)["force"] == nil {
		t.Errorf("item endpoints %v", eps)
	}
	create := routes["/wp/v2/posts"].(map[string]any)["endpoints"].([]any)[1].(map[string]any)
	if create["args"].(map[string]any)["title"] == nil || create["args"].(map[string]any)["categories"] == nil {
		t.Errorf("create endpoint %v", create)
	}
	if idx["authentication"].(map[string]any)["application-passwords"] == nil {
		t.Errorf("authentication %v", idx["authentication"])
	}
	s.c.Do(t, scenario.Scenario{Name: "OPTIONS", Method: http.MethodOptions, URL: "/wp-json/wp/v2/posts/1", ExpectedStatus: 200,
		ExpectedHeaders: map[string]string{"Allow": "GET, POST, PUT, PATCH, DELETE"}})
}

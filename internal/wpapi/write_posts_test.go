package wpapi

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store"
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

func TestAppPasswordAuth(t *testing.T) {
	forEngine(t, func(t *testing.T, s *writeSite) {
		req := func(target, login, pw string) answer {
			r := httptest.NewRequest(http.MethodGet, target, nil)
			r.SetBasicAuth(login, pw)
			return s.send(t, r)
		}
		me := "/wp-json/wp/v2/users/me"
		wantError(t, "wrong application password", req(me, "author", "abcd efgh ijkl mnop qrst uvwx"), 401, "incorrect_password")
		wantError(t, "the account's own password", req(me, "author", "sandi akun author"), 401, "incorrect_password")
		wantError(t, "unknown login", req(me, "siapa", s.pw[model.RoleAuthor]), 401, "invalid_username")
		wantError(t, "wrong password on a public route", req("/wp-json/wp/v2/posts", "author", "salah"), 401, "incorrect_password")
		wantError(t, "anonymous /users/me", s.call(t, "GET", me, "", nil), 401, "rest_not_logged_in")

		a := req(me, "author", s.pw[model.RoleAuthor])
		if a.code != 200 || a.id() != s.users[model.RoleAuthor].ID || a.str("name") != "Nama author" || a.obj["email"] != nil {
			t.Errorf("/users/me: %d %s", a.code, a.raw)
		}
		a = req(me+"?context=edit", "author@redaksi.example", strings.ReplaceAll(s.pw[model.RoleAuthor], " ", ""))
		if a.code != 200 || a.str("username") != "author" || a.str("email") != "author@redaksi.example" ||
			a.obj["roles"].([]any)[0] != "author" || a.obj["capabilities"].(map[string]any)["publish_posts"] != true {
			t.Errorf("/users/me edit context by email, password without spaces: %d %s", a.code, a.raw)
		}
		a = req("/?rest_route=/wp/v2/users/me", "editor", s.pw[model.RoleEditor])
		if a.code != 200 || a.id() != s.users[model.RoleEditor].ID {
			t.Errorf("?rest_route=/wp/v2/users/me: %d %s", a.code, a.raw)
		}
		// Guessing is throttled as at the sign-in form: after five
		// failures even the right password waits.
		for range 5 {
			req(me, "contributor", "tebak tebak tebak")
		}
		a = req(me, "contributor", s.pw[model.RoleContributor])
		wantError(t, "after five wrong guesses", a, 429, "rest_too_many_requests")
		if a.header.Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
	})
}

func TestCreatePost(t *testing.T) {
	forEngine(t, func(t *testing.T, s *writeSite) {
		ctx := t.Context()
		cat := &model.Term{Taxonomy: model.TaxonomyCategory, Slug: "ekonomi", Name: "Ekonomi"}
		tag := &model.Term{Taxonomy: model.TaxonomyTag, Slug: "pasar", Name: "Pasar"}
		for _, term := range []*model.Term{cat, tag} {
			if err := s.st.InsertTerm(ctx, term); err != nil {
				t.Fatal(err)
			}
		}
		before, _ := s.st.ChangesSince(ctx, 0, 100000)
		a := s.call(t, "POST", "/wp-json/wp/v2/posts", model.RoleAuthor, map[string]any{
			"title": "Harga cabai turun", "content": "<p>Harga cabai <strong>turun</strong> di pasar.</p><script>alert(1)</script>",
			"excerpt": "Cabai lebih murah.", "status": "publish", "categories": []int64{cat.ID}, "tags": []int64{tag.ID},
			"comment_status": "closed",
		})
		if a.code != http.StatusCreated {
			t.Fatalf("create: %d %s", a.code, a.raw)
		}
		id := a.id()
		if strings.Contains(a.raw, "@redaksi.example") {
			t.Errorf("the answer shows a writer's email: %s", a.raw)
		}
		if loc := a.header.Get("Location"); loc != "https://warta.example/wp-json/wp/v2/posts/"+strconv.FormatInt(id, 10) {
			t.Errorf("Location %q", loc)
		}
		if k := keys(a.obj); !slices.Equal(k, goldenEdit["post"]) {
			t.Errorf("created post fields:\n got %q\nwant %q", k, goldenEdit["post"])
		}
		for _, part := range []string{"title", "content", "excerpt"} {
			if k := keys(a.obj[part].(map[string]any)); !slices.Equal(k, goldenEdit[part]) {
				t.Errorf("%s fields %q, want %q", part, k, goldenEdit[part])
			}
		}
		if a.str("status") != "publish" || a.part("title", "raw") != "Harga cabai turun" || a.str("slug") != "harga-cabai-turun" ||
			a.obj["author"] != float64(s.users[model.RoleAuthor].ID) || a.str("comment_status") != "closed" {
			t.Errorf("created post: %s", a.raw)
		}
		if r := a.part("content", "rendered"); strings.Contains(r, "<script") || !strings.Contains(r, "<strong>turun</strong>") {
			t.Errorf("content went around the sanitizer: %q", r)
		}
		if c := a.obj["categories"].([]any); len(c) != 1 || c[0] != float64(cat.ID) {
			t.Errorf("categories %v", c)
		}
		if tg := a.obj["tags"].([]any); len(tg) != 1 || tg[0] != float64(tag.ID) {
			t.Errorf("tags %v", tg)
		}

		// Readers see it: the page, the list, the API.
		path := strings.TrimPrefix(a.str("link"), "https://warta.example")
		page := s.call(t, "GET", path, "", nil)
		if page.code != 200 || !strings.Contains(page.raw, "Harga cabai turun") || strings.Contains(page.raw, "alert(1)") {
			t.Errorf("public page %s: %d", path, page.code)
		}
		if l := s.call(t, "GET", "/wp-json/wp/v2/posts", "", nil); len(l.list) != 1 || l.list[0]["id"] != float64(id) {
			t.Errorf("public list: %s", l.raw)
		}
		// The change log tells every page cache what to drop.
		after, _ := s.st.ChangesSince(ctx, lastChange(before), 100)
		if !touched(after, store.TagFront) || !touched(after, store.TagTerm(cat.ID)) {
			t.Errorf("the write touched %v", after)
		}

		// Updates change what is sent and keep the rest, with a revision.
		revs, _ := s.st.Revisions(ctx, id)
		u := s.call(t, "PATCH", "/wp-json/wp/v2/posts/"+strconv.FormatInt(id, 10), model.RoleAuthor, map[string]any{"title": "Harga cabai turun lagi"})
		if u.code != 200 || u.part("title", "raw") != "Harga cabai turun lagi" || u.part("excerpt", "raw") != "Cabai lebih murah." ||
			u.str("status") != "publish" || len(u.obj["tags"].([]any)) != 1 {
			t.Errorf("update: %d %s", u.code, u.raw)
		}
		if revs2, _ := s.st.Revisions(ctx, id); len(revs2) != len(revs)+1 {
			t.Errorf("revisions %d → %d, want one more", len(revs), len(revs2))
		}
		u = s.call(t, "PUT", "/?rest_route=/wp/v2/posts/"+strconv.FormatInt(id, 10), model.RoleAuthor, map[string]any{"content": map[string]any{"raw": "<p>Baru.</p>"}})
		if u.code != 200 || u.part("content", "raw") != "<p>Baru.</p>" {
			t.Errorf("update through rest_route with {raw}: %d %s", u.code, u.raw)
		}

		// Scheduling: a date to come makes the post future.
		when := time.Now().Add(48 * time.Hour).UTC().Truncate(time.Second)
		f := s.call(t, "POST", "/wp-json/wp/v2/posts", model.RoleEditor, map[string]any{"title": "Besok terbit",
			"content": "Isi.", "status": "publish", "date_gmt": when.Format("2006-01-02T15:04:05")})
		if f.code != 201 || f.str("status") != "future" || f.str("date_gmt") != when.Format("2006-01-02T15:04:05") {
			t.Errorf("scheduled: %d %s", f.code, f.raw)
		}
		if l := s.call(t, "GET", "/wp-json/wp/v2/posts", "", nil); len(l.list) != 1 {
			t.Errorf("a scheduled post is public: %s", l.raw)
		}
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
		wantError(t, "anonymous create", s.call(t, "POST", "/wp-json/wp/v2/posts", "", map[string]any{"title": "x"}), 401, "rest_cannot_create")
		wantError(t, "contributor publishes", s.call(t, "POST", "/wp-json/wp/v2/posts", con,
			map[string]any{"title": "Tulisan kontributor", "status": "publish"}), 403, "rest_cannot_publish")
		wantError(t, "contributor schedules", s.call(t, "POST", "/wp-json/wp/v2/posts", con,
			map[string]any{"title": "Tulisan kontributor", "status": "future", "date": "2099-01-01T08:00:00"}), 403, "rest_cannot_publish")
		d := s.call(t, "POST", "/wp-json/wp/v2/posts", con, map[string]any{"title": "Tulisan kontributor", "content": "Isi."})
		if d.code != 201 || d.str("status") != "draft" {
			t.Fatalf("contributor draft: %d %s", d.code, d.raw)
		}
		item := "/wp-json/wp/v2/posts/" + strconv.FormatInt(d.id(), 10)
		if p := s.call(t, "POST", item, con, map[string]any{"status": "pending"}); p.code != 200 || p.str("status") != "pending" {
			t.Errorf("contributor submits for review: %d %s", p.code, p.raw)
		}
		wantError(t, "contributor publishes own draft by update", s.call(t, "POST", item, con, map[string]any{"status": "publish"}), 403, "rest_cannot_publish")
		if a, _ := s.st.ArticleByID(t.Context(), d.id()); a.Status != model.StatusPending {
			t.Errorf("after the refusal the article is %s", a.Status)
		}
		wantError(t, "contributor uploads", s.call(t, "POST", "/wp-json/wp/v2/media", con, rawBody{data: pngBytes(t, 4, 4),
			contentType: "image/png", header: map[string]string{"Content-Disposition": `attachment; filename="a.png"`}}), 403, "rest_cannot_create")
		wantError(t, "author edits a contributor's article", s.call(t, "PATCH", item, aut, map[string]any{"title": "Diubah"}), 403, "rest_cannot_edit")
		wantError(t, "author credits someone else", s.call(t, "POST", "/wp-json/wp/v2/posts", aut,
			map[string]any{"title": "Atas nama orang", "author": s.users[ed].ID}), 403, "rest_cannot_edit_others")
		wantError(t, "author writes a page", s.call(t, "POST", "/wp-json/wp/v2/pages", aut, map[string]any{"title": "Halaman"}), 403, "rest_cannot_create")
		wantError(t, "anonymous delete", s.call(t, "DELETE", item, "", nil), 401, "rest_cannot_delete")

		// The editor publishes it.
		if p := s.call(t, "POST", item, ed, map[string]any{"status": "publish"}); p.code != 200 || p.str("status") != "publish" ||
			p.obj["author"] != float64(s.users[con].ID) {
			t.Errorf("editor publishes: %d %s", p.code, p.raw)
		}
		// Now published, the contributor may no longer touch it.
		wantError(t, "contributor edits a published article", s.call(t, "PATCH", item, con, map[string]any{"title": "x"}), 403, "rest_cannot_edit")
		wantError(t, "contributor trashes a published article", s.call(t, "DELETE", item, con, nil), 403, "rest_cannot_delete")
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
			wantError(t, name, s.call(t, "POST", "/wp-json/wp/v2/posts", aut, body), 400, "rest_invalid_param")
		}
		wantError(t, "unknown author", s.call(t, "POST", "/wp-json/wp/v2/posts", model.RoleEditor,
			map[string]any{"title": "x", "author": 987654}), 400, "rest_invalid_author")
		wantError(t, "id on create", s.call(t, "POST", "/wp-json/wp/v2/posts", aut, map[string]any{"title": "x", "id": 3}), 400, "rest_post_exists")
		bad := httptest.NewRequest("POST", "/wp-json/wp/v2/posts", strings.NewReader("{bukan json"))
		bad.Header.Set("Content-Type", "application/json")
		bad.SetBasicAuth("author", s.pw[aut])
		wantError(t, "broken JSON", s.send(t, bad), 400, "rest_invalid_json")
		wantError(t, "update of no post", s.call(t, "POST", "/wp-json/wp/v2/posts/987654", aut, map[string]any{"title": "x"}), 404, "rest_post_invalid_id")
		wantError(t, "PUT on a collection", s.call(t, "PUT", "/wp-json/wp/v2/posts", aut, map[string]any{"title": "x"}), 404, "rest_no_route")

		// A form body works as well as JSON.
		form := httptest.NewRequest("POST", "/wp-json/wp/v2/posts", strings.NewReader("title=Lewat+formulir&status=draft"))
		form.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		form.SetBasicAuth("contributor", s.pw[con])
		if f := s.send(t, form); f.code != 201 || f.part("title", "raw") != "Lewat formulir" {
			t.Errorf("form body: %d %s", f.code, f.raw)
		}
		own := s.call(t, "POST", "/wp-json/wp/v2/posts", aut, map[string]any{"title": "Draf penulis"})

		// Drafts: their writers and editors see them; nobody else does.
		wantError(t, "anonymous status=draft", s.call(t, "GET", "/wp-json/wp/v2/posts?status=draft", "", nil), 400, "rest_invalid_param")
		if l := s.call(t, "GET", "/wp-json/wp/v2/posts?status=draft", con, nil); l.code != 200 || len(l.list) != 1 || l.list[0]["title"].(map[string]any)["rendered"] != "Lewat formulir" {
			t.Errorf("contributor's drafts: %d %s", l.code, l.raw)
		}
		if l := s.call(t, "GET", "/wp-json/wp/v2/posts?status=draft,publish", model.RoleEditor, nil); len(l.list) != 2 || l.header.Get("X-WP-Total") != "2" {
			t.Errorf("editor's drafts: %s", l.raw)
		}
		item := "/wp-json/wp/v2/posts/" + strconv.FormatInt(own.id(), 10)
		wantError(t, "anonymous reads a draft", s.call(t, "GET", item, "", nil), 404, "rest_post_invalid_id")
		wantError(t, "contributor reads another's draft", s.call(t, "GET", item, con, nil), 404, "rest_post_invalid_id")
		if r := s.call(t, "GET", item+"?context=edit", aut, nil); r.code != 200 || r.str("status") != "draft" || r.part("title", "raw") != "Draf penulis" {
			t.Errorf("writer reads own draft in edit context: %d %s", r.code, r.raw)
		}
		wantError(t, "anonymous edit context", s.call(t, "GET", "/wp-json/wp/v2/posts?context=edit", "", nil), 401, "rest_forbidden_context")
		wantError(t, "author edit context on categories", s.call(t, "GET", "/wp-json/wp/v2/categories?context=edit", aut, nil), 403, "rest_forbidden_context")
		if l := s.call(t, "GET", "/wp-json/wp/v2/posts?context=edit&status=draft", aut, nil); l.code != 200 || len(l.list) != 1 || l.list[0]["content"].(map[string]any)["raw"] == nil {
			t.Errorf("edit context list: %d %s", l.code, l.raw)
		}
	})
}

func TestDeleteAndPages(t *testing.T) {
	forEngine(t, func(t *testing.T, s *writeSite) {
		ed := model.RoleEditor
		p := s.call(t, "POST", "/wp-json/wp/v2/posts", ed, map[string]any{"title": "Akan dihapus", "status": "publish", "content": "x"})
		item := "/wp-json/wp/v2/posts/" + strconv.FormatInt(p.id(), 10)
		tr := s.call(t, "DELETE", item, ed, nil)
		if tr.code != 200 || tr.str("status") != "trash" || tr.id() != p.id() {
			t.Errorf("trash: %d %s", tr.code, tr.raw)
		}
		if l := s.call(t, "GET", "/wp-json/wp/v2/posts", "", nil); len(l.list) != 0 {
			t.Errorf("a trashed post is public: %s", l.raw)
		}
		wantError(t, "trash twice", s.call(t, "DELETE", item, ed, nil), 410, "rest_already_trashed")
		del := s.call(t, "DELETE", item+"?force=true", ed, nil)
		prev, _ := del.obj["previous"].(map[string]any)
		if del.code != 200 || del.obj["deleted"] != true || prev == nil || prev["id"] != float64(p.id()) || len(del.obj) != 2 ||
			strings.Contains(del.raw, "@redaksi.example") || prev["\x00article"] != nil {
			t.Errorf("force delete: %d %s", del.code, del.raw)
		}
		if _, err := s.st.ArticleByID(t.Context(), p.id()); err == nil {
			t.Error("the post is still stored")
		}
		wantError(t, "delete of a deleted post", s.call(t, "DELETE", item+"?force=true", ed, nil), 404, "rest_post_invalid_id")
		// Clients that can only POST ask for DELETE with _method.
		o := s.call(t, "POST", "/wp-json/wp/v2/posts", ed, map[string]any{"title": "Lewat _method"})
		if d := s.call(t, "POST", "/wp-json/wp/v2/posts/"+strconv.FormatInt(o.id(), 10)+"?_method=DELETE", ed, nil); d.code != 200 || d.str("status") != "trash" {
			t.Errorf("POST ?_method=DELETE: %d %s", d.code, d.raw)
		}

		// Pages, with a parent and a menu order.
		parent := s.call(t, "POST", "/wp-json/wp/v2/pages", ed, map[string]any{"title": "Tentang kami", "status": "publish", "content": "Kami."})
		child := s.call(t, "POST", "/wp-json/wp/v2/pages", ed, map[string]any{"title": "Redaksi", "status": "publish",
			"parent": parent.id(), "menu_order": 2})
		if child.code != 201 || child.obj["parent"] != float64(parent.id()) || child.obj["menu_order"] != float64(2) ||
			child.str("type") != "page" || !strings.HasPrefix(child.header.Get("Location"), "https://warta.example/wp-json/wp/v2/pages/") {
			t.Errorf("child page: %d %s", child.code, child.raw)
		}
		if k := keys(child.obj); !slices.Equal(k, goldenEdit["page"]) {
			t.Errorf("page fields:\n got %q\nwant %q", k, goldenEdit["page"])
		}
		wantError(t, "parent that is not a page", s.call(t, "POST", "/wp-json/wp/v2/pages", ed, map[string]any{"title": "x", "parent": 987654}), 400, "rest_post_invalid_id")
		wantError(t, "a page through the posts route", s.call(t, "PATCH", "/wp-json/wp/v2/posts/"+strconv.FormatInt(parent.id(), 10), ed,
			map[string]any{"title": "x"}), 404, "rest_post_invalid_id")
		gone := s.call(t, "DELETE", "/wp-json/wp/v2/pages/"+strconv.FormatInt(child.id(), 10)+"?force=1", ed, nil)
		if gone.code != 200 || gone.obj["deleted"] != true {
			t.Errorf("delete page: %d %s", gone.code, gone.raw)
		}
	})
}

// TestIndexListsWrites: clients that build their methods from the index
// (node-wpapi refuses a method the index does not list) see the writes.
func TestIndexListsWrites(t *testing.T) {
	s := newAPISite(t)
	var idx map[string]any
	s.get(t, "/wp-json/", 200, &idx)
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
	rec := httptest.NewRecorder()
	s.mux.ServeHTTP(rec, httptest.NewRequest(http.MethodOptions, "/wp-json/wp/v2/posts/1", nil))
	if rec.Header().Get("Allow") != "GET, POST, PUT, PATCH, DELETE" {
		t.Errorf("OPTIONS Allow %q", rec.Header().Get("Allow"))
	}
}

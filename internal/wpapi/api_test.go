package wpapi

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"warta/internal/store"
	"warta/internal/store/storetest"
	"warta/internal/view"
	"warta/internal/web"
	"warta/internal/wxr"
)

type apiSite struct {
	st  *store.Store
	mux *http.ServeMux
}

func newAPISite(t *testing.T) *apiSite {
	t.Helper()
	st := storetest.New(t)
	if _, err := wxr.Import(context.Background(), st, "../wxr/testdata/full.wxr",
		wxr.Options{UploadsDir: "../wxr/testdata/uploads", MediaDir: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	v, err := view.New("")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	api := New(st, "https://warta.example", nil)
	api.Routes(mux)
	web.New(st, v, web.Options{BaseURL: "https://warta.example", RESTRoute: api}).Routes(mux)
	return &apiSite{st: st, mux: mux}
}

type reply struct {
	code   int
	header http.Header
	raw    string
}

func (s *apiSite) do(t *testing.T, method, target string) reply {
	t.Helper()
	rec := httptest.NewRecorder()
	s.mux.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
	b, _ := io.ReadAll(rec.Result().Body)
	return reply{code: rec.Code, header: rec.Result().Header, raw: string(b)}
}

// get fetches target, checks the status and decodes the JSON into v.
func (s *apiSite) get(t *testing.T, target string, status int, v any) reply {
	t.Helper()
	r := s.do(t, http.MethodGet, target)
	if r.code != status {
		t.Fatalf("GET %s: %d, want %d\n%s", target, r.code, status, r.raw)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json; charset=UTF-8" {
		t.Errorf("GET %s: Content-Type %q", target, ct)
	}
	if v != nil {
		if err := json.Unmarshal([]byte(r.raw), v); err != nil {
			t.Fatalf("GET %s: %v\n%s", target, err, r.raw)
		}
	}
	return r
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func (s *apiSite) wpID(t *testing.T, wp string) string {
	id, err := s.st.ImportedID(context.Background(), "https://kabar.example", "post", wp)
	if err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(id, 10)
}

// golden are the fields of each resource in WordPress 6's view context
// (the REST API handbook's schemas), less those warta cannot honour:
// avatar_urls and author_avatar_urls (avatars off: they would carry a hash
// of the email).
var golden = map[string][]string{
	"post": {"_links", "author", "categories", "class_list", "comment_status", "content", "date", "date_gmt", "excerpt",
		"featured_media", "format", "guid", "id", "link", "meta", "modified", "modified_gmt", "ping_status", "slug",
		"status", "sticky", "tags", "template", "title", "type"},
	"page": {"_links", "author", "class_list", "comment_status", "content", "date", "date_gmt", "excerpt", "featured_media",
		"guid", "id", "link", "menu_order", "meta", "modified", "modified_gmt", "parent", "ping_status", "slug", "status",
		"template", "title", "type"},
	"category": {"_links", "count", "description", "id", "link", "meta", "name", "parent", "slug", "taxonomy"},
	"tag":      {"_links", "count", "description", "id", "link", "meta", "name", "slug", "taxonomy"},
	"user":     {"_links", "description", "id", "link", "meta", "name", "slug", "url"},
	"comment": {"_links", "author", "author_name", "author_url", "content", "date", "date_gmt", "id", "link", "meta",
		"parent", "post", "status", "type"},
	"media": {"_links", "alt_text", "author", "caption", "class_list", "comment_status", "date", "date_gmt", "description",
		"featured_media", "guid", "id", "link", "media_details", "media_type", "meta", "mime_type", "modified",
		"modified_gmt", "ping_status", "post", "slug", "source_url", "status", "template", "title", "type"},
	"search":   {"_links", "id", "subtype", "title", "type", "url"},
	"type":     {"_links", "description", "has_archive", "hierarchical", "icon", "name", "rest_base", "rest_namespace", "slug", "taxonomies"},
	"taxonomy": {"_links", "description", "hierarchical", "name", "rest_base", "rest_namespace", "slug", "types"},
	"status":   {"_links", "date_floating", "name", "public", "queryable", "slug"},
}

func TestShapes(t *testing.T) {
	s := newAPISite(t)
	post := s.wpID(t, "101")
	one := func(target string) map[string]any {
		var m map[string]any
		s.get(t, target, 200, &m)
		return m
	}
	first := func(target string) map[string]any {
		var list []map[string]any
		s.get(t, target, 200, &list)
		if len(list) == 0 {
			t.Fatalf("GET %s: empty list", target)
		}
		return list[0]
	}
	got := map[string]map[string]any{
		"post":     one("/wp-json/wp/v2/posts/" + post),
		"page":     first("/wp-json/wp/v2/pages"),
		"category": first("/wp-json/wp/v2/categories"),
		"tag":      first("/wp-json/wp/v2/tags"),
		"user":     first("/wp-json/wp/v2/users"),
		"comment":  first("/wp-json/wp/v2/comments"),
		"media":    first("/wp-json/wp/v2/media"),
		"search":   first("/wp-json/wp/v2/search?search=ikan"),
		"type":     one("/wp-json/wp/v2/types/post"),
		"taxonomy": one("/wp-json/wp/v2/taxonomies/category"),
		"status":   one("/wp-json/wp/v2/statuses/publish"),
	}
	for name, want := range golden {
		if k := keys(got[name]); !slices.Equal(k, want) {
			t.Errorf("%s fields:\n got %q\nwant %q", name, k, want)
		}
	}
	p := got["post"]
	if p["date"] != "2024-04-26T10:00:00" || p["date_gmt"] != "2024-04-26T03:00:00" {
		t.Errorf("dates %v / %v: want local without zone and UTC", p["date"], p["date_gmt"])
	}
	if p["title"].(map[string]any)["rendered"] != "Harga ikan naik menjelang musim angin barat" || p["sticky"] != true {
		t.Errorf("title %v sticky %v", p["title"], p["sticky"])
	}
	if p["link"] != "https://warta.example/2024/04/26/harga-ikan-naik/" {
		t.Errorf("link %v", p["link"])
	}
	links := p["_links"].(map[string]any)
	for _, rel := range []string{"self", "collection", "about", "author", "replies", "wp:featuredmedia", "wp:term", "curies"} {
		if links[rel] == nil {
			t.Errorf("post _links lack %s", rel)
		}
	}
}

func TestCollections(t *testing.T) {
	s := newAPISite(t)
	t.Run("only published posts, with totals", func(t *testing.T) {
		var list []map[string]any
		r := s.get(t, "/wp-json/wp/v2/posts", 200, &list)
		if len(list) != 2 || r.header.Get("X-WP-Total") != "2" || r.header.Get("X-WP-TotalPages") != "1" {
			t.Errorf("%d posts, total %s, pages %s", len(list), r.header.Get("X-WP-Total"), r.header.Get("X-WP-TotalPages"))
		}
		if r.header.Get("Link") != "" {
			t.Errorf("single page Link = %q", r.header.Get("Link"))
		}
	})
	t.Run("paging links", func(t *testing.T) {
		r := s.get(t, "/wp-json/wp/v2/posts?per_page=1", 200, nil)
		if got := r.header.Get("Link"); got != `<https://warta.example/wp-json/wp/v2/posts?page=2&per_page=1>; rel="next"` {
			t.Errorf("Link = %q", got)
		}
		r = s.get(t, "/wp-json/wp/v2/posts?per_page=1&page=2", 200, nil)
		if got := r.header.Get("Link"); got != `<https://warta.example/wp-json/wp/v2/posts?page=1&per_page=1>; rel="prev"` {
			t.Errorf("Link = %q", got)
		}
	})
	t.Run("bad parameters are WordPress errors", func(t *testing.T) {
		for target, code := range map[string]string{
			"/wp-json/wp/v2/posts?per_page=101": "rest_invalid_param",
			"/wp-json/wp/v2/posts?per_page=0":   "rest_invalid_param",
			"/wp-json/wp/v2/posts?page=9":       "rest_post_invalid_page_number",
			"/wp-json/wp/v2/posts?status=draft": "rest_invalid_param",
			"/wp-json/wp/v2/posts?order=up":     "rest_invalid_param",
		} {
			var e map[string]any
			s.get(t, target, 400, &e)
			if e["code"] != code || e["data"].(map[string]any)["status"] != float64(400) || e["message"] == "" {
				t.Errorf("%s: %v", target, e)
			}
		}
		var e map[string]any
		s.get(t, "/wp-json/wp/v2/posts?context=edit", 401, &e)
		if e["code"] != "rest_forbidden_context" {
			t.Errorf("context=edit: %v", e)
		}
		s.get(t, "/wp-json/wp/v2/nothing", 404, &e)
		if e["code"] != "rest_no_route" {
			t.Errorf("unknown route: %v", e)
		}
		if r := s.do(t, http.MethodPost, "/wp-json/wp/v2/posts"); r.code != 401 || !strings.Contains(r.raw, `"rest_cannot_create"`) {
			t.Errorf("anonymous POST: %d %s", r.code, r.raw)
		}
	})
	t.Run("filters", func(t *testing.T) {
		cat, _ := s.st.TermBySlug(context.Background(), "category", "ekonomi")
		for target, want := range map[string]int{
			"/wp-json/wp/v2/posts?categories=" + strconv.FormatInt(cat.ID, 10): 1,
			"/wp-json/wp/v2/posts?sticky=true":                                 1,
			"/wp-json/wp/v2/posts?offset=1":                                    1,
			"/wp-json/wp/v2/posts?search=koperasi":                             1,
			"/wp-json/wp/v2/posts?slug=harga-ikan-naik":                        1,
			"/wp-json/wp/v2/posts?after=2024-04-25T00:00:00":                   1,
			"/wp-json/wp/v2/posts?before=2024-04-25T00:00:00Z":                 1,
			"/wp-json/wp/v2/posts?exclude=" + s.wpID(t, "101"):                 1,
			"/wp-json/wp/v2/pages?parent=" + s.wpID(t, "110"):                  1,
			"/wp-json/wp/v2/categories?hide_empty=true":                        2,
			"/wp-json/wp/v2/media?parent=" + s.wpID(t, "101"):                  1,
			"/wp-json/wp/v2/media?parent=" + s.wpID(t, "102"):                  0,
			"/wp-json/wp/v2/media":                                             2,
			"/wp-json/wp/v2/users":                                             2,
		} {
			var list []map[string]any
			s.get(t, target, 200, &list)
			if len(list) != want {
				t.Errorf("%s: %d items, want %d", target, len(list), want)
			}
		}
	})
}

func TestNothingLeaks(t *testing.T) {
	s := newAPISite(t)
	for _, wp := range []string{"103", "104", "105", "106", "107"} {
		var e map[string]any
		s.get(t, "/wp-json/wp/v2/posts/"+s.wpID(t, wp), 404, &e)
		if e["code"] != "rest_post_invalid_id" {
			t.Errorf("post %s: %v", wp, e)
		}
	}
	var p map[string]any
	s.get(t, "/wp-json/wp/v2/posts/"+s.wpID(t, "102"), 200, &p)
	c := p["content"].(map[string]any)
	if c["rendered"] != "" || c["protected"] != true {
		t.Errorf("protected post content = %v", c)
	}
	for _, target := range []string{"/wp-json/wp/v2/comments?per_page=100", "/wp-json/wp/v2/users", "/wp-json/wp/v2/posts?_embed"} {
		r := s.get(t, target, 200, nil)
		for _, secret := range []string{"@contoh.example", "@kabar.example", "192.0.2.1", "Belum dimoderasi", "Beli sekarang", "tiga perahu"} {
			if strings.Contains(r.raw, secret) {
				t.Errorf("%s shows %q", target, secret)
			}
		}
	}
	var cs []map[string]any
	s.get(t, "/wp-json/wp/v2/comments?per_page=100", 200, &cs)
	if len(cs) != 5 {
		t.Errorf("%d public comments, want the 5 approved ones", len(cs))
	}
}

func TestQueryParameters(t *testing.T) {
	s := newAPISite(t)
	post := s.wpID(t, "101")
	t.Run("_fields", func(t *testing.T) {
		var m map[string]any
		s.get(t, "/wp-json/wp/v2/posts/"+post+"?_fields=id,title.rendered", 200, &m)
		if k := keys(m); !slices.Equal(k, []string{"id", "title"}) {
			t.Errorf("fields %v", k)
		}
	})
	t.Run("_envelope", func(t *testing.T) {
		var m map[string]any
		s.get(t, "/wp-json/wp/v2/posts?page=9&_envelope", 200, &m)
		if m["status"] != float64(400) || m["body"].(map[string]any)["code"] != "rest_post_invalid_page_number" {
			t.Errorf("envelope %v", m)
		}
	})
	t.Run("_embed", func(t *testing.T) {
		var m map[string]any
		s.get(t, "/wp-json/wp/v2/posts/"+post+"?_embed", 200, &m)
		emb := m["_embedded"].(map[string]any)
		if emb["author"].([]any)[0].(map[string]any)["name"] != "Sari Wulandari" {
			t.Errorf("embedded author %v", emb["author"])
		}
		if emb["wp:featuredmedia"].([]any)[0].(map[string]any)["source_url"] != "https://warta.example/media/2024/04/pasar-pagi.png" {
			t.Errorf("embedded media %v", emb["wp:featuredmedia"])
		}
		terms := emb["wp:term"].([]any)
		if len(terms) != 2 || len(terms[1].([]any)) != 2 {
			t.Errorf("embedded terms %v", terms)
		}
	})
	t.Run("context=embed", func(t *testing.T) {
		var m map[string]any
		s.get(t, "/wp-json/wp/v2/posts/"+post+"?context=embed", 200, &m)
		want := []string{"_links", "author", "date", "excerpt", "featured_media", "id", "link", "slug", "title", "type"}
		if k := keys(m); !slices.Equal(k, want) {
			t.Errorf("embed context fields %q, want %q", k, want)
		}
	})
	t.Run("HEAD", func(t *testing.T) {
		r := s.do(t, http.MethodHead, "/wp-json/wp/v2/posts")
		if r.code != 200 || r.raw != "" || r.header.Get("X-WP-Total") != "2" {
			t.Errorf("HEAD: %d %q total %q", r.code, r.raw, r.header.Get("X-WP-Total"))
		}
	})
	t.Run("cross-origin readers and preflights", func(t *testing.T) {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodOptions, "/wp-json/wp/v2/posts", nil)
		req.Header.Set("Origin", "https://depan.example")
		s.mux.ServeHTTP(rec, req)
		if rec.Code != 200 || rec.Header().Get("Access-Control-Allow-Origin") != "*" ||
			!strings.Contains(rec.Header().Get("Access-Control-Expose-Headers"), "X-WP-Total") {
			t.Errorf("preflight: %d %v", rec.Code, rec.Header())
		}
	})
	t.Run("rest_route", func(t *testing.T) {
		var list []map[string]any
		r := s.get(t, "/?rest_route=/wp/v2/posts&per_page=1", 200, &list)
		if len(list) != 1 || r.header.Get("Link") != `<https://warta.example/?page=2&per_page=1&rest_route=%2Fwp%2Fv2%2Fposts>; rel="next"` {
			t.Errorf("%d items, Link %q", len(list), r.header.Get("Link"))
		}
	})
	t.Run("the index lists routes by their raw patterns", func(t *testing.T) {
		var idx map[string]any
		s.get(t, "/wp-json/", 200, &idx)
		routes := idx["routes"].(map[string]any)
		for _, p := range []string{"/", "/wp/v2", "/wp/v2/posts", `/wp/v2/posts/(?P<id>[\d]+)`, "/wp/v2/search", `/wp/v2/types/(?P<type>[\w-]+)`} {
			if routes[p] == nil {
				t.Errorf("index lacks %s", p)
			}
		}
		if ns := idx["namespaces"].([]any); len(ns) != 1 || ns[0] != "wp/v2" {
			t.Errorf("namespaces %v", ns)
		}
	})
}

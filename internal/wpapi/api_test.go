package wpapi_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"warta/internal/tools/scenario"
)

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
		s.c.Do(t, scenario.Scenario{Name: "GET " + target, URL: target, ExpectedStatus: 200, ExpectedHeaders: jsonType}).Decode(t, &m)
		return m
	}
	first := func(target string) map[string]any {
		var list []map[string]any
		s.c.Do(t, scenario.Scenario{Name: "GET " + target, URL: target, ExpectedStatus: 200, ExpectedHeaders: jsonType}).Decode(t, &list)
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
		r := s.c.Do(t, scenario.Scenario{Name: "the posts", URL: "/wp-json/wp/v2/posts", ExpectedStatus: 200,
			ExpectedHeaders: map[string]string{"Content-Type": jsonType["Content-Type"], "X-WP-Total": "2", "X-WP-TotalPages": "1", "Link": scenario.NoHeader}})
		if len(r.List()) != 2 {
			t.Errorf("%d posts", len(r.List()))
		}
	})
	t.Run("paging links", func(t *testing.T) {
		s.c.Run(t,
			scenario.Scenario{Name: "the first page links the next", URL: "/wp-json/wp/v2/posts?per_page=1", ExpectedStatus: 200,
				ExpectedHeaders: map[string]string{"Content-Type": jsonType["Content-Type"], "Link": `<https://warta.example/wp-json/wp/v2/posts?page=2&per_page=1>; rel="next"`}},
			scenario.Scenario{Name: "the second page links the previous", URL: "/wp-json/wp/v2/posts?per_page=1&page=2", ExpectedStatus: 200,
				ExpectedHeaders: map[string]string{"Content-Type": jsonType["Content-Type"], "Link": `<https://warta.example/wp-json/wp/v2/posts?page=1&per_page=1>; rel="prev"`}},
		)
	})
	t.Run("bad parameters are WordPress errors", func(t *testing.T) {
		var bad []scenario.Scenario
		for target, code := range map[string]string{
			"/wp-json/wp/v2/posts?per_page=101": "rest_invalid_param",
			"/wp-json/wp/v2/posts?per_page=0":   "rest_invalid_param",
			"/wp-json/wp/v2/posts?page=9":       "rest_post_invalid_page_number",
			"/wp-json/wp/v2/posts?status=draft": "rest_invalid_param",
			"/wp-json/wp/v2/posts?order=up":     "rest_invalid_param",
		} {
			bad = append(bad, scenario.Scenario{Name: target, URL: target, ExpectedStatus: 400, ExpectedHeaders: jsonType,
				ExpectedJSON: scenario.WPError(400, code)})
		}
		s.c.Run(t, append(bad,
			scenario.Scenario{Name: "context=edit", URL: "/wp-json/wp/v2/posts?context=edit", ExpectedStatus: 401, ExpectedHeaders: jsonType,
				ExpectedJSON: map[string]any{"code": "rest_forbidden_context"}},
			scenario.Scenario{Name: "an unknown route", URL: "/wp-json/wp/v2/nothing", ExpectedStatus: 404, ExpectedHeaders: jsonType,
				ExpectedJSON: map[string]any{"code": "rest_no_route"}},
			scenario.Scenario{Name: "an anonymous POST", Method: http.MethodPost, URL: "/wp-json/wp/v2/posts", ExpectedStatus: 401,
				ExpectedContent: []string{`"rest_cannot_create"`}},
		)...)
	})
	t.Run("filters", func(t *testing.T) {
		cat, _ := s.Store.TermBySlug(context.Background(), "category", "ekonomi")
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
			s.c.Run(t, scenario.Scenario{Name: target, URL: target, ExpectedStatus: 200, ExpectedHeaders: jsonType,
				AfterTest: func(t testing.TB, _ *scenario.Site, r *scenario.Response) {
					var list []map[string]any
					r.Decode(t, &list)
					if len(list) != want {
						t.Errorf("%s: %d items, want %d", target, len(list), want)
					}
				}})
		}
	})
}

func TestNothingLeaks(t *testing.T) {
	s := newAPISite(t)
	for _, wp := range []string{"103", "104", "105", "106", "107"} {
		s.c.Do(t, scenario.Scenario{Name: "post " + wp, URL: "/wp-json/wp/v2/posts/" + s.wpID(t, wp), ExpectedStatus: 404,
			ExpectedHeaders: jsonType, ExpectedJSON: map[string]any{"code": "rest_post_invalid_id"}})
	}
	s.c.Do(t, scenario.Scenario{Name: "a protected post", URL: "/wp-json/wp/v2/posts/" + s.wpID(t, "102"), ExpectedStatus: 200,
		ExpectedHeaders: jsonType, ExpectedJSON: map[string]any{"content.rendered": "", "content.protected": true}})
	secrets := []string{"@contoh.example", "@kabar.example", "192.0.2.1", "Belum dimoderasi", "Beli sekarang", "tiga perahu"}
	for _, target := range []string{"/wp-json/wp/v2/comments?per_page=100", "/wp-json/wp/v2/users", "/wp-json/wp/v2/posts?_embed"} {
		s.c.Do(t, scenario.Scenario{Name: target, URL: target, ExpectedStatus: 200, ExpectedHeaders: jsonType, NotExpectedContent: secrets})
	}
	r := s.c.Do(t, scenario.Scenario{Name: "the public comments", URL: "/wp-json/wp/v2/comments?per_page=100", ExpectedStatus: 200, ExpectedHeaders: jsonType})
	if cs := r.List(); len(cs) != 5 {
		t.Errorf("%d public comments, want the 5 approved ones", len(cs))
	}
}

func TestQueryParameters(t *testing.T) {
	s := newAPISite(t)
	post := s.wpID(t, "101")
	t.Run("_fields", func(t *testing.T) {
		r := s.c.Do(t, scenario.Scenario{Name: "_fields", URL: "/wp-json/wp/v2/posts/" + post + "?_fields=id,title.rendered", ExpectedStatus: 200, ExpectedHeaders: jsonType})
		if k := keys(r.Object()); !slices.Equal(k, []string{"id", "title"}) {
			t.Errorf("fields %v", k)
		}
	})
	t.Run("_envelope", func(t *testing.T) {
		s.c.Do(t, scenario.Scenario{Name: "_envelope", URL: "/wp-json/wp/v2/posts?page=9&_envelope", ExpectedStatus: 200, ExpectedHeaders: jsonType,
			ExpectedJSON: map[string]any{"status": 400, "body.code": "rest_post_invalid_page_number"}})
	})
	t.Run("_embed", func(t *testing.T) {
		r := s.c.Do(t, scenario.Scenario{Name: "_embed", URL: "/wp-json/wp/v2/posts/" + post + "?_embed", ExpectedStatus: 200, ExpectedHeaders: jsonType,
			ExpectedJSON: map[string]any{"_embedded.author.0.name": "Sari Wulandari",
				"_embedded.wp:featuredmedia.0.source_url": "https://warta.example/media/2024/04/pasar-pagi.png"}})
		terms, _ := r.Value("_embedded.wp:term")
		if l, _ := terms.([]any); len(l) != 2 || len(l[1].([]any)) != 2 {
			t.Errorf("embedded terms %v", terms)
		}
	})
	t.Run("context=embed", func(t *testing.T) {
		r := s.c.Do(t, scenario.Scenario{Name: "context=embed", URL: "/wp-json/wp/v2/posts/" + post + "?context=embed", ExpectedStatus: 200, ExpectedHeaders: jsonType})
		want := []string{"_links", "author", "date", "excerpt", "featured_media", "id", "link", "slug", "title", "type"}
		if k := keys(r.Object()); !slices.Equal(k, want) {
			t.Errorf("embed context fields %q, want %q", k, want)
		}
	})
	t.Run("HEAD", func(t *testing.T) {
		s.c.Do(t, scenario.Scenario{Name: "HEAD", Method: http.MethodHead, URL: "/wp-json/wp/v2/posts", ExpectedStatus: 200,
			ExpectedHeaders: map[string]string{"X-WP-Total": "2"}})
		// The server drops a HEAD answer's body on the wire; that the API
		// writes none is seen beneath HTTP.
		rec := httptest.NewRecorder()
		s.Handler.ServeHTTP(rec, httptest.NewRequest(http.MethodHead, "/wp-json/wp/v2/posts", nil))
		if rec.Code != 200 || rec.Body.Len() != 0 || rec.Header().Get("X-WP-Total") != "2" {
			t.Errorf("HEAD: %d %q total %q", rec.Code, rec.Body, rec.Header().Get("X-WP-Total"))
		}
	})
	t.Run("cross-origin readers and preflights", func(t *testing.T) {
		r := s.c.Do(t, scenario.Scenario{Name: "a preflight", Method: http.MethodOptions, URL: "/wp-json/wp/v2/posts",
			Headers: map[string]string{"Origin": "https://depan.example"}, ExpectedStatus: 200,
			ExpectedHeaders: map[string]string{"Access-Control-Allow-Origin": "*"}})
		if !strings.Contains(r.Header.Get("Access-Control-Expose-Headers"), "X-WP-Total") {
			t.Errorf("preflight: %v", r.Header)
		}
	})
	t.Run("rest_route", func(t *testing.T) {
		r := s.c.Do(t, scenario.Scenario{Name: "rest_route", URL: "/?rest_route=/wp/v2/posts&per_page=1", ExpectedStatus: 200,
			ExpectedHeaders: map[string]string{"Content-Type": jsonType["Content-Type"], "Link": `<https://warta.example/?page=2&per_page=1&rest_route=%2Fwp%2Fv2%2Fposts>; rel="next"`}})
		if len(r.List()) != 1 {
			t.Errorf("%d items", len(r.List()))
		}
	})
	t.Run("the index lists routes by their raw patterns", func(t *testing.T) {
		r := s.c.Do(t, scenario.Scenario{Name: "the index", URL: "/wp-json/", ExpectedStatus: 200, ExpectedHeaders: jsonType,
			ExpectedJSON: map[string]any{"namespaces": []string{"wp/v2"}}})
		routes, _ := r.Value("routes")
		for _, p := range []string{"/", "/wp/v2", "/wp/v2/posts", `/wp/v2/posts/(?P<id>[\d]+)`, "/wp/v2/search", `/wp/v2/types/(?P<type>[\w-]+)`} {
			if routes.(map[string]any)[p] == nil {
				t.Errorf("index lacks %s", p)
			}
		}
	})
}

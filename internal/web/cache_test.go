package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestCacheKey(t *testing.T) {
	for _, c := range []struct {
		name, target, want string
	}{
		{"an article is keyed by its path", "/2024/04/26/debat/", "/2024/04/26/debat/"},
		{"the front page is keyed", "/", "/"},
		{"a query string is not cached", "/?utm_source=x", ""},
		{"an old ?p= link is not cached", "/?p=12", ""},
		{"the newsroom is not cached", "/admin/", ""},
		{"the REST API is not cached", "/wp-json/wp/v2/posts", ""},
		{"static files have their own caching", "/static/warta.123456789abc.css", ""},
		{"media files have their own caching", "/media/2024/04/a.jpg", ""},
		{"health checks are not cached", "/healthz", ""},
		{"the comment form's target is not cached", "/comments/token", ""},
		{"a search is keyed by its words, section and page", "/search?utm=1&page=2&q=banjir++kota&category=kota",
			"/search?category=kota&page=2&q=banjir+kota"},
		{"the empty search form is keyed", "/search", "/search?category=&page=&q="},
		{"a search longer than the page reads is not cached", "/search?q=" + strings.Repeat("a", searchMaxLen+1), ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := CacheKey(httptest.NewRequest(http.MethodGet, c.target, nil)); got != c.want {
				t.Errorf("CacheKey(%s) = %q, want %q", c.target, got, c.want)
			}
		})
	}
}

func TestBypassCache(t *testing.T) {
	for _, c := range []struct {
		name   string
		header http.Header
		want   bool
	}{
		{"an anonymous reader shares the cache", nil, false},
		{"a reader with other cookies shares the cache", http.Header{"Cookie": {"_ga=1; theme=dark"}}, false},
		{"a signed-in editor does not", http.Header{"Cookie": {"_ga=1; warta_session=1.abc"}}, true},
		{"a reader whose comment awaits moderation does not", http.Header{"Cookie": {"warta_pending=x"}}, true},
		{"an API client with credentials does not", http.Header{"Authorization": {"Basic eDp5"}}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			for k, v := range c.header {
				r.Header[k] = v
			}
			if got := BypassCache(r); got != c.want {
				t.Errorf("BypassCache = %v, want %v", got, c.want)
			}
		})
	}
}

package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"warta/internal/auth"
)

// The page cache in front of the site (pagecache.Middleware, and the
// server's fast path for hits) asks the site which requests share a cached
// page, under which key, and who must see pages of their own: CacheKey,
// BypassCache and BypassCookies.

// uncachedPrefixes are the paths the page cache never keys: the newsroom,
// the APIs, files with their own caching, health checks, form targets.
var uncachedPrefixes = []string{"/admin", "/wp-admin", "/wp-login", "/wp-json", "/xmlrpc", "/static/",
	"/media/", "/healthz", "/readyz", "/metrics", "/comments", "/account", "/newsletter", "/preview/"}

// CacheKey keys anonymous public pages by path; a query string (?p=,
// tracking parameters) is not cached, but for a search's result page,
// keyed by what it depends on: its words, section and page. "" means the
// request is not cached.
func CacheKey(r *http.Request) string {
	if r.URL.Path == "/search" {
		return searchKey(r)
	}
	if r.URL.RawQuery != "" {
		return ""
	}
	for _, p := range uncachedPrefixes {
		if strings.HasPrefix(r.URL.Path, p) {
			return ""
		}
	}
	return r.URL.Path
}

// searchKey keys /search by its normalised words, section and page, so
// that readers searching what everyone searches for (the day's news) are
// answered from memory: under load the uncached search was what held up
// every other request waiting for the database. The page is tagged with
// every article and section, so any change drops it. Words beyond what
// the page searches for (searchMaxLen) are not cached: such keys would
// only crowd out pages readers share.
func searchKey(r *http.Request) string {
	q := r.URL.Query()
	words := strings.Join(strings.Fields(q.Get("q")), " ")
	if len(words) > searchMaxLen {
		return ""
	}
	return "/search?" + url.Values{"q": {words}, "category": {q.Get("category")}, "page": {q.Get("page")}}.Encode()
}

// BypassCookies are the cookies that make a reader's pages their own: a
// signed-in newsroom user's session, a signed-in reader's session and the
// list of a reader's comments awaiting moderation. The server's fast path leaves requests carrying
// them, and only them, to the full chain.
var BypassCookies = []string{auth.CookieName, auth.ReaderCookieName, pendingCookie}

// BypassCache sends signed-in editors, readers with a pending comment and
// API clients with credentials around the cache: they see pages of their
// own, which are never stored.
func BypassCache(r *http.Request) bool {
	if r.Header.Get("Authorization") != "" {
		return true
	}
	for _, c := range r.Cookies() {
		if slices.Contains(BypassCookies, c.Name) {
			return true
		}
	}
	return false
}

package web

import (
	"net/http"
	"net/url"
	"strings"
)

// Routes registers every public route on mux, including /static/ and
// /media/. GET patterns also answer HEAD.
//
// Articles (/{yyyy}/{mm}/{dd}/{slug}/) and pages (/{slug}/) are not
// registered as wildcard patterns: ServeMux refuses to hold "/{slug}/" next
// to another front end's "/admin/" or "/feed/" (each matches a path the other
// does not, so neither is more specific). They are dispatched instead by the
// catch-all "/", the least specific pattern, which every other front end's
// patterns override; whatever it does not recognise gets the 404 page.
func (h *Handler) Routes(mux *http.ServeMux) {
	// {$}: a pattern ending in "/" would otherwise match every path below it.
	mux.Handle("GET /{$}", h.wrap(h.showFront))
	mux.Handle("GET /page/{n}/{$}", h.wrap(h.showFront))
	for _, kind := range []string{"category", "tag", "author"} {
		mux.Handle("GET /"+kind+"/{slug}/{$}", h.wrap(h.showArchive(kind)))
		mux.Handle("GET /"+kind+"/{slug}/page/{n}/{$}", h.wrap(h.showArchive(kind)))
	}
	mux.Handle("POST /comments", h.wrap(h.postComment))
	mux.Handle("GET /comments/token", h.wrap(h.commentToken))
	mux.Handle("GET /search", h.wrap(h.showSearch))
	mux.Handle("GET /search/{q}/{$}", h.wrap(h.redirectSearchPath))
	mux.Handle("GET /sitemap.xml", h.wrap(h.showSitemapIndex))
	mux.Handle("GET /sitemap/{name}", h.wrap(h.showSitemap))
	mux.Handle("GET /news-sitemap.xml", h.wrap(h.showNewsSitemap))
	mux.Handle("GET /robots.txt", h.wrap(h.showRobots))
	mux.Handle("GET /static/", h.view.StaticHandler())
	mux.Handle("GET /media/", h.media)
	mux.Handle("/", h.wrap(h.dispatch))
}

// dispatch routes the paths that have no pattern of their own:
//
//	/{yyyy}/{mm}/{dd}/{slug}/  an article (showArticle)
//	/{yyyy}/{mm}/{dd}/{slug}   301 to the same with the slash
//	/{yyyy}/{mm}/{dd}/{slug}/feed/, feed/atom/, feed.json  its comments' feed
//	/{slug}/                   a page (showPage)
//	/{slug}                    301 to the same with the slash, when that page exists
//
// and everything else is the 404 page. The path values are set as a
// pattern would set them.
func (h *Handler) dispatch(w http.ResponseWriter, r *http.Request) error {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
		return nil
	}
	p := r.URL.Path
	slash := strings.HasSuffix(p, "/")
	segs := strings.Split(strings.Trim(p, "/"), "/")
	for _, s := range segs {
		if s == "" {
			return h.notFound(w, r)
		}
	}
	switch {
	case len(segs) == 4 && isNumber(segs[0]) && isNumber(segs[1]) && isNumber(segs[2]):
		if !slash {
			redirect(w, r, p+"/")
			return nil
		}
		r.SetPathValue("yyyy", segs[0])
		r.SetPathValue("mm", segs[1])
		r.SetPathValue("dd", segs[2])
		r.SetPathValue("slug", segs[3])
		return h.showArticle(w, r)
	case len(segs) >= 5 && isNumber(segs[0]) && isNumber(segs[1]) && isNumber(segs[2]):
		return h.showCommentFeed(w, r, segs, slash)
	case len(segs) == 1 && slash:
		r.SetPathValue("slug", segs[0])
		return h.showPage(w, r)
	case len(segs) == 1:
		return h.redirectToPage(w, r, segs[0])
	}
	return h.notFound(w, r)
}

// isNumber reports whether s is one to four ASCII digits.
func isNumber(s string) bool {
	if s == "" || len(s) > 4 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// redirect answers with a permanent redirect to path, keeping r's query.
func redirect(w http.ResponseWriter, r *http.Request, path string) {
	u := url.URL{Path: path, RawQuery: r.URL.RawQuery}
	http.Redirect(w, r, u.String(), http.StatusMovedPermanently)
}

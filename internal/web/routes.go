package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"warta/internal/httpx"
	"warta/internal/model"
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
func (h *Handler) Routes(mux httpx.Mux) {
	// {$}: a pattern ending in "/" would otherwise match every path below it.
	mux.Handle("GET /{$}", h.wrap(h.showFront))
	mux.Handle("GET /page/{n}/{$}", h.wrap(h.showFront))
	for _, kind := range []string{"category", "tag", "author"} {
		mux.Handle("GET /"+kind+"/{slug}/{$}", h.wrap(h.showArchive(kind)))
		mux.Handle("GET /"+kind+"/{slug}/page/{n}/{$}", h.wrap(h.showArchive(kind)))
	}
	mux.Handle("POST /comments", h.wrap(h.postComment))
	mux.Handle("GET /comments/token", h.wrap(h.commentToken))
	mux.Handle("POST /views/{id}", h.wrap(h.countView))
	h.mailRoutes(mux)
	h.readerRoutes(mux)
	for _, base := range []string{model.CorrectionsPath("id"), model.CorrectionsPath("en")} {
		mux.Handle("GET "+base+"{$}", h.wrap(h.showCorrections))
	}
	h.newsletterRoutes(mux)
	mux.Handle("GET /preview/{id}/{$}", h.wrap(h.showPreview))
	mux.Handle("GET /search", h.wrap(h.showSearch))
	mux.Handle("GET /search/{q}/{$}", h.wrap(h.redirectSearchPath))
	mux.Handle("GET /sitemap.xml", h.wrap(h.showSitemapIndex))
	mux.Handle("GET /sitemap/{name}", h.wrap(h.showSitemap))
	mux.Handle("GET /news-sitemap.xml", h.wrap(h.showNewsSitemap))
	mux.Handle("GET /wp-json/oembed/1.0/embed", http.HandlerFunc(h.showOEmbed))
	mux.Handle("GET /robots.txt", h.wrap(h.showRobots))
	mux.Handle("GET /favicon.ico", h.wrap(h.showFavicon))
	mux.Handle("GET /icons/{file}", h.wrap(h.showIcon))
	mux.Handle("GET /static/", h.view.StaticHandler())
	mux.Handle("GET /media/", h.media)
	mux.Handle("GET /wp-content/uploads/", h.uploads)
	mux.Handle("/", h.wrap(h.dispatch))
}

// dispatch routes the paths that have no pattern of their own:
//
//	/{yyyy}/[{mm}/[{dd}/]]     a date archive (showDateArchive), its
//	                           /page/N/ and its feeds
//	/wp-sitemap….xml, …/amp/,  WordPress's sitemaps, AMP and embed URLs
//	?amp=1, …/embed/           (wordpress.go)
//	/{taxonomy}/{term}/        a custom taxonomy's term kept by an import
//	                           (archive_wpterm.go), and its /page/N/
//	/{slug}/                   a page (showPage); /{slug} 301s to it
//	/{parent}/…/{slug}/        a child page, under its parents' slugs as
//	                           on WordPress; its /{slug}/ 301s there
//	an article's permalink     a post (showArticle), under the site's
//	                           permalink structure or an earlier one
//	the same + feed/, feed/atom/, feed.json  its comments' feed
//
// and everything else is the 404 page (after the redirects table). A page
// wins over a post of the same slug, as with WordPress's /%postname%/.
func (h *Handler) dispatch(w http.ResponseWriter, r *http.Request) error {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
		return nil
	}
	p := r.URL.Path
	segs := strings.Split(strings.Trim(p, "/"), "/")
	for _, s := range segs {
		if s == "" {
			return h.notFound(w, r)
		}
	}
	if d, rest, ok := model.ParseDateArchive(p); ok {
		// Before pages and posts, as WordPress's rewrite rules have it.
		if answered, err := h.dateArchive(w, r, d, rest); answered || err != nil {
			return err
		}
	}
	if answered, err := h.wordpressURL(w, r, segs); answered || err != nil {
		return err
	}
	// Before pages, as WordPress's rewrite rules for taxonomies are.
	if answered, err := h.wpTermArchive(w, r, segs); answered || err != nil {
		return err
	}
	if len(segs) == 1 {
		// /slug/ is a top-level page; a child page's /slug/ leads to its
		// /parent/slug/, and /slug to /slug/.
		if answered, err := h.page(w, r, segs[0], true); answered || err != nil {
			return err
		}
	}
	for _, f := range commentFeedSuffixes {
		if base, ok := strings.CutSuffix(p, f.suffix); ok && len(base) > 1 {
			return h.showCommentFeed(w, r, base, f.suffix, f.format)
		}
	}
	err := h.showArticle(w, r)
	if errors.Is(err, model.ErrNotFound) && len(segs) > 1 {
		// /parent/child/: a child page, named by its whole path.
		if answered, perr := h.page(w, r, segs[len(segs)-1], false); answered || perr != nil {
			return perr
		}
	}
	if errors.Is(err, model.ErrNotFound) {
		if answered, gerr := h.gone(w, r); answered {
			return gerr
		}
	}
	return err
}

// page answers p when it names the published page slug: the page at its
// own path, a redirect there from the same path without the final slash
// or (anywhere, when the slug alone was asked) from /slug/.
func (h *Handler) page(w http.ResponseWriter, r *http.Request, slug string, anywhere bool) (bool, error) {
	a, err := h.store.PublishedArticle(r.Context(), model.TypePage, slug)
	if errors.Is(err, model.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("web: page %q: %w", slug, err)
	}
	want, p := a.Path(model.Permalinks{}), r.URL.Path
	switch {
	case p == want:
		return true, h.showPage(w, r, a)
	case anywhere || p+"/" == want:
		redirect(w, r, want)
		return true, nil
	}
	return false, nil
}

// redirect answers with a permanent redirect to path, keeping r's query.
func redirect(w http.ResponseWriter, r *http.Request, path string) {
	u := url.URL{Path: path, RawQuery: r.URL.RawQuery}
	http.Redirect(w, r, u.String(), http.StatusMovedPermanently)
}

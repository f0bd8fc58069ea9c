// Package web serves warta's public site: the front page, articles, pages,
// category, tag and author archives, the error pages, the theme's static
// assets and the uploaded media. Every page is rendered on the server and
// complete without JavaScript. It only reads; writes go through the rule
// packages.
package web

import (
	"log/slog"
	"net/http"
	"strings"
	"time"

	"warta/internal/store"
	"warta/internal/view"
)

// Options configure the public site.
type Options struct {
	// BaseURL is the site's public origin, e.g. "https://warta.example"; it
	// prefixes canonical links. Empty: canonical links are root-relative.
	BaseURL string
	// MediaDir is the folder of uploaded files, served under /media/. Empty:
	// /media/ answers 404.
	MediaDir string
	// Logger receives server errors; slog.Default() when nil.
	Logger *slog.Logger
	// RESTRoute answers /?rest_route=… (the WordPress REST API's form
	// without pretty permalinks); nil: such requests get the front page.
	RESTRoute http.Handler
}

// Handler holds what the public pages need. Build it with New; it is safe
// for concurrent use.
type Handler struct {
	store   *store.Store
	view    *view.Engine
	baseURL string
	media   http.Handler
	log     *slog.Logger
	now     func() time.Time
	rest    http.Handler
}

// New returns the public site's handler over st, rendering with v.
func New(st *store.Store, v *view.Engine, opts Options) *Handler {
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	return &Handler{
		store:   st,
		view:    v,
		baseURL: strings.TrimRight(opts.BaseURL, "/"),
		media:   mediaHandler(opts.MediaDir),
		log:     log,
		now:     time.Now,
		rest:    opts.RESTRoute,
	}
}

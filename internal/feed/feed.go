package feed

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"warta/internal/httpx"
	"warta/internal/locale"
	"warta/internal/model"
	"warta/internal/store"
)

// Options configure the feeds.
type Options struct {
	// BaseURL is the site's public origin, e.g. "https://warta.example",
	// which prefixes every URL of a feed. Empty: the origin the request was
	// sent to.
	BaseURL string
	// Logger receives server errors; slog.Default() when nil.
	Logger *slog.Logger
}

// Handler serves the feeds. Build it with New; it is safe for concurrent use.
type Handler struct {
	store   *store.Store
	baseURL string
	log     *slog.Logger
}

// New returns the feeds' handler over st.
func New(st *store.Store, opts Options) *Handler {
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	return &Handler{store: st, baseURL: strings.TrimRight(opts.BaseURL, "/"), log: log}
}

// suffixes are where each format lives below a feed's base path, as in
// WordPress: /feed/, /feed/atom/; and /feed.json for JSON Feed.
var suffixes = map[string]string{RSS: "feed/", Atom: "feed/atom/", JSON: "feed.json"}

// Path returns the path of the feed in format below base ("/",
// "/category/x/", an article's path).
func Path(base, format string) string { return base + suffixes[format] }

// Routes registers the site's, the archives' and the site comments' feeds
// on mux. The feeds of an article's comments live below the article's path,
// which the public site dispatches; it calls ArticleComments.
func (h *Handler) Routes(mux httpx.Mux) {
	for format, suffix := range suffixes {
		end := suffix
		if strings.HasSuffix(end, "/") {
			end += "{$}" // only the feed itself, not every path below it
		}
		mux.Handle("GET /"+end, h.wrap(format, h.articles("")))
		for _, kind := range []string{"category", "tag", "author"} {
			mux.Handle("GET /"+kind+"/{slug}/"+end, h.wrap(format, h.articles(kind)))
		}
		mux.Handle("GET /comments/"+end, h.wrap(format, h.siteComments))
		for _, base := range []string{model.CorrectionsPath("id"), model.CorrectionsPath("en")} {
			mux.Handle("GET "+base+end, h.wrap(format, h.corrections))
		}
	}
	// WordPress's other names of its RSS feeds, kept by old subscriptions.
	for _, alias := range []string{"feed/rss2/{$}", "feed/rss/{$}"} {
		mux.Handle("GET /"+alias, h.wrap(RSS, h.articles("")))
		for _, kind := range []string{"category", "tag", "author"} {
			mux.Handle("GET /"+kind+"/{slug}/"+alias, h.wrap(RSS, h.articles(kind)))
		}
		mux.Handle("GET /comments/"+alias, h.wrap(RSS, h.siteComments))
	}
}

// builder builds a feed for a request.
type builder func(r *http.Request, c *feedCtx) (doc, error)

// feedCtx is what every feed needs: the settings, their printer and the
// absolute base URL.
type feedCtx struct {
	site    model.Settings
	printer *locale.Printer
	loc     *time.Location
	links   model.Permalinks
	base    string
}

// abs is path's absolute URL on the site, percent-encoded as WordPress
// writes its links (model.EscapePath).
func (c *feedCtx) abs(path string) string { return absURL(c.base, model.EscapePath(path)) }

// wrap adapts a builder into a handler: it writes the feed in format with
// its ETag and Last-Modified, answering 304 when the reader has it, 404
// for an unknown archive and 500 (logged) for anything else.
func (h *Handler) wrap(format string, build builder) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := h.context(r)
		if err == nil {
			var d doc
			if d, err = build(r, c); err == nil {
				err = serve(w, r, d, format)
			}
		}
		h.fail(w, r, err)
	})
}

func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	if err == nil || httpx.ClientGone(r, err) {
		return
	}
	status := httpx.Status(err)
	if status >= http.StatusInternalServerError {
		h.log.ErrorContext(r.Context(), "feed: request failed", "path", r.URL.Path, "err", err)
	}
	http.Error(w, http.StatusText(status), status)
}

func (h *Handler) context(r *http.Request) (*feedCtx, error) {
	st, err := h.store.Settings(r.Context())
	if err != nil {
		return nil, fmt.Errorf("feed: settings: %w", err)
	}
	base := h.baseURL
	if base == "" {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		base = scheme + "://" + r.Host
	}
	links, err := h.store.PermalinksFor(r.Context(), st)
	if err != nil {
		return nil, fmt.Errorf("feed: %w", err)
	}
	return &feedCtx{site: st, printer: locale.New(st.Language), loc: st.Location(), links: links, base: base}, nil
}

// serve writes d in format. The ETag is a hash of the bytes, so it changes
// exactly when the feed does; http.ServeContent answers If-None-Match and
// If-Modified-Since with 304 and HEAD without a body.
func serve(w http.ResponseWriter, r *http.Request, d doc, format string) error {
	body, err := write(d, format)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(body)
	w.Header().Set("Content-Type", contentTypes[format])
	w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:12])+`"`)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, "", d.Updated, bytes.NewReader(body))
	return nil
}

// items returns the number of items a feed shows.
func (c *feedCtx) items() int {
	if c.site.FeedItems > 0 {
		return min(c.site.FeedItems, 100)
	}
	return model.DefaultSettings().FeedItems
}

// newDoc starts a feed titled title (the site's name when empty) following
// the page at link and served at self, both paths.
func (c *feedCtx) newDoc(title, link, self string) doc {
	if title == "" {
		title = c.site.Title
	}
	return doc{
		Title:       title,
		Description: c.site.Tagline,
		Link:        c.abs(link),
		Self:        c.abs(self),
		Lang:        c.printer.Lang(),
		Generator:   "warta",
	}
}

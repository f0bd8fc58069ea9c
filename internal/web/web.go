// Package web serves warta's public site: the front page, articles, pages,
// category, tag and author archives, the error pages, the theme's static
// assets and the uploaded media. Every page is rendered on the server and
// complete without JavaScript. It only reads; writes (the comment form) go through
// the rule packages.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"warta/internal/httpx"
	"warta/internal/mail"
	"warta/internal/media"
	"warta/internal/model"
	"warta/internal/moderation"
	"warta/internal/store"
	"warta/internal/view"
)

// Options configure the public site.
type Options struct {
	// BaseURL is the site's public origin, e.g. "https://warta.example"; it
	// prefixes canonical links. Empty: canonical links are root-relative.
	BaseURL string
	// Media holds the uploaded files, served under /media/. Nil: /media/
	// answers 404.
	Media media.Storage
	// MediaPublicURL, when set, is where the media are served from instead
	// (a bucket's public address or a CDN's): /media/KEY redirects to
	// MediaPublicURL/KEY.
	MediaPublicURL string
	// Logger receives server errors; slog.Default() when nil.
	Logger *slog.Logger
	// Moderation applies the comment rules; nil: one is made over the store.
	Moderation *moderation.Moderator
	// CommentFeed, when set, writes the feed of an article's comments in
	// format ("rss", "atom", "json") for {article}/feed/, {article}/feed/atom/
	// and {article}/feed.json; without it those paths are 404.
	CommentFeed func(w http.ResponseWriter, r *http.Request, a *model.Article, format string) error
	// DateFeed, when set, writes the feed of a date archive in format
	// ("rss", "atom", "json") for /2026/11/feed/ and the like; without it
	// those paths are 404.
	DateFeed func(w http.ResponseWriter, r *http.Request, d model.DateArchive, format string) error
	// TermFeed, when set, writes the feed of a custom taxonomy's term an
	// import kept, for /wilayah/jawa-barat/feed/ and the like; without it
	// those paths are 404.
	TermFeed func(w http.ResponseWriter, r *http.Request, t *model.WPTerm, format string) error
	// CacheLayout keeps the settings and navigation every page shows, and
	// each article's related articles, in memory until Invalidate is called. Set it only when something calls
	// Invalidate after every change (serve does, following the change log).
	CacheLayout bool
	// RESTRoute answers /?rest_route=… (the WordPress REST API's form
	// without pretty permalinks); nil: such requests get the front page.
	RESTRoute http.Handler
	// Mail composes the readers' sign-in links; nil: one is made for
	// BaseURL. MailQueued is called after a link was queued (the mail
	// worker's Nudge), so it goes at once.
	Mail       *mail.Composer
	MailQueued func()
}

// Handler holds what the public pages need. Build it with New; it is safe
// for concurrent use.
type Handler struct {
	store    *store.Store
	view     *view.Engine
	baseURL  string
	media    http.Handler
	uploads  http.Handler  // WordPress's /wp-content/uploads/ addresses of the media
	files    media.Storage // the uploads, which the site's icons are cut from; nil: none
	icons    iconCache
	log      *slog.Logger
	mod      *moderation.Moderator
	pending  pendingSigner
	previews *httpx.Signer // preview links (PreviewSecret)
	now      func() time.Time

	commentFeed func(http.ResponseWriter, *http.Request, *model.Article, string) error
	dateFeed    func(http.ResponseWriter, *http.Request, model.DateArchive, string) error
	termFeed    func(http.ResponseWriter, *http.Request, *model.WPTerm, string) error
	nav         navWatch
	memo        layoutMemo
	related     genMemo[int64, []model.Article]
	counts      genMemo[store.ListQuery, int]
	recent      genMemo[int, []model.Article]
	views       viewCounter
	popular     atomic.Pointer[popularIDs]
	rest        http.Handler
	composer    *mail.Composer // nil: readers cannot sign in (the templates failed)
	mailQueued  func()
}

// New returns the public site's handler over st, rendering with v.
func New(st *store.Store, v *view.Engine, opts Options) *Handler {
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	mod := opts.Moderation
	if mod == nil {
		mod = moderation.New(st, moderation.Options{BaseURL: opts.BaseURL, Logger: log})
	}
	composer := opts.Mail
	if composer == nil {
		var err error
		if composer, err = mail.NewComposer(opts.BaseURL); err != nil {
			log.Error("web: readers cannot sign in", "err", err)
		}
	}
	return &Handler{
		composer:   composer,
		mailQueued: opts.MailQueued,
		mod:        mod,
		pending: pendingSigner{httpx.NewSigner(func(ctx context.Context) ([]byte, error) {
			return st.Secret(ctx, moderation.CommentSecret)
		})},
		previews: httpx.NewSigner(func(ctx context.Context) ([]byte, error) { return st.Secret(ctx, httpx.PreviewSecret) }),
		store:    st,
		view:     v,
		baseURL:  strings.TrimRight(opts.BaseURL, "/"),
		media:    mediaHandler(opts.Media, opts.MediaPublicURL, log),
		uploads:  uploadsHandler(opts.Media, opts.MediaPublicURL, log),
		files:    opts.Media,
		log:      log,
		now:      time.Now,

		commentFeed: opts.CommentFeed,
		dateFeed:    opts.DateFeed,
		termFeed:    opts.TermFeed,
		memo:        layoutMemo{enabled: opts.CacheLayout},
		rest:        opts.RESTRoute,
	}
}

package cli

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"warta/internal/config"
	"warta/internal/pagecache"
	"warta/internal/schedule"
	"warta/internal/store"
	"warta/internal/web"
)

// uncachedPrefixes are the paths the page cache never keys: the newsroom,
// the APIs, files with their own caching, health checks, form targets.
var uncachedPrefixes = []string{"/admin", "/wp-admin", "/wp-login", "/wp-json", "/xmlrpc", "/static/",
	"/media/", "/healthz", "/readyz", "/metrics", "/comments"}

// cacheKey keys anonymous public pages by path; a query string (?p=,
// tracking parameters) is not cached, but for a search's result page,
// keyed by what it depends on: its words, section and page.
func cacheKey(r *http.Request) string {
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
// the page searches for (200 characters) are not cached: such keys would
// only crowd out pages readers share.
func searchKey(r *http.Request) string {
	q := r.URL.Query()
	words := strings.Join(strings.Fields(q.Get("q")), " ")
	if len(words) > 200 {
		return ""
	}
	return "/search?" + url.Values{"q": {words}, "category": {q.Get("category")}, "page": {q.Get("page")}}.Encode()
}

// Cookies that make a reader's pages their own (BRIEF: cookies contract).
const (
	sessionCookie = "warta_session" // a signed-in newsroom user
	pendingCookie = "warta_pending" // a reader whose comment awaits moderation
)

// bypassCookies are the cookies that send a reader around the cache; the
// server's fast path (server.WithFastHits) leaves requests carrying them,
// and only them, to the chain.
var bypassCookies = []string{sessionCookie, pendingCookie}

// bypassCache sends signed-in editors, readers with a pending comment and
// API clients with credentials around the cache: they see pages of their
// own, which are never stored.
func bypassCache(r *http.Request) bool {
	if r.Header.Get("Authorization") != "" {
		return true
	}
	for _, c := range r.Cookies() {
		if slices.Contains(bypassCookies, c.Name) {
			return true
		}
	}
	return false
}

// newPageCache builds the page cache cfg describes.
func newPageCache(cfg config.Cache, logger *slog.Logger) *pagecache.Cache {
	opts := pagecache.Options{
		MaxBytes:             int64(cfg.SizeMB) << 20,
		SMaxAge:              cfg.SMaxAge,
		StaleWhileRevalidate: cfg.StaleWhileRevalidate,
		PurgeWebhook:         cfg.PurgeWebhook,
		Logger:               logger,
		RequireTags:          true,
	}
	// pagecache reads zero as "the default" and a negative value as "none".
	if opts.SMaxAge == 0 {
		opts.SMaxAge = -1
	}
	if opts.StaleWhileRevalidate == 0 {
		opts.StaleWhileRevalidate = -1
	}
	return pagecache.New(opts)
}

// runBackground starts what serve runs beside the HTTP server until ctx
// ends: following the change log into the site's memory and the page cache
// (when there is one), publishing scheduled articles, and pruning the
// change log.
func runBackground(ctx context.Context, cfg config.Config, st *store.Store, site *web.Handler,
	cache *pagecache.Cache, logger *slog.Logger) {
	// The navigation is compared after changes in a goroutine of its own,
	// so a writer never waits for it.
	navCheck := make(chan struct{}, 1)
	if cache != nil {
		go func() {
			if _, err := site.CheckNav(ctx); err != nil && ctx.Err() == nil {
				logger.Error("page cache: navigation", "err", err)
			}
			for {
				select {
				case <-ctx.Done():
					return
				case <-navCheck:
				}
				changed, err := site.CheckNav(ctx)
				if err != nil && ctx.Err() == nil {
					logger.Error("page cache: navigation", "err", err)
				}
				if changed {
					cache.Invalidate(web.TagNav)
				}
			}
		}()
	}
	// Every batch of changes may have scheduled an article: the scheduler
	// looks again when the next one is due.
	wake := make(chan struct{}, 1)
	go func() {
		opts := store.FollowOptions{Poll: cfg.Cache.Poll, OnError: func(err error) {
			logger.Warn("following changes", "err", err)
		}}
		err := st.Follow(ctx, opts, func(list []store.Change) {
			select {
			case wake <- struct{}{}:
			default:
			}
			site.Invalidate()
			if cache == nil {
				return
			}
			var tags []string
			for _, c := range list {
				tags = append(tags, c.Tags...)
			}
			cache.Invalidate(tags...)
			select {
			case navCheck <- struct{}{}:
			default:
			}
		})
		if ctx.Err() == nil {
			// Follow ends only with its context; should it not, nothing
			// would drop stale pages: stop serving them.
			logger.Error("stopped following changes; serving without the page cache", "err", err)
			if cache != nil {
				cache.Purge()
			}
		}
	}()
	go schedule.Run(ctx, st, schedule.Options{Logger: logger, Wake: wake})
	go func() {
		// Every follower has read a change within seconds; an hour's margin
		// covers a process paused for a while.
		tick := time.NewTicker(10 * time.Minute)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				if err := st.PruneChanges(ctx, time.Now().Add(-time.Hour)); err != nil && ctx.Err() == nil {
					logger.Warn("pruning the change log", "err", err)
				}
			}
		}
	}()
}

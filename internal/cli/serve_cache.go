package cli

import (
	"context"
	"log/slog"
	"time"

	"warta/internal/config"
	"warta/internal/pagecache"
	"warta/internal/schedule"
	"warta/internal/store"
	"warta/internal/web"
)

// newPageCache builds the page cache cfg describes.
func newPageCache(cfg config.Cache, logger *slog.Logger) *pagecache.Cache {
	opts := pagecache.Options{
		MaxBytes:             int64(cfg.SizeMB) << 20,
		SMaxAge:              cfg.SMaxAge,
		StaleWhileRevalidate: cfg.StaleWhileRevalidate,
		PurgeWebhook:         cfg.PurgeWebhook,
		Logger:               logger,
		RequireTags:          true,
		// A change that touches many pages costs readers no render: they
		// get the page they had while one render refreshes it; what a
		// page owns (web marks it) still drops it at once.
		ServeStale: true,
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

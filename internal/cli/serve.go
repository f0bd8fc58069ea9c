package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"warta/internal/admin"
	"warta/internal/config"
	"warta/internal/demo"
	"warta/internal/feed"
	"warta/internal/httpx"
	"warta/internal/mail"
	"warta/internal/media"
	"warta/internal/metrics"
	"warta/internal/moderation"
	"warta/internal/newsletter"
	"warta/internal/pagecache"
	"warta/internal/server"
	"warta/internal/store"
	"warta/internal/view"
	"warta/internal/web"
	"warta/internal/wpapi"
)

func runServe(ctx context.Context, env Env, args []string) error {
	cfg := config.Default()
	fs := newFlagSet("serve", commands["serve"], env.Stderr)
	cfg.ServeFlags(fs, env.Getenv)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	baseDerived := cfg.BaseURL == ""
	if err := cfg.Validate(); err != nil {
		return usageError{err}
	}
	defer tuneMemory(cfg, env.Getenv)()
	logs := newLogBuffer(env.Stderr)
	defer logs.Close()
	logger := newLogger(logs, cfg.LogFormat)

	// The theme is parsed before anything touches the database, so a broken
	// override folder fails fast and changes nothing.
	views, err := view.New(cfg.ThemeDir)
	if err != nil {
		return err
	}
	// The port, then the data folder and the database, are checked before
	// anything is written: a taken port or a read-only folder leaves no
	// half-made site behind.
	ln, err := listenFirst(cfg.Listen)
	if err != nil {
		return err
	}
	defer ln.Close() // srv.Serve closes it too; this covers the errors before
	if err := checkDataDir(cfg.DataDir, !config.IsPostgres(cfg.DatabaseURL)); err != nil {
		return err
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	files, err := openMedia(ctx, cfg, env)
	if err != nil {
		return err
	}
	if !baseDerived {
		// Recorded for the commands that write links outside a request
		// (export wxr, comment notifications from the command line).
		if err := st.SetSiteURL(ctx, cfg.BaseURL); err != nil {
			return err
		}
	}
	// Demo content goes into an empty SQLite site, the one `warta serve`
	// makes with no configuration, or wherever --demo asks; never
	// uninvited into a database given by URL.
	if cfg.Demo || (!config.IsPostgres(cfg.DatabaseURL) && !cfg.NoDemo) {
		if err := seedDemo(ctx, env, st, files); err != nil {
			return err
		}
	}
	if baseDerived {
		// With port 0 the real port is known only now.
		host := cfg.BaseURL[:strings.LastIndex(cfg.BaseURL, ":")]
		cfg.BaseURL = fmt.Sprintf("%s:%d", host, ln.Addr().(*net.TCPAddr).Port)
	}

	// The site's one router, held to model's table of route prefixes.
	mux := &httpx.Router{}
	// Email: composed from the mail templates, queued in the outbox in the
	// transaction of what causes it, sent by this process's worker (one
	// of perhaps several instances' workers; each message is claimed by one).
	composer, err := mail.NewComposer(cfg.BaseURL)
	if err != nil {
		return err
	}
	m := metrics.New()
	mailer := mail.NewWorker(st, mail.WorkerOptions{Logger: logger, Observer: m, Lease: cfg.Mail.Lease, Poll: cfg.Mail.Poll})
	// One moderator for the reader's form and the newsroom's queue, so both
	// apply (and teach the spam filter) the same rules.
	mod := moderation.New(st, moderation.Options{BaseURL: cfg.BaseURL, Logger: logger, Mail: composer, MailQueued: mailer.Nudge})
	go mod.RunPurge(ctx, time.Hour)
	// The newsletter: digests created when due, every issue filled into
	// the outbox in batches (resuming after a restart), in the background.
	letters := newsletter.New(st, composer, newsletter.Options{Logger: logger, MailQueued: mailer.Nudge})
	go letters.Run(ctx)
	feeds := feed.New(st, feed.Options{BaseURL: cfg.BaseURL, Logger: logger})
	feeds.Routes(mux)
	maxUpload := int64(cfg.UploadMaxMB) << 20
	api := wpapi.New(st, cfg.BaseURL, logger, wpapi.WithModerator(mod), wpapi.WithMedia(files), wpapi.WithMaxUpload(maxUpload))
	api.Routes(mux)
	site := web.New(st, views, web.Options{BaseURL: cfg.BaseURL, Media: files, MediaPublicURL: cfg.MediaPublicURL, Logger: logger,
		Moderation: mod, CommentFeed: feeds.ArticleComments, DateFeed: feeds.DateArchive, TermFeed: feeds.WPTerm, RESTRoute: api,
		Mail: composer, MailQueued: mailer.Nudge,
		CacheLayout: true}) // runBackground invalidates it on every change
	site.Routes(mux)
	newsroom, err := admin.New(ctx, st, admin.Options{BaseURL: cfg.BaseURL, Media: files, DataDir: cfg.DataDir, Logger: logger,
		Moderator: mod, Mail: composer, MailWorker: mailer, NewsletterQueued: letters.Nudge, MaxUploadBytes: maxUpload})
	if err != nil {
		return err
	}
	newsroom.Routes(mux)
	var inner []func(http.Handler) http.Handler
	var cache *pagecache.Cache
	if !cfg.Cache.Disabled {
		cache = newPageCache(cfg.Cache, logger)
		defer cache.Close()
		inner = append(inner, func(h http.Handler) http.Handler { return cache.Middleware(web.CacheKey, web.BypassCache, h) })
	}
	m.DBPools(st.PoolStats)
	m.Comments(st.CommentCounts)
	m.Mail(func(ctx context.Context) (map[string]int64, error) {
		counts, err := st.MailCounts(ctx)
		out := make(map[string]int64, len(counts))
		for k, n := range counts {
			out[string(k)] = n
		}
		return out, err
	})
	if cache != nil {
		m.PageCache(func() metrics.CacheStats { return metrics.CacheStats(cache.Stats()) })
	}
	proxies, err := server.ParseProxies(cfg.TrustedProxies)
	if err != nil {
		return usageError{fmt.Errorf("--trusted-proxies: %w", err)}
	}
	metricsAllow, err := cfg.Metrics.AllowPrefixes()
	if err != nil {
		return usageError{err}
	}
	limits := server.DefaultLimits()
	limits.MaxImportBytes = max(int64(cfg.ImportMaxMB)<<20, maxUpload)
	// An upload's file, and the form or headers around it.
	limits.MaxUploadBytes = maxUpload + 1<<20
	opts := []server.Option{server.WithMetrics(m), server.WithTrustedProxies(proxies),
		server.WithMetricsAccess(server.MetricsAccess{Allow: metricsAllow, Token: cfg.Metrics.Token}),
		server.WithInner(inner...), server.WithLimits(limits)}
	if cache != nil {
		opts = append(opts, server.WithFastHits(cache, web.BypassCookies...))
	}
	srv := server.New(mux, st, logger, opts...)
	if cfg.TLS() {
		if err := srv.UseTLS(cfg.TLSCert, cfg.TLSKey); err != nil {
			return err
		}
	}
	bg, stopBackground := context.WithCancel(ctx)
	defer stopBackground()
	mailDone := make(chan struct{})
	go func() { defer close(mailDone); mailer.Run(bg) }()
	// The worker finishes the message it is sending (and marks it) before
	// the store closes.
	defer func() { stopBackground(); <-mailDone }()
	// Counted reads go to the store every half minute and once more on the
	// way out, before the store closes; the most-read lists are read again
	// every five minutes and, when they changed, the front page is dropped.
	viewsDone := make(chan struct{})
	viewOpts := web.ViewOptions{}
	if cache != nil {
		viewOpts.Invalidate = cache.InvalidateLocal
	}
	go func() { defer close(viewsDone); site.RunViews(bg, viewOpts) }()
	// WebP, AVIF and crops of new uploads and imported archives, made
	// beside the server (`warta media regenerate` makes them on demand).
	renditionsDone := make(chan struct{})
	go func() {
		defer close(renditionsDone)
		media.RunRenditions(bg, st, files, nil, time.Minute, logger)
	}()
	defer func() { stopBackground(); <-viewsDone; <-renditionsDone }()
	runBackground(bg, cfg, st, site, cache, logger)
	go func() {
		// An index written by another analyzer version is re-analyzed, and
		// articles written before the search index existed are indexed once.
		// Both read every article, so they run beside the server rather than
		// before it: a large site starts at once, its search meanwhile
		// finding what either analyzer's words match.
		if err := reindexSearch(bg, st, logger, reindexEvery); err != nil && bg.Err() == nil {
			logger.Error("re-indexing articles for search", "err", err)
		}
		n, err := st.IndexMissing(bg)
		switch {
		case err != nil && bg.Err() == nil:
			logger.Error("indexing articles for search", "err", err)
		case n > 0:
			logger.Info("indexed articles for search", "articles", n)
		}
	}()

	p := env.printer()
	fmt.Fprintln(env.Stdout, p.T("cli.serve.serving", cfg.BaseURL, cfg))
	if setup := newsroom.SetupURL(); setup != "" {
		fmt.Fprintln(env.Stdout, p.T("cli.serve.setup", setup))
	}
	if env.Ready != nil {
		env.Ready(cfg.BaseURL)
	}
	return srv.Serve(ctx, ln, cfg.ShutdownTimeout)
}

// seedDemo writes the demo site into a database that has neither articles
// nor users: a site someone already uses is never touched.
func seedDemo(ctx context.Context, env Env, st *store.Store, files media.Storage) error {
	unused, err := st.Unused(ctx)
	if err != nil || !unused {
		return err
	}
	if err := demo.Seed(ctx, st, files, time.Now().UTC()); err != nil {
		return fmt.Errorf("demo content: %w", err)
	}
	fmt.Fprintln(env.Stdout, env.printer().T("cli.serve.demo_written"))
	return nil
}

// openMedia opens the media storage --media-url names: the data folder's
// media/ by default, or an S3 bucket.
func openMedia(ctx context.Context, cfg config.Config, env Env) (media.Storage, error) {
	files, err := media.Open(ctx, cfg.MediaURL, cfg.MediaDir(), env.Getenv)
	var cerr *media.ConfigError
	switch {
	case errors.As(err, &cerr):
		return nil, usageError{msg("cli.err.media_config", cerr)}
	case err != nil:
		return nil, envError(msg("cli.err.media_unreachable", err))
	}
	return files, nil
}

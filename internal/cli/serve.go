package cli

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"warta/internal/config"
	"warta/internal/demo"
	"warta/internal/moderation"
	"warta/internal/server"
	"warta/internal/store"
	"warta/internal/view"
	"warta/internal/web"
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
	logger := newLogger(env.Stderr, cfg.LogFormat)

	// The theme is parsed before anything touches the database, so a broken
	// override folder fails fast and changes nothing.
	views, err := view.New(cfg.ThemeDir)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()

	if !cfg.NoDemo {
		if err := seedDemo(ctx, env, st, cfg); err != nil {
			return err
		}
	}

	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Listen, err)
	}
	if baseDerived {
		// With port 0 the real port is known only now.
		host := cfg.BaseURL[:strings.LastIndex(cfg.BaseURL, ":")]
		cfg.BaseURL = fmt.Sprintf("%s:%d", host, ln.Addr().(*net.TCPAddr).Port)
	}

	mod := moderation.New(st, moderation.Options{BaseURL: cfg.BaseURL, Logger: logger})
	defer mod.Mailer().Wait() // notifications in flight at shutdown
	go mod.RunPurge(ctx, time.Hour)

	mux := http.NewServeMux()
	web.New(st, views, web.Options{BaseURL: cfg.BaseURL, MediaDir: cfg.MediaDir(), Logger: logger, Moderation: mod}).Routes(mux)
	srv := server.New(mux, st, logger)

	fmt.Fprintf(env.Stdout, "warta is serving %s (%s)\n", cfg.BaseURL, cfg)
	if env.Ready != nil {
		env.Ready(cfg.BaseURL)
	}
	return srv.Serve(ctx, ln, cfg.ShutdownTimeout)
}

// seedDemo writes the demo site into a database that has neither articles
// nor users: a site someone already uses is never touched.
func seedDemo(ctx context.Context, env Env, st *store.Store, cfg config.Config) error {
	articles, err := st.CountArticles(ctx)
	if err != nil {
		return err
	}
	users, err := st.CountUsers(ctx)
	if err != nil {
		return err
	}
	if articles > 0 || users > 0 {
		return nil
	}
	if err := demo.Seed(ctx, st, cfg.MediaDir(), time.Now().UTC()); err != nil {
		return fmt.Errorf("demo content: %w", err)
	}
	fmt.Fprintln(env.Stdout, "wrote the demo site into the empty database (start with --no-demo to skip)")
	return nil
}

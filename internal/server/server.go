// Package server runs warta's HTTP server: one ServeMux with every front end
// mounted, the middleware chain around it, health checks, metrics, limits,
// TLS and a graceful shutdown.
package server

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"time"

	"warta/internal/httpx"
	"warta/internal/metrics"
	"warta/internal/pagecache"
)

// MaxBodyBytes caps every request body but uploads (Limits.MaxUploadBytes).
const MaxBodyBytes = 1 << 20

// Mux is the router every front end is mounted on: the site's
// httpx.Router (or a plain *http.ServeMux in tests).
type Mux interface {
	httpx.Mux
	http.Handler
}

// Pinger reports whether the database answers; *store.Store fits.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Server is warta's HTTP server.
type Server struct {
	http    *http.Server
	logger  *slog.Logger
	limits  Limits
	rules   []RateRule
	metrics *metrics.Metrics
	// metricsAccess says who may read /metrics (metrics_gate.go).
	metricsAccess MetricsAccess
	proxies       []netip.Prefix
	inner         []func(http.Handler) http.Handler
	fast          *pagecache.Cache // WithFastHits
	fastBypass    []string         // WithFastHits: cookies that bypass the cache
}

// Option changes how New builds the server.
type Option func(*Server)

// WithInner wraps mux in mw (the first outermost), inside the body limit:
// the page cache goes there, so it sees only requests that passed every
// check.
func WithInner(mw ...func(http.Handler) http.Handler) Option {
	return func(s *Server) { s.inner = append(s.inner, mw...) }
}

// WithLimits replaces DefaultLimits().
func WithLimits(l Limits) Option { return func(s *Server) { s.limits = l } }

// WithRateRules replaces DefaultRateRules(); no rules turns rate limiting off.
func WithRateRules(rules ...RateRule) Option { return func(s *Server) { s.rules = rules } }

// WithMetrics records every request in m and serves m at GET /metrics to
// the clients WithMetricsAccess allows (loopback by default).
func WithMetrics(m *metrics.Metrics) Option { return func(s *Server) { s.metrics = m } }

// New builds the server around mux: it adds /healthz, /readyz to mux (and
// serves /metrics with WithMetrics, in front of mux) and wraps it in the middleware chain, outermost
// first: the client's address behind trusted proxies, request log and metrics (with the X-Request-Id), recover, security
// headers, rate limits, cross-origin protection, body limit.
func New(mux Mux, db Pinger, logger *slog.Logger, opts ...Option) *Server {
	s := &Server{logger: logger, limits: DefaultLimits(), rules: DefaultRateRules()}
	for _, o := range opts {
		o(s)
	}
	mux.Handle("GET /healthz", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	}))
	mux.Handle("GET /readyz", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := db.Ping(ctx); err != nil {
			logger.Error("readiness check failed", "err", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, "database unreachable")
			return
		}
		fmt.Fprintln(w, "ok")
	}))

	// Cross-site browser POSTs (the comment form lives in pages shared by
	// every reader, so it carries no per-visitor token) are refused by
	// fetch metadata before any handler runs.
	cop := http.NewCrossOriginProtection()
	var h http.Handler = s.metricsGate(notePattern(mux))
	for i := len(s.inner) - 1; i >= 0; i-- {
		h = s.inner[i](h)
	}
	h = s.limitBody(h)
	h = restCrossOrigin(cop, h) // REST calls with an application password may come from anywhere
	h = s.rateLimit(h)
	h = httpx.SecurityHeaders(h)
	// Inside the logger, so a panic is logged and counted as the 500 it becomes.
	h = recoverPanics(logger, h)
	h = s.logRequests(h)
	h = s.realClient(h)

	l := s.limits
	s.http = &http.Server{
		Handler:           h,
		ReadHeaderTimeout: l.ReadHeaderTimeout,
		ReadTimeout:       l.ReadTimeout,
		WriteTimeout:      l.WriteTimeout,
		IdleTimeout:       l.IdleTimeout,
		MaxHeaderBytes:    l.MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	return s
}

// Handler returns the full chain, for tests that use httptest.
func (s *Server) Handler() http.Handler { return s.http.Handler }

// UseTLS makes Serve answer HTTPS (HTTP/2 included) with the PEM
// certificate chain and key in the two files; responses then carry HSTS.
// The files are read once, now; an error names them.
func (s *Server) UseTLS(certFile, keyFile string) error {
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return fmt.Errorf("server: TLS certificate %s with key %s: %w", certFile, keyFile, err)
	}
	s.http.TLSConfig = &tls.Config{
		MinVersion:   tls.VersionTLS12,
		Certificates: []tls.Certificate{cert},
	}
	return nil
}

// Serve answers requests on ln until ctx is done, then lets in-flight
// requests finish for up to grace before closing.
func (s *Server) Serve(ctx context.Context, ln net.Listener, grace time.Duration) error {
	var fast *fastListener
	if s.fast != nil && s.http.TLSConfig == nil {
		fast = s.fastListen(ln)
		ln = fast
	}
	errc := make(chan error, 1)
	go func() {
		if s.http.TLSConfig != nil {
			// The certificate is already in TLSConfig; ServeTLS adds HTTP/2.
			errc <- s.http.ServeTLS(ln, "", "")
			return
		}
		errc <- s.http.Serve(ln)
	}()
	select {
	case err := <-errc:
		return fmt.Errorf("server: %w", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := s.http.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("server: shutdown: %w", err)
	}
	if fast != nil {
		// The fast path's connections finish their answer and close.
		done := make(chan struct{})
		go func() { fast.wg.Wait(); close(done) }()
		select {
		case <-done:
		case <-shutdownCtx.Done():
		}
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("server: %w", err)
	}
	return nil
}

// Package server runs warta's HTTP server: one ServeMux with every front end
// mounted, the middleware chain around it, health checks and a graceful
// shutdown.
package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"time"

	"warta/internal/httpx"
)

// MaxBodyBytes caps every request body; uploads get their own limit where
// they are handled.
const MaxBodyBytes = 1 << 20

// Pinger reports whether the database answers; *store.Store fits.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Server is warta's HTTP server.
type Server struct {
	http   *http.Server
	logger *slog.Logger
}

// New builds the server around mux: it adds /healthz and /readyz to mux and
// wraps it in the middleware chain (outermost first): recover, request log,
// security headers, cross-origin protection, body limit, then inner (first
// outermost; the page cache goes there) around mux.
func New(mux *http.ServeMux, db Pinger, logger *slog.Logger, inner ...func(http.Handler) http.Handler) *Server {
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
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
	})

	// Cross-site browser POSTs (the comment form lives in pages shared by
	// every reader, so it carries no per-visitor token) are refused by
	// fetch metadata before any handler runs.
	cop := http.NewCrossOriginProtection()
	var h http.Handler = mux
	for i := len(inner) - 1; i >= 0; i-- {
		h = inner[i](h)
	}
	h = httpx.LimitBody(MaxBodyBytes, h)
	h = cop.Handler(h)
	h = httpx.SecurityHeaders(h)
	h = logRequests(logger, h)
	h = recoverPanics(logger, h)

	return &Server{
		logger: logger,
		http: &http.Server{
			Handler:           h,
			ReadHeaderTimeout: 10 * time.Second,
			ReadTimeout:       30 * time.Second,
			WriteTimeout:      60 * time.Second,
			IdleTimeout:       120 * time.Second,
			MaxHeaderBytes:    64 << 10,
			ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
		},
	}
}

// Handler returns the full chain, for tests that use httptest.
func (s *Server) Handler() http.Handler { return s.http.Handler }

// Serve answers requests on ln until ctx is done, then lets in-flight
// requests finish for up to grace before closing.
func (s *Server) Serve(ctx context.Context, ln net.Listener, grace time.Duration) error {
	errc := make(chan error, 1)
	go func() { errc <- s.http.Serve(ln) }()
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
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("server: %w", err)
	}
	return nil
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func requestID() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func logRequests(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := requestID()
		w.Header().Set("X-Request-Id", id)
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		logger.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("id", id),
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", rec.status),
			slog.Int("bytes", rec.bytes),
			slog.Duration("took", time.Since(start)),
		)
	})
}

func recoverPanics(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil || v == http.ErrAbortHandler {
				if v != nil {
					panic(v)
				}
				return
			}
			logger.Error("panic", "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
			http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		}()
		next.ServeHTTP(w, r)
	})
}

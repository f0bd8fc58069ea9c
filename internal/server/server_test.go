package server

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"warta/internal/httpx"
)

type pinger struct{ err error }

func (p pinger) Ping(context.Context) error { return p.err }

func newTestServer(t *testing.T, db Pinger) http.Handler {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /boom", func(http.ResponseWriter, *http.Request) { panic("kaboom") })
	mux.HandleFunc("POST /comments", func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.ReadAll(r.Body); err != nil {
			http.Error(w, err.Error(), httpx.Status(err))
			return
		}
		w.WriteHeader(http.StatusSeeOther)
	})
	return New(mux, db, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler()
}

func serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestServer(t *testing.T) {
	h := newTestServer(t, pinger{})

	t.Run("every response carries the security headers", func(t *testing.T) {
		w := serve(h, httptest.NewRequest("GET", "/healthz", nil))
		csp := w.Header().Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("CSP = %q", csp)
		}
		if w.Header().Get("X-Content-Type-Options") != "nosniff" || w.Header().Get("Referrer-Policy") == "" {
			t.Errorf("headers = %v", w.Header())
		}
		for _, directive := range []string{"default-src 'self'", "style-src 'self'", "object-src 'none'", "base-uri 'self'", "frame-ancestors 'self'", "form-action 'self'"} {
			if !strings.Contains(csp, directive) {
				t.Errorf("CSP lacks %s: %q", directive, csp)
			}
		}
		for _, loose := range []string{"unsafe-eval", "'unsafe-hashes'", "*", "http:"} {
			if strings.Contains(csp, loose) {
				t.Errorf("CSP allows %s: %q", loose, csp)
			}
		}
		if pp := w.Header().Get("Permissions-Policy"); !strings.Contains(pp, "camera=()") || !strings.Contains(pp, "geolocation=()") {
			t.Errorf("Permissions-Policy = %q", pp)
		}
		if w.Header().Get("X-Frame-Options") != "SAMEORIGIN" || w.Header().Get("Cross-Origin-Opener-Policy") != "same-origin" {
			t.Errorf("framing headers = %v", w.Header())
		}
		if w.Header().Get("X-Request-Id") == "" {
			t.Error("no request id")
		}
	})
	t.Run("healthz and readyz answer ok while the database answers", func(t *testing.T) {
		for _, p := range []string{"/healthz", "/readyz"} {
			if w := serve(h, httptest.NewRequest("GET", p, nil)); w.Code != 200 || strings.TrimSpace(w.Body.String()) != "ok" {
				t.Errorf("%s: %d %q", p, w.Code, w.Body.String())
			}
		}
	})
	t.Run("readyz answers 503 when the database does not", func(t *testing.T) {
		down := newTestServer(t, pinger{errors.New("connection refused")})
		if w := serve(down, httptest.NewRequest("GET", "/readyz", nil)); w.Code != http.StatusServiceUnavailable {
			t.Errorf("readyz: %d", w.Code)
		}
		if w := serve(down, httptest.NewRequest("GET", "/healthz", nil)); w.Code != http.StatusOK {
			t.Errorf("healthz while the database is down: %d", w.Code)
		}
	})
	t.Run("a panicking handler gives a 500, not a dropped connection", func(t *testing.T) {
		if w := serve(h, httptest.NewRequest("GET", "/boom", nil)); w.Code != http.StatusInternalServerError {
			t.Errorf("status %d", w.Code)
		}
	})
	t.Run("a cross-site browser POST is refused", func(t *testing.T) {
		r := httptest.NewRequest("POST", "/comments", strings.NewReader("comment=hi"))
		r.Header.Set("Sec-Fetch-Site", "cross-site")
		if w := serve(h, r); w.Code != http.StatusForbidden {
			t.Errorf("status %d", w.Code)
		}
	})
	t.Run("a same-origin POST goes through", func(t *testing.T) {
		r := httptest.NewRequest("POST", "/comments", strings.NewReader("comment=hi"))
		r.Header.Set("Sec-Fetch-Site", "same-origin")
		if w := serve(h, r); w.Code != http.StatusSeeOther {
			t.Errorf("status %d", w.Code)
		}
	})
	t.Run("a body over the limit is refused with 413", func(t *testing.T) {
		r := httptest.NewRequest("POST", "/comments", strings.NewReader(strings.Repeat("x", MaxBodyBytes+1)))
		if w := serve(h, r); w.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("status %d", w.Code)
		}
	})
}

package httpx_test

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"

	"warta/internal/httpx"
	"warta/internal/model"
	"warta/internal/server"
)

func TestStatus(t *testing.T) {
	// A body read past its limit, as a handler meets it.
	rec := httptest.NewRecorder()
	body := http.MaxBytesReader(rec, io.NopCloser(strings.NewReader(strings.Repeat("x", 100))), 10)
	_, tooBig := io.ReadAll(body)

	for _, tc := range []struct {
		name string
		err  error
		want int
	}{
		{"no error is 200", nil, http.StatusOK},
		{"a missing thing is 404, however deep it is wrapped", fmt.Errorf("web: article %q: %w", "x", fmt.Errorf("store: %w", model.ErrNotFound)), http.StatusNotFound},
		{"a refusal is 403", fmt.Errorf("publishing: %w", model.ErrForbidden), http.StatusForbidden},
		{"a conflict is 409", fmt.Errorf("store: slug: %w", model.ErrConflict), http.StatusConflict},
		{"a form to correct is 422", fmt.Errorf("moderation: %w", &model.ValidationError{Fields: map[string]string{"email": "x"}}), http.StatusUnprocessableEntity},
		{"a body over its limit is 413", fmt.Errorf("web: form: %w", tooBig), http.StatusRequestEntityTooLarge},
		{"anything else is 500, never 400", errors.New("database is locked"), http.StatusInternalServerError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := httpx.Status(tc.err); got != tc.want {
				t.Errorf("Status(%v) = %d, want %d", tc.err, got, tc.want)
			}
		})
	}
}

func TestClientGone(t *testing.T) {
	live := httptest.NewRequest("GET", "/", nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	gone := live.WithContext(ctx)
	for _, tc := range []struct {
		name string
		r    *http.Request
		err  error
		want bool
	}{
		{"a reader who hung up mid-query", gone, fmt.Errorf("store: %w", context.Canceled), true},
		{"a write to a closed connection", live, fmt.Errorf("write: %w", syscall.EPIPE), true},
		{"a reset connection", live, fmt.Errorf("write: %w", syscall.ECONNRESET), true},
		{"a cancelled query while the reader still waits is the server's fault", live, context.Canceled, false},
		{"a database error is the server's fault", gone, errors.New("disk full"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := httpx.ClientGone(tc.r, tc.err); got != tc.want {
				t.Errorf("ClientGone = %v, want %v", got, tc.want)
			}
		})
	}
}

// serve runs r through the real server chain with trusted proxies, around
// a handler that answers what httpx.ClientIP sees.
func clientIPServer(t *testing.T, proxies string) http.Handler {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /ip", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, httpx.ClientIP(r)) })
	var opts []server.Option
	if proxies != "" {
		list, err := server.ParseProxies(proxies)
		if err != nil {
			t.Fatal(err)
		}
		opts = append(opts, server.WithTrustedProxies(list))
	}
	return server.New(mux, okPinger{}, slog.New(slog.DiscardHandler), opts...).Handler()
}

type okPinger struct{}

func (okPinger) Ping(context.Context) error { return nil }

func TestClientIP(t *testing.T) {
	behind := clientIPServer(t, "10.0.0.0/8, fd00::/8")
	direct := clientIPServer(t, "")
	for _, tc := range []struct {
		name string
		h    http.Handler
		peer string
		xff  string
		want string
	}{
		{"a reader connecting directly, without the port", direct, "203.0.113.7:51000", "", "203.0.113.7"},
		{"an IPv6 reader, without brackets or port", direct, "[2001:db8::7]:51000", "", "2001:db8::7"},
		{"a forwarding header is not believed without trusted proxies", direct, "203.0.113.7:51000", "198.51.100.1", "203.0.113.7"},
		{"a reader behind a trusted proxy is seen by their own address", behind, "10.0.0.2:40000", "203.0.113.7", "203.0.113.7"},
		{"an IPv6 reader behind an IPv6 proxy", behind, "[fd00::2]:40000", "2001:db8::7", "2001:db8::7"},
		{"what a reader writes in front of the proxy's entry is ignored", behind, "10.0.0.2:40000", "198.51.100.1, 203.0.113.7", "203.0.113.7"},
		{"a peer that is not a trusted proxy speaks for itself", behind, "192.0.2.50:40000", "203.0.113.7", "192.0.2.50"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/ip", nil)
			r.RemoteAddr = tc.peer
			if tc.xff != "" {
				r.Header.Set("X-Forwarded-For", tc.xff)
			}
			w := httptest.NewRecorder()
			tc.h.ServeHTTP(w, r)
			if got := w.Body.String(); w.Code != http.StatusOK || got != tc.want {
				t.Errorf("%d, client %q, want %q", w.Code, got, tc.want)
			}
		})
	}
}

func TestRequestTooLarge(t *testing.T) {
	for _, tc := range []struct {
		name, path, lang string
		json             bool
		wants            []string
	}{
		{"a reader gets a page in Indonesian", "/comments", "id-ID,id;q=0.9", false,
			[]string{`<html lang="id">`, "Permintaan terlalu besar", "batas 1 MiB", `<a href="/">Kembali ke beranda</a>`}},
		{"a reader who prefers English gets English", "/comments", "en-GB,en;q=0.8,id;q=0.5", false,
			[]string{`<html lang="en">`, "Request too large", "limit of 1 MiB"}},
		{"a REST client gets WordPress's JSON error", "/wp-json/wp/v2/posts", "en", true, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", tc.path, nil)
			r.Header.Set("Accept-Language", tc.lang)
			w := httptest.NewRecorder()
			httpx.RequestTooLarge(w, r, 1<<20)
			if w.Code != http.StatusRequestEntityTooLarge || w.Header().Get("Connection") != "close" || w.Header().Get("Cache-Control") != "no-store" {
				t.Errorf("%d %v", w.Code, w.Header())
			}
			if tc.json {
				var e struct {
					Code string
					Data struct{ Status int }
				}
				if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Code != "rest_request_too_large" || e.Data.Status != 413 {
					t.Errorf("JSON error %s (%v)", w.Body, err)
				}
				return
			}
			for _, want := range tc.wants {
				if !strings.Contains(w.Body.String(), want) {
					t.Errorf("page lacks %q:\n%s", want, w.Body)
				}
			}
		})
	}
	t.Run("the server refuses a body over the limit before the handler reads it", func(t *testing.T) {
		read := false
		mux := http.NewServeMux()
		mux.HandleFunc("POST /comments", func(w http.ResponseWriter, r *http.Request) { read = true })
		h := server.New(mux, okPinger{}, slog.New(slog.DiscardHandler)).Handler()
		r := httptest.NewRequest("POST", "/comments", strings.NewReader(strings.Repeat("x", server.MaxBodyBytes+1)))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("Sec-Fetch-Site", "same-origin")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusRequestEntityTooLarge || read {
			t.Errorf("%d, handler ran: %v", w.Code, read)
		}
	})
}

func TestTooManyRequests(t *testing.T) {
	for _, tc := range []struct {
		wait time.Duration
		want string
	}{
		{1200 * time.Millisecond, "2"},
		{30 * time.Second, "30"},
		{time.Millisecond, "1"},
	} {
		r := httptest.NewRequest("POST", "/comments", nil)
		r.Header.Set("Accept-Language", "id")
		w := httptest.NewRecorder()
		httpx.TooManyRequests(w, r, tc.wait)
		if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") != tc.want ||
			!strings.Contains(w.Body.String(), "Coba lagi dalam "+tc.want+" detik") {
			t.Errorf("wait %v: %d Retry-After %q\n%s", tc.wait, w.Code, w.Header().Get("Retry-After"), w.Body)
		}
	}
}

func TestWantsJSON(t *testing.T) {
	for _, tc := range []struct {
		target, accept string
		want           bool
	}{
		{"/wp-json/wp/v2/posts", "", true},
		{"/?rest_route=/wp/v2/posts", "text/html", true},
		{"/2024/04/26/banjir/", "text/html,application/xhtml+xml", false},
		{"/2024/04/26/banjir/", "application/json", true},
		{"/2024/04/26/banjir/", "text/html, application/json", false},
	} {
		r := httptest.NewRequest("GET", tc.target, nil)
		r.Header.Set("Accept", tc.accept)
		if got := httpx.WantsJSON(r); got != tc.want {
			t.Errorf("WantsJSON(%s, Accept %q) = %v", tc.target, tc.accept, got)
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	h := httpx.SecurityHeaders(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	get := func(tlsOn bool) http.Header {
		r := httptest.NewRequest("GET", "/", nil)
		if tlsOn {
			r.TLS = &tls.ConnectionState{}
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Header()
	}
	plain := get(false)
	csp := plain.Get("Content-Security-Policy")
	t.Run("no inline script or style, and no third party but the players and posts framed after a click", func(t *testing.T) {
		for _, want := range []string{"default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'",
			"frame-ancestors 'self'", "form-action 'self'", "frame-src https://www.youtube-nocookie.com https://player.vimeo.com " +
				"https://platform.twitter.com https://www.instagram.com https://www.tiktok.com https://www.facebook.com;"} {
			if !strings.Contains(csp, want) {
				t.Errorf("CSP lacks %q: %s", want, csp)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") || strings.Contains(csp, "*") {
			t.Errorf("CSP loosened: %s", csp)
		}
	})
	t.Run("pages are neither sniffed, framed elsewhere nor reachable from the pages they link to", func(t *testing.T) {
		for name, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "SAMEORIGIN",
			"Cross-Origin-Opener-Policy": "same-origin", "Referrer-Policy": "strict-origin-when-cross-origin"} {
			if got := plain.Get(name); got != want {
				t.Errorf("%s: %q, want %q", name, got, want)
			}
		}
		if pp := plain.Get("Permissions-Policy"); !strings.Contains(pp, "camera=()") || !strings.Contains(pp, "geolocation=()") {
			t.Errorf("Permissions-Policy %q", pp)
		}
	})
	t.Run("HSTS only over HTTPS", func(t *testing.T) {
		if got := plain.Get("Strict-Transport-Security"); got != "" {
			t.Errorf("HSTS over plain HTTP: %q", got)
		}
		if got := get(true).Get("Strict-Transport-Security"); !strings.HasPrefix(got, "max-age=") {
			t.Errorf("HSTS over TLS: %q", got)
		}
	})
}

package server

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"warta/internal/metrics"
)

func TestMetricsOnlyForAllowedClients(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, "Halaman tidak ditemukan")
	})
	proxies, _ := ParseProxies("10.9.0.1")
	allow, _ := ParseProxies("192.0.2.0/24, 2001:db8::/32")
	h := New(mux, pinger{}, slog.New(slog.DiscardHandler), WithMetrics(metrics.New()),
		WithTrustedProxies(proxies),
		WithMetricsAccess(MetricsAccess{Allow: allow, Token: "rahasia-metrik"})).Handler()

	get := func(path, remote, auth, xff string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", path, nil)
		r.RemoteAddr = remote
		if auth != "" {
			r.Header.Set("Authorization", auth)
		}
		if xff != "" {
			r.Header.Set("X-Forwarded-For", xff)
		}
		return serve(h, r)
	}
	for _, tc := range []struct {
		name, remote, auth, xff string
		served                  bool
	}{
		{"loopback IPv4", "127.0.0.1:5000", "", "", true},
		{"loopback IPv6", "[::1]:5000", "", "", true},
		{"an address in --metrics-allow", "192.0.2.77:5000", "", "", true},
		{"an IPv6 address in --metrics-allow", "[2001:db8::9]:5000", "", "", true},
		{"a public address", "203.0.113.5:5000", "", "", false},
		{"a public address with the bearer token", "203.0.113.5:5000", "Bearer rahasia-metrik", "", true},
		{"a public address with a wrong token", "203.0.113.5:5000", "Bearer rahasia-metrix", "", false},
		{"a public address with the token as Basic auth", "203.0.113.5:5000", "Basic rahasia-metrik", "", false},
		{"a reader behind the trusted proxy", "10.9.0.1:5000", "", "203.0.113.5", false},
		{"an allowed client behind the trusted proxy", "10.9.0.1:5000", "", "192.0.2.8", true},
		{"a public client claiming loopback, not through a proxy", "203.0.113.5:5000", "", "127.0.0.1", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := get("/metrics", tc.remote, tc.auth, tc.xff)
			isMetrics := w.Code == 200 && strings.Contains(w.Body.String(), "warta_")
			if isMetrics != tc.served {
				t.Fatalf("served metrics: %v, want %v (status %d)\n%.300s", isMetrics, tc.served, w.Code, w.Body.String())
			}
			if !tc.served && (w.Code != 404 || !strings.Contains(w.Body.String(), "Halaman tidak ditemukan")) {
				t.Fatalf("refused client got %d %q, want the site's ordinary 404", w.Code, w.Body.String())
			}
		})
	}
	t.Run("health checks stay public", func(t *testing.T) {
		for _, p := range []string{"/healthz", "/readyz"} {
			if w := get(p, "203.0.113.5:5000", "", ""); w.Code != 200 {
				t.Fatalf("%s from a public address: %d", p, w.Code)
			}
		}
	})
}

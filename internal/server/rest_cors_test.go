package server

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestRESTCrossOrigin: REST calls carrying an application password pass
// the cross-origin protection with CORS headers, preflights are answered,
// and every other cross-origin write is still refused.
func TestRESTCrossOrigin(t *testing.T) {
	mux := http.NewServeMux()
	reached := 0
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { reached++; w.WriteHeader(http.StatusTeapot) })
	h := New(mux, pinger{}, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler()
	send := func(method, target string, basic bool, hdr map[string]string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, "http://warta.example"+target, strings.NewReader(`{}`))
		req.Header.Set("Origin", "http://aplikasi.example:8000")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		if basic {
			req.SetBasicAuth("redaksi", "abcd efgh ijkl mnop qrst uvwx")
		}
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}

	pre := send("OPTIONS", "/wp-json/wp/v2/posts", false, map[string]string{"Access-Control-Request-Method": "POST",
		"Access-Control-Request-Headers": "authorization,content-type"})
	if pre.Code != http.StatusNoContent || pre.Header().Get("Access-Control-Allow-Origin") != "http://aplikasi.example:8000" ||
		!strings.Contains(pre.Header().Get("Access-Control-Allow-Methods"), "POST") ||
		!strings.Contains(pre.Header().Get("Access-Control-Allow-Headers"), "Authorization") || pre.Header().Get("Vary") != "Origin" {
		t.Errorf("preflight: %d %v", pre.Code, pre.Header())
	}
	for _, target := range []string{"/wp-json/wp/v2/posts", "/?rest_route=/wp/v2/posts"} {
		reached = 0
		if r := send("POST", target, true, nil); r.Code != http.StatusTeapot || reached != 1 ||
			r.Header().Get("Access-Control-Allow-Origin") != "http://aplikasi.example:8000" ||
			!strings.Contains(r.Header().Get("Access-Control-Expose-Headers"), "X-WP-Total") {
			t.Errorf("cross-origin POST %s with Basic credentials: %d %v", target, r.Code, r.Header())
		}
	}
	for _, c := range []struct {
		target string
		basic  bool
	}{{"/wp-json/wp/v2/posts", false}, {"/admin/terms/", false}, {"/admin/terms/", true}, {"/comments", true}, {"/?p=1&rest_routex=1", true}} {
		reached = 0
		if r := send("POST", c.target, c.basic, nil); r.Code != http.StatusForbidden || reached != 0 || r.Header().Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("cross-origin POST %s (basic %v) was let through: %d %v", c.target, c.basic, r.Code, r.Header())
		}
	}
}

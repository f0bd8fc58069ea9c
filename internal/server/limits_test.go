package server

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"warta/internal/httpx"
	"warta/internal/ratelimit"
)

// echoMux answers POST /comments by reading the whole body, as a form
// handler does, and GET /search with 200.
func echoMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /comments", func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.ReadAll(r.Body); err != nil {
			http.Error(w, err.Error(), httpx.Status(err))
			return
		}
		w.WriteHeader(http.StatusSeeOther)
	})
	mux.HandleFunc("GET /search", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "results") })
	return mux
}

// closedWithin reports whether the server closes conn within d while the
// client keeps trickling bytes from next every tick.
func closedWithin(t *testing.T, conn net.Conn, d time.Duration, next func(i int) string) time.Duration {
	t.Helper()
	start := time.Now()
	closed := make(chan struct{})
	go func() {
		io.Copy(io.Discard, conn) // returns when the server closes
		close(closed)
	}()
	for i := 0; ; i++ {
		select {
		case <-closed:
			return time.Since(start)
		case <-time.After(100 * time.Millisecond):
		}
		if time.Since(start) > d {
			t.Fatalf("connection still open after %s of trickling", d)
		}
		if _, err := conn.Write([]byte(next(i))); err != nil {
			<-closed
			return time.Since(start)
		}
	}
}

func TestSlowClients(t *testing.T) {
	limits := DefaultLimits()
	limits.ReadHeaderTimeout = 400 * time.Millisecond
	limits.ReadTimeout = 800 * time.Millisecond
	s := New(echoMux(), pinger{}, quietLogger(), WithLimits(limits))
	addr := start(t, s)

	t.Run("a client trickling its headers is cut off at the header timeout", func(t *testing.T) {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conn.Write([]byte("GET /healthz HTTP/1.1\r\nHost: warta.test\r\n"))
		took := closedWithin(t, conn, 3*time.Second, func(i int) string { return fmt.Sprintf("X-Slow-%d: 1\r\n", i) })
		if took < 300*time.Millisecond {
			t.Errorf("closed after %s, before the header timeout", took)
		}
	})
	t.Run("a client trickling its body is cut off at the read timeout", func(t *testing.T) {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conn.Write([]byte("POST /comments HTTP/1.1\r\nHost: warta.test\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n"))
		closedWithin(t, conn, 3*time.Second, func(int) string { return "x" })
	})
	t.Run("other clients are served while slow ones hang on", func(t *testing.T) {
		var conns []net.Conn
		for range 50 {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			c.Write([]byte("GET / HTTP/1.1\r\nHost: warta.test\r\n"))
			conns = append(conns, c)
		}
		defer func() {
			for _, c := range conns {
				c.Close()
			}
		}()
		resp, err := http.Get("http://" + addr + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("healthz: %d", resp.StatusCode)
		}
	})
	t.Run("headers over the size limit get 431", func(t *testing.T) {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		big := strings.Repeat("a", limits.MaxHeaderBytes+8192)
		fmt.Fprintf(conn, "GET /healthz HTTP/1.1\r\nHost: warta.test\r\nX-Big: %s\r\n\r\n", big)
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
			t.Fatalf("status %d, want 431", resp.StatusCode)
		}
	})
}

func TestBodyLimit(t *testing.T) {
	h := New(echoMux(), pinger{}, quietLogger()).Handler()
	big := strings.Repeat("x", MaxBodyBytes+1)

	t.Run("a declared length over the limit gets a 413 page in the reader's language", func(t *testing.T) {
		r := httptest.NewRequest("POST", "/comments", strings.NewReader(big))
		r.Header.Set("Accept-Language", "en-GB,en;q=0.9")
		w := serve(h, r)
		if w.Code != http.StatusRequestEntityTooLarge {
			t.Fatalf("status %d", w.Code)
		}
		if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Errorf("Content-Type %q", ct)
		}
		if body := w.Body.String(); !strings.Contains(body, "Request too large") || !strings.Contains(body, "1 MiB") {
			t.Errorf("page does not say what is wrong: %s", body)
		}
	})
	t.Run("without Accept-Language the page is in Indonesian", func(t *testing.T) {
		w := serve(h, httptest.NewRequest("POST", "/comments", strings.NewReader(big)))
		if !strings.Contains(w.Body.String(), "Permintaan terlalu besar") {
			t.Errorf("page: %s", w.Body.String())
		}
	})
	t.Run("an API client gets a WordPress-style JSON error", func(t *testing.T) {
		r := httptest.NewRequest("POST", "/wp-json/wp/v2/posts", strings.NewReader(big))
		w := serve(h, r)
		var e struct {
			Code string `json:"code"`
			Data struct {
				Status int `json:"status"`
			} `json:"data"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil {
			t.Fatalf("not JSON: %v: %s", err, w.Body.String())
		}
		if w.Code != 413 || e.Code != "rest_request_too_large" || e.Data.Status != 413 {
			t.Fatalf("status %d, body %s", w.Code, w.Body.String())
		}
	})
	t.Run("a chunked body without a length is cut off at the limit with 413", func(t *testing.T) {
		r := httptest.NewRequest("POST", "/comments", io.MultiReader(strings.NewReader(big)))
		r.ContentLength = -1
		if w := serve(h, r); w.Code != http.StatusRequestEntityTooLarge {
			t.Fatalf("status %d", w.Code)
		}
	})
	t.Run("upload paths take bodies over the general limit", func(t *testing.T) {
		l := DefaultLimits()
		if got := l.bodyLimit(httptest.NewRequest("POST", "/wp-json/wp/v2/media", nil)); got != l.MaxUploadBytes {
			t.Fatalf("media upload limit %d", got)
		}
		if got := l.bodyLimit(httptest.NewRequest("POST", "/?rest_route=/wp/v2/media", nil)); got != l.MaxUploadBytes {
			t.Fatalf("media upload through rest_route: limit %d", got)
		}
		if got := l.bodyLimit(httptest.NewRequest("POST", "/?rest_route=/wp/v2/posts", nil)); got != MaxBodyBytes {
			t.Fatalf("posts through rest_route: limit %d", got)
		}
		if got := l.bodyLimit(httptest.NewRequest("POST", "/comments", nil)); got != MaxBodyBytes {
			t.Fatalf("comment limit %d", got)
		}
	})
	t.Run("the WXR import takes bodies up to its own limit, read to the end", func(t *testing.T) {
		l := DefaultLimits()
		if l.MaxImportBytes < 1<<30 || l.bodyLimit(httptest.NewRequest("POST", "/admin/import", nil)) != l.MaxImportBytes {
			t.Fatalf("import limit %d", l.bodyLimit(httptest.NewRequest("POST", "/admin/import", nil)))
		}
		l.MaxUploadBytes, l.MaxImportBytes = 100, 4000
		mux := http.NewServeMux()
		mux.HandleFunc("POST /admin/import", func(w http.ResponseWriter, r *http.Request) {
			if _, err := io.Copy(io.Discard, r.Body); err != nil {
				http.Error(w, err.Error(), httpx.Status(err))
				return
			}
			w.WriteHeader(http.StatusOK)
		})
		h := New(mux, pinger{}, quietLogger(), WithLimits(l)).Handler()
		for _, tc := range []struct {
			size   int
			length bool
			want   int
		}{{3000, true, 200}, {5000, true, 413}, {3000, false, 200}, {5000, false, 413}} {
			r := httptest.NewRequest("POST", "/admin/import", strings.NewReader(strings.Repeat("x", tc.size)))
			if !tc.length {
				r.ContentLength = -1
			}
			if w := serve(h, r); w.Code != tc.want {
				t.Errorf("%d bytes (length declared: %v): %d, want %d", tc.size, tc.length, w.Code, tc.want)
			}
		}
	})
}

func TestRateLimits(t *testing.T) {
	rule := RateRule{
		Name:    "search",
		Match:   func(r *http.Request) bool { return r.URL.Path == "/search" },
		Limiter: ratelimit.New(time.Minute, 3, 100),
	}
	h := New(echoMux(), pinger{}, quietLogger(), WithRateRules(rule)).Handler()
	get := func(ip, accept string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", "/search?q=banjir", nil)
		r.RemoteAddr = ip + ":5555"
		r.Header.Set("Accept", accept)
		return serve(h, r)
	}

	t.Run("a client over its budget gets 429 with Retry-After, others go on", func(t *testing.T) {
		for i := range 3 {
			if w := get("192.0.2.1", ""); w.Code != 200 {
				t.Fatalf("request %d: %d", i+1, w.Code)
			}
		}
		w := get("192.0.2.1", "text/html")
		if w.Code != http.StatusTooManyRequests {
			t.Fatalf("4th request: %d", w.Code)
		}
		secs, err := strconv.Atoi(w.Header().Get("Retry-After"))
		if err != nil || secs < 1 || secs > 60 {
			t.Errorf("Retry-After %q", w.Header().Get("Retry-After"))
		}
		if !strings.Contains(w.Body.String(), "Terlalu banyak permintaan") {
			t.Errorf("page does not say what is wrong: %s", w.Body.String())
		}
		if w := get("192.0.2.2", ""); w.Code != 200 {
			t.Fatalf("another client: %d", w.Code)
		}
	})
	t.Run("an API client gets the 429 as JSON", func(t *testing.T) {
		w := get("192.0.2.1", "application/json")
		if w.Code != 429 || !json.Valid(w.Body.Bytes()) || !strings.Contains(w.Body.String(), "rest_too_many_requests") {
			t.Fatalf("%d %s", w.Code, w.Body.String())
		}
	})
	t.Run("requests no rule matches are never limited", func(t *testing.T) {
		for range 10 {
			r := httptest.NewRequest("GET", "/healthz", nil)
			r.RemoteAddr = "192.0.2.1:5555"
			if w := serve(h, r); w.Code != 200 {
				t.Fatalf("healthz: %d", w.Code)
			}
		}
	})
}

func TestDefaultRateRules(t *testing.T) {
	match := func(method, target string) string {
		r := httptest.NewRequest(method, target, nil)
		for _, rule := range DefaultRateRules() {
			if rule.Match(r) {
				return rule.Name
			}
		}
		return ""
	}
	for _, tc := range []struct{ method, target, want string }{
		{"POST", "/admin/login", "sign-in"},
		{"POST", "/wp-login.php", "sign-in"},
		{"POST", "/comments", "comments"},
		{"POST", "/wp-json/wp/v2/comments", "rest-write"},
		{"DELETE", "/wp-json/wp/v2/posts/4", "rest-write"},
		{"POST", "/?rest_route=/wp/v2/posts", "rest-write"},
		{"GET", "/wp-json/wp/v2/posts", ""},
		{"GET", "/search?q=banjir", "search"},
		{"GET", "/?s=banjir", "search"},
		{"GET", "/", ""},
		{"GET", "/searchlight-festival/", ""},
		{"GET", "/search/", "search"},
		{"GET", "/2024/04/26/banjir/", ""},
	} {
		if got := match(tc.method, tc.target); got != tc.want {
			t.Errorf("%s %s: rule %q, want %q", tc.method, tc.target, got, tc.want)
		}
	}
}

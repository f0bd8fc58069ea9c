package server

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"warta/internal/metrics"
	"warta/internal/pagecache"
)

// fastSite is a server with the page cache and WithFastHits, listening on
// a free port: /page/ is a cached page whose text changes with version
// (a reader with the session or pending cookie bypasses the cache and
// sees their own view of it); chain counts the requests that went through
// the middleware chain. opts are added to the server's.
type fastSite struct {
	addr    string
	cache   *pagecache.Cache
	version atomic.Int64
	chain   atomic.Int64
	logs    *syncBuffer
	metrics *metrics.Metrics
	stop    func() error
}

func newFastSite(t *testing.T, opts ...Option) *fastSite {
	t.Helper()
	s := &fastSite{logs: &syncBuffer{}, metrics: metrics.New()}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /page/{$}", func(w http.ResponseWriter, r *http.Request) {
		pagecache.Tag(r.Context(), "page")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		view := "reader"
		if _, err := r.Cookie("warta_session"); err == nil {
			view = "editor"
		} else if _, err := r.Cookie("warta_pending"); err == nil {
			view = "pending"
		}
		fmt.Fprintf(w, "<!DOCTYPE html><title>v%d</title><p>%s view</p><p>%s</p>", s.version.Load(), view, strings.Repeat("kabar ", 200))
	})
	mux.HandleFunc("GET /plain", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "plain") })
	s.cache = pagecache.New(pagecache.Options{RequireTags: true})
	bypass := func(r *http.Request) bool {
		for _, c := range r.Cookies() {
			if c.Name == "warta_session" || c.Name == "warta_pending" {
				return true
			}
		}
		return false
	}
	count := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { s.chain.Add(1); h.ServeHTTP(w, r) })
	}
	cacheMW := func(h http.Handler) http.Handler { return s.cache.Middleware(pagecache.PathKey, bypass, h) }
	logger := slog.New(slog.NewJSONHandler(s.logs, nil))
	opts = append([]Option{WithInner(count, cacheMW), WithFastHits(s.cache, "warta_session", "warta_pending"),
		WithMetrics(s.metrics)}, opts...)
	srv := New(mux, pinger{}, logger, opts...)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.addr = ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln, 5*time.Second) }()
	var once sync.Once
	var stopErr error
	s.stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case stopErr = <-done:
			case <-time.After(10 * time.Second):
				stopErr = fmt.Errorf("Serve did not return")
			}
		})
		return stopErr
	}
	t.Cleanup(func() { s.stop() })
	return s
}

// exchange sends raw on c and reads n responses.
func exchange(t *testing.T, c net.Conn, br *bufio.Reader, raw string, n int) []*http.Response {
	t.Helper()
	if _, err := io.WriteString(c, raw); err != nil {
		t.Fatal(err)
	}
	var out []*http.Response
	for range n {
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatalf("reading the answer to %q: %v", raw, err)
		}
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body = io.NopCloser(strings.NewReader(string(body)))
		resp.ContentLength = int64(len(body))
		out = append(out, resp)
	}
	return out
}

func dial(t *testing.T, addr string) (net.Conn, *bufio.Reader) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c, bufio.NewReader(c)
}

func bodyOf(r *http.Response) string {
	b, _ := io.ReadAll(r.Body)
	return string(b)
}

// comparable drops what differs between any two answers.
func comparable(h http.Header) http.Header {
	h = h.Clone()
	h.Del("Date")
	h.Del("X-Request-Id")
	return h
}

func get(path, extra string) string {
	return "GET " + path + " HTTP/1.1\r\nHost: warta.test\r\nAccept-Encoding: gzip, br\r\n" + extra + "\r\n"
}

func TestFastHits(t *testing.T) {
	s := newFastSite(t)
	// A page not in the cache hands the connection to net/http: store it first.
	c0, br0 := dial(t, s.addr)
	exchange(t, c0, br0, get("/page/", ""), 1)
	s.cache.Settle() // its brotli variant is made in the background
	c, br := dial(t, s.addr)

	t.Run("a cached page is answered from the connection with what the chain answers", func(t *testing.T) {
		learn := exchange(t, c, br, get("/page/", ""), 1)[0] // a hit through the chain, learned
		before := s.chain.Load()
		fast := exchange(t, c, br, get("/page/", ""), 1)[0]
		if s.chain.Load() != before {
			t.Fatalf("the third request went through the chain")
		}
		// A Forwarded header, which the chain ignores, takes net/http and the chain: the answer must be the same.
		c2, br2 := dial(t, s.addr)
		slow := exchange(t, c2, br2, get("/page/", "Forwarded: for=192.0.2.1\r\n"), 1)[0]
		if s.chain.Load() != before+1 {
			t.Fatalf("the request with Forwarded did not go through the chain")
		}
		for _, r := range []*http.Response{learn, fast, slow} {
			if r.Header.Get("X-Cache") != "HIT" {
				t.Fatalf("X-Cache %q", r.Header.Get("X-Cache"))
			}
			if r.StatusCode != 200 || r.Header.Get("Content-Encoding") != "br" {
				t.Fatalf("status %d, encoding %q", r.StatusCode, r.Header.Get("Content-Encoding"))
			}
		}
		if got, want := fmt.Sprint(comparable(fast.Header)), fmt.Sprint(comparable(slow.Header)); got != want {
			t.Errorf("fast path headers\n%s\nnet/http headers\n%s", got, want)
		}
		if bodyOf(fast) != bodyOf(slow) {
			t.Errorf("bodies differ")
		}
		if fast.Header.Get("Content-Security-Policy") == "" || fast.Header.Get("Date") == "" {
			t.Errorf("fast answer lacks security headers or Date: %v", fast.Header)
		}
		if fast.Header.Get("X-Request-Id") == learn.Header.Get("X-Request-Id") || len(fast.Header.Get("X-Request-Id")) != 16 {
			t.Errorf("request ids %q, %q", learn.Header.Get("X-Request-Id"), fast.Header.Get("X-Request-Id"))
		}
		t.Run("and logs and counts it", func(t *testing.T) {
			// An answer is logged once written: logLine waits for it.
			rec := logLine(t, s, fast.Header.Get("X-Request-Id"))
			if rec["path"] != "/page/" || rec["status"] != float64(200) || rec["method"] != "GET" {
				t.Errorf("log line %v", rec)
			}
			if n := s.metrics.RequestCount("unmatched", "GET", 200); n < 3 {
				t.Errorf("%v cache hits counted in metrics, want 3 or more", n)
			}
			if st := s.cache.Stats(); st.Hits < 3 {
				t.Errorf("cache counted %d hits", st.Hits)
			}
		})
	})

	t.Run("HEAD and If-None-Match are answered as the chain answers them", func(t *testing.T) {
		etag := exchange(t, c, br, get("/page/", ""), 1)[0].Header.Get("Etag")
		for range 2 { // learn, then fast
			rs := exchange(t, c, br, get("/page/", "If-None-Match: "+etag+"\r\n"), 1)
			if rs[0].StatusCode != http.StatusNotModified || rs[0].ContentLength != 0 {
				t.Fatalf("If-None-Match: status %d, %d bytes", rs[0].StatusCode, rs[0].ContentLength)
			}
		}
		for range 2 {
			if _, err := io.WriteString(c, strings.Replace(get("/page/", ""), "GET", "HEAD", 1)); err != nil {
				t.Fatal(err)
			}
			c.SetReadDeadline(time.Now().Add(5 * time.Second))
			resp, err := http.ReadResponse(br, &http.Request{Method: "HEAD"})
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != 200 || resp.Header.Get("Content-Length") == "" || resp.Header.Get("Content-Length") == "0" {
				t.Fatalf("HEAD: status %d, Content-Length %q", resp.StatusCode, resp.Header.Get("Content-Length"))
			}
		}
		// The connection still works: nothing was left of the HEAD answers.
		if r := exchange(t, c, br, get("/page/", ""), 1)[0]; r.StatusCode != 200 {
			t.Fatalf("after HEAD: %d", r.StatusCode)
		}
	})

	t.Run("pipelined requests are answered in order", func(t *testing.T) {
		rs := exchange(t, c, br, get("/page/", "")+get("/page/", "")+get("/plain", ""), 3)
		if rs[0].StatusCode != 200 || rs[1].StatusCode != 200 || bodyOf(rs[2]) != "plain" {
			t.Fatalf("statuses %d %d, third body %q", rs[0].StatusCode, rs[1].StatusCode, bodyOf(rs[2]))
		}
	})

	t.Run("a change reaches the next request on a kept-alive connection", func(t *testing.T) {
		c, br := dial(t, s.addr)
		plain := "GET /page/ HTTP/1.1\r\nHost: warta.test\r\n\r\n"
		exchange(t, c, br, plain+plain+plain, 3)
		s.version.Add(1)
		s.cache.Invalidate("page")
		r := exchange(t, c, br, plain, 1)[0]
		if want := fmt.Sprintf("<title>v%d</title>", s.version.Load()); !strings.Contains(bodyOf(r), want) {
			t.Fatalf("after the change: %.80q, want %s", bodyOf(r), want)
		}
	})

	t.Run("requests the fast path does not take are net/http's", func(t *testing.T) {
		for _, tc := range []struct {
			name, raw string
			status    int
		}{
			{"a query", get("/page/?utm=x", ""), 200},
			{"a session cookie", get("/page/", "Cookie: warta_session=abc\r\n"), 200},
			{"no Host", "GET /page/ HTTP/1.1\r\n\r\n", 400},
			{"two Hosts", "GET /page/ HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400},
			{"a bare LF", "GET /page/ HTTP/1.1\nHost: a\r\n\r\n", 200},
			{"an unclean path", get("/page/../page/", ""), 307},
			{"an escaped path", get("/pag%65/", ""), 200},
		} {
			t.Run(tc.name, func(t *testing.T) {
				c, br := dial(t, s.addr)
				before := s.chain.Load()
				// Learn the page first on this connection, so only the request's own shape decides.
				rs := exchange(t, c, br, get("/page/", "")+tc.raw, 2)
				r := rs[1]
				if r.StatusCode != tc.status {
					t.Fatalf("status %d, want %d", r.StatusCode, tc.status)
				}
				if tc.status == 200 && s.chain.Load() == before {
					t.Errorf("did not go through the chain")
				}
				if tc.status == 200 && r.Header.Get("Content-Security-Policy") == "" {
					t.Errorf("no security headers: %v", r.Header)
				}
			})
		}
	})

	t.Run("shutdown closes idle kept-alive connections and returns", func(t *testing.T) {
		c, br := dial(t, s.addr)
		exchange(t, c, br, get("/page/", "")+get("/page/", ""), 2)
		start := time.Now()
		if err := s.stop(); err != nil {
			t.Fatal(err)
		}
		if took := time.Since(start); took > 2*time.Second {
			t.Errorf("shutdown took %v", took)
		}
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		if _, err := br.ReadByte(); err == nil {
			t.Fatalf("the connection is still open")
		}
	})
}

// cleanPath takes only paths ServeMux serves as they are; any other goes
// to net/http, which redirects or unescapes it.
func TestCleanPath(t *testing.T) {
	for p, want := range map[string]bool{
		"/": true, "/a": true, "/a/": true, "/2026/11/27/banjir-di-jakarta/": true, "/a.b/c~d_e": true, "/...": true,
		"": false, "a": false, "//": false, "/a//b": false, "/a/./b": false, "/a/../b": false, "/.": false, "/..": false,
		"/a/.": false, "/a/..": false, "/a b": false, "/a%20b": false, "/a?b": false, "/ü": false,
	} {
		if got := cleanPath([]byte(p)); got != want {
			t.Errorf("cleanPath(%q) = %v, want %v", p, got, want)
		}
	}
}

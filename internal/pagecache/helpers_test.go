package pagecache

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/andybalholm/brotli"
)

// These tests drive the cache's middleware over stand-in pages (handlers
// that count their renders and tag what a test says) and read the cache's
// insides (entries, flights, tag generations), so they stay in package
// pagecache with a small client of their own: that package cannot import
// the scenario runner (internal/tools/scenario imports the server, which
// imports pagecache). The cache in front of warta's real pages is tested
// through the runner (scenario.Options.PageCache): web's
// TestStaleWhileRevalidate and feed's TestFeedsDeclareCacheTags.

// pageHTML is a compressible page that names its path.
func pageHTML(path string) string {
	return "<!doctype html><title>" + path + "</title>\n" +
		strings.Repeat("<p>Kata saksi, \"kami melihat asap dari jauh\" — Jumat, 26 April 2024.</p>\n", 60)
}

// site is a handler rendering pageHTML, tagging each path as tags says and
// counting renders.
type site struct {
	renders atomic.Int64
	tags    map[string][]string
}

func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.renders.Add(1)
	Tag(r.Context(), s.tags[r.URL.Path]...)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	io.WriteString(w, pageHTML(r.URL.Path))
}

// do sends a request through h and returns the recorded response.
func do(h http.Handler, method, target string, header ...string) *http.Response {
	r := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Add(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Result()
}

// body reads resp's body, decoding its Content-Encoding.
func body(t *testing.T, resp *http.Response) string {
	t.Helper()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var rd io.Reader
	switch enc := resp.Header.Get("Content-Encoding"); enc {
	case "":
		return string(raw)
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			t.Fatalf("gzip body: %v", err)
		}
		rd = zr
	case "br":
		rd = brotli.NewReader(bytes.NewReader(raw))
	default:
		t.Fatalf("unexpected Content-Encoding %q", enc)
	}
	dec, err := io.ReadAll(rd)
	if err != nil {
		t.Fatalf("decoding %s body: %v", resp.Header.Get("Content-Encoding"), err)
	}
	return string(dec)
}

func wantHeader(t *testing.T, resp *http.Response, name, want string) {
	t.Helper()
	if got := resp.Header.Get(name); got != want {
		t.Errorf("%s = %q, want %q", name, got, want)
	}
}

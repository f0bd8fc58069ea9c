package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"warta/internal/media"
	"warta/internal/tools/testenv"
)

func TestMediaFromAFolder(t *testing.T) {
	testMediaServing(t, media.NewFolder(filepath.Join(t.TempDir(), "media")))
}

func TestMediaFromABucket(t *testing.T) {
	weed := testenv.StartSeaweed(t)
	files, err := media.Open(t.Context(), "s3://"+weed.Bucket(t)+"/media", "", weed.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	testMediaServing(t, files)
}

// testMediaServing checks what a browser and a CDN see of /media/ over
// files: the type, validators, ranges and caching of a stored image, and
// nothing of what is not one.
func testMediaServing(t *testing.T, files media.Storage) {
	body := "\x89PNG\r\n\x1a\n" + strings.Repeat("piksel ", 100)
	if err := files.Put(t.Context(), "2026/12/foto-1a2b3c.png", strings.NewReader(body), int64(len(body)), "image/png", false); err != nil {
		t.Fatal(err)
	}
	h := mediaHandler(files, "", slog.New(slog.DiscardHandler))
	get := func(path string, header ...string) *http.Response {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Result()
	}
	read := func(r *http.Response) string {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}

	r := get("/media/2026/12/foto-1a2b3c.png")
	etag := r.Header.Get("ETag")
	if got := read(r); r.StatusCode != 200 || got != body {
		t.Fatalf("whole image: %d, %d bytes, want 200 and the %d stored", r.StatusCode, len(got), len(body))
	}
	if ct := r.Header.Get("Content-Type"); ct != "image/png" {
		t.Errorf("Content-Type %q, want image/png", ct)
	}
	if etag == "" || r.Header.Get("Last-Modified") == "" || r.Header.Get("Accept-Ranges") != "bytes" {
		t.Errorf("validators: ETag %q, Last-Modified %q, Accept-Ranges %q", etag, r.Header.Get("Last-Modified"), r.Header.Get("Accept-Ranges"))
	}
	if cc := r.Header.Get("Cache-Control"); cc != "public, max-age=31536000" {
		t.Errorf("Cache-Control %q, want a year", cc)
	}

	r = get("/media/2026/12/foto-1a2b3c.png", "Range", "bytes=8-13")
	if got := read(r); r.StatusCode != http.StatusPartialContent || got != body[8:14] {
		t.Errorf("range 8-13: %d %q, want 206 %q", r.StatusCode, got, body[8:14])
	}
	if cr := r.Header.Get("Content-Range"); cr != "bytes 8-13/"+strconv.Itoa(len(body)) {
		t.Errorf("Content-Range %q", cr)
	}
	r = get("/media/2026/12/foto-1a2b3c.png", "Range", "bytes=-7")
	if got := read(r); r.StatusCode != http.StatusPartialContent || got != body[len(body)-7:] {
		t.Errorf("the last 7 bytes: %d %q", r.StatusCode, got)
	}
	r = get("/media/2026/12/foto-1a2b3c.png", "If-None-Match", etag)
	if got := read(r); r.StatusCode != http.StatusNotModified || got != "" {
		t.Errorf("revalidation with the ETag: %d with %d bytes, want 304 and none", r.StatusCode, len(got))
	}
	r = get("/media/2026/12/foto-1a2b3c.png", "Range", "bytes=0-3", "If-Range", `"another"`)
	if got := read(r); r.StatusCode != 200 || got != body {
		t.Errorf("a range of another version: %d, want the whole image", r.StatusCode)
	}

	for _, path := range []string{"/media/2026/12/nope.png", "/media/2026/12/", "/media/2026/12/.tmp-foto.png", "/media/../warta.db", "/media/"} {
		r := get(path)
		if r.StatusCode != http.StatusNotFound || r.Header.Get("Cache-Control") != "" {
			t.Errorf("%s: %d cached %q, want an uncached 404", path, r.StatusCode, r.Header.Get("Cache-Control"))
		}
	}

	// With a public address, warta answers with a redirect there.
	cdn := mediaHandler(files, "https://cdn.warta.example/situs/", slog.New(slog.DiscardHandler))
	rec := httptest.NewRecorder()
	cdn.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/media/2026/12/foto%20baru.png", nil))
	if loc := rec.Header().Get("Location"); rec.Code != http.StatusFound || loc != "https://cdn.warta.example/situs/2026/12/foto%20baru.png" {
		t.Errorf("with a public URL: %d to %q, want 302 to the CDN", rec.Code, loc)
	}
}

package pagecache

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

func TestMiddleware(t *testing.T) {
	newSite := func() (*Cache, *site, http.Handler) {
		c := New(Options{})
		s := &site{tags: map[string][]string{"/a/": {"article:1", "author:3"}}}
		return c, s, c.Middleware(PathKey, nil, s)
	}

	t.Run("a miss then a hit return identical bytes and the hit says HIT", func(t *testing.T) {
		_, s, h := newSite()
		first := do(h, "GET", "/a/", "Accept-Encoding", "gzip")
		second := do(h, "GET", "/a/", "Accept-Encoding", "gzip")
		wantHeader(t, first, "X-Cache", "MISS")
		wantHeader(t, second, "X-Cache", "HIT")
		b1, _ := io.ReadAll(first.Body)
		b2, _ := io.ReadAll(second.Body)
		if string(b1) != string(b2) {
			t.Error("hit bytes differ from miss bytes")
		}
		if n := s.renders.Load(); n != 1 {
			t.Errorf("rendered %d times, want 1", n)
		}
		for _, name := range []string{"Etag", "Content-Length", "Content-Encoding", "Vary", "Cache-Control", "Surrogate-Key", "Content-Type"} {
			if first.Header.Get(name) != second.Header.Get(name) {
				t.Errorf("%s: miss %q, hit %q", name, first.Header.Get(name), second.Header.Get(name))
			}
		}
	})

	t.Run("gzip and br variants decode to the original page", func(t *testing.T) {
		c, _, h := newSite()
		do(h, "GET", "/a/")
		c.Settle()
		for _, enc := range []string{"gzip", "br"} {
			resp := do(h, "GET", "/a/", "Accept-Encoding", enc)
			wantHeader(t, resp, "Content-Encoding", enc)
			wantHeader(t, resp, "Vary", "Accept-Encoding")
			raw := resp.Header.Get("Content-Length")
			if got := body(t, resp); got != pageHTML("/a/") {
				t.Errorf("%s body decodes to something else (%d bytes)", enc, len(got))
			}
			if n, _ := strconv.Atoi(raw); n == 0 || n >= len(pageHTML("/a/")) {
				t.Errorf("%s Content-Length = %s, want a compressed size", enc, raw)
			}
		}
	})

	t.Run("a browser accepting both gets gzip on the miss and br once it is made", func(t *testing.T) {
		// The miss does not wait for brotli, which is made in the
		// background after the page is stored.
		c, _, h := newSite()
		resp := do(h, "GET", "/a/", "Accept-Encoding", "gzip, deflate, br, zstd")
		wantHeader(t, resp, "Content-Encoding", "gzip")
		c.Settle()
		resp = do(h, "GET", "/a/", "Accept-Encoding", "gzip, deflate, br, zstd")
		wantHeader(t, resp, "Content-Encoding", "br")
		wantHeader(t, resp, "X-Cache", "HIT")
		if got := body(t, resp); got != pageHTML("/a/") {
			t.Errorf("br body decodes to something else (%d bytes)", len(got))
		}
		if st := c.Stats(); st.Bytes <= int64(len(pageHTML("/a/"))) {
			t.Errorf("Bytes = %d: the brotli variant is not counted", st.Bytes)
		}
	})

	t.Run("a client without Accept-Encoding gets identity with its length", func(t *testing.T) {
		_, _, h := newSite()
		for range 2 {
			resp := do(h, "GET", "/a/")
			wantHeader(t, resp, "Content-Encoding", "")
			wantHeader(t, resp, "Content-Length", strconv.Itoa(len(pageHTML("/a/"))))
			if body(t, resp) != pageHTML("/a/") {
				t.Error("identity body differs from the page")
			}
		}
	})

	t.Run("each coding has its own strong ETag", func(t *testing.T) {
		c, _, h := newSite()
		do(h, "GET", "/a/")
		c.Settle()
		seen := map[string]bool{}
		for _, enc := range []string{"", "gzip", "br"} {
			etag := do(h, "GET", "/a/", "Accept-Encoding", enc).Header.Get("Etag")
			if !strings.HasPrefix(etag, `"`) || seen[etag] {
				t.Errorf("ETag %q for %q: want a new strong tag", etag, enc)
			}
			seen[etag] = true
		}
	})

	t.Run("a matching If-None-Match gets 304 without a body", func(t *testing.T) {
		c, _, h := newSite()
		do(h, "GET", "/a/")
		c.Settle()
		etag := do(h, "GET", "/a/", "Accept-Encoding", "br").Header.Get("Etag")
		for _, inm := range []string{etag, "W/" + etag, `"nope", ` + etag, "*"} {
			for _, method := range []string{"GET", "HEAD"} {
				resp := do(h, method, "/a/", "Accept-Encoding", "br", "If-None-Match", inm)
				if resp.StatusCode != http.StatusNotModified {
					t.Errorf("%s If-None-Match %s: status %d, want 304", method, inm, resp.StatusCode)
				}
				if b, _ := io.ReadAll(resp.Body); len(b) != 0 {
					t.Errorf("304 carries %d body bytes", len(b))
				}
				wantHeader(t, resp, "Etag", etag)
				wantHeader(t, resp, "Vary", "Accept-Encoding")
				wantHeader(t, resp, "Content-Encoding", "")
			}
		}
	})

	t.Run("a stale If-None-Match gets the page", func(t *testing.T) {
		_, _, h := newSite()
		do(h, "GET", "/a/")
		resp := do(h, "GET", "/a/", "If-None-Match", `"old"`)
		if resp.StatusCode != http.StatusOK || body(t, resp) != pageHTML("/a/") {
			t.Errorf("status %d, want 200 with the page", resp.StatusCode)
		}
	})

	t.Run("HEAD from the cache has the headers and no body", func(t *testing.T) {
		_, s, h := newSite()
		get := do(h, "GET", "/a/", "Accept-Encoding", "gzip")
		head := do(h, "HEAD", "/a/", "Accept-Encoding", "gzip")
		wantHeader(t, head, "X-Cache", "HIT")
		wantHeader(t, head, "Content-Length", get.Header.Get("Content-Length"))
		wantHeader(t, head, "Etag", get.Header.Get("Etag"))
		if b, _ := io.ReadAll(head.Body); len(b) != 0 {
			t.Errorf("HEAD carries %d body bytes", len(b))
		}
		if n := s.renders.Load(); n != 1 {
			t.Errorf("rendered %d times, want 1", n)
		}
	})

	t.Run("a HEAD that misses is answered by the handler and not stored", func(t *testing.T) {
		_, s, h := newSite()
		wantHeader(t, do(h, "HEAD", "/a/"), "X-Cache", "MISS")
		wantHeader(t, do(h, "GET", "/a/"), "X-Cache", "MISS")
		if n := s.renders.Load(); n != 2 {
			t.Errorf("rendered %d times, want 2", n)
		}
	})

	t.Run("cacheable responses tell the CDN how long to keep them and what they show", func(t *testing.T) {
		c := New(Options{SMaxAge: 30e9, StaleWhileRevalidate: 600e9})
		h := c.Middleware(PathKey, nil, &site{tags: map[string][]string{"/a/": {"term:7", "article:1", "article:1"}}})
		resp := do(h, "GET", "/a/")
		wantHeader(t, resp, "Cache-Control", "public, max-age=0, s-maxage=30, stale-while-revalidate=600")
		wantHeader(t, resp, "Surrogate-Key", "article:1 term:7 all")
	})

	t.Run("a handler's own Cache-Control is kept", func(t *testing.T) {
		c := New(Options{})
		h := c.Middleware(PathKey, nil, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Cache-Control", "public, max-age=3600")
			io.WriteString(w, "feed")
		}))
		do(h, "GET", "/feed/")
		resp := do(h, "GET", "/feed/")
		wantHeader(t, resp, "X-Cache", "HIT")
		wantHeader(t, resp, "Cache-Control", "public, max-age=3600")
	})

	t.Run("a bypassed reader is neither served from nor stored into the cache", func(t *testing.T) {
		c := New(Options{})
		s := &site{}
		editor := func(r *http.Request) bool { return r.Header.Get("Cookie") != "" }
		h := c.Middleware(PathKey, editor, s)

		resp := do(h, "GET", "/b/", "Cookie", "session=1")
		wantHeader(t, resp, "X-Cache", "BYPASS")
		wantHeader(t, resp, "Cache-Control", "private, no-store")
		wantHeader(t, do(h, "GET", "/b/"), "X-Cache", "MISS") // the bypass stored nothing
		wantHeader(t, do(h, "GET", "/b/", "Cookie", "session=1"), "X-Cache", "BYPASS")
		if n := s.renders.Load(); n != 3 {
			t.Errorf("rendered %d times, want 3", n)
		}
		if st := c.Stats(); st.Bypasses != 2 || st.Misses != 1 || st.Entries != 1 {
			t.Errorf("stats %+v", st)
		}
	})

	notStored := []struct {
		name    string
		handler http.HandlerFunc
	}{
		{"a response with Set-Cookie is not stored", func(w http.ResponseWriter, r *http.Request) {
			http.SetCookie(w, &http.Cookie{Name: "comment_author", Value: "x"})
			io.WriteString(w, "page")
		}},
		{"a response marked NoStore is not stored", func(w http.ResponseWriter, r *http.Request) {
			Tag(r.Context(), "article:1")
			NoStore(r.Context())
			w.WriteHeader(http.StatusUnprocessableEntity)
			io.WriteString(w, "form with errors")
		}},
		{"a response marked private is not stored", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Cache-Control", "private")
			io.WriteString(w, "page")
		}},
		{"a response varying on Cookie is not stored", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Vary", "Cookie")
			io.WriteString(w, "page")
		}},
		{"an untagged 404 is not stored", func(w http.ResponseWriter, r *http.Request) {
			http.NotFound(w, r)
		}},
		{"a 500 is not stored", func(w http.ResponseWriter, r *http.Request) {
			Tag(r.Context(), "article:1")
			http.Error(w, "boom", http.StatusInternalServerError)
		}},
	}
	for _, tc := range notStored {
		t.Run(tc.name, func(t *testing.T) {
			c := New(Options{})
			h := c.Middleware(PathKey, nil, tc.handler)
			first := do(h, "GET", "/x/")
			second := do(h, "GET", "/x/")
			wantHeader(t, second, "X-Cache", "MISS")
			if first.StatusCode != second.StatusCode || body(t, first) != body(t, second) {
				t.Error("the handler's response was not passed on")
			}
			if cc := first.Header.Get("Cache-Control"); cc == "" || strings.HasPrefix(cc, "public") {
				t.Errorf("Cache-Control %q lets a CDN share it", cc)
			}
			if c.Stats().Entries != 0 {
				t.Error("an entry was stored")
			}
		})
	}

	t.Run("a tagged 404 and 301 are stored", func(t *testing.T) {
		c := New(Options{})
		h := c.Middleware(PathKey, nil, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			Tag(r.Context(), "redirects")
			if r.URL.Path == "/old/" {
				http.Redirect(w, r, "/new/", http.StatusMovedPermanently)
				return
			}
			http.NotFound(w, r)
		}))
		do(h, "GET", "/old/")
		do(h, "GET", "/gone/")
		moved, missing := do(h, "GET", "/old/"), do(h, "GET", "/gone/")
		wantHeader(t, moved, "X-Cache", "HIT")
		wantHeader(t, moved, "Location", "/new/")
		wantHeader(t, missing, "X-Cache", "HIT")
		if moved.StatusCode != 301 || missing.StatusCode != 404 {
			t.Errorf("statuses %d, %d", moved.StatusCode, missing.StatusCode)
		}
		wantHeader(t, missing, "Etag", "") // validators are for 200s only
	})

	t.Run("tiny bodies and images are not compressed", func(t *testing.T) {
		c := New(Options{})
		h := c.Middleware(PathKey, nil, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/img" {
				w.Header().Set("Content-Type", "image/png")
				io.WriteString(w, strings.Repeat("x", 4000))
				return
			}
			io.WriteString(w, "<p>tiny</p>")
		}))
		for _, p := range []string{"/img", "/tiny"} {
			do(h, "GET", p)
			resp := do(h, "GET", p, "Accept-Encoding", "gzip, br")
			wantHeader(t, resp, "X-Cache", "HIT")
			wantHeader(t, resp, "Content-Encoding", "")
			wantHeader(t, resp, "Vary", "")
		}
	})

	t.Run("PathKey declines a query and QueryKey sorts it", func(t *testing.T) {
		c := New(Options{})
		s := &site{}
		do(c.Middleware(PathKey, nil, s), "GET", "/?utm_source=x")
		if c.Stats().Entries != 0 || c.Stats().Misses != 0 {
			t.Error("PathKey cached a query")
		}
		h := c.Middleware(QueryKey, nil, s)
		do(h, "GET", "/search?q=banjir&page=2")
		wantHeader(t, do(h, "GET", "/search?page=2&q=banjir"), "X-Cache", "HIT")
		wantHeader(t, do(h, "GET", "/search?q=gempa&page=2"), "X-Cache", "MISS")
	})

	t.Run("a POST passes through untouched", func(t *testing.T) {
		c, s, h := newSite()
		do(h, "POST", "/a/")
		do(h, "POST", "/a/")
		if s.renders.Load() != 2 || c.Stats().Entries != 0 {
			t.Error("a POST was cached")
		}
	})

	t.Run("a real client gets correct lengths over HTTP", func(t *testing.T) {
		_, _, h := newSite()
		srv := httptest.NewServer(h)
		defer srv.Close()
		client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
		for _, enc := range []string{"", "gzip", "br", "", "gzip", "br"} {
			req, _ := http.NewRequest("GET", srv.URL+"/a/", nil)
			if enc != "" {
				req.Header.Set("Accept-Encoding", enc)
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			if got := body(t, resp); got != pageHTML("/a/") {
				t.Errorf("%q: body differs", enc)
			}
			resp.Body.Close()
			if resp.ContentLength <= 0 {
				t.Errorf("%q: no Content-Length", enc)
			}
		}
		resp, err := client.Head(srv.URL + "/a/")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.ContentLength != int64(len(pageHTML("/a/"))) {
			t.Errorf("HEAD: status %d, Content-Length %d", resp.StatusCode, resp.ContentLength)
		}
	})
}

func TestRequireTags(t *testing.T) {
	c := New(Options{RequireTags: true})
	s := &site{tags: map[string][]string{"/a/": {"article:1"}}}
	h := c.Middleware(PathKey, nil, s)
	for range 2 {
		do(h, "GET", "/a/")
		do(h, "GET", "/admin/")
	}
	if n := s.renders.Load(); n != 3 {
		t.Fatalf("rendered %d times; want the tagged page once and the untagged one twice", n)
	}
	if resp := do(h, "GET", "/admin/"); resp.Header.Get("Cache-Control") != "private, no-store" {
		t.Errorf("an untagged page went out with Cache-Control %q, want private, no-store", resp.Header.Get("Cache-Control"))
	}
}

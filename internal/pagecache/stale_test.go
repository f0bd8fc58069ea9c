package pagecache

import (
	"io"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// versioned is a page whose content is its version, which the test bumps
// as a write would; its renders can be held at a gate to see what readers
// get meanwhile. gone answers 404 without tags, as a trashed article's URL.
type versioned struct {
	version atomic.Int64
	renders atomic.Int64
	gate    chan struct{} // nil: renders do not wait
	gone    atomic.Bool
}

func (v *versioned) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	v.renders.Add(1)
	if v.gate != nil {
		<-v.gate
	}
	if v.gone.Load() {
		http.NotFound(w, r)
		return
	}
	Own(r.Context(), "article:1")
	Tag(r.Context(), "author:3", "settings")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	io.WriteString(w, "<p>version "+strconv.FormatInt(v.version.Load(), 10)+"</p>")
}

func stale(t *testing.T) (*Cache, *versioned, http.Handler) {
	c := New(Options{ServeStale: true, RequireTags: true})
	v := &versioned{}
	return c, v, c.Middleware(PathKey, nil, v)
}

// waitFor polls cond for up to two seconds: the refresh runs in the
// background.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("still not %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestServeStale(t *testing.T) {
	t.Run("a page showing what changed is served stale while one render refreshes it", func(t *testing.T) {
		c, v, h := stale(t)
		do(h, "GET", "/a/")
		v.version.Store(1)
		v.gate = make(chan struct{})
		c.Invalidate("author:3")
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				resp := do(h, "GET", "/a/")
				wantHeader(t, resp, "X-Cache", "STALE")
				if got := body(t, resp); got != "<p>version 0</p>" {
					t.Errorf("stale body %q", got)
				}
			})
		}
		wg.Wait()
		close(v.gate)
		waitFor(t, "refreshed", func() bool { return do(h, "GET", "/a/").Header.Get("X-Cache") == "HIT" })
		if got := body(t, do(h, "GET", "/a/")); got != "<p>version 1</p>" {
			t.Errorf("after the refresh: %q", got)
		}
		if n := v.renders.Load(); n != 2 {
			t.Errorf("%d renders, want the first and one refresh", n)
		}
		if st := c.Stats(); st.StaleHits < 8 || st.Refreshes != 1 {
			t.Errorf("stats %+v, want 8 stale hits or more and 1 refresh", st)
		}
	})

	t.Run("a page whose own tag is invalidated is dropped at once, never served stale", func(t *testing.T) {
		c, v, h := stale(t)
		do(h, "GET", "/a/")
		v.version.Store(1)
		c.Invalidate("article:1") // trashed, unpublished, edited: the page's own subject
		resp := do(h, "GET", "/a/")
		wantHeader(t, resp, "X-Cache", "MISS")
		if got := body(t, resp); got != "<p>version 1</p>" {
			t.Errorf("body %q, want the new page", got)
		}
	})

	t.Run("a stale page whose refresh is not stored is dropped, and the next reader gets the answer", func(t *testing.T) {
		c, v, h := stale(t)
		do(h, "GET", "/a/")
		v.gone.Store(true)
		c.Invalidate("settings")
		wantHeader(t, do(h, "GET", "/a/"), "X-Cache", "STALE")
		waitFor(t, "dropped", func() bool { return !c.Has("/a/") })
		if resp := do(h, "GET", "/a/"); resp.StatusCode != http.StatusNotFound {
			t.Errorf("status %d, want the 404 the site answers now", resp.StatusCode)
		}
	})

	t.Run("a refresh raced by another change is not stored; the next reader refreshes again", func(t *testing.T) {
		c, v, h := stale(t)
		do(h, "GET", "/a/")
		v.gate = make(chan struct{})
		c.Invalidate("settings")
		wantHeader(t, do(h, "GET", "/a/"), "X-Cache", "STALE")
		v.version.Store(2)
		c.Invalidate("author:3") // while the refresh renders
		close(v.gate)
		waitFor(t, "refreshed once", func() bool { c.flights.mu.Lock(); defer c.flights.mu.Unlock(); return len(c.flights.m) == 0 })
		v.gate = nil
		wantHeader(t, do(h, "GET", "/a/"), "X-Cache", "STALE")
		waitFor(t, "refreshed", func() bool { return do(h, "GET", "/a/").Header.Get("X-Cache") == "HIT" })
		if got := body(t, do(h, "GET", "/a/")); got != "<p>version 2</p>" {
			t.Errorf("body %q", got)
		}
	})

	t.Run("the fast path never answers a stale page", func(t *testing.T) {
		c, _, h := stale(t)
		do(h, "GET", "/a/")
		c.Invalidate("settings")
		if _, _, ok := c.FastHit("/a/", false, nil, nil); ok {
			t.Error("FastHit answered a stale page, which would never be refreshed")
		}
	})

	t.Run("without ServeStale an invalidated page is dropped", func(t *testing.T) {
		c := New(Options{RequireTags: true})
		v := &versioned{}
		h := c.Middleware(PathKey, nil, v)
		do(h, "GET", "/a/")
		c.Invalidate("settings")
		wantHeader(t, do(h, "GET", "/a/"), "X-Cache", "MISS")
	})
}

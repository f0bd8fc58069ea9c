package pagecache

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"testing"
)

func TestInvalidate(t *testing.T) {
	tags := map[string][]string{
		"/a1/":     {"article:1", "author:3", "term:7"},
		"/a2/":     {"article:2", "author:3"},
		"/a3/":     {"article:3", "author:4", "term:7"},
		"/":        {"front", "article:1", "article:2", "article:3"},
		"/about/":  nil,
		"/feed/":   {"feed"},
		"/author/": {"author:4"},
	}
	cached := func(h http.Handler) map[string]bool {
		out := map[string]bool{}
		for p := range tags {
			out[p] = do(h, "HEAD", p).Header.Get("X-Cache") == "HIT"
		}
		return out
	}
	cases := []struct {
		name    string
		drop    func(c *Cache)
		dropped []string
	}{
		{"invalidating an article drops its page and the front page only",
			func(c *Cache) { c.Invalidate("article:1") }, []string{"/a1/", "/"}},
		{"invalidating an author drops every page showing them",
			func(c *Cache) { c.Invalidate("author:3") }, []string{"/a1/", "/a2/"}},
		{"invalidating several tags drops the union",
			func(c *Cache) { c.Invalidate("term:7", "feed") }, []string{"/a1/", "/a3/", "/feed/"}},
		{"invalidating a tag no page carries drops nothing",
			func(c *Cache) { c.Invalidate("article:99") }, nil},
		{"InvalidateLocal drops the same as Invalidate",
			func(c *Cache) { c.InvalidateLocal("author:4") }, []string{"/a3/", "/author/"}},
		{"an untagged page is dropped only with everything, by the all tag",
			func(c *Cache) { c.Invalidate(AllTag) }, []string{"/a1/", "/a2/", "/a3/", "/", "/about/", "/feed/", "/author/"}},
		{"Purge drops every page",
			func(c *Cache) { c.Purge() }, []string{"/a1/", "/a2/", "/a3/", "/", "/about/", "/feed/", "/author/"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := New(Options{})
			h := c.Middleware(PathKey, nil, &site{tags: tags})
			for p := range tags {
				do(h, "GET", p)
			}
			before := c.Stats()
			tc.drop(c)
			want := map[string]bool{}
			for p := range tags {
				want[p] = true
			}
			for _, p := range tc.dropped {
				want[p] = false
			}
			for p, hit := range cached(h) {
				if hit != want[p] {
					t.Errorf("%s cached = %v, want %v", p, hit, want[p])
				}
			}
			after := c.Stats()
			if got := after.Dropped - before.Dropped; got != int64(len(tc.dropped)) {
				t.Errorf("Dropped grew by %d, want %d", got, len(tc.dropped))
			}
			if after.Entries != len(tags)-len(tc.dropped) {
				t.Errorf("Entries = %d, want %d", after.Entries, len(tags)-len(tc.dropped))
			}
		})
	}
}

// blockingPage renders a page tagged tag, but only after it has told
// rendering it started and has been released by proceed.
func blockingPage(tag string) (h http.Handler, rendering chan struct{}, proceed chan struct{}) {
	rendering, proceed = make(chan struct{}), make(chan struct{})
	h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		Tag(r.Context(), tag)
		rendering <- struct{}{}
		<-proceed
		io.WriteString(w, "rendered from data read before the change")
	})
	return h, rendering, proceed
}

func TestInvalidateDuringRender(t *testing.T) {
	cases := []struct {
		name   string
		during func(c *Cache)
		stored bool
	}{
		{"invalidating the page's tag while it renders keeps the stale render out",
			func(c *Cache) { c.Invalidate("article:1") }, false},
		{"purging while it renders keeps the stale render out",
			func(c *Cache) { c.Purge() }, false},
		{"invalidating another tag while it renders still stores it",
			func(c *Cache) { c.Invalidate("article:2") }, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := New(Options{})
			page, rendering, proceed := blockingPage("article:1")
			h := c.Middleware(PathKey, nil, page)
			done := make(chan *http.Response)
			go func() { done <- do(h, "GET", "/a1/") }()
			<-rendering // the lookup has missed and the handler is reading data
			tc.during(c)
			close(proceed)
			resp := <-done
			wantHeader(t, resp, "X-Cache", "MISS")
			if resp.StatusCode != 200 || body(t, resp) == "" {
				t.Error("the reader did not get the rendered page")
			}
			if got := c.Stats().Entries == 1; got != tc.stored {
				t.Errorf("stored = %v, want %v", got, tc.stored)
			}
			if !tc.stored && c.Stats().Stale != 1 {
				t.Errorf("Stale = %d, want 1", c.Stats().Stale)
			}
		})
	}

	t.Run("a render that starts after the invalidation is stored", func(t *testing.T) {
		c := New(Options{})
		c.Invalidate("article:1")
		do(c.Middleware(PathKey, nil, &site{tags: map[string][]string{"/a1/": {"article:1"}}}), "GET", "/a1/")
		if c.Stats().Entries != 1 {
			t.Error("not stored")
		}
	})

	t.Run("forgetting old tag generations errs on the side of not storing", func(t *testing.T) {
		c := New(Options{})
		page, rendering, proceed := blockingPage("article:1")
		h := c.Middleware(PathKey, nil, page)
		done := make(chan *http.Response)
		go func() { done <- do(h, "GET", "/a1/") }()
		<-rendering
		for i := range maxTagGens + 1 {
			c.Invalidate(fmt.Sprintf("other:%d", i))
		}
		close(proceed)
		<-done
		if c.Stats().Entries != 0 {
			t.Error("stored a render that started before the tag record was forgotten")
		}
		if len(c.tagGen) > maxTagGens {
			t.Errorf("tag record holds %d tags", len(c.tagGen))
		}
	})
}

func TestEviction(t *testing.T) {
	// Incompressible 10 KB bodies make each entry a little over 10 KB.
	h := func(c *Cache) http.Handler {
		return c.Middleware(PathKey, nil, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/octet-stream")
			size := 10_000
			if r.URL.Path == "/huge" {
				size = 100_000
			}
			io.WriteString(w, strings.Repeat(r.URL.Path[:2], size/2))
		}))
	}

	t.Run("the least recently used page goes first under a small budget", func(t *testing.T) {
		c := New(Options{MaxBytes: 25_000})
		h := h(c)
		do(h, "GET", "/a")
		do(h, "GET", "/b")
		wantHeader(t, do(h, "GET", "/a"), "X-Cache", "HIT") // /a is now the most recent
		do(h, "GET", "/c")                                  // over budget: /b goes
		wantHeader(t, do(h, "HEAD", "/a"), "X-Cache", "HIT")
		wantHeader(t, do(h, "HEAD", "/c"), "X-Cache", "HIT")
		wantHeader(t, do(h, "HEAD", "/b"), "X-Cache", "MISS")
		st := c.Stats()
		if st.Evictions != 1 || st.Entries != 2 || st.Bytes > 25_000 || st.Bytes < 20_000 {
			t.Errorf("stats %+v", st)
		}
	})

	t.Run("a page larger than the budget is served but not stored", func(t *testing.T) {
		c := New(Options{MaxBytes: 25_000})
		h := h(c)
		do(h, "GET", "/a")
		resp := do(h, "GET", "/huge")
		if resp.StatusCode != 200 || len(body(t, resp)) != 100_000 {
			t.Error("the huge page was not served")
		}
		wantHeader(t, do(h, "HEAD", "/a"), "X-Cache", "HIT")
		if c.Stats().Entries != 1 {
			t.Error("the huge page was stored or evicted the others")
		}
	})

	t.Run("replacing a page keeps the byte count exact", func(t *testing.T) {
		c := New(Options{})
		h := h(c)
		do(h, "GET", "/a")
		want := c.Stats().Bytes
		c.Invalidate(AllTag)
		do(h, "GET", "/a")
		do(h, "GET", "/a")
		if got := c.Stats().Bytes; got != want {
			t.Errorf("Bytes = %d, want %d", got, want)
		}
	})
}

func TestConcurrentAccess(t *testing.T) {
	t.Run("readers, renders and invalidations together stay consistent", func(t *testing.T) {
		c := New(Options{MaxBytes: 60_000}) // small enough to evict
		tags := map[string][]string{}
		for i := range 20 {
			tags[fmt.Sprintf("/p%d/", i)] = []string{fmt.Sprintf("article:%d", i), fmt.Sprintf("author:%d", i%3)}
		}
		h := c.Middleware(PathKey, nil, &site{tags: tags})
		encodings := []string{"", "gzip", "br", "gzip, br"}
		var wg sync.WaitGroup
		for g := range 8 {
			wg.Go(func() {
				rng := rand.New(rand.NewPCG(uint64(g), 1))
				for range 150 {
					p := fmt.Sprintf("/p%d/", rng.IntN(20))
					switch rng.IntN(20) {
					case 0:
						c.Invalidate(fmt.Sprintf("author:%d", rng.IntN(3)))
					case 1:
						c.Stats()
					default:
						resp := do(h, "GET", p, "Accept-Encoding", encodings[rng.IntN(4)])
						if got := body(t, resp); got != pageHTML(p) {
							t.Errorf("%s: wrong body", p)
							return
						}
					}
				}
			})
		}
		wg.Wait()
		st := c.Stats()
		if st.Bytes > 60_000 || st.Hits == 0 || st.Misses == 0 {
			t.Errorf("stats %+v", st)
		}
		var sum int64
		c.mu.Lock()
		for _, e := range c.entries {
			sum += e.size
		}
		c.mu.Unlock()
		if sum != st.Bytes {
			t.Errorf("Bytes = %d, entries sum to %d", st.Bytes, sum)
		}
	})
}

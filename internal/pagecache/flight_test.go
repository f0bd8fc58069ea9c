package pagecache

import (
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// slowSite renders slowly, so that readers arrive while it renders; it
// stores its pages unless noStore.
type slowSite struct {
	renders atomic.Int64
	noStore bool
}

func (s *slowSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.renders.Add(1)
	time.Sleep(100 * time.Millisecond)
	if s.noStore {
		NoStore(r.Context())
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	io.WriteString(w, pageHTML(r.URL.Path))
}

func TestConcurrentMisses(t *testing.T) {
	get := func(h http.Handler, n int) []*http.Response {
		out := make([]*http.Response, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() { out[i] = do(h, http.MethodGet, "/berita/") })
			time.Sleep(time.Millisecond) // the first is rendering when the others come
		}
		wg.Wait()
		return out
	}
	t.Run("readers missing one page together get one render", func(t *testing.T) {
		s := &slowSite{}
		h := New(Options{}).Middleware(PathKey, nil, s)
		for _, resp := range get(h, 10) {
			if resp.StatusCode != 200 || body(t, resp) != pageHTML("/berita/") {
				t.Fatalf("status %d", resp.StatusCode)
			}
		}
		if n := s.renders.Load(); n != 1 {
			t.Errorf("%d renders for 10 readers, want 1", n)
		}
	})
	t.Run("a page that is not stored is rendered for each reader", func(t *testing.T) {
		s := &slowSite{noStore: true}
		h := New(Options{}).Middleware(PathKey, nil, s)
		for _, resp := range get(h, 5) {
			if resp.StatusCode != 200 || body(t, resp) != pageHTML("/berita/") {
				t.Fatalf("status %d", resp.StatusCode)
			}
			wantHeader(t, resp, "X-Cache", "MISS")
		}
		if n := s.renders.Load(); n != 5 {
			t.Errorf("%d renders for 5 readers of a page not stored, want 5", n)
		}
	})
}

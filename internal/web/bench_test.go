package web

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/pagecache"
	"warta/internal/store/storetest"
	"warta/internal/tools/gen"
	"warta/internal/view"
)

// benchSite is a generated site of 300 posts with 30 comments each,
// behind the page cache as serve mounts it, and without.
type benchSite struct {
	cached, uncached http.Handler
	article, front   string
}

func newBenchSite(b *testing.B) benchSite {
	b.Helper()
	st := storetest.New(b)
	res, err := gen.Generate(b.Context(), st, gen.Options{Articles: benchArticles(), Comments: benchComments(), Seed: 1, Now: time.Now()})
	if err != nil {
		b.Fatal(err)
	}
	set, err := st.Settings(b.Context())
	if err != nil {
		b.Fatal(err)
	}
	v, err := view.New("")
	if err != nil {
		b.Fatal(err)
	}
	// A direct mux, not the scenario runner's site: a benchmark measures
	// the handler and the cache, and a loopback connection, the middleware
	// chain and a client per request would be most of what it timed.
	mux := http.NewServeMux()
	// As serve builds it: settings and navigation kept between changes.
	New(st, v, Options{BaseURL: "https://warta.example", CacheLayout: true}).Routes(mux)
	cache := pagecache.New(pagecache.Options{RequireTags: true})
	return benchSite{
		cached:   cache.Middleware(pagecache.PathKey, nil, mux),
		uncached: mux,
		article:  res.Newest.Path(model.Permalinks{Loc: set.Location()}),
		front:    "/",
	}
}

// benchGet serves path through h from b's parallel goroutines, gzip
// accepted as browsers do, and fails on any status but 200.
func benchGet(b *testing.B, h http.Handler, path string) {
	b.Helper()
	b.ReportAllocs()
	cpu := processCPU()
	defer func() {
		// Wall time per op depends on what else the machine runs; the
		// process's CPU time per op much less.
		b.ReportMetric(float64((processCPU()-cpu).Nanoseconds())/float64(b.N), "cpu-ns/op")
	}()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			r := httptest.NewRequest(http.MethodGet, path, nil)
			r.Header.Set("Accept-Encoding", "gzip, deflate, br")
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != http.StatusOK {
				b.Fatalf("GET %s: status %d", path, w.Code)
			}
		}
	})
}

// BenchmarkArticle compares rendering an article page with 30 comments
// (uncached, every request queries SQLite and runs the templates) with
// serving it from the page cache (a hit: a map lookup and a write).
func BenchmarkArticle(b *testing.B) {
	s := newBenchSite(b)
	b.Run("render", func(b *testing.B) { benchGet(b, s.uncached, s.article) })
	b.Run("cache-hit", func(b *testing.B) { benchGet(b, s.cached, s.article) })
}

// BenchmarkFront is BenchmarkArticle for the front page.
func BenchmarkFront(b *testing.B) {
	s := newBenchSite(b)
	b.Run("render", func(b *testing.B) { benchGet(b, s.uncached, s.front) })
	b.Run("cache-hit", func(b *testing.B) { benchGet(b, s.cached, s.front) })
}

// processCPU is the CPU time the process has used, user and system.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchArticles is the size of the benchmark site: 300 posts, or
// WARTA_BENCH_ARTICLES.
func benchArticles() int {
	if n, err := strconv.Atoi(os.Getenv("WARTA_BENCH_ARTICLES")); err == nil && n > 0 {
		return n
	}
	return 300
}

func benchComments() int {
	if n, err := strconv.Atoi(os.Getenv("WARTA_BENCH_COMMENTS")); err == nil && n >= 0 {
		return n
	}
	return 30
}

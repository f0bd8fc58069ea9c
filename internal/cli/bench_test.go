package cli

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"warta/internal/config"
	"warta/internal/model"
	"warta/internal/server"
	"warta/internal/store/storetest"
	"warta/internal/tools/gen"
	"warta/internal/view"
	"warta/internal/web"
)

// BenchmarkServeCachedArticle serves a cached article through the whole
// middleware chain serve builds (recover, request log, security headers,
// cross-origin protection, body limit, page cache), to show what each
// request costs beside the cache lookup itself.
func BenchmarkServeCachedArticle(b *testing.B) {
	st := storetest.New(b)
	res, err := gen.Generate(b.Context(), st, gen.Options{Articles: 20, Comments: 30, Seed: 1, Now: time.Now()})
	if err != nil {
		b.Fatal(err)
	}
	set, _ := st.Settings(b.Context())
	v, err := view.New("")
	if err != nil {
		b.Fatal(err)
	}
	logger := newLogger(io.Discard, "text") // as serve logs
	mux := http.NewServeMux()
	web.New(st, v, web.Options{CacheLayout: true}).Routes(mux)
	cache := newPageCache(config.DefaultCache(), logger)
	h := server.New(mux, st, logger, server.WithInner(func(h http.Handler) http.Handler {
		return cache.Middleware(web.CacheKey, web.BypassCache, h)
	})).Handler()
	path := res.Newest.Path(model.Permalinks{Loc: set.Location()})
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			r := httptest.NewRequest(http.MethodGet, path, nil)
			r.Header.Set("Accept-Encoding", "gzip")
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != http.StatusOK {
				b.Fatalf("status %d", w.Code)
			}
		}
	})
}

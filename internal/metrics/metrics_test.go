package metrics

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func scrape(t *testing.T, r *Registry) string {
	t.Helper()
	w := httptest.NewRecorder()
	r.Handler().ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Fatalf("Content-Type %q", ct)
	}
	b, _ := io.ReadAll(w.Body)
	return string(b)
}

func hasLine(t *testing.T, text, line string) {
	t.Helper()
	for _, l := range strings.Split(text, "\n") {
		if l == line {
			return
		}
	}
	t.Errorf("no line %q in:\n%s", line, text)
}

func TestExposition(t *testing.T) {
	t.Run("counters are written with HELP, TYPE and escaped labels", func(t *testing.T) {
		r := NewRegistry()
		c := r.Counter("x_total", "Things.\nCounted.", "kind")
		c.Inc(`a"b\c`)
		c.Add(2.5, "plain")
		out := scrape(t, r)
		hasLine(t, out, `# HELP x_total Things.\nCounted.`)
		hasLine(t, out, `# TYPE x_total counter`)
		hasLine(t, out, `x_total{kind="a\"b\\c"} 1`)
		hasLine(t, out, `x_total{kind="plain"} 2.5`)
	})
	t.Run("histograms have cumulative buckets, +Inf, sum and count", func(t *testing.T) {
		r := NewRegistry()
		h := r.Histogram("lat_seconds", "Latency.", []float64{0.1, 1}, "route")
		h.Observe(0.05, "/")
		h.Observe(0.1, "/") // on a bound: counted in it (le means ≤)
		h.Observe(0.5, "/")
		h.Observe(7, "/")
		out := scrape(t, r)
		hasLine(t, out, `# TYPE lat_seconds histogram`)
		hasLine(t, out, `lat_seconds_bucket{route="/",le="0.1"} 2`)
		hasLine(t, out, `lat_seconds_bucket{route="/",le="1"} 3`)
		hasLine(t, out, `lat_seconds_bucket{route="/",le="+Inf"} 4`)
		hasLine(t, out, `lat_seconds_sum{route="/"} 7.65`)
		hasLine(t, out, `lat_seconds_count{route="/"} 4`)
	})
	t.Run("families are sorted by name and registered once", func(t *testing.T) {
		r := NewRegistry()
		r.Counter("b_total", "B.")
		r.Counter("a_total", "A.")
		out := scrape(t, r)
		if strings.Index(out, "a_total") > strings.Index(out, "b_total") {
			t.Errorf("not sorted:\n%s", out)
		}
		defer func() {
			if recover() == nil {
				t.Error("a second registration of a_total did not panic")
			}
		}()
		r.Counter("a_total", "again")
	})
}

func TestMetrics(t *testing.T) {
	t.Run("the hooks are safe on nil metrics", func(t *testing.T) {
		var m *Metrics
		m.CommentSubmitted("pending")
		m.CacheLookup("hit")
		m.RateLimited("search")
		m.ObserveRequest("/", "GET", 200, time.Millisecond)
		m.DBPools(nil)
		m.PageCache(nil)
		m.Comments(nil)
	})
	t.Run("requests, comments, cache and pools appear in the scrape", func(t *testing.T) {
		m := New()
		m.ObserveRequest("GET /{$}", "GET", 200, 3*time.Millisecond)
		m.ObserveRequest("", "BREW", 404, time.Millisecond)
		m.CommentSubmitted("pending")
		m.CommentSubmitted("pending")
		m.CacheLookup("hit")
		m.PageCache(func() CacheStats { return CacheStats{Hits: 7, Misses: 2, Entries: 3, Bytes: 4096} })
		m.DBPools(func() map[string]sql.DBStats {
			return map[string]sql.DBStats{"write": {MaxOpenConnections: 1, InUse: 1}, "read": {MaxOpenConnections: 4, Idle: 3}}
		})
		m.Comments(func(context.Context) (map[string]int64, error) {
			return map[string]int64{"approved": 12, "pending": 3}, nil
		})
		out := scrape(t, m.Registry)
		for _, line := range []string{
			`warta_http_requests_total{route="GET /{$}",method="GET",code="200"} 1`,
			`warta_http_requests_total{route="unmatched",method="OTHER",code="404"} 1`,
			`warta_http_request_duration_seconds_count{route="GET /{$}"} 1`,
			`warta_comments_submitted_total{status="pending"} 2`,
			`warta_page_cache_lookups_total{result="hit"} 1`,
			`warta_page_cache_requests_total{result="hit"} 7`,
			`warta_page_cache_requests_total{result="miss"} 2`,
			`warta_page_cache_entries 3`,
			`warta_db_connections{pool="write",state="in_use"} 1`,
			`warta_db_connections{pool="read",state="idle"} 3`,
			`warta_db_connections_max{pool="read"} 4`,
			`warta_comments{status="approved"} 12`,
			`warta_comments{status="pending"} 3`,
			`warta_comments{status="spam"} 0`,
		} {
			hasLine(t, out, line)
		}
		if !strings.Contains(out, "go_goroutines ") || !strings.Contains(out, "process_start_time_seconds ") {
			t.Errorf("process metrics missing:\n%s", out)
		}
	})
	t.Run("the page cache's stale-while-revalidate counters appear and move", func(t *testing.T) {
		m := New()
		stats := CacheStats{Hits: 5, Dropped: 2, StaleHits: 1, Refreshes: 1}
		m.PageCache(func() CacheStats { return stats })
		out := scrape(t, m.Registry)
		for _, line := range []string{
			`# TYPE warta_page_cache_stale_hits_total counter`,
			`# HELP warta_page_cache_stale_hits_total Requests answered with a stale page while one background render refreshed it (stale-while-revalidate).`,
			`warta_page_cache_stale_hits_total 1`,
			`# TYPE warta_page_cache_refreshes_total counter`,
			`# HELP warta_page_cache_refreshes_total Background renders that refreshed a stale page.`,
			`warta_page_cache_refreshes_total 1`,
			`warta_page_cache_dropped_total 2`,
			`warta_page_cache_discarded_renders_total 0`,
		} {
			hasLine(t, out, line)
		}
		stats.StaleHits, stats.Refreshes, stats.Stale = 4, 3, 1
		out = scrape(t, m.Registry)
		hasLine(t, out, `warta_page_cache_stale_hits_total 4`)
		hasLine(t, out, `warta_page_cache_refreshes_total 3`)
		hasLine(t, out, `warta_page_cache_discarded_renders_total 1`)
	})
	t.Run("a failed comment count leaves the series out instead of failing the scrape", func(t *testing.T) {
		m := New()
		m.Comments(func(context.Context) (map[string]int64, error) { return nil, errors.New("database down") })
		out := scrape(t, m.Registry)
		if strings.Contains(out, "warta_comments{") || !strings.Contains(out, "go_goroutines") {
			t.Errorf("scrape:\n%s", out)
		}
	})
}

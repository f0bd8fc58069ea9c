package metrics

import (
	"context"
	"database/sql"
	"runtime"
	"slices"
	"strconv"
	"time"
)

// Metrics is warta's set of metrics on one registry. Its methods are the
// hooks other parts call; each is safe on a nil *Metrics, so a part built
// without metrics (in a test, in a CLI command) needs no check.
type Metrics struct {
	Registry *Registry

	requests    *Counter
	duration    *Histogram
	comments    *Counter
	cache       *Counter
	rateLimited *Counter
	mailSent    *Counter // set by Mail
	mailFailed  *Counter
}

// New returns warta's metrics on a new registry, with the process metrics
// (goroutines, heap, start time) registered.
func New() *Metrics {
	r := NewRegistry()
	m := &Metrics{
		Registry: r,
		requests: r.Counter("warta_http_requests_total",
			"HTTP requests answered, by route pattern, method and status code.", "route", "method", "code"),
		duration: r.Histogram("warta_http_request_duration_seconds",
			"Time to answer an HTTP request, by route pattern.", DefaultBuckets, "route"),
		comments: r.Counter("warta_comments_submitted_total",
			"Comments stored since start, by the status they were stored with.", "status"),
		cache: r.Counter("warta_page_cache_lookups_total",
			"Page cache lookups reported through CacheLookup, by result (hit, miss, bypass).", "result"),
		rateLimited: r.Counter("warta_rate_limited_total",
			"Requests refused with 429 by a rate limit, by rule.", "rule"),
	}
	start := float64(time.Now().Unix())
	r.GaugeFunc("process_start_time_seconds", "Start time of the process since the Unix epoch, in seconds.", nil,
		func(emit Emit) { emit(start) })
	r.GaugeFunc("go_goroutines", "Number of goroutines that currently exist.", nil,
		func(emit Emit) { emit(float64(runtime.NumGoroutine())) })
	r.GaugeFunc("go_memstats_heap_alloc_bytes", "Bytes of allocated heap objects.", nil, func(emit Emit) {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		emit(float64(ms.HeapAlloc))
	})
	return m
}

// knownMethods bounds the method label: a client may send any token as a
// method, and each would otherwise become a series.
var knownMethods = []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}

// ObserveRequest records one answered request. route is the ServeMux
// pattern that matched ("" when none did).
func (m *Metrics) ObserveRequest(route, method string, status int, took time.Duration) {
	if m == nil {
		return
	}
	if route == "" {
		route = "unmatched"
	}
	if !slices.Contains(knownMethods, method) {
		method = "OTHER"
	}
	m.requests.Inc(route, method, strconv.Itoa(status))
	m.duration.Observe(took.Seconds(), route)
}

// RequestCount returns how many requests one route/method/code has seen, for tests.
func (m *Metrics) RequestCount(route, method string, status int) float64 {
	return m.requests.Value(route, method, strconv.Itoa(status))
}

// CommentSubmitted is the hook the comment write path calls after storing
// a comment, with the status it was stored with (pending, approved, spam).
func (m *Metrics) CommentSubmitted(status string) {
	if m == nil {
		return
	}
	m.comments.Inc(status)
}

// CacheLookup is the hook a cache calls per lookup with "hit", "miss" or
// "bypass". A cache that keeps its own counters registers them with
// PageCache instead.
func (m *Metrics) CacheLookup(result string) {
	if m == nil {
		return
	}
	m.cache.Inc(result)
}

// RateLimited counts one request refused by the named rate-limit rule.
func (m *Metrics) RateLimited(rule string) {
	if m == nil {
		return
	}
	m.rateLimited.Inc(rule)
}

// CacheStats is what a page cache reports at each scrape. Its fields are
// pagecache.Stats's, in the same order, so the wiring converts one into
// the other (metrics.CacheStats(cache.Stats())) and a counter added to
// the cache cannot be left out here without the build saying so.
type CacheStats struct {
	Hits      int64 // requests answered from the cache, 304s included
	Misses    int64 // cacheable requests that ran the handler
	Bypasses  int64 // requests sent around the cache
	Entries   int   // pages held now
	Bytes     int64 // approximate memory held now
	Evictions int64 // entries dropped to stay within the memory limit
	Dropped   int64 // entries dropped by an invalidation or a purge
	Stale     int64 // renders not stored because an invalidation raced them
	StaleHits int64 // requests answered with a stale page while it was refreshed
	Refreshes int64 // background renders of stale pages
}

// PageCache registers a page cache's own counters, read at each scrape
// (pagecache.Cache.Stats, converted to CacheStats by the wiring).
func (m *Metrics) PageCache(stats func() CacheStats) {
	if m == nil {
		return
	}
	m.Registry.CounterFunc("warta_page_cache_requests_total",
		"Requests seen by the page cache, by result (hit, miss, bypass).", []string{"result"}, func(emit Emit) {
			s := stats()
			emit(float64(s.Hits), "hit")
			emit(float64(s.Misses), "miss")
			emit(float64(s.Bypasses), "bypass")
		})
	m.Registry.CounterFunc("warta_page_cache_evictions_total",
		"Pages dropped from the page cache to stay within its memory limit.", nil, func(emit Emit) {
			emit(float64(stats().Evictions))
		})
	m.Registry.CounterFunc("warta_page_cache_dropped_total",
		"Pages dropped from the page cache because something they show changed (or by a purge).", nil, func(emit Emit) {
			emit(float64(stats().Dropped))
		})
	m.Registry.CounterFunc("warta_page_cache_discarded_renders_total",
		"Rendered pages not stored because a change arrived while they were rendered.", nil, func(emit Emit) {
			emit(float64(stats().Stale))
		})
	m.Registry.CounterFunc("warta_page_cache_stale_hits_total",
		"Requests answered with a stale page while one background render refreshed it (stale-while-revalidate).", nil,
		func(emit Emit) { emit(float64(stats().StaleHits)) })
	m.Registry.CounterFunc("warta_page_cache_refreshes_total",
		"Background renders that refreshed a stale page.", nil, func(emit Emit) {
			emit(float64(stats().Refreshes))
		})
	m.Registry.GaugeFunc("warta_page_cache_entries", "Pages held in the page cache.", nil, func(emit Emit) {
		emit(float64(stats().Entries))
	})
	m.Registry.GaugeFunc("warta_page_cache_bytes", "Approximate memory held by the page cache.", nil, func(emit Emit) {
		emit(float64(stats().Bytes))
	})
}

// DBPools registers the database connection pools' statistics, read at
// each scrape; stats returns them by pool name (*store.Store.PoolStats).
func (m *Metrics) DBPools(stats func() map[string]sql.DBStats) {
	if m == nil {
		return
	}
	each := func(fn func(emit Emit, pool string, s sql.DBStats)) func(Emit) {
		return func(emit Emit) {
			pools := stats()
			for _, name := range sortedKeys(pools) {
				fn(emit, name, pools[name])
			}
		}
	}
	r := m.Registry
	r.GaugeFunc("warta_db_connections", "Database connections by pool and state (in_use, idle).",
		[]string{"pool", "state"}, each(func(emit Emit, pool string, s sql.DBStats) {
			emit(float64(s.InUse), pool, "in_use")
			emit(float64(s.Idle), pool, "idle")
		}))
	r.GaugeFunc("warta_db_connections_max", "Maximum open connections of each database pool.",
		[]string{"pool"}, each(func(emit Emit, pool string, s sql.DBStats) {
			emit(float64(s.MaxOpenConnections), pool)
		}))
	r.CounterFunc("warta_db_waits_total", "Times a query waited for a free database connection.",
		[]string{"pool"}, each(func(emit Emit, pool string, s sql.DBStats) {
			emit(float64(s.WaitCount), pool)
		}))
	r.CounterFunc("warta_db_wait_seconds_total", "Time spent waiting for a free database connection.",
		[]string{"pool"}, each(func(emit Emit, pool string, s sql.DBStats) {
			emit(s.WaitDuration.Seconds(), pool)
		}))
}

// Comments registers the number of stored comments by status, counted at
// each scrape (*store.Store.CommentCounts); the pending count is the
// moderation queue's length. A failed count is left out of that scrape.
func (m *Metrics) Comments(counts func(ctx context.Context) (map[string]int64, error)) {
	if m == nil {
		return
	}
	m.Registry.GaugeFunc("warta_comments", "Stored comments by status.", []string{"status"}, func(emit Emit) {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		c, err := counts(ctx)
		if err != nil {
			return
		}
		for _, status := range []string{"pending", "approved", "spam", "trash"} {
			emit(float64(c[status]), status)
		}
	})
}

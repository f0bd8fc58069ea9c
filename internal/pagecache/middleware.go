package pagecache

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Middleware serves anonymous GET and HEAD requests from the cache and
// stores next's cacheable responses to GET.
//
// key(r) names the page; an empty key means "do not cache" and the request
// goes straight to next, untouched (PathKey and QueryKey are ready-made keys).
// bypass(r) reports a reader who must not share the cached page (a signed-in
// editor, a reader with a pending comment): the request is neither served
// from nor stored into the cache, and gets X-Cache: BYPASS and, unless next
// sets its own, Cache-Control: private, no-store. A nil bypass bypasses no one.
// Other methods pass through untouched.
//
// Concurrent misses of one key render once: the others wait for that
// render and are served what it stored (or render themselves when it stored
// nothing).
//
// On a hit the response is written from memory: the variant chosen by
// Accept-Encoding, a strong ETag (If-None-Match answers 304), Vary,
// Content-Length, Cache-Control, Surrogate-Key and X-Cache: HIT. On a miss
// next renders into a buffer; the response is stored when
//   - the status is 200, or 301 or 404 and the handler called Tag;
//   - the handler did not call NoStore and set no Set-Cookie;
//   - its own Cache-Control (kept when set) has no private, no-store or no-cache;
//   - it sets no Content-Encoding and no Vary other than Accept-Encoding;
//   - no tag it carries was invalidated while it rendered.
//
// With Options.ServeStale, a stored page that Invalidate marked stale is
// served with X-Cache: STALE while one background render (a GET of the same
// URL with the reader's headers, run whatever became of the reader's
// request) refreshes it; see Own for the pages that are dropped instead.
//
// A stored response is served like a hit, with X-Cache: MISS; any other is
// written as next wrote it, with X-Cache: MISS and, unless next set its own,
// Cache-Control: private, no-store. A HEAD that misses is passed to next and
// not stored, since handlers may omit the body for HEAD.
//
// next must not stream: its output is buffered whole.
func (c *Cache) Middleware(key func(*http.Request) string, bypass func(*http.Request) bool, next http.Handler) http.Handler {
	return &middleware{c: c, key: key, bypass: bypass, next: next}
}

type middleware struct {
	c      *Cache
	key    func(*http.Request) string
	bypass func(*http.Request) bool
	next   http.Handler
}

func (m *middleware) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		m.next.ServeHTTP(w, r)
		return
	}
	if m.bypass != nil && m.bypass(r) {
		m.c.bypasses.Add(1)
		h := w.Header()
		h["X-Cache"] = bypassValues
		if _, ok := h["Cache-Control"]; !ok {
			h["Cache-Control"] = noStoreValues
		}
		m.next.ServeHTTP(w, r)
		return
	}
	key := m.key(r)
	if key == "" {
		m.next.ServeHTTP(w, r)
		return
	}
	c := m.c
	if e := c.get(key); e != nil {
		m.serveStored(w, r, e)
		return
	}
	if r.Method == http.MethodHead {
		c.misses.Add(1)
		w.Header()["X-Cache"] = missValues
		m.next.ServeHTTP(w, r)
		return
	}
	// Readers asking for a page another is rendering wait for it rather
	// than render it too: when a popular page is dropped, one render
	// refills it instead of one per reader.
	f, leader := c.flights.join(key)
	finish := func() {}
	if !leader {
		select {
		case <-f.done:
		case <-r.Context().Done():
		}
		if e := c.get(key); e != nil {
			m.serveStored(w, r, e)
			return
		}
		// Not stored (not cacheable, or changed meanwhile): render it.
	} else {
		// Landed once the page is stored (or known not to be), before
		// it is written to this reader, who may be slow; and if the
		// handler panics.
		landed := false
		finish = func() {
			if !landed {
				landed = true
				c.flights.land(key, f)
			}
		}
		defer finish()
	}
	c.misses.Add(1)

	// Remember the generation before the handler reads anything, so an
	// invalidation committed during the render marks the result stale.
	start := c.generation()
	col := &collector{}
	rec := &recorder{header: make(http.Header), buf: bufPool.Get().(*bytes.Buffer)}
	defer putBuffer(rec.buf)
	m.next.ServeHTTP(rec, r.WithContext(context.WithValue(r.Context(), collectorKey{}, col)))
	if !rec.wroteHeader {
		rec.WriteHeader(http.StatusOK)
	}

	tags, own, ok := col.result(rec.status)
	if c.requireTags && len(tags) == 0 {
		ok = false
	}
	if ok && storable(rec.final) {
		e := c.newEntry(key, rec.status, rec.final, rec.buf.Bytes(), tags, own)
		stored := c.put(e, start)
		finish()
		serve(w, r, e, missValues)
		if stored {
			// After this reader's answer, which is gzip at most.
			c.queueBrotli(e)
		}
		return
	}
	finish()
	writeRecorded(w, rec)
}

// serveStored answers r with the stored page e: a hit, or, when e is
// stale, the stale page while one background render refreshes it.
func (m *middleware) serveStored(w http.ResponseWriter, r *http.Request, e *entry) {
	if !e.stale.Load() {
		m.c.hits.Add(1)
		serve(w, r, e, hitValues)
		return
	}
	m.c.staleHits.Add(1)
	m.refresh(r, e)
	serve(w, r, e, staleValues)
}

// refresh renders the page of the stale entry e again in the background,
// as a GET of r's URL with r's headers, unless a render of it is in flight
// already: one render per page, however many readers come meanwhile. The
// new page replaces e when it is stored; an answer that is not stored (the
// article is gone: 404, or an error) drops e, so the next reader gets what
// the site answers now.
func (m *middleware) refresh(r *http.Request, e *entry) {
	c := m.c
	f, leader := c.flights.join(e.key)
	if !leader {
		return
	}
	c.refreshes.Add(1)
	// The reader's request ends with its answer; the refresh keeps its
	// values (request id, logger) but not its cancellation.
	ctx := context.WithoutCancel(r.Context())
	req := r.Clone(ctx)
	req.Method = http.MethodGet
	// Before the render reads anything, as for a miss.
	start := c.generation()
	go func() {
		defer c.flights.land(e.key, f)
		defer func() {
			if p := recover(); p != nil {
				c.log.Error("pagecache: refreshing a stale page panicked", "key", e.key, "panic", p)
				c.dropStale(e)
			}
		}()
		col := &collector{}
		rec := &recorder{header: make(http.Header), buf: bufPool.Get().(*bytes.Buffer)}
		defer putBuffer(rec.buf)
		m.next.ServeHTTP(rec, req.WithContext(context.WithValue(ctx, collectorKey{}, col)))
		if !rec.wroteHeader {
			rec.WriteHeader(http.StatusOK)
		}
		tags, own, ok := col.result(rec.status)
		if c.requireTags && len(tags) == 0 {
			ok = false
		}
		if ok && storable(rec.final) {
			// Not stored when an invalidation raced it: e stays stale
			// and the next reader asks again.
			if fresh := c.newEntry(e.key, rec.status, rec.final, rec.buf.Bytes(), tags, own); c.put(fresh, start) {
				c.queueBrotli(fresh)
			}
			return
		}
		c.dropStale(e)
	}()
}

// serve writes e, or 304 when If-None-Match matches the chosen variant.
// It allocates nothing beyond what the header map needs to grow.
func serve(w http.ResponseWriter, r *http.Request, e *entry, xcache []string) {
	hit := &xcache[0] == &hitValues[0]
	v := e.pick(r.Header["Accept-Encoding"])
	h := w.Header()
	for _, f := range e.meta {
		h[f.key] = f.values
	}
	h["X-Cache"] = xcache
	if v.etag != nil {
		h["Etag"] = v.etag
		if inm := r.Header["If-None-Match"]; inm != nil && noneMatch(inm, v.etag[0]) {
			if hit {
				noteHit(r, v, slotNotModified)
			}
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	for _, f := range e.rep {
		h[f.key] = f.values
	}
	h["Content-Length"] = v.length
	if v.encoding != nil {
		h["Content-Encoding"] = v.encoding
	}
	if hit {
		if r.Method == http.MethodHead {
			noteHit(r, v, slotHead)
		} else {
			noteHit(r, v, slotGet)
		}
	}
	w.WriteHeader(e.status)
	if r.Method != http.MethodHead {
		// The client may have gone; nothing useful to do about it here.
		_, _ = w.Write(v.body)
	}
}

// writeRecorded writes a response that is not stored as the handler made it.
func writeRecorded(w http.ResponseWriter, rec *recorder) {
	h := w.Header()
	for k, v := range rec.final {
		h[k] = v
	}
	h["X-Cache"] = missValues
	if _, ok := h["Cache-Control"]; !ok {
		h["Cache-Control"] = noStoreValues
	}
	_, hasLen := h["Content-Length"]
	_, chunked := h["Transfer-Encoding"]
	if !hasLen && !chunked && rec.status >= 200 && rec.status != http.StatusNoContent && rec.status != http.StatusNotModified {
		h["Content-Length"] = []string{strconv.Itoa(rec.buf.Len())}
	}
	w.WriteHeader(rec.status)
	_, _ = w.Write(rec.buf.Bytes())
}

// storable reports whether a response's headers allow sharing it.
func storable(h http.Header) bool {
	if _, ok := h["Set-Cookie"]; ok {
		return false
	}
	if _, ok := h["Content-Encoding"]; ok {
		return false
	}
	for _, v := range h["Cache-Control"] {
		v = strings.ToLower(v)
		if strings.Contains(v, "private") || strings.Contains(v, "no-store") || strings.Contains(v, "no-cache") {
			return false
		}
	}
	for _, v := range h["Vary"] {
		for _, f := range strings.Split(v, ",") {
			if f = strings.TrimSpace(f); f != "" && !strings.EqualFold(f, "Accept-Encoding") {
				return false
			}
		}
	}
	return true
}

// recorder buffers a handler's response.
type recorder struct {
	header      http.Header
	final       http.Header // header as it was at WriteHeader, like net/http
	status      int
	wroteHeader bool
	buf         *bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(code int) {
	if r.wroteHeader || (code >= 100 && code < 200) {
		return // informational responses (103 Early Hints) are not replayed
	}
	r.status, r.wroteHeader = code, true
	r.final = r.header.Clone()
}

func (r *recorder) Write(p []byte) (int, error) {
	if !r.wroteHeader {
		r.WriteHeader(http.StatusOK)
	}
	return r.buf.Write(p)
}

func (r *recorder) WriteString(s string) (int, error) {
	if !r.wroteHeader {
		r.WriteHeader(http.StatusOK)
	}
	return r.buf.WriteString(s)
}

type collectorKey struct{}

// collector gathers what a handler says about the page it renders.
type collector struct {
	mu      sync.Mutex
	tags    []string
	own     []string
	noStore bool
}

// result returns the page's sorted, deduplicated tags, those of them it
// owns, and whether the handler's say-so allows storing a response with
// this status.
func (c *collector) result(status int) (tags, own []string, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.noStore {
		return nil, nil, false
	}
	clean := func(list []string) []string {
		list = slices.Compact(slices.Sorted(slices.Values(list)))
		return slices.DeleteFunc(list, func(t string) bool { return t == "" || t == AllTag })
	}
	tags, own = clean(c.tags), clean(c.own)
	switch status {
	case http.StatusOK:
		return tags, own, true
	case http.StatusMovedPermanently, http.StatusNotFound:
		return tags, own, len(c.tags) > 0
	}
	return nil, nil, false
}

// Tag records that the page being rendered shows what tags name, so that
// Invalidate of any of them drops it. Tags are short tokens without spaces,
// such as "article:12", "author:3", "term:7", "front". Call it from a
// handler below Middleware, before the handler returns; it is safe from
// several goroutines and a no-op when ctx did not come through Middleware.
func Tag(ctx context.Context, tags ...string) {
	if c, ok := ctx.Value(collectorKey{}).(*collector); ok {
		c.mu.Lock()
		c.tags = append(c.tags, tags...)
		c.mu.Unlock()
	}
}

// Own is Tag for what the page is the page of (an article's own page, an
// archive's term or author): with Options.ServeStale, invalidating one of
// these tags drops the page at once instead of serving it stale, since
// what it shows may be gone (trashed, unpublished, deleted) and must not be
// shown again. It is a no-op when ctx did not come through Middleware.
func Own(ctx context.Context, tags ...string) {
	if c, ok := ctx.Value(collectorKey{}).(*collector); ok {
		c.mu.Lock()
		c.tags = append(c.tags, tags...)
		c.own = append(c.own, tags...)
		c.mu.Unlock()
	}
}

// NoStore marks the response being rendered as not cacheable (a form
// re-rendered with the reader's text and errors, say). It is a no-op when
// ctx did not come through Middleware.
func NoStore(ctx context.Context) {
	if c, ok := ctx.Value(collectorKey{}).(*collector); ok {
		c.mu.Lock()
		c.noStore = true
		c.mu.Unlock()
	}
}

// PathKey keys a request by its URL path, and declines ("") a request with
// a query string, so /?utm_source=… or /search?q=… is never cached.
func PathKey(r *http.Request) string {
	if r.URL.RawQuery != "" {
		return ""
	}
	return r.URL.Path
}

// QueryKey keys a request by its URL path and its query with parameters
// sorted (so ?b=2&a=1 and ?a=1&b=2 share an entry). It declines ("") a
// malformed query. Every distinct query is a new entry, so use it only for
// routes whose queries are few.
func QueryKey(r *http.Request) string {
	if r.URL.RawQuery == "" {
		return r.URL.Path
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return ""
	}
	return r.URL.Path + "?" + q.Encode()
}

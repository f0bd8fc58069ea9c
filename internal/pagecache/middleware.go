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
		c.hits.Add(1)
		serve(w, r, e, hitValues)
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
			c.hits.Add(1)
			serve(w, r, e, hitValues)
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

	tags, ok := col.result(rec.status)
	if c.requireTags && len(tags) == 0 {
		ok = false
	}
	if ok && storable(rec.final) {
		e := c.newEntry(key, rec.status, rec.final, rec.buf.Bytes(), tags)
		c.put(e, start)
		finish()
		serve(w, r, e, missValues)
		return
	}
	finish()
	writeRecorded(w, rec)
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
	noStore bool
}

// result returns the page's sorted, deduplicated tags and whether the
// handler's say-so allows storing a response with this status.
func (c *collector) result(status int) ([]string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.noStore {
		return nil, false
	}
	tags := slices.Compact(slices.Sorted(slices.Values(c.tags)))
	tags = slices.DeleteFunc(tags, func(t string) bool { return t == "" || t == AllTag })
	switch status {
	case http.StatusOK:
		return tags, true
	case http.StatusMovedPermanently, http.StatusNotFound:
		return tags, len(c.tags) > 0
	}
	return nil, false
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

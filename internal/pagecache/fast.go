package pagecache

import (
	"context"
	"net/http"
	"sync/atomic"
)

// A server may answer cache hits at the connection, without building an
// *http.Request or running its middleware, once it has seen what the whole
// chain answers for a hit: FastHit finds the stored page and what the
// server prepared for it, NoteHit and Prepare let the server attach that to
// the page the chain served. The attachment lives with the stored page, so
// it goes when the page is dropped or replaced.

// fastSlots are the answers a variant can give: 200 to GET, 200 to HEAD,
// 304 to either.
const (
	slotGet = iota
	slotHead
	slotNotModified
	fastSlots
)

// HitNote records which stored answer Middleware served, for Prepare.
type HitNote struct {
	v    *variant
	slot int
}

type hitNoteKey struct{}

// NoteHit returns ctx carrying a note that Middleware fills when it answers
// the request with a hit.
func NoteHit(ctx context.Context) (context.Context, *HitNote) {
	n := &HitNote{}
	return context.WithValue(ctx, hitNoteKey{}, n), n
}

// Served reports whether the noted request was answered with a hit.
func (n *HitNote) Served() bool { return n.v != nil }

// Prepare attaches data to the stored answer the noted request got, for
// FastHit to return with it. It does nothing when the request was not
// answered with a hit.
func (n *HitNote) Prepare(data any) {
	if n.v != nil {
		n.v.fast[n.slot].Store(&data)
	}
}

func noteHit(r *http.Request, v *variant, slot int) {
	if n, ok := r.Context().Value(hitNoteKey{}).(*HitNote); ok {
		n.v, n.slot = v, slot
	}
}

// FastHit returns what Middleware would answer from the cache to an
// anonymous GET (or HEAD, when head) of key with these Accept-Encoding and
// If-None-Match header lines, if the server has prepared it: the data it
// attached with Prepare, and the body (nil for HEAD and 304). ok is false
// when the page is not stored or nothing was prepared for this answer; then
// nothing is counted. When ok, the lookup counts as a hit and marks the
// page most recently used, as Middleware does.
func (c *Cache) FastHit(key string, head bool, acceptEncoding, ifNoneMatch []string) (data any, body []byte, ok bool) {
	c.mu.Lock()
	e := c.entries[key]
	c.mu.Unlock()
	if e == nil || e.stale.Load() {
		return nil, nil, false // a stale page goes through Middleware, which refreshes it
	}
	v := e.pick(acceptEncoding)
	slot := slotGet
	switch {
	case v.etag != nil && ifNoneMatch != nil && noneMatch(ifNoneMatch, v.etag[0]):
		slot = slotNotModified
	case head:
		slot = slotHead
	}
	p := v.fast[slot].Load()
	if p == nil {
		return nil, nil, false
	}
	if c.get(key) != e {
		return nil, nil, false // replaced or dropped meanwhile
	}
	c.hits.Add(1)
	if slot == slotGet {
		body = v.body
	}
	return *p, body, true
}

// fastData is the attachment slots of a variant.
type fastData [fastSlots]atomic.Pointer[any]

// Has reports whether a page is stored under key.
func (c *Cache) Has(key string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.entries[key] != nil
}

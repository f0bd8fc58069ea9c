// Package pagecache keeps rendered public pages in memory so that a cached
// article is served about as fast as a web server serves a file.
//
// A page is stored once, with its gzip and brotli variants and a strong ETag
// computed at store time; a hit only picks a variant and writes bytes. Every
// entry carries tags naming what it shows ("article:12", "author:3",
// "term:7", "front", "feed", "settings"), and Invalidate drops precisely the
// entries carrying a tag. Memory is bounded by a byte budget with
// least-recently-used eviction.
//
// Every entry also carries the implicit tag AllTag: Invalidate(AllTag) drops
// everything (as Purge does) and, with a purge webhook, asks the CDN to drop
// everything too. A page rendered without any Tag call is therefore still
// cached, and only Purge or Invalidate(AllTag) remove it: handlers must tag
// what they show, or call NoStore.
//
// The package imports nothing from warta; the caller decides the key, who
// bypasses the cache, and when to invalidate.
package pagecache

import (
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// AllTag is carried by every entry. Invalidate(AllTag) drops the whole cache
// and, with a purge webhook, sends {"tags":["all"]} so the CDN purges
// everything as well. It is also listed in every Surrogate-Key header.
const AllTag = "all"

// maxTagGens bounds the per-tag invalidation record used to detect renders
// that raced with an invalidation; past it the record is replaced by one
// floor generation (see Cache.invalidateLocked).
const maxTagGens = 4096

// entryOverhead approximates the bytes an entry costs beyond its bodies,
// key, headers and tags: the struct, map slots, list links, slice headers.
const entryOverhead = 256

// Options configure a Cache. The zero value is usable.
type Options struct {
	// MaxBytes bounds the memory held by entries (all variants, keys,
	// headers and tags, approximately). Zero or negative means 64 MiB.
	MaxBytes int64
	// SMaxAge is the s-maxage CDNs are told to keep a cacheable page.
	// Zero means 60s; negative means s-maxage=0.
	SMaxAge time.Duration
	// StaleWhileRevalidate is how long a CDN may serve a stale page while it
	// refetches. Zero means 300s; negative omits the directive.
	StaleWhileRevalidate time.Duration
	// PurgeWebhook, when set, receives POST {"tags":[…]} in the background
	// after Invalidate (not InvalidateLocal or Purge).
	PurgeWebhook string
	// HTTPClient posts to PurgeWebhook. Nil means http.DefaultClient; each
	// post is also bounded by a 10-second timeout.
	HTTPClient *http.Client
	// Logger receives webhook failures. Nil means slog.Default().
	Logger *slog.Logger
	// RequireTags stores only responses whose handler called Tag: with the
	// middleware in front of a whole mux, a handler that knows nothing of
	// the cache (an admin screen, an API) is then never stored.
	RequireTags bool
	// ServeStale keeps a page that Invalidate names, marked stale: the
	// next reader is served it while one background render refreshes it,
	// so a change that touches many pages (a new article on every list, a
	// renamed section) costs no reader a render. A tag the page's handler
	// gave to Own still drops it at once: the page of a trashed article
	// must be gone, not shown once more.
	ServeStale bool
}

// Stats is a snapshot of a Cache's counters, for metrics.
type Stats struct {
	Hits      int64 // requests answered from the cache, 304s included
	Misses    int64 // cacheable requests that ran the handler
	Bypasses  int64 // requests the bypass predicate sent around the cache
	Entries   int   // pages held now
	Bytes     int64 // approximate memory held now
	Evictions int64 // entries dropped to stay within MaxBytes
	Dropped   int64 // entries dropped by Invalidate, InvalidateLocal or Purge
	Stale     int64 // renders not stored because an invalidation raced them
	StaleHits int64 // requests answered with a stale page while it was refreshed
	Refreshes int64 // background renders of stale pages
}

// Cache is an in-memory page cache. Create it with New; it is safe for
// concurrent use. Call Close when done if a purge webhook is configured.
type Cache struct {
	maxBytes     int64
	requireTags  bool
	serveStale   bool
	cacheControl []string // default Cache-Control of cacheable responses
	log          *slog.Logger
	hook         *webhook // nil without Options.PurgeWebhook

	mu      sync.Mutex
	entries map[string]*entry
	index   map[string]map[*entry]struct{} // tag → entries carrying it
	lru     entry                          // sentinel: lru.next is the most recently used
	bytes   int64

	// gen counts invalidations. A render remembers gen when it starts; it is
	// stale if any of its tags was invalidated later (tagGen[tag] > start)
	// or if everything was (floor > start). Written under mu, read without.
	gen    atomic.Uint64
	tagGen map[string]uint64
	floor  uint64

	hits, misses, bypasses, evictions, dropped, stale atomic.Int64
	staleHits, refreshes                              atomic.Int64

	flights flights // renders in progress, by key
	brotli  brotliQueue
}

// flights are the renders in progress, so that readers missing the same
// page wait for one render.
type flights struct {
	mu sync.Mutex
	m  map[string]*flight
}

// flight is one render in progress; done closes when it has ended.
type flight struct{ done chan struct{} }

// join returns the render in progress for key and false, or starts one
// and returns it and true: the caller then renders and calls land.
func (fs *flights) join(key string) (*flight, bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if f, ok := fs.m[key]; ok {
		return f, false
	}
	if fs.m == nil {
		fs.m = map[string]*flight{}
	}
	f := &flight{done: make(chan struct{})}
	fs.m[key] = f
	return f, true
}

// land ends the render f of key and wakes its waiters.
func (fs *flights) land(key string, f *flight) {
	fs.mu.Lock()
	delete(fs.m, key)
	fs.mu.Unlock()
	close(f.done)
}

// New returns an empty Cache configured by opts and, when opts.PurgeWebhook
// is set, starts the webhook's background worker (stopped by Close).
func New(opts Options) *Cache {
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = 64 << 20
	}
	if opts.SMaxAge == 0 {
		opts.SMaxAge = 60 * time.Second
	}
	if opts.StaleWhileRevalidate == 0 {
		opts.StaleWhileRevalidate = 300 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	cc := "public, max-age=0, s-maxage=" + strconv.FormatInt(int64(max(opts.SMaxAge, 0)/time.Second), 10)
	if opts.StaleWhileRevalidate > 0 {
		cc += ", stale-while-revalidate=" + strconv.FormatInt(int64(opts.StaleWhileRevalidate/time.Second), 10)
	}
	c := &Cache{
		maxBytes:     opts.MaxBytes,
		requireTags:  opts.RequireTags,
		serveStale:   opts.ServeStale,
		cacheControl: []string{cc},
		log:          opts.Logger,
		entries:      make(map[string]*entry),
		index:        make(map[string]map[*entry]struct{}),
		tagGen:       make(map[string]uint64),
	}
	c.lru.next, c.lru.prev = &c.lru, &c.lru
	if opts.PurgeWebhook != "" {
		c.hook = newWebhook(opts.PurgeWebhook, opts.HTTPClient, opts.Logger)
	}
	return c
}

// Invalidate drops every entry carrying any of tags (with
// Options.ServeStale, marks it stale unless the tag is one of its own), and
// makes renders that are in flight and show one of them not be stored. Call it after the change
// is committed. Invalidate(AllTag) drops everything.
//
// With a purge webhook the tags are also queued for the CDN and never waited
// for: a background worker batches what arrives within 50 ms into one POST
// {"tags":[…]}, logs failures without retrying (s-maxage bounds what the
// CDN keeps), and when its queue is full posts {"tags":["all"]} instead of
// losing tags.
func (c *Cache) Invalidate(tags ...string) {
	if len(tags) == 0 {
		return
	}
	c.InvalidateLocal(tags...)
	if c.hook != nil {
		c.hook.enqueue(tags)
	}
}

// InvalidateLocal is Invalidate without the purge webhook: use it for
// invalidations announced by another instance (PostgreSQL NOTIFY), which has
// already told the CDN.
func (c *Cache) InvalidateLocal(tags ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, t := range tags {
		if t == AllTag {
			c.purgeLocked()
			continue
		}
		g := c.gen.Add(1)
		c.tagGen[t] = g
		for e := range c.index[t] {
			if c.serveStale && !slices.Contains(e.own, t) {
				e.stale.Store(true) // served until its refresh lands
				continue
			}
			c.removeLocked(e)
			c.dropped.Add(1)
		}
	}
	if len(c.tagGen) > maxTagGens {
		// Forget per-tag generations and treat every render started before
		// now as stale. That refuses a few good renders once, never a stale one.
		clear(c.tagGen)
		c.floor = c.gen.Load()
	}
}

// Purge drops every entry, and makes renders in flight not be stored. It
// does not call the purge webhook; use Invalidate(AllTag) to purge the CDN too.
func (c *Cache) Purge() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.purgeLocked()
}

func (c *Cache) purgeLocked() {
	c.floor = c.gen.Add(1)
	clear(c.tagGen)
	c.dropped.Add(int64(len(c.entries)))
	clear(c.entries)
	clear(c.index)
	c.lru.next, c.lru.prev = &c.lru, &c.lru
	c.bytes = 0
}

// Stats returns a snapshot of the counters.
func (c *Cache) Stats() Stats {
	c.mu.Lock()
	n, b := len(c.entries), c.bytes
	c.mu.Unlock()
	return Stats{
		Hits:      c.hits.Load(),
		Misses:    c.misses.Load(),
		Bypasses:  c.bypasses.Load(),
		Entries:   n,
		Bytes:     b,
		Evictions: c.evictions.Load(),
		Dropped:   c.dropped.Load(),
		Stale:     c.stale.Load(),
		StaleHits: c.staleHits.Load(),
		Refreshes: c.refreshes.Load(),
	}
}

// Close stops the purge webhook worker after it has posted what is already
// queued (each post bounded by its timeout). Later invalidations still drop
// local entries but are not posted. Close is idempotent; without a webhook
// it does nothing.
func (c *Cache) Close() {
	if c.hook != nil {
		c.hook.close()
	}
}

// generation returns the value a render must remember before it starts.
func (c *Cache) generation() uint64 { return c.gen.Load() }

// get returns the entry under key, marking it most recently used, or nil.
// Entries are immutable, so the caller may use it after it is dropped.
func (c *Cache) get(key string) *entry {
	c.mu.Lock()
	e := c.entries[key]
	if e != nil && c.lru.next != e {
		e.unlink()
		c.pushFrontLocked(e)
	}
	c.mu.Unlock()
	return e
}

// put stores e under its key unless a tag it carries (or everything) was
// invalidated after start, or it alone exceeds the budget. It evicts least
// recently used entries to fit and reports whether e was stored.
func (c *Cache) put(e *entry, start uint64) bool {
	if e.size > c.maxBytes {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.staleLocked(e.tags, start) {
		c.stale.Add(1)
		return false
	}
	if old := c.entries[e.key]; old != nil {
		c.removeLocked(old)
	}
	c.entries[e.key] = e
	c.pushFrontLocked(e)
	for _, t := range e.tags {
		set := c.index[t]
		if set == nil {
			set = make(map[*entry]struct{})
			c.index[t] = set
		}
		set[e] = struct{}{}
	}
	c.bytes += e.size
	for c.bytes > c.maxBytes && c.lru.prev != e {
		c.removeLocked(c.lru.prev)
		c.evictions.Add(1)
	}
	return true
}

func (c *Cache) staleLocked(tags []string, start uint64) bool {
	if c.floor > start {
		return true
	}
	for _, t := range tags {
		if c.tagGen[t] > start {
			return true
		}
	}
	return false
}

func (c *Cache) removeLocked(e *entry) {
	if c.entries[e.key] != e {
		return
	}
	delete(c.entries, e.key)
	e.unlink()
	for _, t := range e.tags {
		set := c.index[t]
		delete(set, e)
		if len(set) == 0 {
			delete(c.index, t)
		}
	}
	c.bytes -= e.size
}

func (c *Cache) pushFrontLocked(e *entry) {
	e.prev, e.next = &c.lru, c.lru.next
	c.lru.next.prev = e
	c.lru.next = e
}

func (e *entry) unlink() {
	e.prev.next, e.next.prev = e.next, e.prev
	e.prev, e.next = nil, nil
}

// surrogateKey lists tags for the Surrogate-Key header, AllTag included.
func surrogateKey(tags []string) string {
	var b strings.Builder
	for _, t := range tags {
		b.WriteString(t)
		b.WriteByte(' ')
	}
	b.WriteString(AllTag)
	return b.String()
}

// dropStale drops e when it is still the stale page under its key: its
// refresh answered with something that is not stored (a 404 now, an
// error), which the next reader must get rather than the old page.
func (c *Cache) dropStale(e *entry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries[e.key] == e && e.stale.Load() {
		c.removeLocked(e)
		c.dropped.Add(1)
	}
}

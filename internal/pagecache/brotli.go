package pagecache

import "sync"

// brotliQueueMax bounds the pages waiting for their brotli variant; past it
// a page is served in gzip (and identity) only, rather than holding memory
// for a compressor that cannot keep up.
const brotliQueueMax = 1024

// brotliQueue makes the brotli variants of stored pages in the background,
// one page at a time on one goroutine that runs only while there is work:
// a miss never waits for brotli, and a burst of misses costs one core at
// most for it.
type brotliQueue struct {
	mu      sync.Mutex
	pending []*entry
	running bool
	idle    sync.Cond // signalled when the queue empties
}

// queueBrotli asks for the brotli variant of e, which is stored; nothing
// is made when e does not want one.
func (c *Cache) queueBrotli(e *entry) {
	if !e.wantBrotli {
		return
	}
	q := &c.brotli
	q.mu.Lock()
	if len(q.pending) >= brotliQueueMax {
		q.mu.Unlock()
		return
	}
	q.pending = append(q.pending, e)
	start := !q.running
	q.running = true
	q.mu.Unlock()
	if start {
		go c.compressQueued()
	}
}

func (c *Cache) compressQueued() {
	q := &c.brotli
	for {
		q.mu.Lock()
		if len(q.pending) == 0 {
			q.running = false
			if q.idle.L != nil {
				q.idle.Broadcast()
			}
			q.mu.Unlock()
			return
		}
		e := q.pending[0]
		q.pending[0] = nil
		q.pending = q.pending[1:]
		q.mu.Unlock()
		c.addBrotli(e)
	}
}

// addBrotli compresses e and attaches the variant when it saves at least a
// tenth and e is still the page stored under its key.
func (c *Cache) addBrotli(e *entry) {
	c.mu.Lock()
	current := c.entries[e.key] == e
	c.mu.Unlock()
	if !current {
		return // dropped or replaced while it waited
	}
	body := e.identity.body
	br := compressBrotli(body)
	if len(br) >= len(body)*9/10 {
		return
	}
	v := &variant{body: br, encoding: brotliValues}
	n := e.finishVariant(v, "-br")
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries[e.key] != e {
		return
	}
	e.br.Store(v)
	e.size += n
	c.bytes += n
	for c.bytes > c.maxBytes && c.lru.prev != e {
		c.removeLocked(c.lru.prev)
		c.evictions.Add(1)
	}
}

// Settle waits until every stored page has the brotli variant it is going
// to get. Serving never needs it; tests and benchmarks that look for a
// page's brotli answer call it first.
func (c *Cache) Settle() {
	q := &c.brotli
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.idle.L == nil {
		q.idle.L = &q.mu
	}
	for q.running {
		q.idle.Wait()
	}
}

package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"warta/internal/httpx"
	"warta/internal/store"
)

// Most-read counts ("Terpopuler"). A story page asks its reader's browser
// to send one beacon, POST /views/{id}, after it loaded: the page itself
// stays a cached page on the fast path, shared by every reader, and no
// cookie is set. The site counts the beacon in memory, once per reader,
// story and hour — a reader is a hash of the address and user agent with a
// salt that lives in memory and changes every day, so nothing personal is
// kept or written — and adds the counts to the store in batches (RunViews).
// Bots that say so, and browsers driven by tools (headless, Lighthouse),
// are not counted.

// TagPopular names the most-read lists, on the front page: RunViews drops
// pages tagged with it when the lists change.
const TagPopular = "popular"

// Windows of the most-read lists and how many stories each shows.
const (
	popularDay   = 24 * time.Hour
	popularWeek  = 7 * 24 * time.Hour
	popularCount = 5
	// seenMax bounds the readers remembered in an hour; past it a repeated
	// read counts again rather than memory growing without end.
	seenMax = 1 << 20
)

// viewCounter holds the reads counted since the last flush.
type viewCounter struct {
	mu       sync.Mutex
	counts   map[viewKey]int64
	seen     map[uint64]struct{} // readers of a story this hour, hashed
	seenHour int64
	salt     [16]byte
	saltDay  string
}

type viewKey struct {
	article int64
	hour    int64 // Unix seconds of the hour's start
}

// add counts a read of article by client at now, unless client already
// read it this hour. It reports whether the read counted.
func (c *viewCounter) add(article int64, client string, now time.Time) bool {
	now = now.UTC()
	hour := now.Truncate(time.Hour).Unix()
	c.mu.Lock()
	defer c.mu.Unlock()
	if day := now.Format(time.DateOnly); day != c.saltDay {
		_, _ = rand.Read(c.salt[:])
		c.saltDay = day
	}
	if hour != c.seenHour || c.seen == nil {
		c.seen, c.seenHour = map[uint64]struct{}{}, hour
	}
	sum := sha256.New()
	sum.Write(c.salt[:])
	sum.Write([]byte(client))
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(article))
	binary.BigEndian.PutUint64(b[8:], uint64(hour))
	sum.Write(b[:])
	id := binary.BigEndian.Uint64(sum.Sum(nil))
	if _, ok := c.seen[id]; ok {
		return false
	}
	if len(c.seen) < seenMax {
		c.seen[id] = struct{}{}
	}
	if c.counts == nil {
		c.counts = map[viewKey]int64{}
	}
	c.counts[viewKey{article, hour}]++
	return true
}

// take empties the counts and returns them.
func (c *viewCounter) take() []store.ViewCount {
	c.mu.Lock()
	counts := c.counts
	c.counts = nil
	c.mu.Unlock()
	out := make([]store.ViewCount, 0, len(counts))
	for k, n := range counts {
		out = append(out, store.ViewCount{ArticleID: k.article, Hour: time.Unix(k.hour, 0).UTC(), Views: n})
	}
	slices.SortFunc(out, func(a, b store.ViewCount) int { // one lock order for concurrent flushes
		if a.ArticleID != b.ArticleID {
			return int(a.ArticleID - b.ArticleID)
		}
		return a.Hour.Compare(b.Hour)
	})
	return out
}

// putBack returns counts a failed flush could not store, to try again.
func (c *viewCounter) putBack(counts []store.ViewCount) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.counts == nil {
		c.counts = map[viewKey]int64{}
	}
	for _, v := range counts {
		c.counts[viewKey{v.ArticleID, v.Hour.Unix()}] += v.Views
	}
}

// notCounted are parts of user agents that are not readers: crawlers and
// previews that say so, and browsers driven by tools.
var notCounted = []string{"bot", "crawl", "spider", "slurp", "preview", "facebookexternalhit", "headless",
	"lighthouse", "pingdom", "monitor", "curl/", "wget/", "python-", "go-http-client", "okhttp", "java/"}

// isBot reports whether a request's user agent is not a reader's browser.
func isBot(ua string) bool {
	if ua == "" {
		return true
	}
	ua = strings.ToLower(ua)
	for _, s := range notCounted {
		if strings.Contains(ua, s) {
			return true
		}
	}
	return false
}

// countView answers a story page's beacon, POST /views/{id}, with 204. It
// never fails the reader: a malformed id or a bot is simply not counted.
func (h *Handler) countView(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err == nil && id > 0 && !isBot(r.UserAgent()) {
		h.views.add(id, httpx.ClientIP(r)+"\x00"+r.UserAgent(), h.now())
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// popularIDs are the most-read lists as last read from the store.
type popularIDs struct {
	Day, Week []int64
}

// RefreshPopular reads the most-read lists again and reports whether they
// differ from those the pages show.
func (h *Handler) RefreshPopular(ctx context.Context) (bool, error) {
	now := h.now()
	day, err := h.store.MostRead(ctx, now.Add(-popularDay), popularCount)
	if err != nil {
		return false, err
	}
	week, err := h.store.MostRead(ctx, now.Add(-popularWeek), popularCount)
	if err != nil {
		return false, err
	}
	next := &popularIDs{Day: day, Week: week}
	old := h.popular.Swap(next)
	return old == nil || !slices.Equal(old.Day, day) || !slices.Equal(old.Week, week), nil
}

// FlushViews adds the reads counted since the last flush to the store; on
// failure they are kept for the next.
func (h *Handler) FlushViews(ctx context.Context) error {
	counts := h.views.take()
	if err := h.store.AddViews(ctx, counts); err != nil {
		h.views.putBack(counts)
		return err
	}
	return nil
}

// ViewOptions tune RunViews.
type ViewOptions struct {
	Flush   time.Duration // how often counts go to the store; default 30 s
	Popular time.Duration // how often the most-read lists are read again; default 5 min
	// Invalidate drops the cached pages showing the most-read lists
	// (TagPopular) when they changed; nil: nothing is cached.
	Invalidate func(tags ...string)
}

// RunViews flushes the counted reads and refreshes the most-read lists
// until ctx ends, then flushes once more. Every instance runs it: each
// adds its own counts, and reads the lists all of them wrote.
func (h *Handler) RunViews(ctx context.Context, opts ViewOptions) {
	if opts.Flush <= 0 {
		opts.Flush = 30 * time.Second
	}
	if opts.Popular <= 0 {
		opts.Popular = 5 * time.Minute
	}
	flush := time.NewTicker(opts.Flush)
	defer flush.Stop()
	popular := time.NewTicker(opts.Popular)
	defer popular.Stop()
	lastPrune := time.Time{}
	for {
		select {
		case <-ctx.Done():
			final, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			if err := h.FlushViews(final); err != nil {
				h.log.Error("views: the last flush failed", "err", err)
			}
			cancel()
			return
		case <-flush.C:
			if err := h.FlushViews(ctx); err != nil && ctx.Err() == nil {
				h.log.Error("views: flush failed", "err", err)
			}
		case <-popular.C:
			changed, err := h.RefreshPopular(ctx)
			if err != nil {
				if ctx.Err() == nil {
					h.log.Error("views: reading the most read failed", "err", err)
				}
				continue
			}
			if changed && opts.Invalidate != nil {
				opts.Invalidate(TagPopular)
			}
			if now := h.now(); now.Sub(lastPrune) > time.Hour {
				lastPrune = now
				if err := h.store.PruneViews(ctx, now.Add(-popularWeek-time.Hour)); err != nil && ctx.Err() == nil {
					h.log.Error("views: pruning failed", "err", err)
				}
			}
		}
	}
}

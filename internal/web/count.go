package web

import (
	"context"
	"sync"

	"warta/internal/store"
)

// countMemoMax bounds the counts kept; past it they are dropped and
// counted again as lists are asked for.
const countMemoMax = 10_000

// countMemo keeps how many articles each list holds between changes, when
// Options.CacheLayout is set. A list page needs the count for its
// pagination, and counting reads the whole index of the list: on a site
// of 100,000 articles that was most of an uncached front page. Like the
// related lists, the counts are dropped on every change (Invalidate).
type countMemo struct {
	mu    sync.Mutex
	gen   uint64
	count map[store.ListQuery]int
}

// countPublished returns how many published articles q selects.
func (h *Handler) countPublished(ctx context.Context, q store.ListQuery) (int, error) {
	if !h.memo.enabled {
		return h.store.CountPublished(ctx, q)
	}
	q.Limit, q.Offset, q.StickyFirst = 0, 0, false // the same articles
	gen := h.memo.gen.Load()
	m := &h.counts
	m.mu.Lock()
	if m.gen != gen {
		m.gen, m.count = gen, nil
	}
	n, ok := m.count[q]
	m.mu.Unlock()
	if ok {
		return n, nil
	}
	n, err := h.store.CountPublished(ctx, q)
	if err != nil {
		return 0, err
	}
	m.mu.Lock()
	// Kept only if nothing changed while it was counted.
	if m.gen == gen && h.memo.gen.Load() == gen {
		if m.count == nil || len(m.count) >= countMemoMax {
			m.count = map[store.ListQuery]int{}
		}
		m.count[q] = n
	}
	m.mu.Unlock()
	return n, nil
}

package web

import (
	"context"
	"slices"
	"sync"

	"warta/internal/model"
)

// relatedMemoMax bounds the related lists kept; past it they are dropped
// and built again as pages are asked for.
const relatedMemoMax = 10_000

// relatedMemo keeps each article's related articles between changes, when
// Options.CacheLayout is set. Finding them scores a few hundred candidates,
// the most expensive read of an article page, and the list changes only
// when some article or term does — and every change, from this process or
// another, reaches Invalidate through the change log, which drops them all.
type relatedMemo struct {
	mu   sync.Mutex
	gen  uint64 // the layoutMemo generation the lists were read in
	list map[int64][]model.Article
}

// relatedArticles returns the articles related to a, from memory when
// nothing changed since they were read.
func (h *Handler) relatedArticles(ctx context.Context, a *model.Article) ([]model.Article, error) {
	if !h.memo.enabled {
		return h.store.RelatedArticles(ctx, a, relatedCount)
	}
	gen := h.memo.gen.Load()
	m := &h.related
	m.mu.Lock()
	if m.gen != gen {
		m.gen, m.list = gen, nil
	}
	list, ok := m.list[a.ID]
	m.mu.Unlock()
	if ok {
		// A copy: the page may change its articles (a protected excerpt).
		return slices.Clone(list), nil
	}
	list, err := h.store.RelatedArticles(ctx, a, relatedCount)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	// Kept only if nothing changed while they were read.
	if m.gen == gen && h.memo.gen.Load() == gen {
		if m.list == nil || len(m.list) >= relatedMemoMax {
			m.list = map[int64][]model.Article{}
		}
		m.list[a.ID] = slices.Clone(list)
	}
	m.mu.Unlock()
	return list, nil
}

package web

import (
	"context"

	"warta/internal/store"
)

// countPublished returns how many published articles q selects. A list page
// needs the count for its pagination, and counting reads the whole index
// of the list: on a site of 100,000 articles that was most of an uncached
// front page. So counts are kept between changes (genMemo).
func (h *Handler) countPublished(ctx context.Context, q store.ListQuery) (int, error) {
	q.Limit, q.Offset, q.StickyFirst = 0, 0, false // the same articles
	return h.counts.get(ctx, &h.memo, q, func(ctx context.Context) (int, error) {
		return h.store.CountPublished(ctx, q)
	}, nil)
}

package web

import (
	"context"
	"slices"

	"warta/internal/model"
)

// relatedArticles returns the articles related to a. Finding them scores
// a few hundred candidates, the most expensive read of an article page, and
// the list changes only when some article or term does, so the lists are
// kept between changes (genMemo). Each is copied in and out: the page may
// change its articles (a protected excerpt).
func (h *Handler) relatedArticles(ctx context.Context, a *model.Article) ([]model.Article, error) {
	return h.related.get(ctx, &h.memo, a.ID, func(ctx context.Context) ([]model.Article, error) {
		return h.store.RelatedArticles(ctx, a, relatedCount)
	}, slices.Clone)
}

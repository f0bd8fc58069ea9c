package store

import (
	"context"
	"fmt"

	"warta/internal/model"
)

// PublishedPosts returns the published posts among ids, in the order of
// ids, each with what a list shows (bylines, terms, featured image, comment
// count). Ids that name no published post are left out; an empty ids gives
// an empty list. The front page reads its pinned stories with it.
func (s *Store) PublishedPosts(ctx context.Context, ids []int64) ([]model.Article, error) {
	if len(ids) == 0 {
		return []model.Article{}, nil
	}
	var a args
	q := `SELECT ` + articleColumns + ` FROM articles a
		WHERE a.type = 'post' AND a.status = 'published' AND a.id IN (` + a.in(ids) + `)`
	list, err := s.articles(ctx, q, a, loadList)
	if err != nil {
		return nil, fmt.Errorf("store: published posts %v: %w", ids, err)
	}
	byID := make(map[int64]model.Article, len(list))
	for _, art := range list {
		byID[art.ID] = art
	}
	out := make([]model.Article, 0, len(list))
	for _, id := range ids {
		if art, ok := byID[id]; ok {
			out = append(out, art)
			delete(byID, id) // an id given twice is listed once
		}
	}
	return out, nil
}

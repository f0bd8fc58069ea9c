package store

import (
	"context"
	"fmt"
	"time"

	"warta/internal/model"
)

// loads says which parts of articles fill loads.
type loads uint8

const (
	loadBylines loads = 1 << iota
	loadTerms
	loadFeatured
	loadCommentCounts
	loadEmbeds

	// loadList is what list pages show; loadAll what an article page shows.
	loadList = loadBylines | loadTerms | loadFeatured | loadCommentCounts
	loadAll  = loadList | loadEmbeds
)

// fill loads the asked parts of arts in place, one query per part for the
// whole slice (IN lists), never one per article.
func (s *Store) fill(ctx context.Context, arts []model.Article, what loads) error {
	if len(arts) == 0 {
		return nil
	}
	ids := make([]int64, len(arts))
	index := make(map[int64]int, len(arts))
	for i, a := range arts {
		ids[i] = a.ID
		index[a.ID] = i
	}
	steps := []struct {
		part loads
		name string
		load func(context.Context, []model.Article, []int64, map[int64]int) error
	}{
		{loadBylines, "bylines", s.loadBylines},
		{loadTerms, "terms", s.loadTerms},
		{loadFeatured, "featured images", s.loadFeatured},
		{loadCommentCounts, "comment counts", s.loadCommentCounts},
		{loadEmbeds, "embeds", s.loadEmbeds},
	}
	for _, st := range steps {
		if what&st.part == 0 {
			continue
		}
		if err := st.load(ctx, arts, ids, index); err != nil {
			return fmt.Errorf("%s: %w", st.name, err)
		}
	}
	return nil
}

// loadBylines sets Bylines in position order, with the user's ID,
// DisplayName and Slug only (never the email).
func (s *Store) loadBylines(ctx context.Context, arts []model.Article, ids []int64, index map[int64]int) error {
	var a args
	q := `SELECT b.article_id, b.role, u.id, u.display_name, u.slug
		FROM article_authors b JOIN users u ON u.id = b.user_id
		WHERE b.article_id IN (` + a.in(ids) + `)
		ORDER BY b.article_id, b.position`
	rows, err := s.read.QueryContext(ctx, q, a...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var b model.Byline
		if err := rows.Scan(&id, &b.Role, &b.User.ID, &b.User.DisplayName, &b.User.Slug); err != nil {
			return err
		}
		art := &arts[index[id]]
		art.Bylines = append(art.Bylines, b)
	}
	return rows.Err()
}

// loadTerms sets Categories and Tags, each ordered by name. Their Count is
// not filled.
func (s *Store) loadTerms(ctx context.Context, arts []model.Article, ids []int64, index map[int64]int) error {
	var a args
	q := `SELECT l.article_id, t.id, t.taxonomy, t.slug, t.name, t.description, COALESCE(t.parent_id, 0)
		FROM article_terms l JOIN terms t ON t.id = l.term_id
		WHERE l.article_id IN (` + a.in(ids) + `)
		ORDER BY l.article_id, lower(t.name), t.name, t.id`
	rows, err := s.read.QueryContext(ctx, q, a...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var t model.Term
		if err := rows.Scan(&id, &t.ID, &t.Taxonomy, &t.Slug, &t.Name, &t.Description, &t.ParentID); err != nil {
			return err
		}
		art := &arts[index[id]]
		if t.Taxonomy == model.TaxonomyTag {
			art.Tags = append(art.Tags, t)
		} else {
			art.Categories = append(art.Categories, t)
		}
	}
	return rows.Err()
}

// loadFeatured sets FeaturedImage, with variants, for the articles that
// have one. Articles sharing an image share the *model.Media.
func (s *Store) loadFeatured(ctx context.Context, arts []model.Article, _ []int64, _ map[int64]int) error {
	var mediaIDs []int64
	seen := map[int64]bool{}
	for _, a := range arts {
		if a.FeaturedMediaID != 0 && !seen[a.FeaturedMediaID] {
			seen[a.FeaturedMediaID] = true
			mediaIDs = append(mediaIDs, a.FeaturedMediaID)
		}
	}
	found, err := s.mediaByIDs(ctx, mediaIDs)
	if err != nil {
		return err
	}
	for i := range arts {
		arts[i].FeaturedImage = found[arts[i].FeaturedMediaID] // nil when none
	}
	return nil
}

// loadCommentCounts sets CommentCount to the number of approved comments.
func (s *Store) loadCommentCounts(ctx context.Context, arts []model.Article, ids []int64, index map[int64]int) error {
	var a args
	q := `SELECT article_id, COUNT(*) FROM comments
		WHERE status = 'approved' AND article_id IN (` + a.in(ids) + `)
		GROUP BY article_id`
	rows, err := s.read.QueryContext(ctx, q, a...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return err
		}
		arts[index[id]].CommentCount = n
	}
	return rows.Err()
}

// loadEmbeds sets Embeds in position order.
func (s *Store) loadEmbeds(ctx context.Context, arts []model.Article, ids []int64, index map[int64]int) error {
	var a args
	q := `SELECT article_id, id, position, provider, url, embed_url, title, duration_seconds, poster_url
		FROM embeds WHERE article_id IN (` + a.in(ids) + `)
		ORDER BY article_id, position`
	rows, err := s.read.QueryContext(ctx, q, a...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, seconds int64
		var e model.Embed
		err := rows.Scan(&id, &e.ID, &e.Position, &e.Provider, &e.URL, &e.EmbedURL, &e.Title, &seconds, &e.PosterURL)
		if err != nil {
			return err
		}
		e.Duration = time.Duration(seconds) * time.Second
		art := &arts[index[id]]
		art.Embeds = append(art.Embeds, e)
	}
	return rows.Err()
}

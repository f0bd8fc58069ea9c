package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// ViewCount is how often an article was read in one hour, as an instance
// counted it since its last flush.
type ViewCount struct {
	ArticleID int64
	Hour      time.Time // the start of the hour, UTC
	Views     int64
}

// AddViews adds counted reads to each article's hour and to its total, in
// one transaction. Counts for articles that no longer exist are dropped.
func (s *Store) AddViews(ctx context.Context, counts []ViewCount) error {
	if len(counts) == 0 {
		return nil
	}
	// INSERT … SELECT … WHERE EXISTS: a read counted just before its
	// article was deleted must not fail the batch on the foreign key.
	const hour = `INSERT INTO article_views (article_id, hour, views)
		SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM articles WHERE id = $1)
		ON CONFLICT (article_id, hour) DO UPDATE SET views = article_views.views + excluded.views`
	const total = `INSERT INTO article_view_totals (article_id, views)
		SELECT $1, $2 WHERE EXISTS (SELECT 1 FROM articles WHERE id = $1)
		ON CONFLICT (article_id) DO UPDATE SET views = article_view_totals.views + excluded.views`
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for _, c := range counts {
			if _, err := tx.ExecContext(ctx, hour, c.ArticleID, dbTime(c.Hour), c.Views); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, total, c.ArticleID, c.Views); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: add views: %w", err)
	}
	return nil
}

// MostRead returns the ids of the published posts read most since since,
// most read first (the newer id first on a tie), at most limit.
func (s *Store) MostRead(ctx context.Context, since time.Time, limit int) ([]int64, error) {
	const q = `SELECT v.article_id, SUM(v.views) AS n FROM article_views v
		JOIN articles a ON a.id = v.article_id
		WHERE v.hour >= $1 AND a.type = 'post' AND a.status = 'published'
		GROUP BY v.article_id ORDER BY n DESC, v.article_id DESC LIMIT $2`
	rows, err := s.read.QueryContext(ctx, q, dbTime(since), limit)
	if err != nil {
		return nil, fmt.Errorf("store: most read: %w", err)
	}
	defer rows.Close()
	ids := []int64{}
	for rows.Next() {
		var id, n int64
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("store: most read: %w", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: most read: %w", err)
	}
	return ids, nil
}

// ArticleViews are an article's reads over the windows the newsroom shows.
type ArticleViews struct {
	Day, Week, Total int64
}

// ViewsOf returns the reads of the articles ids over the 24 hours and the
// 7 days before now, and in all; an article never read is absent.
func (s *Store) ViewsOf(ctx context.Context, ids []int64, now time.Time) (map[int64]ArticleViews, error) {
	out := map[int64]ArticleViews{}
	if len(ids) == 0 {
		return out, nil
	}
	var a args
	day, week := a.add(dbTime(now.Add(-24*time.Hour))), a.add(dbTime(now.Add(-7*24*time.Hour)))
	in := a.in(ids)
	q := `SELECT t.article_id, t.views,
			COALESCE((SELECT SUM(v.views) FROM article_views v WHERE v.article_id = t.article_id AND v.hour >= ` + day + `), 0),
			COALESCE((SELECT SUM(v.views) FROM article_views v WHERE v.article_id = t.article_id AND v.hour >= ` + week + `), 0)
		FROM article_view_totals t WHERE t.article_id IN (` + in + `)`
	rows, err := s.read.QueryContext(ctx, q, a...)
	if err != nil {
		return nil, fmt.Errorf("store: views of articles: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var v ArticleViews
		if err := rows.Scan(&id, &v.Total, &v.Day, &v.Week); err != nil {
			return nil, fmt.Errorf("store: views of articles: %w", err)
		}
		out[id] = v
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: views of articles: %w", err)
	}
	return out, nil
}

// PruneViews deletes the hourly counts older than before; the totals stay.
func (s *Store) PruneViews(ctx context.Context, before time.Time) error {
	if _, err := s.write.ExecContext(ctx, `DELETE FROM article_views WHERE hour < $1`, dbTime(before)); err != nil {
		return fmt.Errorf("store: prune views: %w", err)
	}
	return nil
}

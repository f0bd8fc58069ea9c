package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"warta/internal/model"
)

// TakeDown takes the article t.ArticleID off the site for a guideline
// reason, in one transaction: the story becomes a draft (kept for the
// newsroom), t is recorded (over an earlier takedown of the same story)
// and every page, list, feed and sitemap that showed it is told. A zero
// TakenAt becomes now. model.ErrNotFound when there is no such article.
// It checks nothing: publishing does.
func (s *Store) TakeDown(ctx context.Context, t *model.Takedown) error {
	if t.TakenAt.IsZero() {
		t.TakenAt = time.Now()
	}
	t.TakenAt = dbTime(t.TakenAt)
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		tags, err := linkedTags(ctx, tx, t.ArticleID)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE articles SET status = 'draft', modified_at = $2 WHERE id = $1`,
			t.ArticleID, t.TakenAt)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return model.ErrNotFound
		}
		const q = `INSERT INTO takedowns (article_id, reason, note, path, user_id, taken_at) VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (article_id) DO UPDATE SET reason = excluded.reason, note = excluded.note, path = excluded.path,
				user_id = excluded.user_id, taken_at = excluded.taken_at`
		if _, err := tx.ExecContext(ctx, q, t.ArticleID, t.Reason, t.Note, t.Path, nullID(t.UserID), t.TakenAt); err != nil {
			return err
		}
		return s.touch(ctx, tx, append(tags, TagArticle(t.ArticleID), TagFront, TagFeeds, TagCorrections)...)
	})
	if err != nil {
		return fmt.Errorf("store: take down article %d: %w", t.ArticleID, err)
	}
	return nil
}

// LiftTakedown removes the takedown of the article id, whose URL then
// answers 404 until the story is published again (it stays a draft).
// model.ErrNotFound when it was not taken down.
func (s *Store) LiftTakedown(ctx context.Context, id int64) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM takedowns WHERE article_id = $1`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return model.ErrNotFound
		}
		return s.touch(ctx, tx, TagArticle(id))
	})
	if err != nil {
		return fmt.Errorf("store: lift takedown of %d: %w", id, err)
	}
	return nil
}

const takedownColumns = `article_id, reason, note, path, COALESCE(user_id, 0), COALESCE(taken_at, NULL)`

func scanTakedown(row *sql.Row) (*model.Takedown, error) {
	var t model.Takedown
	err := row.Scan(&t.ArticleID, &t.Reason, &t.Note, &t.Path, &t.UserID, utc{&t.TakenAt})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, model.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// TakedownAt returns the takedown whose story was at path, the newest if
// several were, or model.ErrNotFound. Only the takedown is read, never the
// story: the 410 page must not show any of it.
func (s *Store) TakedownAt(ctx context.Context, path string) (*model.Takedown, error) {
	t, err := scanTakedown(s.read.QueryRowContext(ctx, `SELECT `+takedownColumns+` FROM takedowns WHERE path = $1
		ORDER BY taken_at DESC LIMIT 1`, path))
	if err != nil {
		return nil, fmt.Errorf("store: takedown at %q: %w", path, err)
	}
	return t, nil
}

// TakedownOf returns the takedown of the article id, or model.ErrNotFound.
func (s *Store) TakedownOf(ctx context.Context, id int64) (*model.Takedown, error) {
	t, err := scanTakedown(s.read.QueryRowContext(ctx, `SELECT `+takedownColumns+` FROM takedowns WHERE article_id = $1`, id))
	if err != nil {
		return nil, fmt.Errorf("store: takedown of %d: %w", id, err)
	}
	return t, nil
}

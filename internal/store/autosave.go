package store

import (
	"context"
	"fmt"

	"warta/internal/model"
)

// SaveAutosave keeps a as the writer's autosave of the article, over the
// one before. It does not sanitize: the caller does.
func (s *Store) SaveAutosave(ctx context.Context, a *model.Autosave) error {
	const q = `INSERT INTO article_autosaves (article_id, user_id, title, body_html, excerpt, saved_at)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (article_id, user_id) DO UPDATE SET title = excluded.title, body_html = excluded.body_html,
			excerpt = excluded.excerpt, saved_at = excluded.saved_at`
	a.SavedAt = dbTime(a.SavedAt)
	if _, err := s.write.ExecContext(ctx, q, a.ArticleID, a.UserID, a.Title, string(a.BodyHTML), a.Excerpt, a.SavedAt); err != nil {
		return fmt.Errorf("store: autosave of %d: %w", a.ArticleID, err)
	}
	return nil
}

// Autosave returns the user's autosave of the article, or
// model.ErrNotFound.
func (s *Store) Autosave(ctx context.Context, articleID, userID int64) (*model.Autosave, error) {
	const q = `SELECT title, body_html, excerpt, saved_at FROM article_autosaves WHERE article_id = $1 AND user_id = $2`
	a := model.Autosave{ArticleID: articleID, UserID: userID}
	err := s.read.QueryRowContext(ctx, q, articleID, userID).Scan(&a.Title, &a.BodyHTML, &a.Excerpt, utc{&a.SavedAt})
	if err != nil {
		return nil, fmt.Errorf("store: autosave of %d: %w", articleID, notFound(err))
	}
	return &a, nil
}

// DeleteAutosave drops the user's autosave of the article, if any.
func (s *Store) DeleteAutosave(ctx context.Context, articleID, userID int64) error {
	const q = `DELETE FROM article_autosaves WHERE article_id = $1 AND user_id = $2`
	if _, err := s.write.ExecContext(ctx, q, articleID, userID); err != nil {
		return fmt.Errorf("store: autosave of %d: %w", articleID, err)
	}
	return nil
}

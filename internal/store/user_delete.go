package store

import (
	"context"
	"database/sql"
	"fmt"

	"warta/internal/model"
)

// CountBylines returns how many articles and pages credit the user.
func (s *Store) CountBylines(ctx context.Context, userID int64) (int, error) {
	var n int
	const q = `SELECT COUNT(*) FROM article_authors WHERE user_id = $1`
	if err := s.read.QueryRowContext(ctx, q, userID).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count bylines of %d: %w", userID, err)
	}
	return n, nil
}

// DeleteUser removes a user, as WordPress's "Delete user — attribute all
// content to": every byline of theirs goes to heir, in the same place in
// the byline order (an article already crediting heir just loses the
// deleted user's byline). With heir 0 the user must have no bylines, else
// model.ErrConflict. Their sessions go with them; their comments, uploads
// and audit entries stay, without the link to the account.
func (s *Store) DeleteUser(ctx context.Context, id, heir int64) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT article_id FROM article_authors WHERE user_id = $1`, id)
		if err != nil {
			return err
		}
		articles, err := scanIDs(rows)
		if err != nil {
			return err
		}
		tags := []string{TagAuthor(id), TagFront, TagFeeds}
		if len(articles) > 0 {
			if heir == 0 || heir == id {
				return model.ErrConflict
			}
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE id = $1`, heir).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return model.ErrNotFound
			}
			const move = `UPDATE article_authors SET user_id = $2 WHERE user_id = $1
				AND article_id NOT IN (SELECT article_id FROM article_authors WHERE user_id = $2)`
			if _, err := tx.ExecContext(ctx, move, id, heir); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM article_authors WHERE user_id = $1`, id); err != nil {
				return err
			}
			tags = append(tags, TagAuthor(heir))
			for _, a := range articles {
				tags = append(tags, TagArticle(a))
			}
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM users WHERE id = $1`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return model.ErrNotFound
		}
		return s.touch(ctx, tx, tags...)
	})
	if err != nil {
		return fmt.Errorf("store: delete user %d: %w", id, err)
	}
	return nil
}

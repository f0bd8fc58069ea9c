package store

import (
	"context"
	"database/sql"
	"fmt"

	"warta/internal/model"
)

// DeleteArticle deletes the article id for good, with its bylines, terms,
// embeds, revisions and comments, and touches every page that showed it.
// An unknown id → model.ErrNotFound. Permissions are publishing's.
func (s *Store) DeleteArticle(ctx context.Context, id int64) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		tags, err := linkedTags(ctx, tx, id)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM articles WHERE id = $1`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return model.ErrNotFound
		}
		return s.touch(ctx, tx, append(tags, TagArticle(id), TagComments(id), TagFront, TagFeeds)...)
	})
	if err != nil {
		return fmt.Errorf("store: delete article %d: %w", id, err)
	}
	return nil
}

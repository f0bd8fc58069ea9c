package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// TakeArticleLock gives the editing lock of the article to the user until
// the given time when it is free, expired, already theirs, or when force
// (a take-over) is set, and returns who holds it afterwards: the user, or
// the other writer who still does.
func (s *Store) TakeArticleLock(ctx context.Context, articleID, userID int64, now, until time.Time, force bool) (int64, error) {
	const q = `INSERT INTO article_locks (article_id, user_id, expires_at) VALUES ($1, $2, $3)
		ON CONFLICT (article_id) DO UPDATE SET user_id = excluded.user_id, expires_at = excluded.expires_at
		WHERE article_locks.user_id = $2 OR article_locks.expires_at < $4 OR $5 = 1`
	f := 0
	if force {
		f = 1
	}
	var holder int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, q, articleID, userID, dbTime(until), dbTime(now), f); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT user_id FROM article_locks WHERE article_id = $1`, articleID).Scan(&holder)
	})
	if err != nil {
		return 0, fmt.Errorf("store: lock of article %d: %w", articleID, err)
	}
	return holder, nil
}

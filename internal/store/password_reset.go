package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"warta/internal/model"
)

// CreatePasswordReset stores a password reset of user userID whose link's
// secret hashes to tokenHash, valid until expires, and runs hooks (the
// mail) in the same transaction, unless the user already asked max times
// since since: then it stores nothing and returns false.
func (s *Store) CreatePasswordReset(ctx context.Context, userID int64, tokenHash string, now, expires, since time.Time,
	max int, hooks ...Hook) (bool, error) {
	created := false
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM password_resets WHERE user_id = $1 AND created_at > $2`,
			userID, dbTime(since)).Scan(&n); err != nil {
			return err
		}
		if n >= max {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO password_resets (token_hash, user_id, created_at, expires_at)
			VALUES ($1, $2, $3, $4)`, tokenHash, userID, dbTime(now), dbTime(expires)); err != nil {
			return err
		}
		created = true
		return runHooks(ctx, tx, hooks)
	})
	if err != nil {
		return false, fmt.Errorf("store: password reset of %d: %w", userID, err)
	}
	return created, nil
}

// PasswordResetUser returns the user whose unused, unexpired reset hashes
// to tokenHash, or model.ErrNotFound.
func (s *Store) PasswordResetUser(ctx context.Context, tokenHash string, now time.Time) (int64, error) {
	var id int64
	err := s.read.QueryRowContext(ctx, `SELECT user_id FROM password_resets WHERE token_hash = $1 AND used_at IS NULL
		AND expires_at > $2`, tokenHash, dbTime(now)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, model.ErrNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("store: password reset: %w", err)
	}
	return id, nil
}

// ResetPassword uses the reset that hashes to tokenHash at now: in one
// transaction it is marked used, its user's password hash becomes
// passwordHash and their sessions end. It returns the user's id, or
// model.ErrNotFound when the reset is unknown, used or expired.
func (s *Store) ResetPassword(ctx context.Context, tokenHash, passwordHash string, now time.Time) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `UPDATE password_resets SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL
			AND expires_at > $2 RETURNING user_id`, tokenHash, dbTime(now)).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return model.ErrNotFound
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $2 WHERE id = $1`, id, passwordHash); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, id)
		return err
	})
	if errors.Is(err, model.ErrNotFound) {
		return 0, err
	}
	if err != nil {
		return 0, fmt.Errorf("store: reset password: %w", err)
	}
	return id, nil
}

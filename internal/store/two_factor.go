package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"warta/internal/model"
)

// TOTP returns user userID's TOTP key, confirmed or being enrolled, or
// model.ErrNotFound.
func (s *Store) TOTP(ctx context.Context, userID int64) (*model.TOTP, error) {
	var k model.TOTP
	err := s.read.QueryRowContext(ctx, `SELECT user_id, secret, created_at, confirmed_at, last_step FROM user_totp
		WHERE user_id = $1`, userID).Scan(&k.UserID, &k.Secret, utc{&k.CreatedAt}, utc{&k.ConfirmedAt}, &k.LastStep)
	if err != nil {
		return nil, fmt.Errorf("store: totp of %d: %w", userID, notFound(err))
	}
	return &k, nil
}

// StartTOTP stores secret as the key user userID is enrolling, replacing
// an unconfirmed one; a confirmed key is kept and model.ErrConflict
// returned.
func (s *Store) StartTOTP(ctx context.Context, userID int64, secret string, now time.Time) error {
	res, err := s.write.ExecContext(ctx, `INSERT INTO user_totp (user_id, secret, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at, last_step = 0
		WHERE user_totp.confirmed_at IS NULL`, userID, secret, dbTime(now))
	if err != nil {
		return fmt.Errorf("store: start totp of %d: %w", userID, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return model.ErrConflict
	}
	return nil
}

// ConfirmTOTP confirms user userID's key with the code of time step step,
// and replaces their recovery codes by codeHashes, in one transaction. It
// returns model.ErrNotFound when there is no key being enrolled.
func (s *Store) ConfirmTOTP(ctx context.Context, userID, step int64, codeHashes []string, now time.Time) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE user_totp SET confirmed_at = $2, last_step = $3
			WHERE user_id = $1 AND confirmed_at IS NULL`, userID, dbTime(now), step)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return cmpNotFound(err)
		}
		return replaceRecoveryCodes(ctx, tx, userID, codeHashes)
	})
	if errors.Is(err, model.ErrNotFound) {
		return err
	}
	if err != nil {
		return fmt.Errorf("store: confirm totp of %d: %w", userID, err)
	}
	return nil
}

func cmpNotFound(err error) error {
	if err != nil {
		return err
	}
	return model.ErrNotFound
}

func replaceRecoveryCodes(ctx context.Context, tx *sql.Tx, userID int64, codeHashes []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = $1`, userID); err != nil {
		return err
	}
	for _, h := range codeHashes {
		if _, err := tx.ExecContext(ctx, `INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)`, userID, h); err != nil {
			return err
		}
	}
	return nil
}

// ReplaceRecoveryCodes makes codeHashes user userID's recovery codes,
// the earlier ones no longer working.
func (s *Store) ReplaceRecoveryCodes(ctx context.Context, userID int64, codeHashes []string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error { return replaceRecoveryCodes(ctx, tx, userID, codeHashes) })
	if err != nil {
		return fmt.Errorf("store: recovery codes of %d: %w", userID, err)
	}
	return nil
}

// UseTOTPStep records that user userID signed in with the code of time
// step step, and reports false when a code of that step or a later one
// was already used (or the key is not confirmed): one code, one sign-in,
// across every instance.
func (s *Store) UseTOTPStep(ctx context.Context, userID, step int64) (bool, error) {
	res, err := s.write.ExecContext(ctx, `UPDATE user_totp SET last_step = $2
		WHERE user_id = $1 AND last_step < $2 AND confirmed_at IS NOT NULL`, userID, step)
	if err != nil {
		return false, fmt.Errorf("store: totp step of %d: %w", userID, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// UseRecoveryCode uses up user userID's unused recovery code that hashes
// to codeHash, and reports false when there is none.
func (s *Store) UseRecoveryCode(ctx context.Context, userID int64, codeHash string, now time.Time) (bool, error) {
	res, err := s.write.ExecContext(ctx, `UPDATE recovery_codes SET used_at = $3
		WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL`, userID, codeHash, dbTime(now))
	if err != nil {
		return false, fmt.Errorf("store: recovery code of %d: %w", userID, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// RecoveryCodesLeft counts user userID's unused recovery codes.
func (s *Store) RecoveryCodesLeft(ctx context.Context, userID int64) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL`,
		userID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: recovery codes of %d: %w", userID, err)
	}
	return n, nil
}

// DeleteTOTP turns two-factor sign-in off for user userID: the key and
// the recovery codes go.
func (s *Store) DeleteTOTP(ctx context.Context, userID int64) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM user_totp WHERE user_id = $1`, userID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = $1`, userID)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: delete totp of %d: %w", userID, err)
	}
	return nil
}

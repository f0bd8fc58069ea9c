package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"warta/internal/model"
)

const passkeyColumns = `id, user_id, credential_id, name, credential, created_at, last_used_at`

func scanPasskey(row interface{ Scan(...any) error }) (*model.Passkey, error) {
	var p model.Passkey
	if err := row.Scan(&p.ID, &p.UserID, &p.CredentialID, &p.Name, &p.Credential, utc{&p.CreatedAt}, utc{&p.LastUsedAt}); err != nil {
		return nil, notFound(err)
	}
	return &p, nil
}

// AddPasskey stores p (its UserID, CredentialID, Name, Credential and
// CreatedAt) and sets its ID. A credential id stored already is
// model.ErrConflict.
func (s *Store) AddPasskey(ctx context.Context, p *model.Passkey) error {
	p.CreatedAt = dbTime(p.CreatedAt)
	err := s.write.QueryRowContext(ctx, `INSERT INTO passkeys (user_id, credential_id, name, credential, created_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, p.UserID, p.CredentialID, p.Name, p.Credential, p.CreatedAt).Scan(&p.ID)
	if err := conflict(err); err != nil {
		if errors.Is(err, model.ErrConflict) {
			return err
		}
		return fmt.Errorf("store: add passkey: %w", err)
	}
	return nil
}

// Passkeys returns the passkeys of user, oldest first.
func (s *Store) Passkeys(ctx context.Context, user int64) ([]*model.Passkey, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+passkeyColumns+` FROM passkeys WHERE user_id = $1 ORDER BY id`, user)
	if err != nil {
		return nil, fmt.Errorf("store: passkeys: %w", err)
	}
	defer rows.Close()
	var out []*model.Passkey
	for rows.Next() {
		p, err := scanPasskey(rows)
		if err != nil {
			return nil, fmt.Errorf("store: passkeys: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: passkeys: %w", err)
	}
	return out, nil
}

// PasskeyByCredentialID returns the passkey of the authenticator's
// credential id, or model.ErrNotFound.
func (s *Store) PasskeyByCredentialID(ctx context.Context, id []byte) (*model.Passkey, error) {
	p, err := scanPasskey(s.read.QueryRowContext(ctx, `SELECT `+passkeyColumns+` FROM passkeys WHERE credential_id = $1`, id))
	if err != nil && !errors.Is(err, model.ErrNotFound) {
		return nil, fmt.Errorf("store: passkey: %w", err)
	}
	return p, err
}

// UsePasskey records that passkey id signed in at now, keeping credential
// (with the authenticator's new signature counter).
func (s *Store) UsePasskey(ctx context.Context, id int64, credential string, now time.Time) error {
	if _, err := s.write.ExecContext(ctx, `UPDATE passkeys SET credential = $2, last_used_at = $3 WHERE id = $1`,
		id, credential, dbTime(now)); err != nil {
		return fmt.Errorf("store: use passkey: %w", err)
	}
	return nil
}

// DeletePasskey deletes user's passkey id, or returns model.ErrNotFound
// when user has none of that id.
func (s *Store) DeletePasskey(ctx context.Context, user, id int64) error {
	var res sql.Result
	res, err := s.write.ExecContext(ctx, `DELETE FROM passkeys WHERE id = $1 AND user_id = $2`, id, user)
	if err != nil {
		return fmt.Errorf("store: delete passkey: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return model.ErrNotFound
	}
	return nil
}

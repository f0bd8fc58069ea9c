package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"warta/internal/model"
)

const recipientColumns = `email, token, asked_at, confirmed_at, unsubscribed_at`

func scanRecipient(row *sql.Row) (*model.MailRecipient, error) {
	var r model.MailRecipient
	err := row.Scan(&r.Email, &r.Token, utc{&r.AskedAt}, utc{&r.ConfirmedAt}, utc{&r.UnsubscribedAt})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, model.ErrNotFound
	}
	return &r, err
}

// MailRecipient returns the stored state of email inside the transaction,
// or model.ErrNotFound.
func (t *Tx) MailRecipient(email string) (*model.MailRecipient, error) {
	r, err := scanRecipient(t.tx.QueryRowContext(t.ctx, `SELECT `+recipientColumns+
		` FROM mail_recipients WHERE email = $1`, strings.ToLower(email)))
	if err != nil && !errors.Is(err, model.ErrNotFound) {
		return nil, fmt.Errorf("mail recipient: %w", err)
	}
	return r, err
}

// PutMailRecipient stores r, replacing the row of its address.
func (t *Tx) PutMailRecipient(r *model.MailRecipient) error {
	const q = `INSERT INTO mail_recipients (email, token, asked_at, confirmed_at, unsubscribed_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (email) DO UPDATE SET token = excluded.token,
		asked_at = excluded.asked_at, confirmed_at = excluded.confirmed_at, unsubscribed_at = excluded.unsubscribed_at`
	r.Email = strings.ToLower(r.Email)
	_, err := t.tx.ExecContext(t.ctx, q, r.Email, r.Token, dbTime(r.AskedAt), nullTime(r.ConfirmedAt), nullTime(r.UnsubscribedAt))
	if err != nil {
		return fmt.Errorf("mail recipient: %w", err)
	}
	return nil
}

// MailRecipientByToken returns the address whose links carry token, or
// model.ErrNotFound.
func (s *Store) MailRecipientByToken(ctx context.Context, token string) (*model.MailRecipient, error) {
	r, err := scanRecipient(s.read.QueryRowContext(ctx, `SELECT `+recipientColumns+
		` FROM mail_recipients WHERE token = $1`, token))
	if err != nil && !errors.Is(err, model.ErrNotFound) {
		return nil, fmt.Errorf("store: mail recipient: %w", err)
	}
	return r, err
}

// ConfirmMailRecipient records that the reader of token confirmed their
// address at now (and so wants mail again if they had unsubscribed), and
// returns the row, or model.ErrNotFound for an unknown token.
func (s *Store) ConfirmMailRecipient(ctx context.Context, token string, now time.Time) (*model.MailRecipient, error) {
	return s.setRecipient(ctx, "confirm", `UPDATE mail_recipients SET confirmed_at = $2, unsubscribed_at = NULL
		WHERE token = $1 RETURNING `+recipientColumns, token, dbTime(now))
}

// UnsubscribeMailRecipient records that the reader of token wants no more
// mail from now, and returns the row, or model.ErrNotFound. Unsubscribing
// twice keeps the first time.
func (s *Store) UnsubscribeMailRecipient(ctx context.Context, token string, now time.Time) (*model.MailRecipient, error) {
	return s.setRecipient(ctx, "unsubscribe", `UPDATE mail_recipients SET unsubscribed_at = COALESCE(unsubscribed_at, $2)
		WHERE token = $1 RETURNING `+recipientColumns, token, dbTime(now))
}

func (s *Store) setRecipient(ctx context.Context, what, q string, args ...any) (*model.MailRecipient, error) {
	return updateReturning(ctx, s, what+" mail recipient", scanRecipient, q, args...)
}

// updateReturning runs q, an UPDATE … RETURNING one row, in a transaction
// and scans the row with scan; no row is model.ErrNotFound, as is.
func updateReturning[T any](ctx context.Context, s *Store, what string, scan func(*sql.Row) (*T, error), q string, args ...any) (*T, error) {
	var v *T
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		v, err = scan(tx.QueryRowContext(ctx, q, args...))
		return err
	})
	if errors.Is(err, model.ErrNotFound) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	return v, nil
}

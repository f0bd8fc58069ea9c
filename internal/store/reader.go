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

// ReaderSession is a signed-in reader's session. The store keeps only a
// hash of the secret the cookie carries.
type ReaderSession struct {
	ID         string
	ReaderID   int64
	SecretHash string
	CreatedAt  time.Time
	ExpiresAt  time.Time
	LastSeenAt time.Time
}

const readerColumns = `id, email, name, lang, created_at, signed_in_at`

func scanReader(row interface{ Scan(...any) error }) (*model.Reader, error) {
	var r model.Reader
	err := row.Scan(&r.ID, &r.Email, &r.Name, &r.Lang, utc{&r.CreatedAt}, utc{&r.SignedInAt})
	if err != nil {
		return nil, notFound(err)
	}
	return &r, nil
}

// CreateReaderLink stores a sign-in link for email (any case) whose secret
// hashes to tokenHash, valid until expires and leading to next once used,
// and runs hooks (the mail) in the same transaction, unless the address
// already got max links since since: then it stores nothing and returns
// false.
func (s *Store) CreateReaderLink(ctx context.Context, email, tokenHash, next string, now, expires, since time.Time,
	max int, hooks ...Hook) (bool, error) {
	email = strings.ToLower(email)
	created := false
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM reader_links WHERE email = $1 AND created_at > $2`,
			email, dbTime(since)).Scan(&n); err != nil {
			return err
		}
		if n >= max {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO reader_links (token_hash, email, next_path, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5)`, tokenHash, email, next, dbTime(now), dbTime(expires)); err != nil {
			return err
		}
		created = true
		return runHooks(ctx, tx, hooks)
	})
	if err != nil {
		return false, fmt.Errorf("store: reader link for %s: %w", email, err)
	}
	return created, nil
}

// ReaderLink returns the address of the unused, unexpired sign-in link
// whose secret hashes to tokenHash, or model.ErrNotFound.
func (s *Store) ReaderLink(ctx context.Context, tokenHash string, now time.Time) (string, error) {
	var email string
	err := s.read.QueryRowContext(ctx, `SELECT email FROM reader_links WHERE token_hash = $1 AND used_at IS NULL
		AND expires_at > $2`, tokenHash, dbTime(now)).Scan(&email)
	if err != nil {
		return "", fmt.Errorf("store: reader link: %w", notFound(err))
	}
	return email, nil
}

// UseReaderLink uses the sign-in link whose secret hashes to tokenHash at
// now: in one transaction the link is marked used, the reader of its
// address is made when there is none (in lang), and ses is stored as
// their session (ses.ReaderID is set). It returns the reader and the path
// the link leads to, or model.ErrNotFound when the link is unknown, used
// or expired.
func (s *Store) UseReaderLink(ctx context.Context, tokenHash, lang string, ses *ReaderSession) (*model.Reader, string, error) {
	var rd *model.Reader
	var next string
	now := dbTime(ses.CreatedAt)
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var email string
		err := tx.QueryRowContext(ctx, `UPDATE reader_links SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL
			AND expires_at > $2 RETURNING email, next_path`, tokenHash, now).Scan(&email, &next)
		if err != nil {
			return notFound(err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO readers (email, name, lang, created_at, signed_in_at)
			VALUES ($1, '', $2, $3, $3) ON CONFLICT (email) DO UPDATE SET signed_in_at = excluded.signed_in_at`,
			email, lang, now); err != nil {
			return err
		}
		if rd, err = scanReader(tx.QueryRowContext(ctx, `SELECT `+readerColumns+` FROM readers WHERE email = $1`, email)); err != nil {
			return err
		}
		ses.ReaderID = rd.ID
		_, err = tx.ExecContext(ctx, `INSERT INTO reader_sessions (id, reader_id, secret_hash, created_at, expires_at, last_seen_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, ses.ID, ses.ReaderID, ses.SecretHash, now, dbTime(ses.ExpiresAt), dbTime(ses.LastSeenAt))
		return err
	})
	if errors.Is(err, model.ErrNotFound) {
		return nil, "", err
	}
	if err != nil {
		return nil, "", fmt.Errorf("store: use reader link: %w", err)
	}
	return rd, next, nil
}

// ReaderSessionReader returns the reader session with that id and its
// reader, or model.ErrNotFound. Expiry is the caller's to check.
func (s *Store) ReaderSessionReader(ctx context.Context, id string) (*ReaderSession, *model.Reader, error) {
	q := `SELECT s.id, s.reader_id, s.secret_hash, s.created_at, s.expires_at, s.last_seen_at, ` +
		prefixed("r.", readerColumns) + ` FROM reader_sessions s JOIN readers r ON r.id = s.reader_id WHERE s.id = $1`
	var ses ReaderSession
	var r model.Reader
	err := s.read.QueryRowContext(ctx, q, id).Scan(&ses.ID, &ses.ReaderID, &ses.SecretHash, utc{&ses.CreatedAt},
		utc{&ses.ExpiresAt}, utc{&ses.LastSeenAt}, &r.ID, &r.Email, &r.Name, &r.Lang, utc{&r.CreatedAt}, utc{&r.SignedInAt})
	if err != nil {
		return nil, nil, fmt.Errorf("store: reader session: %w", notFound(err))
	}
	return &ses, &r, nil
}

// ExtendReaderSession moves a reader session's expiry and last use.
func (s *Store) ExtendReaderSession(ctx context.Context, id string, seen, expires time.Time) error {
	const q = `UPDATE reader_sessions SET last_seen_at = $2, expires_at = $3 WHERE id = $1`
	if _, err := s.write.ExecContext(ctx, q, id, dbTime(seen), dbTime(expires)); err != nil {
		return fmt.Errorf("store: extend reader session: %w", err)
	}
	return nil
}

// DeleteReaderSession ends one reader session; an unknown id is no error.
func (s *Store) DeleteReaderSession(ctx context.Context, id string) error {
	if _, err := s.write.ExecContext(ctx, `DELETE FROM reader_sessions WHERE id = $1`, id); err != nil {
		return fmt.Errorf("store: delete reader session: %w", err)
	}
	return nil
}

// DeleteExpiredReaderData removes reader sessions and sign-in links that
// expired before now.
func (s *Store) DeleteExpiredReaderData(ctx context.Context, now time.Time) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM reader_sessions WHERE expires_at < $1`, dbTime(now)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM reader_links WHERE expires_at < $1`, dbTime(now))
		return err
	})
	if err != nil {
		return fmt.Errorf("store: delete expired reader data: %w", err)
	}
	return nil
}

// SetReaderName remembers name as the name reader id comments under,
// inside the transaction.
func (t *Tx) SetReaderName(id int64, name string) error {
	if _, err := t.tx.ExecContext(t.ctx, `UPDATE readers SET name = $2 WHERE id = $1`, id, name); err != nil {
		return fmt.Errorf("reader name: %w", err)
	}
	return nil
}

// SetReaderName remembers name as the name reader id comments under.
func (s *Store) SetReaderName(ctx context.Context, id int64, name string) error {
	if _, err := s.write.ExecContext(ctx, `UPDATE readers SET name = $2 WHERE id = $1`, id, name); err != nil {
		return fmt.Errorf("store: reader name: %w", err)
	}
	return nil
}

// MailRecipient returns the stored state of email (any case), or
// model.ErrNotFound.
func (s *Store) MailRecipient(ctx context.Context, email string) (*model.MailRecipient, error) {
	r, err := scanRecipient(s.read.QueryRowContext(ctx, `SELECT `+recipientColumns+
		` FROM mail_recipients WHERE email = $1`, strings.ToLower(email)))
	if err != nil && !errors.Is(err, model.ErrNotFound) {
		return nil, fmt.Errorf("store: mail recipient: %w", err)
	}
	return r, err
}

// DeleteReader deletes reader id and what the site keeps of their address,
// in one transaction: their sessions and sign-in links, their reply
// notifications' and newsletter's state, and their comments' personal data, which are kept
// as written by anonymous (EraseCommenter without del). It returns how
// many comments it changed, or model.ErrNotFound for an unknown reader.
func (s *Store) DeleteReader(ctx context.Context, id int64, anonymous string) (int64, error) {
	var n int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var email string
		if err := tx.QueryRowContext(ctx, `DELETE FROM readers WHERE id = $1 RETURNING email`, id).Scan(&email); err != nil {
			return notFound(err)
		}
		for _, q := range []string{`DELETE FROM reader_links WHERE email = $1`, `DELETE FROM mail_recipients WHERE email = $1`,
			`DELETE FROM newsletter_subscribers WHERE email = $1`} {
			if _, err := tx.ExecContext(ctx, q, email); err != nil {
				return err
			}
		}
		var err error
		n, err = s.eraseCommenter(ctx, tx, email, anonymous, false)
		return err
	})
	if errors.Is(err, model.ErrNotFound) {
		return 0, err
	}
	if err != nil {
		return 0, fmt.Errorf("store: delete reader %d: %w", id, err)
	}
	return n, nil
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"warta/internal/model"
)

// Tx is a write transaction in progress, handed to the hooks of a write
// method (Hook) so that what they write commits or rolls back with the
// method's own rows: an email about an event is queued in the same
// transaction as the event.
type Tx struct {
	ctx context.Context
	tx  *sql.Tx
}

// Hook runs inside a write method's transaction, after the method's own
// rows are written (their IDs are set). An error rolls everything back.
type Hook func(tx *Tx) error

// runHooks runs hooks inside tx.
func runHooks(ctx context.Context, tx *sql.Tx, hooks []Hook) error {
	t := &Tx{ctx: ctx, tx: tx}
	for _, h := range hooks {
		if h == nil {
			continue
		}
		if err := h(t); err != nil {
			return err
		}
	}
	return nil
}

// EnqueueMail queues m in the outbox inside the transaction, setting its
// ID. A MessageID already in the outbox is model.ErrConflict.
func (t *Tx) EnqueueMail(m *model.Mail) error {
	return enqueueMail(t.ctx, t.tx, m)
}

// EnqueueMail queues m in the outbox on its own, setting its ID.
func (s *Store) EnqueueMail(ctx context.Context, m *model.Mail) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error { return enqueueMail(ctx, tx, m) })
	if err != nil {
		return fmt.Errorf("store: enqueue mail: %w", err)
	}
	return nil
}

func enqueueMail(ctx context.Context, tx *sql.Tx, m *model.Mail) error {
	const q = `INSERT INTO mail_outbox (message_id, kind, recipient, subject, message, status, attempts,
		next_attempt_at, created_at, issue_id) VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8, $9) RETURNING id`
	if m.CreatedAt.IsZero() {
		m.CreatedAt = time.Now()
	}
	m.CreatedAt = dbTime(m.CreatedAt)
	if m.NextAttemptAt.IsZero() {
		m.NextAttemptAt = m.CreatedAt
	}
	m.NextAttemptAt = dbTime(m.NextAttemptAt)
	m.Status = model.MailQueued
	err := tx.QueryRowContext(ctx, q, m.MessageID, m.Kind, m.To, m.Subject, m.Message, string(m.Status),
		m.NextAttemptAt, m.CreatedAt, nullID(m.IssueID)).Scan(&m.ID)
	if err != nil {
		return fmt.Errorf("queue mail to %s: %w", m.To, conflict(err))
	}
	return nil
}

const mailColumns = `id, message_id, kind, recipient, subject, message, status, attempts,
	next_attempt_at, last_error, created_at, sent_at`

func scanMail(sc interface{ Scan(...any) error }) (*model.Mail, error) {
	var m model.Mail
	var status string
	err := sc.Scan(&m.ID, &m.MessageID, &m.Kind, &m.To, &m.Subject, &m.Message, &status, &m.Attempts,
		utc{&m.NextAttemptAt}, &m.LastError, utc{&m.CreatedAt}, utc{&m.SentAt})
	m.Status = model.MailStatus(status)
	return &m, err
}

// ClaimMail claims up to limit queued messages that are due at now and
// that no live claim holds, for worker until now+lease, counting an
// attempt on each, and returns them oldest first. Across processes and
// instances a message is claimed by one worker at a time: on SQLite the
// UPDATE holds the database's write lock, on PostgreSQL the rows are
// picked FOR UPDATE SKIP LOCKED. A claim that runs out (its worker died)
// lets the message be claimed again.
func (s *Store) ClaimMail(ctx context.Context, worker string, now time.Time, lease time.Duration, limit int) ([]*model.Mail, error) {
	q := `UPDATE mail_outbox SET claimed_by = $1, claimed_until = $2, attempts = attempts + 1
		WHERE id IN (SELECT id FROM mail_outbox
			WHERE status = 'queued' AND next_attempt_at <= $3 AND (claimed_until IS NULL OR claimed_until <= $3)
			ORDER BY next_attempt_at, id LIMIT $4 ` + s.d.skipLocked + `)
		AND status = 'queued' AND (claimed_until IS NULL OR claimed_until <= $3)
		RETURNING ` + mailColumns
	list, err := s.claim(ctx, q, worker, dbTime(now.Add(lease)), dbTime(now), limit)
	if err != nil {
		return nil, fmt.Errorf("store: claim mail: %w", err)
	}
	return list, nil
}

// ClaimMailByID claims the queued message id for worker as ClaimMail
// does, due or not. It returns model.ErrNotFound when the message is not
// queued or another worker's live claim holds it.
func (s *Store) ClaimMailByID(ctx context.Context, id int64, worker string, now time.Time, lease time.Duration) (*model.Mail, error) {
	const q = `UPDATE mail_outbox SET claimed_by = $1, claimed_until = $2, attempts = attempts + 1
		WHERE id = $4 AND status = 'queued' AND (claimed_until IS NULL OR claimed_until <= $3)
		RETURNING ` + mailColumns
	list, err := s.claim(ctx, q, worker, dbTime(now.Add(lease)), dbTime(now), id)
	if err != nil {
		return nil, fmt.Errorf("store: claim mail %d: %w", id, err)
	}
	if len(list) == 0 {
		return nil, model.ErrNotFound
	}
	return list[0], nil
}

func (s *Store) claim(ctx context.Context, q string, args ...any) ([]*model.Mail, error) {
	var list []*model.Mail
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			m, err := scanMail(rows)
			if err != nil {
				return err
			}
			list = append(list, m)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	// RETURNING promises no order.
	slices.SortFunc(list, func(a, b *model.Mail) int { return int(a.ID - b.ID) })
	return list, nil
}

// errLostClaim: the worker's claim on a message ran out and another worker
// holds it now.
var errLostClaim = errors.New("the claim ran out and another worker holds the message")

// MarkMailSent records that the server accepted message id, claimed by
// worker, at now. It fails when worker no longer holds the claim.
func (s *Store) MarkMailSent(ctx context.Context, id int64, worker string, now time.Time) error {
	const q = `UPDATE mail_outbox SET status = 'sent', sent_at = $3, claimed_by = '', claimed_until = NULL,
		last_error = '' WHERE id = $1 AND claimed_by = $2`
	return s.settleMail(ctx, "sent", id, q, id, worker, dbTime(now))
}

// MarkMailFailed records a failed attempt at message id, claimed by
// worker: with retry it stays queued until next, otherwise it has failed
// for good. reason is kept for the newsroom.
func (s *Store) MarkMailFailed(ctx context.Context, id int64, worker, reason string, retry bool, next time.Time) error {
	const q = `UPDATE mail_outbox SET status = $3, last_error = $4, next_attempt_at = $5, claimed_by = '',
		claimed_until = NULL WHERE id = $1 AND claimed_by = $2`
	status := model.MailFailed
	if retry {
		status = model.MailQueued
	}
	return s.settleMail(ctx, "failed", id, q, id, worker, string(status), reason, dbTime(next))
}

// MarkMailBounced fails message id for good, as a hard bounce: the server
// refused its recipient. In the same transaction the recipient, when a
// subscriber, is marked bounced at now: it gets no more newsletters until
// it confirms again, and an issue's counts never show the failure without
// the bounce.
func (s *Store) MarkMailBounced(ctx context.Context, id int64, worker, reason, to string, now time.Time) error {
	var n int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE mail_outbox SET status = $3, last_error = $4, claimed_by = '',
			claimed_until = NULL WHERE id = $1 AND claimed_by = $2`, id, worker, string(model.MailFailed), reason)
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE newsletter_subscribers SET bounced_at = COALESCE(bounced_at, $2)
			WHERE email = $1`, strings.ToLower(to), dbTime(now))
		return err
	})
	if err == nil && n == 0 {
		err = errLostClaim
	}
	if err != nil {
		return fmt.Errorf("store: mail %d bounced: %w", id, err)
	}
	return nil
}

// ReleaseMail gives back worker's claim on message id without counting
// the attempt, for a message the worker did not try to send (it was
// stopping).
func (s *Store) ReleaseMail(ctx context.Context, id int64, worker string) error {
	const q = `UPDATE mail_outbox SET claimed_by = '', claimed_until = NULL, attempts = attempts - 1
		WHERE id = $1 AND claimed_by = $2`
	return s.settleMail(ctx, "release", id, q, id, worker)
}

func (s *Store) settleMail(ctx context.Context, what string, id int64, q string, args ...any) error {
	var n int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err == nil && n == 0 {
		err = errLostClaim
	}
	if err != nil {
		return fmt.Errorf("store: mail %d %s: %w", id, what, err)
	}
	return nil
}

// RetryMail queues the failed message id again, due at now, with its
// attempts counted afresh. A message that has not failed is
// model.ErrNotFound.
func (s *Store) RetryMail(ctx context.Context, id int64, now time.Time) error {
	const q = `UPDATE mail_outbox SET status = 'queued', attempts = 0, next_attempt_at = $2
		WHERE id = $1 AND status = 'failed'`
	var n int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, q, id, dbTime(now))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return fmt.Errorf("store: retry mail %d: %w", id, err)
	}
	if n == 0 {
		return model.ErrNotFound
	}
	return nil
}

// Mail returns the message id of the outbox, or model.ErrNotFound.
func (s *Store) Mail(ctx context.Context, id int64) (*model.Mail, error) {
	m, err := scanMail(s.read.QueryRowContext(ctx, `SELECT `+mailColumns+` FROM mail_outbox WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, model.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: mail %d: %w", id, err)
	}
	return m, nil
}

// MailByStatus returns up to limit messages with status, the most recent
// first, without their message bodies.
func (s *Store) MailByStatus(ctx context.Context, status model.MailStatus, limit int) ([]*model.Mail, error) {
	const q = `SELECT id, message_id, kind, recipient, subject, status, attempts, next_attempt_at, last_error,
		created_at, sent_at FROM mail_outbox WHERE status = $1 ORDER BY id DESC LIMIT $2`
	rows, err := s.read.QueryContext(ctx, q, string(status), limit)
	if err != nil {
		return nil, fmt.Errorf("store: mail %s: %w", status, err)
	}
	defer rows.Close()
	var list []*model.Mail
	for rows.Next() {
		var m model.Mail
		var st string
		if err := rows.Scan(&m.ID, &m.MessageID, &m.Kind, &m.To, &m.Subject, &st, &m.Attempts,
			utc{&m.NextAttemptAt}, &m.LastError, utc{&m.CreatedAt}, utc{&m.SentAt}); err != nil {
			return nil, fmt.Errorf("store: mail %s: %w", status, err)
		}
		m.Status = model.MailStatus(st)
		list = append(list, &m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: mail %s: %w", status, err)
	}
	return list, nil
}

// MailCounts returns how many messages the outbox holds by status.
func (s *Store) MailCounts(ctx context.Context) (map[model.MailStatus]int64, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT status, COUNT(*) FROM mail_outbox GROUP BY status`)
	if err != nil {
		return nil, fmt.Errorf("store: mail counts: %w", err)
	}
	defer rows.Close()
	counts := map[model.MailStatus]int64{}
	for rows.Next() {
		var st string
		var n int64
		if err := rows.Scan(&st, &n); err != nil {
			return nil, fmt.Errorf("store: mail counts: %w", err)
		}
		counts[model.MailStatus(st)] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: mail counts: %w", err)
	}
	return counts, nil
}

// PurgeSentMail deletes the messages sent before before and returns how
// many it deleted. Queued and failed messages stay.
func (s *Store) PurgeSentMail(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		// A newsletter issue keeps the count of its sent messages.
		if _, err := tx.ExecContext(ctx, `UPDATE newsletter_issues SET purged_sent = purged_sent +
			(SELECT COUNT(*) FROM mail_outbox m WHERE m.issue_id = newsletter_issues.id AND m.status = 'sent' AND m.sent_at < $1)
			WHERE id IN (SELECT issue_id FROM mail_outbox WHERE status = 'sent' AND sent_at < $1 AND issue_id IS NOT NULL)`,
			dbTime(before)); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM mail_outbox WHERE status = 'sent' AND sent_at < $1`, dbTime(before))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: purge sent mail: %w", err)
	}
	return n, nil
}

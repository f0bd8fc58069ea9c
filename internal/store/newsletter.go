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

const subscriberColumns = `id, email, token, lang, frequency, breaking, sections, asked_at, confirmed_at, unsubscribed_at, bounced_at`

func scanSubscriber(row interface{ Scan(...any) error }) (*model.Subscriber, error) {
	var s model.Subscriber
	var breaking int
	var sections string
	err := row.Scan(&s.ID, &s.Email, &s.Token, &s.Lang, &s.Frequency, &breaking, &sections, utc{&s.AskedAt},
		utc{&s.ConfirmedAt}, utc{&s.UnsubscribedAt}, utc{&s.BouncedAt})
	if err != nil {
		return nil, notFound(err)
	}
	s.Breaking, s.Sections = breaking != 0, model.SplitIDs(sections)
	return &s, nil
}

// Subscribe records that email (any case) asked for the newsletter at now,
// in lang, with token for a new address, and runs hooks (the confirmation)
// in the same transaction when one should be sent: the address is new, or
// not confirmed (or unsubscribed, or bounced) and last asked before since.
// It returns the subscriber and whether the hooks ran.
func (s *Store) Subscribe(ctx context.Context, email, lang, token string, now, since time.Time,
	hooks func(*model.Subscriber) Hook) (*model.Subscriber, bool, error) {
	email = strings.ToLower(email)
	var sub *model.Subscriber
	asked := false
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		sub, err = scanSubscriber(tx.QueryRowContext(ctx, `SELECT `+subscriberColumns+` FROM newsletter_subscribers WHERE email = $1`, email))
		switch {
		case errors.Is(err, model.ErrNotFound):
			sub = &model.Subscriber{Email: email, Token: token, Lang: lang, Frequency: model.DigestWeekly, Breaking: true, AskedAt: now}
			if err := tx.QueryRowContext(ctx, `INSERT INTO newsletter_subscribers (email, token, lang, asked_at)
				VALUES ($1, $2, $3, $4) RETURNING id`, email, token, lang, dbTime(now)).Scan(&sub.ID); err != nil {
				return err
			}
		case err != nil:
			return err
		case sub.Receives() || sub.AskedAt.After(since):
			return nil
		default:
			if _, err := tx.ExecContext(ctx, `UPDATE newsletter_subscribers SET asked_at = $2 WHERE id = $1`, sub.ID, dbTime(now)); err != nil {
				return err
			}
		}
		asked = true
		return runHooks(ctx, tx, []Hook{hooks(sub)})
	})
	if err != nil {
		return nil, false, fmt.Errorf("store: subscribe %s: %w", email, err)
	}
	return sub, asked, nil
}

// SubscriberByToken returns the subscriber whose links carry token, or
// model.ErrNotFound.
func (s *Store) SubscriberByToken(ctx context.Context, token string) (*model.Subscriber, error) {
	sub, err := scanSubscriber(s.read.QueryRowContext(ctx, `SELECT `+subscriberColumns+
		` FROM newsletter_subscribers WHERE token = $1`, token))
	if err != nil && !errors.Is(err, model.ErrNotFound) {
		return nil, fmt.Errorf("store: subscriber: %w", err)
	}
	return sub, err
}

// SubscriberByEmail returns the subscriber of email (any case), or
// model.ErrNotFound.
func (s *Store) SubscriberByEmail(ctx context.Context, email string) (*model.Subscriber, error) {
	sub, err := scanSubscriber(s.read.QueryRowContext(ctx, `SELECT `+subscriberColumns+
		` FROM newsletter_subscribers WHERE email = $1`, strings.ToLower(email)))
	if err != nil && !errors.Is(err, model.ErrNotFound) {
		return nil, fmt.Errorf("store: subscriber: %w", err)
	}
	return sub, err
}

// ConfirmSubscriber records that the address of token confirmed at now
// (wanting mail again if it had unsubscribed or bounced), and returns it,
// or model.ErrNotFound.
func (s *Store) ConfirmSubscriber(ctx context.Context, token string, now time.Time) (*model.Subscriber, error) {
	return s.setSubscriber(ctx, "confirm", `UPDATE newsletter_subscribers SET confirmed_at = COALESCE(confirmed_at, $2),
		unsubscribed_at = NULL, bounced_at = NULL WHERE token = $1 RETURNING `+subscriberColumns, token, dbTime(now))
}

// UnsubscribeSubscriber records that the address of token wants no more
// newsletters from now (the first time counts), and returns it, or
// model.ErrNotFound.
func (s *Store) UnsubscribeSubscriber(ctx context.Context, token string, now time.Time) (*model.Subscriber, error) {
	return s.setSubscriber(ctx, "unsubscribe", `UPDATE newsletter_subscribers SET unsubscribed_at = COALESCE(unsubscribed_at, $2)
		WHERE token = $1 RETURNING `+subscriberColumns, token, dbTime(now))
}

// SetSubscriberChoices stores the frequency, breaking alerts and sections
// of the subscriber of token, and returns it, or model.ErrNotFound.
func (s *Store) SetSubscriberChoices(ctx context.Context, token, frequency string, breaking bool, sections []int64) (*model.Subscriber, error) {
	b := 0
	if breaking {
		b = 1
	}
	return s.setSubscriber(ctx, "choices", `UPDATE newsletter_subscribers SET frequency = $2, breaking = $3, sections = $4
		WHERE token = $1 RETURNING `+subscriberColumns, token, frequency, b, model.JoinIDs(sections))
}

func (s *Store) setSubscriber(ctx context.Context, what, q string, args ...any) (*model.Subscriber, error) {
	return updateReturning(ctx, s, what+" subscriber", func(row *sql.Row) (*model.Subscriber, error) { return scanSubscriber(row) }, q, args...)
}

// MarkBounced records that the SMTP server refused email (any case) for
// good at now: it gets no more newsletters until it confirms again.
func (s *Store) MarkBounced(ctx context.Context, email string, now time.Time) error {
	_, err := s.write.ExecContext(ctx, `UPDATE newsletter_subscribers SET bounced_at = COALESCE(bounced_at, $2)
		WHERE email = $1`, strings.ToLower(email), dbTime(now))
	if err != nil {
		return fmt.Errorf("store: bounce %s: %w", email, err)
	}
	return nil
}

// Audience selects, among the addresses that receive newsletters, those an
// issue goes to.
type Audience struct {
	Breaking  bool   // only those who asked for breaking-news alerts
	Frequency string // only those whose digests go this often; "": any
}

// QueueNewsletter queues, in one transaction, a message to every address
// that receives newsletters and is in to, composed by compose (which
// returns nil to skip one), unless any message whose Message-ID starts
// with prefix is in the outbox already: then it queues nothing and returns
// model.ErrConflict, so an issue goes once however often it is asked for.
// It returns how many it queued.
func (s *Store) QueueNewsletter(ctx context.Context, prefix string, to Audience,
	compose func(*model.Subscriber) (*model.Mail, error)) (int, error) {
	n := 0
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var exists int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM mail_outbox WHERE message_id LIKE $1`,
			prefix+"%").Scan(&exists); err != nil {
			return err
		}
		if exists > 0 {
			return model.ErrConflict
		}
		q := `SELECT ` + subscriberColumns + ` FROM newsletter_subscribers WHERE confirmed_at IS NOT NULL
			AND unsubscribed_at IS NULL AND bounced_at IS NULL`
		var a args
		if to.Breaking {
			q += ` AND breaking = 1`
		}
		if to.Frequency != "" {
			q += ` AND frequency = ` + a.add(to.Frequency)
		}
		rows, err := tx.QueryContext(ctx, q+` ORDER BY id`, a...)
		if err != nil {
			return err
		}
		var subs []*model.Subscriber
		for rows.Next() {
			sub, err := scanSubscriber(rows)
			if err != nil {
				rows.Close()
				return err
			}
			subs = append(subs, sub)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, sub := range subs {
			m, err := compose(sub)
			if err != nil {
				return err
			}
			if m == nil {
				continue
			}
			if err := enqueueMail(ctx, tx, m); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if errors.Is(err, model.ErrConflict) {
		return 0, err
	}
	if err != nil {
		return 0, fmt.Errorf("store: queue newsletter %s: %w", prefix, err)
	}
	return n, nil
}

// NewsletterCounts are the fates of one newsletter's messages.
type NewsletterCounts struct {
	Queued, Sent, Failed int
	// Bounced counts the addresses the server refused for good.
	Bounced int
}

// CountNewsletter counts the outbox's messages whose Message-ID starts
// with prefix, by status. Sent messages leave the outbox after 30 days.
func (s *Store) CountNewsletter(ctx context.Context, prefix string) (NewsletterCounts, error) {
	var c NewsletterCounts
	rows, err := s.read.QueryContext(ctx, `SELECT status, COUNT(*) FROM mail_outbox WHERE message_id LIKE $1 GROUP BY status`, prefix+"%")
	if err != nil {
		return c, fmt.Errorf("store: count newsletter %s: %w", prefix, err)
	}
	defer rows.Close()
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return c, fmt.Errorf("store: count newsletter %s: %w", prefix, err)
		}
		switch model.MailStatus(st) {
		case model.MailQueued:
			c.Queued = n
		case model.MailSent:
			c.Sent = n
		case model.MailFailed:
			c.Failed = n
		}
	}
	if err := rows.Err(); err != nil {
		return c, err
	}
	err = s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM newsletter_subscribers n JOIN mail_outbox m
		ON m.recipient = n.email WHERE m.message_id LIKE $1 AND m.status = 'failed' AND n.bounced_at IS NOT NULL`,
		prefix+"%").Scan(&c.Bounced)
	if err != nil {
		return c, fmt.Errorf("store: count newsletter %s: %w", prefix, err)
	}
	return c, nil
}

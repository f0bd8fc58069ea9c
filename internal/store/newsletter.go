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
// newsletters from now (the first time counts), through the unsubscribe
// link of issue (0, or an id no issue has: none), and returns it, or
// model.ErrNotFound.
func (s *Store) UnsubscribeSubscriber(ctx context.Context, token string, issue int64, now time.Time) (*model.Subscriber, error) {
	return s.setSubscriber(ctx, "unsubscribe", `UPDATE newsletter_subscribers SET
		unsubscribed_issue = CASE WHEN unsubscribed_at IS NULL THEN (SELECT id FROM newsletter_issues WHERE id = $3)
			ELSE unsubscribed_issue END,
		unsubscribed_at = COALESCE(unsubscribed_at, $2)
		WHERE token = $1 RETURNING `+subscriberColumns, token, dbTime(now), issue)
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

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"warta/internal/model"
)

// Newsletter issues: created at once (by the editor's request or the
// digests' schedule), then filled into the outbox by a background worker
// in batches of subscribers, each batch in one transaction with the
// issue's cursor, so that a restart resumes after the last batch queued
// and two workers never queue one batch twice.

// audienceWhere is the condition on newsletter_subscribers of the
// addresses an issue of kind goes to: those that receive newsletters and
// asked for alerts, or for digests that often.
func audienceWhere(kind string) string {
	q := `confirmed_at IS NOT NULL AND unsubscribed_at IS NULL AND bounced_at IS NULL`
	switch kind {
	case model.IssueAlert:
		return q + ` AND breaking = 1`
	case model.DigestDaily:
		return q + ` AND frequency = 'daily'`
	default:
		return q + ` AND frequency = 'weekly'`
	}
}

// CreateIssue records the issue i (its Prefix, Kind, Title, ArticleID,
// period and CreatedAt), counting its audience, and sets its ID. An issue
// with the same prefix, or any message in the outbox under it (queued
// before issues were recorded), is model.ErrConflict.
func (s *Store) CreateIssue(ctx context.Context, i *model.NewsletterIssue) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var exists int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM mail_outbox WHERE message_id LIKE $1`,
			i.Prefix+"%").Scan(&exists); err != nil {
			return err
		}
		if exists > 0 {
			return model.ErrConflict
		}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM newsletter_subscribers WHERE `+audienceWhere(i.Kind)).
			Scan(&i.Audience); err != nil {
			return err
		}
		i.CreatedAt = dbTime(i.CreatedAt)
		return conflict(tx.QueryRowContext(ctx, `INSERT INTO newsletter_issues (message_prefix, kind, title, article_id,
			period_from, period_until, created_at, audience) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			i.Prefix, i.Kind, i.Title, nullID(i.ArticleID), nullTime(i.PeriodFrom), nullTime(i.PeriodUntil), i.CreatedAt,
			i.Audience).Scan(&i.ID))
	})
	if errors.Is(err, model.ErrConflict) {
		return err
	}
	if err != nil {
		return fmt.Errorf("store: create issue %s: %w", i.Prefix, err)
	}
	return nil
}

// issueColumns are an issue's columns and its counts, for FROM
// newsletter_issues i.
const issueColumns = `i.id, i.message_prefix, i.kind, i.title, i.article_id, i.period_from, i.period_until, i.created_at,
	i.audience, i.queued_through, i.queued, i.filled_at,
	(SELECT COUNT(*) FROM mail_outbox m WHERE m.issue_id = i.id AND m.status = 'queued'),
	(SELECT COUNT(*) FROM mail_outbox m WHERE m.issue_id = i.id AND m.status = 'sent') + i.purged_sent,
	(SELECT COUNT(*) FROM mail_outbox m WHERE m.issue_id = i.id AND m.status = 'failed'),
	(SELECT COUNT(*) FROM mail_outbox m JOIN newsletter_subscribers n ON n.email = m.recipient
		WHERE m.issue_id = i.id AND m.status = 'failed' AND n.bounced_at IS NOT NULL),
	(SELECT COUNT(*) FROM newsletter_subscribers n WHERE n.unsubscribed_issue = i.id)`

func scanIssue(row interface{ Scan(...any) error }) (*model.NewsletterIssue, error) {
	var i model.NewsletterIssue
	var article sql.NullInt64
	err := row.Scan(&i.ID, &i.Prefix, &i.Kind, &i.Title, &article, utc{&i.PeriodFrom}, utc{&i.PeriodUntil}, utc{&i.CreatedAt},
		&i.Audience, &i.QueuedThrough, &i.Queued, utc{&i.FilledAt},
		&i.Waiting, &i.Sent, &i.Failed, &i.Bounced, &i.Unsubscribed)
	if err != nil {
		return nil, notFound(err)
	}
	i.ArticleID = article.Int64
	return &i, nil
}

// Issue returns the issue id with its counts, or model.ErrNotFound.
func (s *Store) Issue(ctx context.Context, id int64) (*model.NewsletterIssue, error) {
	return s.issueWhere(ctx, `i.id = $1`, id)
}

// IssueByPrefix returns the issue whose messages' Message-IDs start with
// prefix, or model.ErrNotFound.
func (s *Store) IssueByPrefix(ctx context.Context, prefix string) (*model.NewsletterIssue, error) {
	return s.issueWhere(ctx, `i.message_prefix = $1`, prefix)
}

func (s *Store) issueWhere(ctx context.Context, where string, arg any) (*model.NewsletterIssue, error) {
	i, err := scanIssue(s.read.QueryRowContext(ctx, `SELECT `+issueColumns+` FROM newsletter_issues i WHERE `+where, arg))
	if err != nil && !errors.Is(err, model.ErrNotFound) {
		return nil, fmt.Errorf("store: issue: %w", err)
	}
	return i, err
}

// Issues returns the newest issues first, at most limit, with their counts.
func (s *Store) Issues(ctx context.Context, limit int) ([]*model.NewsletterIssue, error) {
	return s.issues(ctx, `SELECT `+issueColumns+` FROM newsletter_issues i ORDER BY i.id DESC LIMIT $1`, limit)
}

// UnfilledIssues returns the issues whose messages are not all queued
// yet, oldest first.
func (s *Store) UnfilledIssues(ctx context.Context) ([]*model.NewsletterIssue, error) {
	return s.issues(ctx, `SELECT `+issueColumns+` FROM newsletter_issues i WHERE i.filled_at IS NULL ORDER BY i.id`)
}

func (s *Store) issues(ctx context.Context, q string, args ...any) ([]*model.NewsletterIssue, error) {
	rows, err := s.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: issues: %w", err)
	}
	defer rows.Close()
	var out []*model.NewsletterIssue
	for rows.Next() {
		i, err := scanIssue(rows)
		if err != nil {
			return nil, fmt.Errorf("store: issues: %w", err)
		}
		out = append(out, i)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: issues: %w", err)
	}
	return out, nil
}

// IssueBatch returns the next at most limit subscribers issue i goes to,
// after the last one queued, in id order.
func (s *Store) IssueBatch(ctx context.Context, i *model.NewsletterIssue, limit int) ([]*model.Subscriber, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+subscriberColumns+` FROM newsletter_subscribers
		WHERE id > $1 AND `+audienceWhere(i.Kind)+` ORDER BY id LIMIT $2`, i.QueuedThrough, limit)
	if err != nil {
		return nil, fmt.Errorf("store: issue batch: %w", err)
	}
	defer rows.Close()
	var subs []*model.Subscriber
	for rows.Next() {
		sub, err := scanSubscriber(rows)
		if err != nil {
			return nil, fmt.Errorf("store: issue batch: %w", err)
		}
		subs = append(subs, sub)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: issue batch: %w", err)
	}
	return subs, nil
}

// FillIssue queues list (the messages of issue i to the subscribers after
// i.QueuedThrough through through) in one transaction that moves the
// issue's cursor to through, and marks it filled at now when last. When
// the cursor moved meanwhile (another worker queued this batch) it queues
// nothing and returns model.ErrConflict. i's cursor and counts follow.
func (s *Store) FillIssue(ctx context.Context, i *model.NewsletterIssue, through int64, list []*model.Mail, last bool, now time.Time) error {
	filled := any(nil)
	if last {
		filled = dbTime(now)
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE newsletter_issues SET queued_through = $3, queued = queued + $4,
			filled_at = $5 WHERE id = $1 AND queued_through = $2 AND filled_at IS NULL`,
			i.ID, i.QueuedThrough, through, len(list), filled)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return model.ErrConflict
		}
		for _, m := range list {
			m.IssueID = i.ID
			if err := enqueueMail(ctx, tx, m); err != nil {
				return err
			}
		}
		return nil
	})
	if errors.Is(err, model.ErrConflict) {
		return err
	}
	if err != nil {
		return fmt.Errorf("store: fill issue %s: %w", i.Prefix, err)
	}
	i.QueuedThrough, i.Queued = through, i.Queued+len(list)
	if last {
		i.FilledAt = dbTime(now)
	}
	return nil
}

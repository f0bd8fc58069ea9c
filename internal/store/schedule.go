package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// scheduleLock names, on PostgreSQL, the advisory lock PublishDue takes so
// that one instance at a time publishes what is due; its second half is
// the schema's name, so sites in different schemas of one database do not
// wait for each other.
const scheduleLock = 776172746

// PublishDue publishes the scheduled articles whose publication time is at
// or before now, in one transaction that touches each one's tags (its page,
// the front page and feeds, its terms and authors), and returns their ids,
// oldest first; none when nothing is due.
//
// Several instances may call it at once: on PostgreSQL the one holding an
// advisory lock does the work and the others return nothing; on SQLite the
// write transaction serialises them. Either way an article is published,
// and its change recorded, once.
func (s *Store) PublishDue(ctx context.Context, now time.Time) ([]int64, error) {
	var ids []int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if s.d.engine == "postgres" {
			var got bool
			if err := tx.QueryRowContext(ctx, `SELECT pg_try_advisory_xact_lock($1, hashtext(current_schema()))`, scheduleLock).Scan(&got); err != nil {
				return err
			}
			if !got {
				return nil // another instance is publishing right now
			}
		}
		rows, err := tx.QueryContext(ctx, `SELECT id FROM articles
			WHERE type IN ('post', 'page') AND status = 'scheduled' AND published_at <= $1 ORDER BY published_at, id`, dbTime(now))
		if err != nil {
			return err
		}
		due, err := scanIDs(rows)
		if err != nil || len(due) == 0 {
			return err
		}
		tags := []string{TagFront, TagFeeds}
		for _, id := range due {
			// The status is checked again: another writer may have moved
			// the article since it was selected.
			res, err := tx.ExecContext(ctx, `UPDATE articles SET status = 'published'
				WHERE id = $1 AND status = 'scheduled'`, id)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 1 {
				ids = append(ids, id)
				tags = append(tags, TagArticle(id))
			}
		}
		if len(ids) == 0 {
			return nil
		}
		var a args
		in := a.in(ids)
		for _, q := range []struct {
			sql string
			tag func(int64) string
		}{
			{`SELECT DISTINCT term_id FROM article_terms WHERE article_id IN (` + in + `)`, TagTerm},
			{`SELECT DISTINCT user_id FROM article_authors WHERE article_id IN (` + in + `)`, TagAuthor},
		} {
			rows, err := tx.QueryContext(ctx, q.sql, a...)
			if err != nil {
				return err
			}
			found, err := scanIDs(rows)
			if err != nil {
				return err
			}
			for _, id := range found {
				tags = append(tags, q.tag(id))
			}
		}
		return s.touch(ctx, tx, tags...)
	})
	if err != nil {
		return nil, fmt.Errorf("store: publish due articles: %w", err)
	}
	return ids, nil
}

// NextScheduled returns the earliest publication time among scheduled
// articles, or the zero time when none is scheduled.
func (s *Store) NextScheduled(ctx context.Context) (time.Time, error) {
	var t time.Time
	err := s.read.QueryRowContext(ctx, `SELECT published_at FROM articles
		WHERE type IN ('post', 'page') AND status = 'scheduled' ORDER BY published_at LIMIT 1`).Scan(utc{&t})
	if err != nil && err != sql.ErrNoRows {
		return time.Time{}, fmt.Errorf("store: next scheduled article: %w", err)
	}
	return t, nil
}

// scanIDs reads a one-column list of ids and closes rows.
func scanIDs(rows *sql.Rows) ([]int64, error) {
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

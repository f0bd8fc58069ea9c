package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// SignInFailures returns the times of the failed sign-ins recorded for each
// of subjects since since, oldest first.
func (s *Store) SignInFailures(ctx context.Context, since time.Time, subjects ...string) (map[string][]time.Time, error) {
	out := make(map[string][]time.Time, len(subjects))
	const q = `SELECT failed_at FROM sign_in_failures WHERE subject = $1 AND failed_at >= $2 ORDER BY failed_at, id`
	for _, sub := range subjects {
		if _, done := out[sub]; done {
			continue
		}
		rows, err := s.read.QueryContext(ctx, q, sub, dbTime(since))
		if err != nil {
			return nil, fmt.Errorf("store: sign-in failures of %q: %w", sub, err)
		}
		var list []time.Time
		for rows.Next() {
			var t time.Time
			if err := rows.Scan(utc{&t}); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: sign-in failures of %q: %w", sub, err)
			}
			list = append(list, t)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("store: sign-in failures of %q: %w", sub, err)
		}
		out[sub] = list
	}
	return out, nil
}

// AddSignInFailure records a failed sign-in at at for each of subjects, in
// one transaction.
func (s *Store) AddSignInFailure(ctx context.Context, at time.Time, subjects ...string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for _, sub := range subjects {
			const q = `INSERT INTO sign_in_failures (subject, failed_at) VALUES ($1, $2)`
			if _, err := tx.ExecContext(ctx, q, sub, dbTime(at)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: add sign-in failure: %w", err)
	}
	return nil
}

// ClearSignInFailures forgets every failed sign-in recorded for subject.
func (s *Store) ClearSignInFailures(ctx context.Context, subject string) error {
	if _, err := s.write.ExecContext(ctx, `DELETE FROM sign_in_failures WHERE subject = $1`, subject); err != nil {
		return fmt.Errorf("store: clear sign-in failures of %q: %w", subject, err)
	}
	return nil
}

// PruneSignInFailures deletes the failures recorded before before and
// returns how many went.
func (s *Store) PruneSignInFailures(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.write.ExecContext(ctx, `DELETE FROM sign_in_failures WHERE failed_at < $1`, dbTime(before))
	if err != nil {
		return 0, fmt.Errorf("store: prune sign-in failures: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("store: prune sign-in failures: %w", err)
	}
	return n, nil
}

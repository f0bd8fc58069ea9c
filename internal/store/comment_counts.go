package store

import (
	"context"
	"fmt"

	"warta/internal/model"
)

// CommentStatusCounts returns how many comments are in each status, for the
// moderation queue's filters and the newsroom's "waiting" badge.
func (s *Store) CommentStatusCounts(ctx context.Context) (map[model.CommentStatus]int, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT status, COUNT(*) FROM comments GROUP BY status`)
	if err != nil {
		return nil, fmt.Errorf("store: comment counts: %w", err)
	}
	defer rows.Close()
	counts := map[model.CommentStatus]int{}
	for rows.Next() {
		var st model.CommentStatus
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, fmt.Errorf("store: comment counts: %w", err)
		}
		counts[st] = n
	}
	return counts, rows.Err()
}

// CountPendingComments returns how many comments wait for moderation.
func (s *Store) CountPendingComments(ctx context.Context) (int, error) {
	var n int
	if err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM comments WHERE status = 'pending'`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: pending comments: %w", err)
	}
	return n, nil
}

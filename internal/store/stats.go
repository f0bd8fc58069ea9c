package store

import (
	"context"
	"database/sql"
	"fmt"
)

// PoolStats returns the connection pool statistics by pool: "read" and
// "write" on SQLite, "main" on PostgreSQL (one pool serves both).
func (s *Store) PoolStats() map[string]sql.DBStats {
	if s.read.DB == s.write {
		return map[string]sql.DBStats{"main": s.write.Stats()}
	}
	return map[string]sql.DBStats{"read": s.read.Stats(), "write": s.write.Stats()}
}

// CommentCounts returns how many comments each status holds; a status
// with none is absent. It reads the comments_status index only.
func (s *Store) CommentCounts(ctx context.Context) (map[string]int64, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT status, COUNT(*) FROM comments GROUP BY status`)
	if err != nil {
		return nil, fmt.Errorf("store: comment counts: %w", err)
	}
	defer rows.Close()
	counts := make(map[string]int64)
	for rows.Next() {
		var status string
		var n int64
		if err := rows.Scan(&status, &n); err != nil {
			return nil, fmt.Errorf("store: comment counts: %w", err)
		}
		counts[status] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: comment counts: %w", err)
	}
	return counts, nil
}

package store

import (
	"context"
	"fmt"
	"strings"
)

// Snapshot lists what a backup must carry, one line per row, for tests
// that compare two databases: the articles (id, slug, title, body), their
// revisions and bylines, and the comments.
func (s *Store) Snapshot(ctx context.Context) ([]string, error) {
	var lines []string
	for _, q := range []string{
		`SELECT 'article', id, slug || '|' || title || '|' || body_html FROM articles ORDER BY id`,
		`SELECT 'revision', article_id, title FROM revisions ORDER BY id`,
		`SELECT 'byline', article_id, CAST(user_id AS TEXT) FROM article_authors ORDER BY article_id, position`,
		`SELECT 'comment', id, author_name || '|' || content || '|' || status FROM comments ORDER BY id`,
	} {
		rows, err := s.read.QueryContext(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("snapshot: %s: %w", q, err)
		}
		for rows.Next() {
			var kind, text string
			var id int64
			if err := rows.Scan(&kind, &id, &text); err != nil {
				rows.Close()
				return nil, err
			}
			lines = append(lines, fmt.Sprintf("%s %d %s", kind, id, strings.TrimSpace(text)))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return lines, nil
}

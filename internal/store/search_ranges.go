package store

import (
	"context"
	"fmt"
	"strings"
)

// On PostgreSQL a search's candidates, the newest-written matches, are not
// found by walking the search index's primary key backwards and testing
// each row's words, as SQLite's FTS5 walks its own lists: a row's test
// costs PostgreSQL about what reading it does, and the planner prices it
// as nothing, so it walked 1,000 ÷ the word's share of the rows — for a
// word in 7% of 100,000 articles 14,000 rows and 80–200 ms. Nor by reading
// every match through the GIN index and sorting them: the index gives row
// addresses, not ids, so each match costs a visit to the table (7,000 of
// them for that word, 170 ms).
//
// newestMatches asks the GIN index instead for the matches in ranges of
// ids, newest first: first as many ids as matches are wanted, then a range
// sized by how densely the one before held matches, until it has enough
// or has reached the oldest. PostgreSQL intersects the index's matches
// with the primary key's range before it reads the table (a BitmapAnd), so
// a range costs a visit per match in it (the query is parsed in a
// subquery, searchDialect.match, so the planner prices it as a rare word's
// and never walks the range testing rows instead). A common word is done in one or
// two ranges, a word in a few per cent of the articles in two or three,
// and a rare one reads its few matches, whatever the archive's size.

// newestMatches returns the ids, highest first, of the newest at most limit
// articles whose search index row matches expr and that pass filter, a
// condition on the articles a whose placeholders are those of base.
func (s *Store) newestMatches(ctx context.Context, base args, filter, expr string, limit int) ([]int64, error) {
	var top int64
	if err := s.read.QueryRowContext(ctx, `SELECT COALESCE(MAX(article_id), 0) FROM article_search`).Scan(&top); err != nil {
		return nil, err
	}
	a := append(args(nil), base...)
	match := strings.ReplaceAll(s.d.search.match, "$Q", a.add(expr))
	loPH, hiPH, nPH := a.add(int64(0)), a.add(int64(0)), a.add(0)
	// MATERIALIZED: the range's matches are read first, then their
	// articles by primary key, never the articles in the other order.
	q := `WITH m AS MATERIALIZED (SELECT s.article_id FROM article_search s WHERE ` + match +
		` AND s.article_id >= ` + loPH + ` AND s.article_id < ` + hiPH + `)
		SELECT a.id FROM m JOIN articles a ON a.id = m.article_id WHERE ` + filter +
		` ORDER BY a.id DESC LIMIT ` + nPH
	ids := make([]int64, 0, min(limit, 64))
	hi, width := top+1, int64(limit)
	for hi > 0 && len(ids) < limit {
		lo := max(hi-width, 0)
		a[len(a)-3], a[len(a)-2], a[len(a)-1] = lo, hi, limit-len(ids)
		found, err := s.ids(ctx, q, a...)
		if err != nil {
			return nil, fmt.Errorf("ids %d to %d: %w", lo, hi, err)
		}
		ids = append(ids, found...)
		// The next range holds, as densely as this one, what is still
		// wanted and a quarter more; eight times as many ids when this
		// one held none.
		width *= 8
		if len(found) > 0 {
			width = max(int64(float64(limit-len(ids))*float64(hi-lo)/float64(len(found))*1.25), 64)
		}
		hi = lo
	}
	return ids, nil
}

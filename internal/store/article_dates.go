package store

import (
	"context"
	"fmt"
	"time"

	"warta/internal/model"
)

// A date archive (/2026/, /2026/11/, /2026/11/05/) is a ListQuery with
// From and Until: the published posts of a span of time, in the site's
// time zone but given in UTC. Its cost does not grow with the archive
// either: its total is read from the kept monthly counts (post_counts,
// months in UTC) with the few hours a time zone moves its edges counted
// from the articles' index, and a deep page seeks by month as the other
// lists do, so at most one month of posts is ever skipped or counted.

// ranged reports whether q is a date archive's query.
func (q ListQuery) ranged() bool { return !q.Until.IsZero() }

// rangeWhere is the condition of a date archive's posts on articles a.
func rangeWhere(a *args, from, until time.Time) string {
	return `a.type = 'post' AND a.status = 'published' AND a.published_at >= ` + a.add(from.UTC()) +
		` AND a.published_at < ` + a.add(until.UTC())
}

// countSpan counts the published posts of [from, until) from the articles'
// index: for spans of at most a month or a few hours.
func (s *Store) countSpan(ctx context.Context, from, until time.Time) (int, error) {
	if !from.Before(until) {
		return 0, nil
	}
	var a args
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles a WHERE `+rangeWhere(&a, from, until), a...).Scan(&n)
	return n, err
}

// signedSpan is countSpan(x, y) when x is before y, else -countSpan(y, x).
func (s *Store) signedSpan(ctx context.Context, x, y time.Time) (int, error) {
	if y.Before(x) {
		n, err := s.countSpan(ctx, y, x)
		return -n, err
	}
	return s.countSpan(ctx, x, y)
}

// yyyymm is t's UTC month as post_counts keys it.
func yyyymm(t time.Time) int {
	t = t.UTC()
	return t.Year()*100 + int(t.Month())
}

// monthStart is the start of t's UTC month.
func monthStart(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// nearestMonthStart is the UTC month start nearest t: a local month's
// edge lies at most 14 hours from one.
func nearestMonthStart(t time.Time) time.Time {
	s := monthStart(t)
	next := s.AddDate(0, 1, 0)
	if next.Sub(t) < t.Sub(s) {
		return next
	}
	return s
}

// countRange returns how many published posts lie in [from, until). A
// span of two days or less (a day archive) is counted from the index;
// a longer one (a month, a year) is the kept counts of the UTC months
// nearest its edges, corrected by the hours between those and the edges.
func (s *Store) countRange(ctx context.Context, from, until time.Time) (int, error) {
	if until.Sub(from) <= 48*time.Hour {
		return s.countSpan(ctx, from, until)
	}
	a, b := nearestMonthStart(from), nearestMonthStart(until)
	var kept int
	const q = `SELECT COALESCE(SUM(n), 0) FROM post_counts WHERE scope = 'all' AND ref = 0 AND month >= $1 AND month < $2`
	if err := s.read.QueryRowContext(ctx, q, yyyymm(a), yyyymm(b)).Scan(&kept); err != nil {
		return 0, err
	}
	head, err := s.signedSpan(ctx, from, a)
	if err != nil {
		return 0, err
	}
	tail, err := s.signedSpan(ctx, until, b)
	if err != nil {
		return 0, err
	}
	return kept + head - tail, nil
}

// rangePage reads page q (Offset, Limit) of the posts in [q.From,
// q.Until), newest first. From seekFrom on, it first walks the range's
// months, newest first, to the one holding the page's first post.
func (s *Store) rangePage(ctx context.Context, q ListQuery, what loads) ([]model.Article, error) {
	before, offset := q.Until, q.Offset
	if offset >= seekFrom {
		var err error
		if before, offset, err = s.seekRange(ctx, q.From, q.Until, offset); err != nil {
			return nil, err
		}
	}
	var a args
	page := `SELECT ` + articleColumns + ` FROM articles a WHERE ` + rangeWhere(&a, q.From, before) +
		` ORDER BY a.published_at DESC, a.id DESC LIMIT ` + a.add(q.Limit) + ` OFFSET ` + a.add(offset)
	return s.articles(ctx, page, a, what)
}

// seekRange returns the end of the part of [from, until) in the UTC month
// holding the post at offset (newest first), and that post's offset among
// the posts before that end. Whole months are read from the kept counts;
// the range's partial first and last months are counted from the index.
func (s *Store) seekRange(ctx context.Context, from, until time.Time, offset int) (time.Time, int, error) {
	const q = `SELECT month, n FROM post_counts WHERE scope = 'all' AND ref = 0 AND n > 0
		AND month >= $1 AND month <= $2 ORDER BY month DESC`
	rows, err := s.read.QueryContext(ctx, q, yyyymm(from), yyyymm(until.Add(-time.Nanosecond)))
	if err != nil {
		return time.Time{}, 0, fmt.Errorf("seek range: %w", err)
	}
	type month struct {
		start time.Time
		n     int
	}
	var months []month
	for rows.Next() {
		var m, n int
		if err := rows.Scan(&m, &n); err != nil {
			rows.Close()
			return time.Time{}, 0, fmt.Errorf("seek range: %w", err)
		}
		months = append(months, month{time.Date(m/100, time.Month(m%100), 1, 0, 0, 0, 0, time.UTC), n})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return time.Time{}, 0, fmt.Errorf("seek range: %w", err)
	}
	before := until
	for _, m := range months {
		lo, hi := m.start, m.start.AddDate(0, 1, 0)
		n := m.n
		if lo.Before(from) || hi.After(until) {
			// The range holds only part of this month.
			lo, hi = maxTime(lo, from), minTime(hi, until)
			if n, err = s.countSpan(ctx, lo, hi); err != nil {
				return time.Time{}, 0, fmt.Errorf("seek range: %w", err)
			}
		}
		if offset < n {
			return hi, offset, nil
		}
		offset -= n
		before = lo
	}
	return before, offset, nil // past the end: an empty page
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Cache tags name what a page shows, so that a write can say what it
// changed. The page cache files every entry under the tags of what it
// rendered; a write records the tags it touches with touch, in its own
// transaction, and every process drops the entries under them once the
// write has committed.
const (
	TagFront    = "front"    // the front page and its pages
	TagFeeds    = "feeds"    // every feed and sitemap
	TagSettings = "settings" // site settings: every page shows them
	TagAll      = "all"      // every entry (the page cache's own AllTag)
)

// TagArticle names one article or page: its own page and any list showing it.
func TagArticle(id int64) string { return "article:" + strconv.FormatInt(id, 10) }

// TagTerm names a category or tag: its archive and every page showing its name.
func TagTerm(id int64) string { return "term:" + strconv.FormatInt(id, 10) }

// TagAuthor names a user's archive and every byline showing the user.
func TagAuthor(id int64) string { return "author:" + strconv.FormatInt(id, 10) }

// TagComments names an article's comment thread (and comment counts, comment feeds).
func TagComments(articleID int64) string { return "comments:" + strconv.FormatInt(articleID, 10) }

// Change is one committed write, as the change log recorded it.
type Change struct {
	ID   int64
	Tags []string
	At   time.Time
}

// ChangesChannel is the PostgreSQL channel touch notifies, with the change's id.
const ChangesChannel = "warta_changes"

// touch records, inside tx, that the write changes what tags name. On
// PostgreSQL it also notifies ChangesChannel, which the server delivers
// only when tx commits.
func (s *Store) touch(ctx context.Context, tx *sql.Tx, tags ...string) error {
	tags = slices.Compact(slices.Sorted(slices.Values(tags)))
	if len(tags) == 0 {
		return nil
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO changes (tags, created_at) VALUES ($1, $2) RETURNING id`,
		strings.Join(tags, " "), dbTime(time.Now())).Scan(&id)
	if err != nil {
		return fmt.Errorf("record change: %w", err)
	}
	if p, ok := s.local.pending.Load(tx); ok {
		list := p.(*[]Change)
		*list = append(*list, Change{ID: id, Tags: tags, At: time.Now().UTC()})
	}
	if s.d.engine == "postgres" {
		if _, err := tx.ExecContext(ctx, `SELECT pg_notify($1, $2)`, ChangesChannel, strconv.FormatInt(id, 10)); err != nil {
			return fmt.Errorf("notify change: %w", err)
		}
	}
	return nil
}

// Touch records a change on its own, for writes made outside the store's
// methods (a settings screen that changes several things, a command that
// wants every page rebuilt).
func (s *Store) Touch(ctx context.Context, tags ...string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error { return s.touch(ctx, tx, tags...) })
	if err != nil {
		return fmt.Errorf("store: touch: %w", err)
	}
	return nil
}

// ChangesSince returns the changes committed after the one with id after,
// oldest first, at most limit of them.
func (s *Store) ChangesSince(ctx context.Context, after int64, limit int) ([]Change, error) {
	rows, err := s.read.QueryContext(ctx,
		`SELECT id, tags, created_at FROM changes WHERE id > $1 ORDER BY id LIMIT $2`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("store: changes since %d: %w", after, err)
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		var c Change
		var tags string
		if err := rows.Scan(&c.ID, &tags, &c.At); err != nil {
			return nil, fmt.Errorf("store: changes since %d: %w", after, err)
		}
		c.Tags = strings.Fields(tags)
		c.At = c.At.UTC()
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: changes since %d: %w", after, err)
	}
	return out, nil
}

// LastChange returns the id of the newest change, 0 when there is none; a
// watcher starting up begins after it.
func (s *Store) LastChange(ctx context.Context) (int64, error) {
	var id sql.NullInt64
	if err := s.read.QueryRowContext(ctx, `SELECT MAX(id) FROM changes`).Scan(&id); err != nil {
		return 0, fmt.Errorf("store: last change: %w", err)
	}
	return id.Int64, nil
}

// PruneChanges deletes changes recorded before cutoff; every watcher has
// long read them.
func (s *Store) PruneChanges(ctx context.Context, cutoff time.Time) error {
	if _, err := s.write.ExecContext(ctx, `DELETE FROM changes WHERE created_at < $1`, dbTime(cutoff)); err != nil {
		return fmt.Errorf("store: prune changes: %w", err)
	}
	return nil
}

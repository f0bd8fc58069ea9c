package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"warta/internal/analyze"
	"warta/internal/model"
)

// The search index holds analyzed words, so it is only as current as the
// analyzer that wrote it: when a new warta stems differently, the words in
// the index no longer meet the words of a query. The settings table keeps
// which analyzer version wrote the whole index, under searchVersionKey, and
// while a re-index runs, how far it has come, under searchCursorKey as
// "version:last article id", so a restart resumes instead of starting over.
// Neither is part of model.Settings, so no settings screen or export shows
// them; a backup carries them with the index they describe.
const (
	searchVersionKey = "search_analyzer_version"
	searchCursorKey  = "search_reindex_cursor"
)

// reindexBatch is how many articles one re-index transaction reads and
// writes: small enough that the write lock it holds (SQLite) is released
// every few tens of milliseconds for the site's own writes.
const reindexBatch = 50

// stampSearchIndex records that the index is current when there is nothing
// in it to be stale: a database without articles. Migrate calls it, so a new
// site, and a site filled by an import or generate on a new database, never
// re-index what the running analyzer wrote.
func (s *Store) stampSearchIndex(ctx context.Context) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var any int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM articles LIMIT 1`).Scan(&any)
		if err == nil {
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)
			ON CONFLICT (key) DO NOTHING`, searchVersionKey, strconv.Itoa(analyze.Version))
		return err
	})
}

// SearchIndexStale reports whether the search index was written by another
// analyzer version than this program's, or has never been stamped with one
// (sites made before versioning), so that ReindexSearch has work to do.
func (s *Store) SearchIndexStale(ctx context.Context) (bool, error) {
	v, err := s.settingValue(ctx, s.write, searchVersionKey)
	if err != nil {
		return false, fmt.Errorf("store: search index version: %w", err)
	}
	return v != strconv.Itoa(analyze.Version), nil
}

// ReindexSearch rewrites the search index row of every article with this
// program's analyzer when the index was written by another version (see
// SearchIndexStale), and returns how many it rewrote; 0 when the index is
// current. It works in short transactions in the order of article ids,
// each reading the articles it indexes, so an article edited meanwhile is
// never indexed from its old text, and it records its position in each, so
// that after an interruption it resumes where it stopped. progress, when
// not nil, is called after each transaction with the articles done and the
// total of this run. Searches keep working meanwhile, finding what either
// analyzer's words match. Several instances running it at once do the same
// harmless work twice.
func (s *Store) ReindexSearch(ctx context.Context, progress func(done, total int)) (int, error) {
	stale, err := s.SearchIndexStale(ctx)
	if err != nil || !stale {
		return 0, err
	}
	version := strconv.Itoa(analyze.Version)
	var after int64
	cursor, err := s.settingValue(ctx, s.write, searchCursorKey)
	if err != nil {
		return 0, fmt.Errorf("store: reindex search: %w", err)
	}
	// A cursor left by a run towards another version does not count.
	if v, id, ok := strings.Cut(cursor, ":"); ok && v == version {
		after, _ = strconv.ParseInt(id, 10, 64)
	}
	var total int
	if err := s.write.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles WHERE id > $1`, after).Scan(&total); err != nil {
		return 0, fmt.Errorf("store: reindex search: %w", err)
	}
	q := `SELECT id, lang, title, excerpt, body_html, password FROM articles
		WHERE id > $1 ORDER BY id LIMIT ` + strconv.Itoa(reindexBatch)
	const setting = `INSERT INTO settings (key, value) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`
	done := 0
	for {
		n := 0
		err := s.inTx(ctx, func(tx *sql.Tx) error {
			list, err := reindexArticles(ctx, tx, q, after)
			if err != nil {
				return err
			}
			for i := range list {
				if err := s.indexArticle(ctx, tx, list[i].ID, &list[i]); err != nil {
					return fmt.Errorf("article %d: %w", list[i].ID, err)
				}
			}
			n = len(list)
			if n == 0 {
				if _, err := tx.ExecContext(ctx, setting, searchVersionKey, version); err != nil {
					return err
				}
				_, err := tx.ExecContext(ctx, `DELETE FROM settings WHERE key = $1`, searchCursorKey)
				return err
			}
			after = list[n-1].ID
			_, err = tx.ExecContext(ctx, setting, searchCursorKey, version+":"+strconv.FormatInt(after, 10))
			return err
		})
		if err != nil {
			return done, fmt.Errorf("store: reindex search: %w", err)
		}
		if n == 0 {
			return done, nil
		}
		done += n
		if progress != nil {
			progress(done, max(total, done))
		}
	}
}

// reindexArticles reads, inside tx, the articles after the id after with
// what indexArticle reads of them.
func reindexArticles(ctx context.Context, tx *sql.Tx, q string, after int64) ([]model.Article, error) {
	rows, err := tx.QueryContext(ctx, q, after)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []model.Article
	for rows.Next() {
		var a model.Article
		if err := rows.Scan(&a.ID, &a.Lang, &a.Title, &a.Excerpt, &a.BodyHTML, &a.Password); err != nil {
			return nil, err
		}
		list = append(list, a)
	}
	return list, rows.Err()
}

// settingValue returns the stored value of an internal settings key, or ""
// when it has none.
func (s *Store) settingValue(ctx context.Context, db *sql.DB, key string) (string, error) {
	var v string
	err := db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

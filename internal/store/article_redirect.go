package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"warta/internal/model"
)

// publicPathTx returns the public path the article id has as stored in
// tx, under the site's permalink structure; "" when it is not published
// (it has no public URL to keep).
func (s *Store) publicPathTx(ctx context.Context, tx *sql.Tx, id int64) (string, error) {
	a := model.Article{ID: id}
	var status string
	err := tx.QueryRowContext(ctx, `SELECT a.type, a.slug, a.status, a.published_at, `+parentPathExpr+` FROM articles a WHERE a.id = $1`, id).
		Scan(&a.Type, &a.Slug, &status, utc{&a.PublishedAt}, &a.ParentPath)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("path of %d: %w", id, err)
	}
	if model.Status(status) != model.StatusPublished || a.PublishedAt.IsZero() {
		return "", nil
	}
	st := model.DefaultSettings()
	rows, err := tx.QueryContext(ctx, `SELECT key, value FROM settings WHERE key IN ('permalink_structure', 'time_zone')`)
	if err != nil {
		return "", fmt.Errorf("path of %d: %w", id, err)
	}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			rows.Close()
			return "", err
		}
		if k == "time_zone" {
			st.TimeZone = v
		} else {
			st.PermalinkStructure = v
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return "", err
	}
	links := model.NewPermalinks(st, nil)
	if links.NeedsCategories() {
		cats, err := categoriesTx(ctx, tx)
		if err != nil {
			return "", fmt.Errorf("path of %d: %w", id, err)
		}
		links = model.NewPermalinks(st, cats)
		const q = `SELECT t.id, t.slug FROM article_terms l JOIN terms t ON t.id = l.term_id
			WHERE l.article_id = $1 AND t.taxonomy = 'category' ORDER BY t.id LIMIT 1`
		var c model.Term
		switch err := tx.QueryRowContext(ctx, q, id).Scan(&c.ID, &c.Slug); {
		case err == nil:
			a.Categories = []model.Term{c}
		case !errors.Is(err, sql.ErrNoRows):
			return "", fmt.Errorf("path of %d: %w", id, err)
		}
	}
	if strings.Contains(links.Structure, "%author%") {
		const q = `SELECT u.id, u.slug FROM article_authors b JOIN users u ON u.id = b.user_id
			WHERE b.article_id = $1 ORDER BY b.position LIMIT 1`
		var u model.User
		switch err := tx.QueryRowContext(ctx, q, id).Scan(&u.ID, &u.Slug); {
		case err == nil:
			a.Bylines = []model.Byline{{User: u}}
		case !errors.Is(err, sql.ErrNoRows):
			return "", fmt.Errorf("path of %d: %w", id, err)
		}
	}
	return a.Path(links), nil
}

// categoriesTx reads every category's id, slug and parent in tx.
func categoriesTx(ctx context.Context, tx *sql.Tx) ([]model.Term, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, slug, COALESCE(parent_id, 0) FROM terms WHERE taxonomy = 'category'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []model.Term
	for rows.Next() {
		t := model.Term{Taxonomy: model.TaxonomyCategory}
		if err := rows.Scan(&t.ID, &t.Slug, &t.ParentID); err != nil {
			return nil, err
		}
		list = append(list, t)
	}
	return list, rows.Err()
}

// movedTx records in tx that the public URL from now lives at to, so that
// from answers 301: redirects that led to from now lead to to (no chains),
// and a redirect away from to is dropped, since something lives there now
// (no loops). Nothing happens when either is "" or they are equal.
// childPagesTx returns the pages below page id (up to four generations,
// as far as parentPathExpr follows), whose paths hold its slug.
func childPagesTx(ctx context.Context, tx *sql.Tx, id int64) ([]int64, error) {
	var all []int64
	level := []int64{id}
	for depth := 0; depth < 4 && len(level) > 0; depth++ {
		var next []int64
		for _, p := range level {
			rows, err := tx.QueryContext(ctx, `SELECT id FROM articles WHERE parent_id = $1 AND type = 'page'`, p)
			if err != nil {
				return nil, err
			}
			for rows.Next() {
				var c int64
				if err := rows.Scan(&c); err != nil {
					rows.Close()
					return nil, err
				}
				next = append(next, c)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, err
			}
		}
		all = append(all, next...)
		level = next
	}
	return all, nil
}

func movedTx(ctx context.Context, tx *sql.Tx, from, to string) error {
	if from == "" || to == "" || from == to {
		return nil
	}
	stmts := []struct {
		q    string
		args []any
	}{
		{`DELETE FROM redirects WHERE from_path = $1`, []any{to}},
		{`UPDATE redirects SET to_path = $2 WHERE to_path = $1`, []any{from, to}},
		{`INSERT INTO redirects (from_path, to_path, status) VALUES ($1, $2, 301)
			ON CONFLICT (from_path) DO UPDATE SET to_path = excluded.to_path, status = 301`, []any{from, to}},
	}
	for _, st := range stmts {
		if _, err := tx.ExecContext(ctx, st.q, st.args...); err != nil {
			return fmt.Errorf("redirect %q to %q: %w", from, to, err)
		}
	}
	return nil
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"warta/internal/model"
)

// The fields of a WordPress site that warta's own tables have no column
// for (migration 0023): SEO plugins' fields, custom taxonomies and menus.

// ArticleSEO returns the SEO fields of article id; the zero SEO when it
// has none.
func (s *Store) ArticleSEO(ctx context.Context, id int64) (model.SEO, error) {
	const q = `SELECT title, description, canonical, noindex, image FROM article_seo WHERE article_id = $1`
	var seo model.SEO
	err := s.read.QueryRowContext(ctx, q, id).Scan(&seo.Title, &seo.Description, &seo.Canonical, &seo.NoIndex, &seo.Image)
	if errors.Is(err, sql.ErrNoRows) {
		return model.SEO{}, nil
	}
	if err != nil {
		return model.SEO{}, fmt.Errorf("store: seo of %d: %w", id, err)
	}
	return seo, nil
}

// SaveWPTerm inserts or updates (by taxonomy and slug) a custom taxonomy's
// term and sets its ID.
func (t *ImportTx) SaveWPTerm(term *model.WPTerm) error {
	const q = `INSERT INTO wp_terms (taxonomy, slug, name, description, parent) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (taxonomy, slug) DO UPDATE SET name = excluded.name, description = excluded.description, parent = excluded.parent
		RETURNING id`
	err := t.db.QueryRowContext(t.ctx, q, term.Taxonomy, term.Slug, term.Name, term.Description, term.Parent).Scan(&term.ID)
	if err != nil {
		return fmt.Errorf("term %s:%s: %w", term.Taxonomy, term.Slug, err)
	}
	return nil
}

// SetWPTermLinks makes terms (ids of SaveWPTerm) the custom taxonomies'
// terms of article id, replacing those it had.
func (t *ImportTx) SetWPTermLinks(articleID int64, terms []int64) error {
	if _, err := t.db.ExecContext(t.ctx, `DELETE FROM wp_term_links WHERE article_id = $1`, articleID); err != nil {
		return err
	}
	for _, id := range terms {
		const q = `INSERT INTO wp_term_links (term_id, article_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`
		if _, err := t.db.ExecContext(t.ctx, q, id, articleID); err != nil {
			return fmt.Errorf("term link %d-%d: %w", id, articleID, err)
		}
	}
	return nil
}

// ArticleWPTerms returns the custom taxonomies' terms of article id, by
// taxonomy and slug.
func (s *Store) ArticleWPTerms(ctx context.Context, id int64) ([]model.WPTerm, error) {
	const q = `SELECT t.id, t.taxonomy, t.slug, t.name, t.description, t.parent FROM wp_terms t
		JOIN wp_term_links l ON l.term_id = t.id WHERE l.article_id = $1 ORDER BY t.taxonomy, t.slug`
	return s.wpTerms(ctx, q, id)
}

// WPTerms returns every kept custom taxonomy term, by taxonomy and slug.
func (s *Store) WPTerms(ctx context.Context) ([]model.WPTerm, error) {
	const q = `SELECT id, taxonomy, slug, name, description, parent FROM wp_terms ORDER BY taxonomy, slug`
	return s.wpTerms(ctx, q)
}

func (s *Store) wpTerms(ctx context.Context, q string, args ...any) ([]model.WPTerm, error) {
	rows, err := s.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: custom terms: %w", err)
	}
	defer rows.Close()
	var list []model.WPTerm
	for rows.Next() {
		var t model.WPTerm
		if err := rows.Scan(&t.ID, &t.Taxonomy, &t.Slug, &t.Name, &t.Description, &t.Parent); err != nil {
			return nil, fmt.Errorf("store: custom terms: %w", err)
		}
		list = append(list, t)
	}
	return list, rows.Err()
}

// SaveWPMenu inserts or updates (by slug) a menu and sets its ID; its
// items are replaced by SetWPMenuItem calls that follow.
func (t *ImportTx) SaveWPMenu(m *model.WPMenu) error {
	const q = `INSERT INTO wp_menus (slug, name) VALUES ($1, $2)
		ON CONFLICT (slug) DO UPDATE SET name = excluded.name RETURNING id`
	if err := t.db.QueryRowContext(t.ctx, q, m.Slug, m.Name).Scan(&m.ID); err != nil {
		return fmt.Errorf("menu %s: %w", m.Slug, err)
	}
	return nil
}

// SetWPMenuItem inserts or updates (by its WordPress id) an item of menu.
func (t *ImportTx) SetWPMenuItem(menuID int64, it model.WPMenuItem) error {
	const q = `INSERT INTO wp_menu_items (menu_id, wp_id, parent_wp_id, position, title, url, object_type, object_key)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (menu_id, wp_id) DO UPDATE SET parent_wp_id = excluded.parent_wp_id, position = excluded.position,
		title = excluded.title, url = excluded.url, object_type = excluded.object_type, object_key = excluded.object_key`
	_, err := t.db.ExecContext(t.ctx, q, menuID, it.WPID, it.ParentWPID, it.Position, it.Title, it.URL, it.ObjectType, it.ObjectKey)
	if err != nil {
		return fmt.Errorf("menu item %d: %w", it.WPID, err)
	}
	return nil
}

// WPMenus returns the imported menus with their items in order.
func (s *Store) WPMenus(ctx context.Context) ([]model.WPMenu, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, slug, name FROM wp_menus ORDER BY slug`)
	if err != nil {
		return nil, fmt.Errorf("store: menus: %w", err)
	}
	var menus []model.WPMenu
	for rows.Next() {
		var m model.WPMenu
		if err := rows.Scan(&m.ID, &m.Slug, &m.Name); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: menus: %w", err)
		}
		menus = append(menus, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: menus: %w", err)
	}
	for i := range menus {
		const q = `SELECT wp_id, parent_wp_id, position, title, url, object_type, object_key FROM wp_menu_items
			WHERE menu_id = $1 ORDER BY position, wp_id`
		rows, err := s.read.QueryContext(ctx, q, menus[i].ID)
		if err != nil {
			return nil, fmt.Errorf("store: menu items: %w", err)
		}
		for rows.Next() {
			var it model.WPMenuItem
			if err := rows.Scan(&it.WPID, &it.ParentWPID, &it.Position, &it.Title, &it.URL, &it.ObjectType, &it.ObjectKey); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: menu items: %w", err)
			}
			menus[i].Items = append(menus[i].Items, it)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("store: menu items: %w", err)
		}
	}
	return menus, nil
}

// ImportedByWPID returns the warta id an import made of the WordPress
// post or term (kind "post", "attachment", "term") with id wpID, from any
// site; model.ErrNotFound when none did. Menu items name their targets so.
func (s *Store) ImportedByWPID(ctx context.Context, kind string, wpID int64) (int64, error) {
	var id int64
	const q = `SELECT warta_id FROM wp_import_map WHERE kind = $1 AND wp_id = $2 ORDER BY warta_id DESC LIMIT 1`
	if err := s.read.QueryRowContext(ctx, q, kind, wpID).Scan(&id); err != nil {
		return 0, fmt.Errorf("store: imported %s %d: %w", kind, wpID, notFound(err))
	}
	return id, nil
}

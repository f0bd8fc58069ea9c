package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"warta/internal/model"
)

// Menus returns the site's navigation menus (migration 0041), one per
// language, by language, each with its items in order and the name and
// slug of the terms they link.
func (s *Store) Menus(ctx context.Context) ([]model.Menu, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, lang, source FROM menus ORDER BY lang`)
	if err != nil {
		return nil, fmt.Errorf("store: menus: %w", err)
	}
	var menus []model.Menu
	for rows.Next() {
		var m model.Menu
		if err := rows.Scan(&m.ID, &m.Lang, &m.Source); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: menus: %w", err)
		}
		menus = append(menus, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: menus: %w", err)
	}
	const q = `SELECT i.id, i.depth, i.kind, i.target_id, i.label, i.url, COALESCE(t.name, ''), COALESCE(t.slug, '')
		FROM menu_items i
		LEFT JOIN terms t ON i.kind IN ('category', 'tag') AND t.id = i.target_id
			AND t.taxonomy = CASE i.kind WHEN 'tag' THEN 'tag' ELSE 'category' END
		WHERE i.menu_id = $1 ORDER BY i.position`
	for k := range menus {
		rows, err := s.read.QueryContext(ctx, q, menus[k].ID)
		if err != nil {
			return nil, fmt.Errorf("store: menu items: %w", err)
		}
		for rows.Next() {
			var it model.MenuItem
			if err := rows.Scan(&it.ID, &it.Depth, &it.Kind, &it.TargetID, &it.Label, &it.URL, &it.Name, &it.Slug); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: menu items: %w", err)
			}
			menus[k].Items = append(menus[k].Items, it)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("store: menu items: %w", err)
		}
	}
	return menus, nil
}

// Menu returns the menu of lang; one without ID and items when the
// language has none.
func (s *Store) Menu(ctx context.Context, lang string) (model.Menu, error) {
	menus, err := s.Menus(ctx)
	if err != nil {
		return model.Menu{}, err
	}
	for _, m := range menus {
		if m.Lang == lang {
			return m, nil
		}
	}
	return model.Menu{Lang: lang}, nil
}

// SaveMenu stores m as the menu of m.Lang, its items replacing those it
// had (an item keeps its ID; a new one, ID 0, gets one), and drops every
// cached page: the header shows the menu everywhere. It sets m.ID and the
// new items' IDs.
func (s *Store) SaveMenu(ctx context.Context, m *model.Menu) error {
	m.Normalize()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		const upsert = `INSERT INTO menus (lang, source) VALUES ($1, $2)
			ON CONFLICT (lang) DO UPDATE SET source = excluded.source RETURNING id`
		if err := tx.QueryRowContext(ctx, upsert, m.Lang, m.Source).Scan(&m.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM menu_items WHERE menu_id = $1`, m.ID); err != nil {
			return err
		}
		for k := range m.Items {
			it := &m.Items[k]
			if it.ID > 0 {
				const q = `INSERT INTO menu_items (id, menu_id, position, depth, kind, target_id, label, url)
					VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`
				if _, err := tx.ExecContext(ctx, q, it.ID, m.ID, k, it.Depth, it.Kind, it.TargetID, it.Label, it.URL); err != nil {
					return err
				}
				continue
			}
			const q = `INSERT INTO menu_items (menu_id, position, depth, kind, target_id, label, url)
				VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`
			if err := tx.QueryRowContext(ctx, q, m.ID, k, it.Depth, it.Kind, it.TargetID, it.Label, it.URL).Scan(&it.ID); err != nil {
				return err
			}
		}
		return s.touch(ctx, tx, TagAll)
	})
	if err != nil {
		return fmt.Errorf("store: save menu %s: %w", m.Lang, err)
	}
	return nil
}

// DeleteMenu removes the menu of lang, so that the language gets the
// automatic menu again, and drops every cached page.
func (s *Store) DeleteMenu(ctx context.Context, lang string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM menus WHERE lang = $1`, lang); err != nil {
			return err
		}
		return s.touch(ctx, tx, TagAll)
	})
	if err != nil {
		return fmt.Errorf("store: delete menu %s: %w", lang, err)
	}
	return nil
}

// MenuFromWP makes the items of a site menu from an imported WordPress
// menu: each item's page, category or tag is found through the import
// map; a post becomes a link to its path under links, a custom link stays
// one, and an item whose target was not imported is left out. Nesting
// follows the WordPress parents, deeper than model.MenuMaxDepth flattened
// to it.
func (s *Store) MenuFromWP(ctx context.Context, wp model.WPMenu, links model.Permalinks) ([]model.MenuItem, error) {
	items := slices.Clone(wp.Items)
	slices.SortStableFunc(items, func(a, b model.WPMenuItem) int { return a.Position - b.Position })
	children := map[int64][]model.WPMenuItem{}
	known := map[int64]bool{}
	for _, it := range items {
		known[it.WPID] = true
	}
	for _, it := range items {
		p := it.ParentWPID
		if !known[p] {
			p = 0
		}
		children[p] = append(children[p], it)
	}
	var out []model.MenuItem
	var walk func(parent int64, depth int) error
	walk = func(parent int64, depth int) error {
		for _, it := range children[parent] {
			mi, ok, err := s.wpMenuItem(ctx, it, links)
			if err != nil {
				return err
			}
			d := depth
			if ok {
				mi.Depth = min(depth, model.MenuMaxDepth)
				out = append(out, mi)
			} else {
				d-- // the children of a dropped item take its place
			}
			if err := walk(it.WPID, d+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(0, 0); err != nil {
		return nil, fmt.Errorf("store: menu %s: %w", wp.Slug, err)
	}
	m := model.Menu{Items: out}
	m.Normalize()
	return m.Items, nil
}

// wpMenuItem resolves one WordPress menu item; false when its target was
// not imported.
func (s *Store) wpMenuItem(ctx context.Context, it model.WPMenuItem, links model.Permalinks) (model.MenuItem, bool, error) {
	mi := model.MenuItem{Label: it.Title}
	var (
		id  int64
		err error
	)
	switch it.ObjectType {
	case "custom", "":
		if it.URL == "" {
			return mi, false, nil
		}
		mi.Kind, mi.URL = model.MenuCustom, it.URL
		return mi, true, nil
	case "page", "post":
		err = s.read.QueryRowContext(ctx, `SELECT warta_id FROM wp_import_map WHERE kind = 'post' AND wp_key = $1
			ORDER BY warta_id LIMIT 1`, it.ObjectKey).Scan(&id)
	case "category", "post_tag":
		wpID, perr := strconv.ParseInt(it.ObjectKey, 10, 64)
		if perr != nil {
			return mi, false, nil
		}
		prefix := "category:%"
		mi.Kind = model.MenuCategory
		if it.ObjectType == "post_tag" {
			prefix, mi.Kind = "post_tag:%", model.MenuTag
		}
		err = s.read.QueryRowContext(ctx, `SELECT warta_id FROM wp_import_map WHERE kind = 'term' AND wp_id = $1
			AND wp_key LIKE $2 ORDER BY warta_id LIMIT 1`, wpID, prefix).Scan(&id)
	default:
		return mi, false, nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return mi, false, nil
	}
	if err != nil {
		return mi, false, err
	}
	mi.TargetID = id
	if it.ObjectType == "page" || it.ObjectType == "post" {
		a, err := s.ArticleByID(ctx, id)
		if errors.Is(err, model.ErrNotFound) {
			return mi, false, nil
		}
		if err != nil {
			return mi, false, err
		}
		if a.Type == model.TypePage {
			mi.Kind = model.MenuPage
		} else {
			mi.Kind, mi.TargetID, mi.URL = model.MenuCustom, 0, a.Path(links)
			if mi.Label == "" {
				mi.Label = a.Title
			}
		}
	}
	return mi, true, nil
}

// AdoptWPMenu makes the imported WordPress menu with the most items the
// site's menu in lang, when lang has no menu yet: a site moved from
// WordPress keeps its navigation. It reports whether it made one.
func (s *Store) AdoptWPMenu(ctx context.Context, lang string, links model.Permalinks) (bool, error) {
	have, err := s.Menu(ctx, lang)
	if err != nil || have.ID != 0 {
		return false, err
	}
	wp, err := s.WPMenus(ctx)
	if err != nil || len(wp) == 0 {
		return false, err
	}
	best := wp[0]
	for _, m := range wp[1:] {
		if len(m.Items) > len(best.Items) {
			best = m
		}
	}
	items, err := s.MenuFromWP(ctx, best, links)
	if err != nil || len(items) == 0 {
		return false, err
	}
	m := model.Menu{Lang: lang, Source: best.Slug, Items: items}
	if err := s.SaveMenu(ctx, &m); err != nil {
		return false, err
	}
	return true, nil
}

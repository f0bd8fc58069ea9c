package store

import (
	"context"
	"fmt"
	"time"

	"warta/internal/model"
)

// The terms of WordPress's custom taxonomies (a "wilayah" or "series"
// taxonomy) an import kept (wp_terms, migration 0023) are browsable as on
// WordPress: each has an archive at /{taxonomy}/{slug}/, paged, and the
// sitemap lists those with published posts.

// WPTermBySlug returns the custom taxonomy's term with slug, or
// model.ErrNotFound.
func (s *Store) WPTermBySlug(ctx context.Context, taxonomy, slug string) (model.WPTerm, error) {
	const q = `SELECT id, taxonomy, slug, name, description, parent FROM wp_terms WHERE taxonomy = $1 AND slug = $2`
	var t model.WPTerm
	err := s.read.QueryRowContext(ctx, q, taxonomy, slug).Scan(&t.ID, &t.Taxonomy, &t.Slug, &t.Name, &t.Description, &t.Parent)
	if err != nil {
		return t, fmt.Errorf("store: %s %q: %w", taxonomy, slug, notFound(err))
	}
	return t, nil
}

// WPTermEntry is a custom taxonomy's term in the sitemap.
type WPTermEntry struct {
	Taxonomy, Slug string
	LastMod        time.Time // when its newest published post was published
}

// SitemapWPTerms returns the custom taxonomies' terms that have published
// posts, by taxonomy and slug, each with the publication time of its
// newest post.
func (s *Store) SitemapWPTerms(ctx context.Context) ([]WPTermEntry, error) {
	const q = `SELECT t.taxonomy, t.slug, (SELECT MAX(a.published_at) FROM wp_term_links l JOIN articles a ON a.id = l.article_id
			WHERE l.term_id = t.id AND a.type = 'post' AND a.status = 'published') AS last
		FROM wp_terms t ORDER BY t.taxonomy, t.slug`
	rows, err := s.read.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("store: sitemap of custom terms: %w", err)
	}
	defer rows.Close()
	list := []WPTermEntry{}
	for rows.Next() {
		var e WPTermEntry
		if err := rows.Scan(&e.Taxonomy, &e.Slug, utc{&e.LastMod}); err != nil {
			return nil, fmt.Errorf("store: sitemap of custom terms: %w", err)
		}
		if !e.LastMod.IsZero() { // zero: no published post
			list = append(list, e)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: sitemap of custom terms: %w", err)
	}
	return list, nil
}

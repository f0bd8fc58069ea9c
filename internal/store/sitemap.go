package store

import (
	"context"
	"fmt"
	"time"

	"warta/internal/model"
)

// SitemapArticles returns published articles of type typ, oldest first
// (the id breaks ties), so that a page of a sitemap keeps its articles as
// new ones are published: limit of them after offset, with their featured
// image, published at or after since (zero: any time), and the bylines and
// terms their URLs may name. Comment counts are not loaded.
func (s *Store) SitemapArticles(ctx context.Context, typ model.ArticleType, since time.Time, offset, limit int) ([]model.Article, error) {
	var a args
	q := `SELECT ` + articleColumns + ` FROM articles a WHERE a.type = ` + a.add(string(typ)) +
		` AND a.status = 'published' AND a.published_at >= ` + a.add(dbTime(since)) +
		` ORDER BY a.published_at, a.id LIMIT ` + a.add(limit) + ` OFFSET ` + a.add(max(offset, 0))
	list, err := s.articles(ctx, q, a, loadFeatured|loadBylines|loadTerms)
	if err != nil {
		return nil, fmt.Errorf("store: sitemap %s: %w", typ, err)
	}
	return list, nil
}

// LastModified returns the newest modification time among the published
// articles of type typ in the page of SitemapArticles at offset and limit
// (any time): the lastmod of that page in the sitemap index. Zero when the
// page is empty.
func (s *Store) LastModified(ctx context.Context, typ model.ArticleType, offset, limit int) (time.Time, error) {
	const q = `SELECT MAX(m) FROM (SELECT modified_at AS m FROM articles
		WHERE type = $1 AND status = 'published' ORDER BY published_at, id LIMIT $2 OFFSET $3) p`
	var t time.Time
	if err := s.read.QueryRowContext(ctx, q, string(typ), limit, offset).Scan(utc{&t}); err != nil {
		return t, fmt.Errorf("store: last modified %s: %w", typ, err)
	}
	return t, nil
}

// SitemapEntry is an archive in a sitemap: a category, tag or author.
type SitemapEntry struct {
	Slug    string
	LastMod time.Time // the newest modification among its published posts
}

// SitemapArchives returns the categories or tags (taxonomy), or the authors
// (taxonomy "author"), that have published posts, by slug, each with the
// newest modification time of those posts.
func (s *Store) SitemapArchives(ctx context.Context, taxonomy string) ([]SitemapEntry, error) {
	var q string
	var qa args
	if taxonomy == "author" {
		q = `SELECT u.slug, MAX(a.modified_at) FROM users u
			JOIN article_authors b ON b.user_id = u.id
			JOIN articles a ON a.id = b.article_id
			WHERE a.type = 'post' AND a.status = 'published'
			GROUP BY u.id, u.slug ORDER BY u.slug`
	} else {
		q = `SELECT t.slug, MAX(a.modified_at) FROM terms t
			JOIN article_terms l ON l.term_id = t.id
			JOIN articles a ON a.id = l.article_id
			WHERE t.taxonomy = ` + qa.add(taxonomy) + ` AND a.type = 'post' AND a.status = 'published'
			GROUP BY t.id, t.slug ORDER BY t.slug`
	}
	rows, err := s.read.QueryContext(ctx, q, qa...)
	if err != nil {
		return nil, fmt.Errorf("store: sitemap %s: %w", taxonomy, err)
	}
	defer rows.Close()
	list := []SitemapEntry{}
	for rows.Next() {
		var e SitemapEntry
		if err := rows.Scan(&e.Slug, utc{&e.LastMod}); err != nil {
			return nil, fmt.Errorf("store: sitemap %s: %w", taxonomy, err)
		}
		list = append(list, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: sitemap %s: %w", taxonomy, err)
	}
	return list, nil
}

package store

import (
	"context"
	"fmt"
	"time"

	"warta/internal/model"
)

// SitemapBucket is how many article ids one sitemap page covers: page N of
// a type lists its published articles with ids from (N-1)·SitemapBucket to
// N·SitemapBucket-1. The migrations' triggers keep sitemap_pages by the
// same division; a test holds them to it. 1,000 URLs a page, as the
// largest WordPress SEO plugins cut theirs: each page is read from one
// range of the primary key, and a million posts make a thousand pages.
const SitemapBucket = 1000

// SitemapPage is one page of a type's sitemap.
type SitemapPage struct {
	Type    model.ArticleType
	Number  int       // from 1; numbers of id ranges without published articles are skipped
	LastMod time.Time // when one of its articles last changed, was published or left
}

// SitemapPages returns the sitemap pages of posts, then of pages, each
// in number order: those holding at least one published article. It reads
// the kept sitemap_pages, never the articles.
func (s *Store) SitemapPages(ctx context.Context) ([]SitemapPage, error) {
	const q = `SELECT type, bucket, lastmod FROM sitemap_pages WHERE n > 0
		ORDER BY CASE type WHEN 'post' THEN 0 ELSE 1 END, bucket`
	rows, err := s.read.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("store: sitemap pages: %w", err)
	}
	defer rows.Close()
	var list []SitemapPage
	for rows.Next() {
		var p SitemapPage
		var bucket int
		if err := rows.Scan(&p.Type, &bucket, utc{&p.LastMod}); err != nil {
			return nil, fmt.Errorf("store: sitemap pages: %w", err)
		}
		p.Number = bucket + 1
		list = append(list, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: sitemap pages: %w", err)
	}
	return list, nil
}

// SitemapPageArticles returns the published articles of type typ on page
// number of its sitemap (see SitemapBucket), by id, with their featured
// image and the bylines and terms their URLs may name; none when the page
// is empty or does not exist. Only the fields a sitemap entry needs are
// set (id, type, slug, status, times, featured image, parent path): no
// title, text or comment counts.
func (s *Store) SitemapPageArticles(ctx context.Context, typ model.ArticleType, number int) ([]model.Article, error) {
	if number < 1 {
		return []model.Article{}, nil
	}
	lo := int64(number-1) * SitemapBucket
	// Only what a URL and its lastmod need, all in the articles_sitemap
	// index (migration 0017): the page is one range of it, never the rows.
	const q = `SELECT a.id, a.type, a.slug, a.status, COALESCE(a.published_at, NULL), COALESCE(a.modified_at, NULL),
		COALESCE(a.featured_media_id, 0), COALESCE(a.parent_id, 0), ` + parentPathExpr + `
		FROM articles a WHERE a.type = $3 AND a.status = 'published' AND a.id >= $1 AND a.id < $2 ORDER BY a.id`
	rows, err := s.read.QueryContext(ctx, q, lo, lo+SitemapBucket, string(typ))
	if err != nil {
		return nil, fmt.Errorf("store: sitemap %s %d: %w", typ, number, err)
	}
	defer rows.Close()
	list := []model.Article{}
	for rows.Next() {
		var a model.Article
		if err := rows.Scan(&a.ID, &a.Type, &a.Slug, &a.Status, utc{&a.PublishedAt}, utc{&a.ModifiedAt},
			&a.FeaturedMediaID, &a.ParentID, &a.ParentPath); err != nil {
			return nil, fmt.Errorf("store: sitemap %s %d: %w", typ, number, err)
		}
		list = append(list, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: sitemap %s %d: %w", typ, number, err)
	}
	rows.Close() // before fill's queries, so a small read pool never waits on itself
	if err := s.fill(ctx, list, loadFeatured|loadBylines|loadTerms); err != nil {
		return nil, fmt.Errorf("store: sitemap %s %d: %w", typ, number, err)
	}
	return list, nil
}

// NewsArticles returns at most limit published posts published at or
// after since, oldest first (the id breaks ties), with the bylines and
// terms their URLs may name: the Google News sitemap. It reads the range
// of the list index from since on. Stories still being verified and paid
// content are left out: Google News takes neither, and the press guideline
// holds unverified stories back from being pushed further.
func (s *Store) NewsArticles(ctx context.Context, since time.Time, limit int) ([]model.Article, error) {
	const q = `SELECT ` + articleColumns + ` FROM articles a WHERE a.type = 'post'
		AND a.status = 'published' AND a.published_at >= $1 AND NOT a.unverified AND NOT a.sponsored
		ORDER BY a.published_at, a.id LIMIT $2`
	list, err := s.articles(ctx, q, args{dbTime(since), limit}, loadBylines|loadTerms)
	if err != nil {
		return nil, fmt.Errorf("store: news sitemap: %w", err)
	}
	return list, nil
}

// SitemapEntry is an archive in a sitemap: a category, tag or author.
type SitemapEntry struct {
	Slug    string
	LastMod time.Time // when its newest published post was published
}

// SitemapArchives returns the categories or tags (taxonomy), or the authors
// (taxonomy "author"), that have published posts, by slug, each with the
// publication time of its newest post (what changes its archive's first
// page). Each costs one seek in its own listing index, whatever the
// number of its posts.
func (s *Store) SitemapArchives(ctx context.Context, taxonomy string) ([]SitemapEntry, error) {
	var q string
	var qa args
	if taxonomy == "author" {
		q = `SELECT u.slug, (SELECT MAX(l.pub) FROM article_authors l WHERE l.user_id = u.id AND l.pub IS NOT NULL) AS last
			FROM users u ORDER BY u.slug`
	} else {
		q = `SELECT t.slug, (SELECT MAX(l.pub) FROM article_terms l WHERE l.term_id = t.id AND l.pub IS NOT NULL) AS last
			FROM terms t WHERE t.taxonomy = ` + qa.add(taxonomy) + ` ORDER BY t.slug`
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
		if !e.LastMod.IsZero() { // zero: no published post
			list = append(list, e)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: sitemap %s: %w", taxonomy, err)
	}
	return list, nil
}

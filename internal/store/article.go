package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"warta/internal/model"
)

// InsertArticle writes in one transaction the article, its bylines (users by
// Byline.User.ID, in order), its category and tag links (by Term.ID), its
// embeds (in order) and a first revision credited to the primary author.
//
// Empty fields get the defaults of a new article: type post, status draft,
// source format html, comments open. CreatedAt and ModifiedAt become now when
// zero, and so does PublishedAt for a published article. Times are stored in
// UTC to the microsecond and a's times are set to what was stored. On
// success it sets a.ID and the embeds' ID and Position; on failure it leaves
// them alone. A slug already used by the same type → model.ErrConflict.
//
// It does not sanitize, check permissions or invalidate caches: publishing
// does that.
func (s *Store) InsertArticle(ctx context.Context, a *model.Article) error {
	var ins articleInsert
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if ins, err = s.insertArticle(ctx, tx, a, time.Now()); err != nil {
			return err
		}
		return s.touch(ctx, tx, articleTags(ins.id, a)...)
	})
	if err != nil {
		return fmt.Errorf("store: insert %s %q: %w", a.Type, a.Slug, conflict(err))
	}
	ins.apply(a)
	return nil
}

// InsertArticles is InsertArticle for many articles at once, in one
// transaction that records one change: every article's tags together. It
// is for bulk loads (the site generator, imports), where a transaction per
// article would cost a commit each. Either all are stored (and their IDs
// set) or none.
func (s *Store) InsertArticles(ctx context.Context, list []*model.Article) error {
	if len(list) == 0 {
		return nil
	}
	done := make([]articleInsert, len(list))
	now := time.Now()
	for _, a := range list {
		articleDefaults(a, now)
	}
	// All at once first; when that fails (a slug taken, a missing term),
	// one by one, so the error names the article.
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		ins, err := s.insertArticlesBulk(ctx, tx, list)
		if err != nil {
			return err
		}
		var tags []string
		for i, a := range list {
			tags = append(tags, articleTags(ins[i].id, a)...)
		}
		copy(done, ins)
		return s.touch(ctx, tx, tags...)
	})
	if err == nil {
		for i, a := range list {
			done[i].apply(a)
		}
		return nil
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var tags []string
		for i, a := range list {
			ins, err := s.insertArticle(ctx, tx, a, now)
			if err != nil {
				return fmt.Errorf("%s %q: %w", a.Type, a.Slug, conflict(err))
			}
			done[i] = ins
			tags = append(tags, articleTags(ins.id, a)...)
		}
		return s.touch(ctx, tx, tags...)
	})
	if err != nil {
		return fmt.Errorf("store: insert %d articles: %w", len(list), err)
	}
	for i, a := range list {
		done[i].apply(a)
	}
	return nil
}

// insertArticle fills a's defaults (now for missing times) and writes it
// inside tx as a new article, with its first revision credited to its
// primary author. It does not touch the change log: its callers record
// the tags.
func (s *Store) insertArticle(ctx context.Context, tx *sql.Tx, a *model.Article, now time.Time) (articleInsert, error) {
	articleDefaults(a, now)
	return s.writeArticle(ctx, tx, 0, a, primaryAuthor(a))
}

// articleDefaults fills what a new article a leaves unset, now for its
// missing times, and brings its times to the stored form.
func articleDefaults(a *model.Article, now time.Time) {
	if a.Type == "" {
		a.Type = model.TypePost
	}
	if a.Status == "" {
		a.Status = model.StatusDraft
	}
	if a.SourceFormat == "" {
		a.SourceFormat = model.FormatHTML
	}
	if a.CommentStatus == "" {
		a.CommentStatus = model.CommentsOpen
	}
	if a.CreatedAt.IsZero() {
		a.CreatedAt = now
	}
	if a.ModifiedAt.IsZero() {
		a.ModifiedAt = now
	}
	if a.PublishedAt.IsZero() && a.Status == model.StatusPublished {
		a.PublishedAt = now
	}
	a.CreatedAt, a.ModifiedAt = dbTime(a.CreatedAt), dbTime(a.ModifiedAt)
	if !a.PublishedAt.IsZero() {
		a.PublishedAt = dbTime(a.PublishedAt)
	}
}

// articleTags are the cache tags a write to the article id touches: its
// own page, the lists it appears on, and its terms' and authors' archives.
func articleTags(id int64, a *model.Article) []string {
	tags := []string{TagArticle(id), TagFront, TagFeeds}
	for _, t := range slices.Concat(a.Categories, a.Tags) {
		tags = append(tags, TagTerm(t.ID))
	}
	for _, b := range a.Bylines {
		tags = append(tags, TagAuthor(b.User.ID))
	}
	return tags
}

// articleColumns are the articles row as scanArticle reads it, from the
// table aliased a. Times are selected as COALESCE(x, NULL), which SQLite
// hands back as text for utc to read quickly.
const articleColumns = `a.id, a.type, a.slug, a.title, a.body_html, a.source, a.source_format, a.excerpt,
	a.status, COALESCE(a.published_at, NULL), COALESCE(a.modified_at, NULL), COALESCE(a.created_at, NULL),
	a.lang, a.translation_group,
	COALESCE(a.featured_media_id, 0), a.sticky, a.comment_status, a.password, a.source_name,
	a.source_url, COALESCE(a.parent_id, 0), a.menu_order, a.unverified, COALESCE(a.verified_at, NULL), a.sponsored, ` + parentPathExpr

// parentPathExpr is a page's ancestors' slugs, top first, each followed by
// "/" — "tentang/redaksi/" for /tentang/redaksi/jakarta/ — as WordPress
// builds a child page's URL; "" for posts and top-level pages. It follows
// up to four generations, deeper than newsroom page trees go.
const parentPathExpr = `CASE WHEN a.type = 'page' AND a.parent_id IS NOT NULL THEN COALESCE((SELECT
	COALESCE((SELECT
		COALESCE((SELECT
			COALESCE((SELECT g4.slug || '/' FROM articles g4 WHERE g4.id = g3.parent_id), '') || g3.slug || '/'
		FROM articles g3 WHERE g3.id = g2.parent_id), '') || g2.slug || '/'
	FROM articles g2 WHERE g2.id = g1.parent_id), '') || g1.slug || '/'
FROM articles g1 WHERE g1.id = a.parent_id), '') ELSE '' END`

func scanArticle(row interface{ Scan(...any) error }) (model.Article, error) {
	var a model.Article
	err := row.Scan(&a.ID, &a.Type, &a.Slug, &a.Title, &a.BodyHTML, &a.Source, &a.SourceFormat, &a.Excerpt,
		&a.Status, utc{&a.PublishedAt}, utc{&a.ModifiedAt}, utc{&a.CreatedAt}, &a.Lang, &a.TranslationGroup,
		&a.FeaturedMediaID, &a.Sticky, &a.CommentStatus, &a.Password, &a.SourceName,
		&a.SourceURL, &a.ParentID, &a.MenuOrder, &a.Unverified, utc{&a.VerifiedAt}, &a.Sponsored, &a.ParentPath)
	return a, err
}

// fullArticle returns the one article matching where (a condition on the
// table aliased a), with everything a page shows, or model.ErrNotFound.
func (s *Store) fullArticle(ctx context.Context, where string, args ...any) (*model.Article, error) {
	q := `SELECT ` + articleColumns + ` FROM articles a WHERE ` + where
	a, err := scanArticle(s.read.QueryRowContext(s.read.brief(ctx), q, args...))
	if err != nil {
		return nil, notFound(err)
	}
	list := []model.Article{a}
	if err := s.fill(ctx, list, loadAll); err != nil {
		return nil, err
	}
	return &list[0], nil
}

// ArticleByID returns the article in any status, fully loaded (as
// PublishedArticle), or model.ErrNotFound. It is for the newsroom: public
// pages use PublishedArticle.
func (s *Store) ArticleByID(ctx context.Context, id int64) (*model.Article, error) {
	a, err := s.fullArticle(ctx, `a.id = $1`, id)
	if err != nil {
		return nil, fmt.Errorf("store: article %d: %w", id, err)
	}
	return a, nil
}

// ArticleToComment returns the article id in any status with what a
// comment post needs of it — its row, bylines and terms (its permalink
// may name a category or an author) — or model.ErrNotFound. Half the
// queries of ArticleByID: under load every query waits for a connection.
func (s *Store) ArticleToComment(ctx context.Context, id int64) (*model.Article, error) {
	a, err := scanArticle(s.read.QueryRowContext(ctx, `SELECT `+articleColumns+` FROM articles a WHERE a.id = $1`, id))
	if err != nil {
		return nil, fmt.Errorf("store: article %d: %w", id, notFound(err))
	}
	list := []model.Article{a}
	if err := s.fill(ctx, list, loadBylines|loadTerms); err != nil {
		return nil, fmt.Errorf("store: article %d: %w", id, err)
	}
	return &list[0], nil
}

// PublishedArticle returns the published article of that type and slug,
// fully loaded (bylines with user ID/DisplayName/Slug, categories, tags,
// featured image with variants, embeds, CommentCount of approved comments),
// or model.ErrNotFound: drafts, private, scheduled and trashed articles are
// not found.
func (s *Store) PublishedArticle(ctx context.Context, typ model.ArticleType, slug string) (*model.Article, error) {
	a, err := s.fullArticle(ctx, `a.type = $1 AND a.slug = $2 AND a.status = 'published'`, string(typ), slug)
	if err != nil {
		return nil, fmt.Errorf("store: published %s %q: %w", typ, slug, err)
	}
	return a, nil
}

// Unused reports whether the site holds neither an article nor a user:
// two probes, where counting them would read a large archive's index at
// every start.
func (s *Store) Unused(ctx context.Context) (bool, error) {
	var used bool
	const q = `SELECT EXISTS (SELECT 1 FROM articles) OR EXISTS (SELECT 1 FROM users)`
	if err := s.read.QueryRowContext(ctx, q).Scan(&used); err != nil {
		return false, fmt.Errorf("store: unused: %w", err)
	}
	return !used, nil
}

// CountArticles returns the number of articles of all types and statuses.
func (s *Store) CountArticles(ctx context.Context) (int, error) {
	var n int
	if err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count articles: %w", err)
	}
	return n, nil
}

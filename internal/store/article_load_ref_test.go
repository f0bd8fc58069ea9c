package store

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"warta/internal/model"
)

// This file keeps, as the tests' reference, how articles were read before
// fill became one query and times were read as text: one query per part,
// the driver parsing the times of TIMESTAMP columns.

// ArticleAsBefore reads the article id with its row and every part
// (loadAll), or, with list, with what list pages show (loadList), as the
// store did before.
func ArticleAsBefore(t testing.TB, st *Store, id int64, list bool) model.Article {
	t.Helper()
	const q = `SELECT a.id, a.type, a.slug, a.title, a.body_html, a.source, a.source_format, a.excerpt,
		a.status, a.published_at, a.modified_at, a.created_at, a.lang, a.translation_group,
		COALESCE(a.featured_media_id, 0), a.sticky, a.comment_status, a.password, a.source_name,
		a.source_url, COALESCE(a.parent_id, 0), a.menu_order, a.unverified, a.verified_at, a.sponsored, ` + parentPathExpr + ` FROM articles a WHERE a.id = $1`
	a, err := scanArticle(st.read.DB.QueryRowContext(t.Context(), q, id))
	if err != nil {
		t.Fatalf("ArticleAsBefore %d: %v", id, err)
	}
	what := loadAll
	if list {
		what = loadList
	}
	arts := []model.Article{a}
	if err := st.fillAsBefore(t.Context(), arts, what); err != nil {
		t.Fatalf("ArticleAsBefore %d: %v", id, err)
	}
	return arts[0]
}

// whole slice (IN lists), never one per article.
func (s *Store) fillAsBefore(ctx context.Context, arts []model.Article, what loads) error {
	if len(arts) == 0 {
		return nil
	}
	ids := make([]int64, len(arts))
	index := make(map[int64]int, len(arts))
	for i, a := range arts {
		ids[i] = a.ID
		index[a.ID] = i
	}
	steps := []struct {
		part loads
		name string
		load func(context.Context, []model.Article, []int64, map[int64]int) error
	}{
		{loadBylines, "bylines", s.loadBylinesAsBefore},
		{loadTerms, "terms", s.loadTermsAsBefore},
		{loadFeatured, "featured images", s.loadFeaturedAsBefore},
		{loadCommentCounts, "comment counts", s.loadCommentCountsAsBefore},
		{loadEmbeds, "embeds", s.loadEmbedsAsBefore},
	}
	for _, st := range steps {
		if what&st.part == 0 {
			continue
		}
		if err := st.load(ctx, arts, ids, index); err != nil {
			return fmt.Errorf("%s: %w", st.name, err)
		}
	}
	return nil
}

// loadBylinesAsBefore sets Bylines in position order, with the user's ID,
// DisplayName and Slug only (never the email).
func (s *Store) loadBylinesAsBefore(ctx context.Context, arts []model.Article, ids []int64, index map[int64]int) error {
	var a args
	q := `SELECT b.article_id, b.role, u.id, u.display_name, u.slug
		FROM article_authors b JOIN users u ON u.id = b.user_id
		WHERE b.article_id IN (` + a.in(ids) + `)
		ORDER BY b.article_id, b.position`
	rows, err := s.read.DB.QueryContext(ctx, q, a...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var b model.Byline
		if err := rows.Scan(&id, &b.Role, &b.User.ID, &b.User.DisplayName, &b.User.Slug); err != nil {
			return err
		}
		art := &arts[index[id]]
		art.Bylines = append(art.Bylines, b)
	}
	return rows.Err()
}

// loadTermsAsBefore sets Categories and Tags, each ordered by name. Their Count is
// not filled.
func (s *Store) loadTermsAsBefore(ctx context.Context, arts []model.Article, ids []int64, index map[int64]int) error {
	var a args
	q := `SELECT l.article_id, t.id, t.taxonomy, t.slug, t.name, t.description, COALESCE(t.parent_id, 0)
		FROM article_terms l JOIN terms t ON t.id = l.term_id
		WHERE l.article_id IN (` + a.in(ids) + `)
		ORDER BY l.article_id, lower(t.name), t.name, t.id`
	rows, err := s.read.DB.QueryContext(ctx, q, a...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var t model.Term
		if err := rows.Scan(&id, &t.ID, &t.Taxonomy, &t.Slug, &t.Name, &t.Description, &t.ParentID); err != nil {
			return err
		}
		art := &arts[index[id]]
		if t.Taxonomy == model.TaxonomyTag {
			art.Tags = append(art.Tags, t)
		} else {
			art.Categories = append(art.Categories, t)
		}
	}
	return rows.Err()
}

// loadFeaturedAsBefore sets FeaturedImage, with variants, for the articles that
// have one. Articles sharing an image share the *model.Media.
func (s *Store) loadFeaturedAsBefore(ctx context.Context, arts []model.Article, _ []int64, _ map[int64]int) error {
	var mediaIDs []int64
	seen := map[int64]bool{}
	for _, a := range arts {
		if a.FeaturedMediaID != 0 && !seen[a.FeaturedMediaID] {
			seen[a.FeaturedMediaID] = true
			mediaIDs = append(mediaIDs, a.FeaturedMediaID)
		}
	}
	found, err := s.mediaByIDsAsBefore(ctx, mediaIDs)
	if err != nil {
		return err
	}
	for i := range arts {
		arts[i].FeaturedImage = found[arts[i].FeaturedMediaID] // nil when none
	}
	return nil
}

// loadCommentCountsAsBefore sets CommentCount to the number of approved comments.
func (s *Store) loadCommentCountsAsBefore(ctx context.Context, arts []model.Article, ids []int64, index map[int64]int) error {
	var a args
	q := `SELECT article_id, COUNT(*) FROM comments
		WHERE status = 'approved' AND article_id IN (` + a.in(ids) + `)
		GROUP BY article_id`
	rows, err := s.read.DB.QueryContext(ctx, q, a...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return err
		}
		arts[index[id]].CommentCount = n
	}
	return rows.Err()
}

// loadEmbedsAsBefore sets Embeds in position order.
func (s *Store) loadEmbedsAsBefore(ctx context.Context, arts []model.Article, ids []int64, index map[int64]int) error {
	var a args
	q := `SELECT article_id, id, position, provider, url, embed_url, title, duration_seconds, poster_url
		FROM embeds WHERE article_id IN (` + a.in(ids) + `)
		ORDER BY article_id, position`
	rows, err := s.read.DB.QueryContext(ctx, q, a...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, seconds int64
		var e model.Embed
		err := rows.Scan(&id, &e.ID, &e.Position, &e.Provider, &e.URL, &e.EmbedURL, &e.Title, &seconds, &e.PosterURL)
		if err != nil {
			return err
		}
		e.Duration = time.Duration(seconds) * time.Second
		art := &arts[index[id]]
		art.Embeds = append(art.Embeds, e)
	}
	return rows.Err()
}

func (s *Store) mediaByIDsAsBefore(ctx context.Context, ids []int64) (map[int64]*model.Media, error) {
	found := map[int64]*model.Media{}
	if len(ids) == 0 {
		return found, nil
	}
	var a args
	q := `SELECT m.id, COALESCE(m.uploader_id, 0), m.path, m.mime_type, m.size, m.width, m.height,
			m.alt, m.caption, m.renditions, m.created_at, v.path, v.width, v.height
		FROM media m LEFT JOIN media_variants v ON v.media_id = m.id
		WHERE m.id IN (` + a.in(ids) + `)
		ORDER BY m.id, v.width, v.path`
	rows, err := s.read.DB.QueryContext(ctx, q, a...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var m model.Media
		var vPath sql.NullString
		var vWidth, vHeight sql.NullInt64
		err := rows.Scan(&m.ID, &m.UploaderID, &m.Path, &m.MimeType, &m.Size, &m.Width, &m.Height,
			&m.Alt, &m.Caption, &m.Renditions, utc{&m.CreatedAt}, &vPath, &vWidth, &vHeight)
		if err != nil {
			return nil, err
		}
		cur, ok := found[m.ID]
		if !ok {
			cur = &m
			found[m.ID] = cur
		}
		if vPath.Valid {
			cur.Variants = append(cur.Variants, model.MediaVariant{
				Path: vPath.String, Width: int(vWidth.Int64), Height: int(vHeight.Int64),
			})
		}
	}
	return found, rows.Err()
}

// CommentsAsBefore reads an article's approved comments as ApprovedComments
// did before it read their times as text and left out the columns it
// knows.
func CommentsAsBefore(t testing.TB, st *Store, articleID int64) []model.Comment {
	t.Helper()
	const q = `SELECT id, article_id, COALESCE(parent_id, 0), author_name, author_url, COALESCE(user_id, 0),
			content, status, kind, spam_score, created_at
		FROM comments WHERE article_id = $1 AND status = 'approved'
		ORDER BY created_at, id`
	rows, err := st.read.DB.QueryContext(t.Context(), q, articleID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	list := []model.Comment{}
	for rows.Next() {
		var c model.Comment
		err := rows.Scan(&c.ID, &c.ArticleID, &c.ParentID, &c.AuthorName, &c.AuthorURL, &c.UserID,
			&c.Content, &c.Status, &c.Kind, &c.SpamScore, utc{&c.CreatedAt})
		if err != nil {
			t.Fatal(err)
		}
		list = append(list, c)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return list
}

package store

import (
	"context"
	"fmt"

	"warta/internal/model"
)

// FeedComment is an approved comment with the article it was left on.
type FeedComment struct {
	model.Comment
	// Article has ID, Type, Slug, Title, PublishedAt and Lang.
	Article model.Article
}

// RecentApprovedComments returns up to limit approved comments on published,
// unprotected articles, newest first, for the site's comment feed. Like
// ApprovedComments it leaves AuthorEmail, IP and UserAgent empty.
func (s *Store) RecentApprovedComments(ctx context.Context, limit int) ([]FeedComment, error) {
	// COALESCE(x, NULL): times read as text on SQLite (see utc).
	const q = `SELECT c.id, c.article_id, COALESCE(c.parent_id, 0), c.author_name, c.author_url, COALESCE(c.user_id, 0),
			c.content, c.status, c.kind, COALESCE(c.created_at, NULL), a.type, a.slug, a.title,
			COALESCE(a.published_at, NULL), a.lang
		FROM comments c JOIN articles a ON a.id = c.article_id
		WHERE c.status = 'approved' AND a.status = 'published' AND a.password = ''
		ORDER BY c.created_at DESC, c.id DESC LIMIT $1`
	rows, err := s.read.QueryContext(ctx, q, limit)
	if err != nil {
		return nil, fmt.Errorf("store: recent comments: %w", err)
	}
	defer rows.Close()
	list := []FeedComment{}
	for rows.Next() {
		var c FeedComment
		err := rows.Scan(&c.ID, &c.ArticleID, &c.ParentID, &c.AuthorName, &c.AuthorURL, &c.UserID,
			&c.Content, &c.Status, &c.Kind, utc{&c.CreatedAt}, &c.Article.Type, &c.Article.Slug, &c.Article.Title,
			utc{&c.Article.PublishedAt}, &c.Article.Lang)
		if err != nil {
			return nil, fmt.Errorf("store: recent comments: %w", err)
		}
		c.Article.ID = c.ArticleID
		list = append(list, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: recent comments: %w", err)
	}
	return list, nil
}

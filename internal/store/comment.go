package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"warta/internal/model"
)

// InsertComment stores a comment and sets c.ID, and c.CreatedAt to now when
// zero; an empty Status becomes pending and an empty Kind a comment. It does
// not validate, sanitize or decide the status: moderation does.
func (s *Store) InsertComment(ctx context.Context, c *model.Comment) error {
	if c.CreatedAt.IsZero() {
		c.CreatedAt = time.Now()
	}
	c.CreatedAt = dbTime(c.CreatedAt)
	if c.Status == "" {
		c.Status = model.CommentPending
	}
	if c.Kind == "" {
		c.Kind = model.CommentKindComment
	}
	const q = `INSERT INTO comments (article_id, parent_id, author_name, author_email, author_url, user_id,
			content, status, kind, spam_score, ip, user_agent, created_at, notify)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, q, c.ArticleID, nullID(c.ParentID), c.AuthorName, c.AuthorEmail,
			c.AuthorURL, nullID(c.UserID), string(c.Content), string(c.Status), c.Kind, c.SpamScore, c.IP,
			c.UserAgent, c.CreatedAt, boolInt(c.Notify)).Scan(&c.ID)
		if err != nil || c.Status != model.CommentApproved {
			return err // readers see only approved comments: nothing else changes a page
		}
		return s.touch(ctx, tx, commentTags(c.ArticleID)...)
	})
	if err != nil {
		return fmt.Errorf("store: insert comment on %d: %w", c.ArticleID, err)
	}
	return nil
}

// ApprovedComments returns an article's approved comments, oldest first,
// flat: ParentID links replies to their parent, which may itself not be
// approved (the page then shows the reply at the top level). It is meant
// for public pages, so AuthorEmail, IP and UserAgent are left empty. An
// unknown article has none.
func (s *Store) ApprovedComments(ctx context.Context, articleID int64) ([]model.Comment, error) {
	const q = `SELECT id, article_id, COALESCE(parent_id, 0), author_name, author_url, COALESCE(user_id, 0),
			content, status, kind, spam_score, created_at
		FROM comments WHERE article_id = $1 AND status = 'approved'
		ORDER BY created_at, id`
	rows, err := s.read.QueryContext(ctx, q, articleID)
	if err != nil {
		return nil, fmt.Errorf("store: approved comments of %d: %w", articleID, err)
	}
	defer rows.Close()
	list := []model.Comment{}
	for rows.Next() {
		var c model.Comment
		err := rows.Scan(&c.ID, &c.ArticleID, &c.ParentID, &c.AuthorName, &c.AuthorURL, &c.UserID,
			&c.Content, &c.Status, &c.Kind, &c.SpamScore, utc{&c.CreatedAt})
		if err != nil {
			return nil, fmt.Errorf("store: approved comments of %d: %w", articleID, err)
		}
		list = append(list, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: approved comments of %d: %w", articleID, err)
	}
	return list, nil
}

// commentTags are what a change to an article's visible comments touches:
// the thread and its feed, and every list showing the article's count.
func commentTags(articleID int64) []string {
	return []string{TagComments(articleID), TagArticle(articleID)}
}

// boolInt stores a flag as 0 or 1, which both engines read back as an integer.
func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"warta/internal/model"
)

// The newsroom's comment queue needs these few moderator reads and status
// changes. The comments work (branch comments) writes the full set under
// the same names and signatures; when it lands, its file replaces this one.

// commentColumns are every column of a comment, in scanComment's order.
const commentColumns = `id, article_id, COALESCE(parent_id, 0), author_name, author_email, author_url,
	COALESCE(user_id, 0), content, status, kind, spam_score, ip, user_agent, created_at`

func scanComment(row interface{ Scan(...any) error }) (model.Comment, error) {
	var c model.Comment
	err := row.Scan(&c.ID, &c.ArticleID, &c.ParentID, &c.AuthorName, &c.AuthorEmail, &c.AuthorURL,
		&c.UserID, &c.Content, &c.Status, &c.Kind, &c.SpamScore, &c.IP, &c.UserAgent, utc{&c.CreatedAt})
	return c, err
}

// CommentFilter selects comments for moderators. Zero fields select all.
type CommentFilter struct {
	Status    model.CommentStatus
	ArticleID int64
	Email     string // compared without regard to case
	Limit     int    // 0: no limit
	Offset    int
}

// Comments returns the comments f selects, newest first, with every field
// (email, IP, user agent): it is for moderators, never for public pages.
func (s *Store) Comments(ctx context.Context, f CommentFilter) ([]model.Comment, error) {
	var a args
	var where []string
	if f.Status != "" {
		where = append(where, "status = "+a.add(string(f.Status)))
	}
	if f.ArticleID != 0 {
		where = append(where, "article_id = "+a.add(f.ArticleID))
	}
	if f.Email != "" {
		where = append(where, "lower(author_email) = "+a.add(strings.ToLower(f.Email)))
	}
	q := `SELECT ` + commentColumns + ` FROM comments`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY created_at DESC, id DESC"
	if f.Limit > 0 {
		q += " LIMIT " + a.add(f.Limit) + " OFFSET " + a.add(f.Offset)
	}
	rows, err := s.read.QueryContext(ctx, q, a...)
	if err != nil {
		return nil, fmt.Errorf("store: comments: %w", err)
	}
	defer rows.Close()
	list := []model.Comment{}
	for rows.Next() {
		c, err := scanComment(rows)
		if err != nil {
			return nil, fmt.Errorf("store: comments: %w", err)
		}
		list = append(list, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: comments: %w", err)
	}
	return list, nil
}

// Comment returns the comment with every field, or model.ErrNotFound. It
// is for moderators, never for public pages.
func (s *Store) Comment(ctx context.Context, id int64) (*model.Comment, error) {
	c, err := scanComment(s.read.QueryRowContext(ctx, `SELECT `+commentColumns+` FROM comments WHERE id = $1`, id))
	if err != nil {
		return nil, fmt.Errorf("store: comment %d: %w", id, notFound(err))
	}
	return &c, nil
}

// SetCommentStatus moves a comment to status and returns the status it had,
// or model.ErrNotFound. When the comment was or becomes approved, readers see
// the change, so its thread and article are touched.
func (s *Store) SetCommentStatus(ctx context.Context, id int64, status model.CommentStatus) (model.CommentStatus, error) {
	if !status.Valid() {
		return "", fmt.Errorf("store: comment %d: unknown status %q", id, status)
	}
	var old model.CommentStatus
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var articleID int64
		err := tx.QueryRowContext(ctx, `SELECT status, article_id FROM comments WHERE id = $1`, id).Scan(&old, &articleID)
		if err != nil {
			return notFound(err)
		}
		if old == status {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE comments SET status = $1 WHERE id = $2`, string(status), id); err != nil {
			return err
		}
		if old == model.CommentApproved || status == model.CommentApproved {
			return s.touch(ctx, tx, commentTags(articleID)...)
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("store: set status of comment %d: %w", id, err)
	}
	return old, nil
}

// DeleteComment deletes a comment for good (its replies move to the top
// level), or returns model.ErrNotFound.
func (s *Store) DeleteComment(ctx context.Context, id int64) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var articleID int64
		var status model.CommentStatus
		err := tx.QueryRowContext(ctx, `DELETE FROM comments WHERE id = $1 RETURNING article_id, status`, id).Scan(&articleID, &status)
		if err != nil {
			return notFound(err)
		}
		// A reply that hung under it may be approved and now shows elsewhere.
		return s.touch(ctx, tx, commentTags(articleID)...)
	})
	if err != nil {
		return fmt.Errorf("store: delete comment %d: %w", id, err)
	}
	return nil
}

// commentTags are the cache tags a change to an article's visible comments
// touches: the thread (counts, comment feeds) and the article page.
func commentTags(articleID int64) []string {
	return []string{TagComments(articleID), TagArticle(articleID)}
}

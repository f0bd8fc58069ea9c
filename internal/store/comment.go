package store

import (
	"context"
	"database/sql"
	"fmt"
	"html/template"
	"time"

	"warta/internal/model"
)

// InsertComment stores a comment and sets c.ID, and c.CreatedAt to now when
// zero; an empty Status becomes pending and an empty Kind a comment. It does
// not validate, sanitize or decide the status: moderation does. The hooks
// run in the same transaction once c.ID is set (the mails the comment
// causes); an error of theirs stores nothing.
func (s *Store) InsertComment(ctx context.Context, c *model.Comment, hooks ...Hook) error {
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if err = tx.QueryRowContext(ctx, insertCommentSQL, commentRow(c, time.Now())...).Scan(&id); err != nil {
			return err
		}
		c.ID = id
		if err := runHooks(ctx, tx, hooks); err != nil {
			return err
		}
		if c.Status != model.CommentApproved {
			return nil // readers see only approved comments: nothing else changes a page
		}
		return s.touch(ctx, tx, commentTags(c.ArticleID)...)
	})
	if err != nil {
		c.ID = 0
		return fmt.Errorf("store: insert comment on %d: %w", c.ArticleID, err)
	}
	c.ID = id
	return nil
}

// InsertComments is InsertComment for many comments at once, in one
// transaction recording one change for the articles whose approved
// comments it adds. A ParentID must name a stored comment: insert parents
// in one call and their replies in a later one. Either all are stored (and
// their IDs set) or none.
func (s *Store) InsertComments(ctx context.Context, list []*model.Comment) error {
	if len(list) == 0 {
		return nil
	}
	now := time.Now()
	ids := make([]int64, len(list))
	rows := make([][]any, len(list))
	for i, c := range list {
		rows[i] = commentRow(c, now)
	}
	// All at once first, a few round trips for a thousand comments (see
	// insertArticlesBulk); when that fails, one by one, so the error names
	// the comment.
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		got, err := s.insertRows(ctx, tx, commentInsertHead, rows, `RETURNING id`)
		if err != nil {
			return err
		}
		copy(ids, got)
		var tags []string
		for _, c := range list {
			if c.Status == model.CommentApproved {
				tags = append(tags, commentTags(c.ArticleID)...)
			}
		}
		return s.touch(ctx, tx, tags...)
	})
	if err == nil {
		for i, c := range list {
			c.ID = ids[i]
		}
		return nil
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		// Prepared once: parsing the INSERT costs as much as running it.
		stmt, err := tx.PrepareContext(ctx, insertCommentSQL)
		if err != nil {
			return err
		}
		defer stmt.Close()
		var tags []string
		for i, c := range list {
			var id int64
			if err := stmt.QueryRowContext(ctx, rows[i]...).Scan(&id); err != nil {
				return fmt.Errorf("comment on %d: %w", c.ArticleID, err)
			}
			ids[i] = id
			if c.Status == model.CommentApproved {
				tags = append(tags, commentTags(c.ArticleID)...)
			}
		}
		return s.touch(ctx, tx, tags...)
	})
	if err != nil {
		return fmt.Errorf("store: insert %d comments: %w", len(list), err)
	}
	for i, c := range list {
		c.ID = ids[i]
	}
	return nil
}

const (
	commentInsertHead = `INSERT INTO comments (article_id, parent_id, author_name, author_email, author_url,
		user_id, content, status, kind, spam_score, ip, user_agent, created_at, notify)`
	insertCommentSQL = commentInsertHead + `
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`
)

// commentRow fills c's defaults (now when CreatedAt is zero) and returns
// the arguments of insertCommentSQL.
func commentRow(c *model.Comment, now time.Time) []any {
	if c.CreatedAt.IsZero() {
		c.CreatedAt = now
	}
	c.CreatedAt = dbTime(c.CreatedAt)
	if c.Status == "" {
		c.Status = model.CommentPending
	}
	if c.Kind == "" {
		c.Kind = model.CommentKindComment
	}
	return []any{c.ArticleID, nullID(c.ParentID), c.AuthorName, c.AuthorEmail, c.AuthorURL, nullID(c.UserID),
		string(c.Content), string(c.Status), c.Kind, c.SpamScore, c.IP, c.UserAgent, c.CreatedAt, boolInt(c.Notify)}
}

// ApprovedComments returns an article's approved comments, oldest first,
// flat: ParentID links replies to their parent, which may itself not be
// approved (the page then shows the reply at the top level). It is meant
// for public pages, so AuthorEmail, IP and UserAgent are left empty. An
// unknown article has none.
func (s *Store) ApprovedComments(ctx context.Context, articleID int64) ([]model.Comment, error) {
	// COALESCE(created_at, NULL): read as text on SQLite (see utc). The
	// article and the status are known: every column read costs.
	// Staff: the comment's account is one of the newsroom's roles, so the
	// page can mark the newsroom's replies.
	const q = `SELECT c.id, COALESCE(c.parent_id, 0), c.author_name, c.author_url, COALESCE(c.user_id, 0),
			CASE WHEN u.role IN ('administrator', 'editor', 'author', 'contributor') THEN 1 ELSE 0 END,
			c.content, c.kind, c.spam_score, COALESCE(c.created_at, NULL)
		FROM comments c LEFT JOIN users u ON u.id = c.user_id
		WHERE c.article_id = $1 AND c.status = 'approved'
		ORDER BY c.created_at, c.id`
	rows, err := s.read.QueryContext(s.read.brief(ctx), q, articleID)
	if err != nil {
		return nil, fmt.Errorf("store: approved comments of %d: %w", articleID, err)
	}
	defer rows.Close()
	list := []model.Comment{}
	var content string // database/sql scans a template.HTML by reflection
	for rows.Next() {
		// Scanned in place: a comment scanned on its own escapes to the
		// heap, to be copied into the list.
		list = append(list, model.Comment{ArticleID: articleID, Status: model.CommentApproved})
		c := &list[len(list)-1]
		err := rows.Scan(&c.ID, &c.ParentID, &c.AuthorName, &c.AuthorURL, &c.UserID, &c.Staff,
			&content, &c.Kind, &c.SpamScore, utc{&c.CreatedAt})
		if err != nil {
			return nil, fmt.Errorf("store: approved comments of %d: %w", articleID, err)
		}
		c.Content = template.HTML(content)
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

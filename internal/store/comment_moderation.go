package store

import (
	"context"
	"database/sql"
	"fmt"
	"html/template"
	"strings"
	"time"

	"warta/internal/model"
)

// commentColumns are every column of a comment, in scanComment's order.
const commentColumns = `id, article_id, COALESCE(parent_id, 0), author_name, author_email, author_url,
	COALESCE(user_id, 0), content, status, kind, spam_score, ip, user_agent, notify, created_at`

func scanComment(row interface{ Scan(...any) error }) (model.Comment, error) {
	var c model.Comment
	var notify int
	err := row.Scan(&c.ID, &c.ArticleID, &c.ParentID, &c.AuthorName, &c.AuthorEmail, &c.AuthorURL,
		&c.UserID, &c.Content, &c.Status, &c.Kind, &c.SpamScore, &c.IP, &c.UserAgent, &notify, utc{&c.CreatedAt})
	c.Notify = notify != 0
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
// (email, IP, user agent): it is for moderators and for a reader's own
// data export, never for public pages.
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
	return s.queryComments(ctx, "comments", q, a...)
}

func (s *Store) queryComments(ctx context.Context, what, q string, params ...any) ([]model.Comment, error) {
	rows, err := s.read.QueryContext(ctx, q, params...)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	defer rows.Close()
	list := []model.Comment{}
	for rows.Next() {
		c, err := scanComment(rows)
		if err != nil {
			return nil, fmt.Errorf("store: %s: %w", what, err)
		}
		list = append(list, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	return list, nil
}

// Comment returns the comment with every field, or model.ErrNotFound. It
// is for moderators and the rule package, never for public pages.
func (s *Store) Comment(ctx context.Context, id int64) (*model.Comment, error) {
	c, err := scanComment(s.read.QueryRowContext(ctx, `SELECT `+commentColumns+` FROM comments WHERE id = $1`, id))
	if err != nil {
		return nil, fmt.Errorf("store: comment %d: %w", id, notFound(err))
	}
	return &c, nil
}

// CommentsByIDs returns those of ids that are in status, on any article,
// oldest first, with every field; the caller decides what to show. No ids:
// none.
func (s *Store) CommentsByIDs(ctx context.Context, status model.CommentStatus, ids []int64) ([]model.Comment, error) {
	if len(ids) == 0 {
		return []model.Comment{}, nil
	}
	var a args
	q := `SELECT ` + commentColumns + ` FROM comments WHERE status = ` + a.add(string(status)) +
		` AND id IN (` + a.in(ids) + `) ORDER BY created_at, id`
	return s.queryComments(ctx, "comments by id", q, a...)
}

// SetCommentStatus moves a comment to status and returns the status it had,
// or model.ErrNotFound. When the comment was or becomes approved, readers see
// the change, so its thread and article are touched.
//
// The hooks run in the same transaction when the status changes, and only
// then: of two moderators approving one comment at once, one runs them.
func (s *Store) SetCommentStatus(ctx context.Context, id int64, status model.CommentStatus, hooks ...Hook) (model.CommentStatus, error) {
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
		if err := runHooks(ctx, tx, hooks); err != nil {
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

// CommentCheck names what moderation asks about a new comment.
type CommentCheck struct {
	IP, Email string
	Since     time.Time // count the comments written since then
	ArticleID int64     // with Content: look for the same comment on the article
	Content   template.HTML
}

// CommentFacts answers a CommentCheck.
type CommentFacts struct {
	ByIP, ByEmail int  // comments since Since from IP, by Email (any case, any status)
	Duplicate     bool // the same Content by Email on ArticleID, in any status but trash
	Known         bool // Email (any case) wrote an approved comment
}

// CommentChecks answers what moderation asks before it stores a comment,
// in one query: under load each query waits for a read connection, so one
// wait instead of three. Each count reads only the rows of that address
// (the comments_ip and comments_email indexes), never every comment of the
// last hour.
func (s *Store) CommentChecks(ctx context.Context, q CommentCheck) (CommentFacts, error) {
	var f CommentFacts
	var dup, known int
	err := s.read.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM comments WHERE ip = $1 AND ip <> '' AND created_at >= $3),
		(SELECT COUNT(*) FROM comments WHERE lower(author_email) = $2 AND created_at >= $3),
		(SELECT COUNT(*) FROM comments WHERE lower(author_email) = $2 AND article_id = $4
			AND content = $5 AND status <> 'trash'),
		(SELECT COUNT(*) FROM (SELECT 1 FROM comments
			WHERE lower(author_email) = $2 AND status = 'approved' LIMIT 1) x)`,
		q.IP, strings.ToLower(q.Email), dbTime(q.Since), q.ArticleID, string(q.Content)).Scan(&f.ByIP, &f.ByEmail, &dup, &known)
	if err != nil {
		return f, fmt.Errorf("store: comment checks: %w", err)
	}
	f.Duplicate, f.Known = dup > 0, known > 0
	return f, nil
}

// PurgeSpam deletes spam written before cutoff and returns how many.
func (s *Store) PurgeSpam(ctx context.Context, cutoff time.Time) (int64, error) {
	res, err := s.write.ExecContext(ctx, `DELETE FROM comments WHERE status = 'spam' AND created_at < $1`, dbTime(cutoff))
	if err != nil {
		return 0, fmt.Errorf("store: purge spam: %w", err)
	}
	return res.RowsAffected()
}

// EraseCommentMeta empties the IP address and user agent of comments
// written before cutoff and returns how many it changed. Readers see
// neither, so nothing is touched.
func (s *Store) EraseCommentMeta(ctx context.Context, cutoff time.Time) (int64, error) {
	res, err := s.write.ExecContext(ctx, `UPDATE comments SET ip = '', user_agent = ''
		WHERE created_at < $1 AND (ip <> '' OR user_agent <> '')`, dbTime(cutoff))
	if err != nil {
		return 0, fmt.Errorf("store: erase comment metadata: %w", err)
	}
	return res.RowsAffected()
}

// EraseCommenter removes the personal data of everyone who wrote with
// email (any case): with del their comments are deleted, otherwise they
// are kept as written by anonymous, without email, website, IP, user agent
// or account. It returns how many comments it changed and touches every
// article whose visible comments changed.
func (s *Store) EraseCommenter(ctx context.Context, email, anonymous string, del bool) (int64, error) {
	var n int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		n, err = s.eraseCommenter(ctx, tx, email, anonymous, del)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: erase commenter: %w", err)
	}
	return n, nil
}

// eraseCommenter is EraseCommenter inside tx.
func (s *Store) eraseCommenter(ctx context.Context, tx *sql.Tx, email, anonymous string, del bool) (int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT article_id FROM comments
		WHERE lower(author_email) = $1 AND status = 'approved'`, strings.ToLower(email))
	if err != nil {
		return 0, err
	}
	var tags []string
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		tags = append(tags, commentTags(id)...)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	var res sql.Result
	if del {
		res, err = tx.ExecContext(ctx, `DELETE FROM comments WHERE lower(author_email) = $1`, strings.ToLower(email))
	} else {
		res, err = tx.ExecContext(ctx, `UPDATE comments SET author_name = $2, author_email = '', author_url = '',
			ip = '', user_agent = '', user_id = NULL, notify = 0 WHERE lower(author_email) = $1`,
			strings.ToLower(email), anonymous)
	}
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	return n, s.touch(ctx, tx, tags...)
}

// StaffEmails returns the addresses of the administrators and editors, the
// moderators by default.
func (s *Store) StaffEmails(ctx context.Context) ([]string, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT email FROM users
		WHERE role IN ('administrator', 'editor') AND email <> '' ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: staff emails: %w", err)
	}
	defer rows.Close()
	var list []string
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			return nil, fmt.Errorf("store: staff emails: %w", err)
		}
		list = append(list, e)
	}
	return list, rows.Err()
}

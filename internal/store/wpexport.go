package store

import (
	"context"
	"fmt"

	"warta/internal/model"
)

// What a WordPress export (and the import's checks) read: everything,
// whatever its status, including what readers never see.

// ids runs q (selecting one id column) and returns the ids.
func (s *Store) ids(ctx context.Context, q string, args ...any) ([]int64, error) {
	rows, err := s.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// ArticleIDs returns the id of every article and page, in id order.
func (s *Store) ArticleIDs(ctx context.Context) ([]int64, error) {
	ids, err := s.ids(ctx, `SELECT id FROM articles ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: article ids: %w", err)
	}
	return ids, nil
}

// MediaIDs returns the id of every medium, in id order.
func (s *Store) MediaIDs(ctx context.Context) ([]int64, error) {
	ids, err := s.ids(ctx, `SELECT id FROM media ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: media ids: %w", err)
	}
	return ids, nil
}

// AllUsers returns every user, in id order.
func (s *Store) AllUsers(ctx context.Context) ([]model.User, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: all users: %w", err)
	}
	defer rows.Close()
	var out []model.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("store: all users: %w", err)
		}
		out = append(out, *u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: all users: %w", err)
	}
	return out, nil
}

// AllComments returns every comment on an article, whatever its status,
// with the commenter's email, oldest first.
func (s *Store) AllComments(ctx context.Context, articleID int64) ([]model.Comment, error) {
	const q = `SELECT id, article_id, COALESCE(parent_id, 0), author_name, author_email, author_url,
			COALESCE(user_id, 0), content, status, kind, spam_score, ip, user_agent, created_at
		FROM comments WHERE article_id = $1 ORDER BY created_at, id`
	rows, err := s.read.QueryContext(ctx, q, articleID)
	if err != nil {
		return nil, fmt.Errorf("store: all comments of %d: %w", articleID, err)
	}
	defer rows.Close()
	list := []model.Comment{}
	for rows.Next() {
		var c model.Comment
		err := rows.Scan(&c.ID, &c.ArticleID, &c.ParentID, &c.AuthorName, &c.AuthorEmail, &c.AuthorURL,
			&c.UserID, &c.Content, &c.Status, &c.Kind, &c.SpamScore, &c.IP, &c.UserAgent, utc{&c.CreatedAt})
		if err != nil {
			return nil, fmt.Errorf("store: all comments of %d: %w", articleID, err)
		}
		list = append(list, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: all comments of %d: %w", articleID, err)
	}
	return list, nil
}

// ImportedID returns the warta id an import of site made of WordPress's
// (kind, key), or model.ErrNotFound.
func (s *Store) ImportedID(ctx context.Context, site, kind, key string) (int64, error) {
	var id int64
	const q = `SELECT warta_id FROM wp_import_map WHERE site = $1 AND kind = $2 AND wp_key = $3`
	if err := s.read.QueryRowContext(ctx, q, site, kind, key).Scan(&id); err != nil {
		return 0, fmt.Errorf("store: imported %s %s: %w", kind, key, notFound(err))
	}
	return id, nil
}

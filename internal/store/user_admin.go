package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"warta/internal/model"
)

// prefixed puts p before every column of a comma-separated list.
func prefixed(p, cols string) string {
	parts := strings.Split(cols, ",")
	for i, c := range parts {
		parts[i] = p + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}

// UserByID returns the user with that id, or model.ErrNotFound.
func (s *Store) UserByID(ctx context.Context, id int64) (*model.User, error) {
	const q = `SELECT ` + userColumns + ` FROM users WHERE id = $1`
	u, err := scanUser(s.read.QueryRowContext(ctx, q, id))
	if err != nil {
		return nil, fmt.Errorf("store: user %d: %w", id, err)
	}
	return u, nil
}

// UserByEmail returns the first user with that email (without regard to
// case), or model.ErrNotFound.
func (s *Store) UserByEmail(ctx context.Context, email string) (*model.User, error) {
	const q = `SELECT ` + userColumns + ` FROM users WHERE lower(email) = lower($1) ORDER BY id LIMIT 1`
	u, err := scanUser(s.read.QueryRowContext(ctx, q, email))
	if err != nil {
		return nil, fmt.Errorf("store: user by email: %w", err)
	}
	return u, nil
}

// Users lists every user ordered by login.
func (s *Store) Users(ctx context.Context) ([]model.User, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY lower(login), id`)
	if err != nil {
		return nil, fmt.Errorf("store: users: %w", err)
	}
	defer rows.Close()
	list := []model.User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("store: users: %w", err)
		}
		list = append(list, *u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: users: %w", err)
	}
	return list, nil
}

// CountAdministrators returns the number of administrators who can sign in
// (who have a password). With none, the site offers its one-time setup.
func (s *Store) CountAdministrators(ctx context.Context) (int, error) {
	var n int
	const q = `SELECT COUNT(*) FROM users WHERE role = 'administrator' AND password_hash <> ''`
	if err := s.read.QueryRowContext(ctx, q).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count administrators: %w", err)
	}
	return n, nil
}

// SetUserPassword replaces a user's password hash and ends all their
// sessions but keep (the session that made the change; "" for none).
func (s *Store) SetUserPassword(ctx context.Context, id int64, hash, keep string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $2 WHERE id = $1`, id, hash)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return model.ErrNotFound
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND id <> $2`, id, keep)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: set password of %d: %w", id, err)
	}
	return nil
}

// SetUserRole changes a user's role.
func (s *Store) SetUserRole(ctx context.Context, id int64, role model.Role) error {
	res, err := s.write.ExecContext(ctx, `UPDATE users SET role = $2 WHERE id = $1`, id, string(role))
	if err != nil {
		return fmt.Errorf("store: set role of %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: set role of %d: %w", id, model.ErrNotFound)
	}
	return nil
}

// UpdateUserProfile saves a user's display name, email, bio and URL; bylines
// show the name, so the author's archive and articles are touched.
func (s *Store) UpdateUserProfile(ctx context.Context, u *model.User) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		const q = `UPDATE users SET display_name = $2, email = $3, bio = $4, url = $5 WHERE id = $1`
		res, err := tx.ExecContext(ctx, q, u.ID, u.DisplayName, u.Email, u.Bio, u.URL)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return model.ErrNotFound
		}
		return s.touch(ctx, tx, TagAuthor(u.ID), TagFront, TagFeeds)
	})
	if err != nil {
		return fmt.Errorf("store: update user %d: %w", u.ID, err)
	}
	return nil
}

package store

import (
	"context"
	"fmt"
	"time"

	"warta/internal/model"
)

// InsertUser stores a new user and sets u.ID, and u.CreatedAt to now when
// zero. A login (compared without regard to case) or slug already taken →
// model.ErrConflict. It does not hash passwords or validate fields.
func (s *Store) InsertUser(ctx context.Context, u *model.User) error {
	if u.CreatedAt.IsZero() {
		u.CreatedAt = time.Now()
	}
	u.CreatedAt = dbTime(u.CreatedAt)
	const q = `INSERT INTO users (login, email, display_name, slug, bio, url, role, password_hash, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`
	err := s.write.QueryRowContext(ctx, q, u.Login, u.Email, u.DisplayName, u.Slug, u.Bio, u.URL,
		string(u.Role), u.PasswordHash, u.CreatedAt).Scan(&u.ID)
	if err != nil {
		return fmt.Errorf("store: insert user %q: %w", u.Login, conflict(err))
	}
	return nil
}

const userColumns = `id, login, email, display_name, slug, bio, url, role, password_hash, created_at`

func scanUser(row interface{ Scan(...any) error }) (*model.User, error) {
	var u model.User
	err := row.Scan(&u.ID, &u.Login, &u.Email, &u.DisplayName, &u.Slug, &u.Bio, &u.URL, &u.Role,
		&u.PasswordHash, utc{&u.CreatedAt})
	if err != nil {
		return nil, notFound(err)
	}
	return &u, nil
}

// UserBySlug returns the user whose author archive is /author/{slug}/, or
// model.ErrNotFound.
func (s *Store) UserBySlug(ctx context.Context, slug string) (*model.User, error) {
	const q = `SELECT ` + userColumns + ` FROM users WHERE slug = $1`
	u, err := scanUser(s.read.QueryRowContext(ctx, q, slug))
	if err != nil {
		return nil, fmt.Errorf("store: user by slug %q: %w", slug, err)
	}
	return u, nil
}

// UserByLogin returns the user with that login, compared without regard to
// case, or model.ErrNotFound.
func (s *Store) UserByLogin(ctx context.Context, login string) (*model.User, error) {
	// lower(login) is what the unique index users_login holds.
	const q = `SELECT ` + userColumns + ` FROM users WHERE lower(login) = lower($1)`
	u, err := scanUser(s.read.QueryRowContext(ctx, q, login))
	if err != nil {
		return nil, fmt.Errorf("store: user by login %q: %w", login, err)
	}
	return u, nil
}

// CountUsers returns the number of users (0 on a new site, which then
// offers its one-time setup).
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count users: %w", err)
	}
	return n, nil
}

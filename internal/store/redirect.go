package store

import (
	"context"
	"fmt"

	"warta/internal/model"
)

// InsertRedirect stores a redirect and sets r.ID; a Status of 0 becomes 301.
// A FromPath already redirected → model.ErrConflict.
func (s *Store) InsertRedirect(ctx context.Context, r *model.Redirect) error {
	if r.Status == 0 {
		r.Status = 301
	}
	const q = `INSERT INTO redirects (from_path, to_path, status) VALUES ($1, $2, $3) RETURNING id`
	err := s.write.QueryRowContext(ctx, q, r.FromPath, r.ToPath, r.Status).Scan(&r.ID)
	if err != nil {
		return fmt.Errorf("store: insert redirect %q: %w", r.FromPath, conflict(err))
	}
	return nil
}

// RedirectFor returns the redirect from exactly path (no normalisation of
// case or trailing slash), or model.ErrNotFound.
func (s *Store) RedirectFor(ctx context.Context, path string) (*model.Redirect, error) {
	const q = `SELECT id, from_path, to_path, status FROM redirects WHERE from_path = $1`
	var r model.Redirect
	if err := s.read.QueryRowContext(ctx, q, path).Scan(&r.ID, &r.FromPath, &r.ToPath, &r.Status); err != nil {
		return nil, fmt.Errorf("store: redirect for %q: %w", path, notFound(err))
	}
	return &r, nil
}

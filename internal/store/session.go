package store

import (
	"context"
	"fmt"
	"time"

	"warta/internal/model"
)

// Session is a signed-in newsroom user's session. The store keeps only a
// hash of the secret the cookie carries.
type Session struct {
	ID         string
	UserID     int64
	SecretHash string
	CreatedAt  time.Time
	ExpiresAt  time.Time
	LastSeenAt time.Time
	IP         string
	UserAgent  string
}

// InsertSession stores a new session.
func (s *Store) InsertSession(ctx context.Context, ses *Session) error {
	const q = `INSERT INTO sessions (id, user_id, secret_hash, created_at, expires_at, last_seen_at, ip, user_agent)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`
	_, err := s.write.ExecContext(ctx, q, ses.ID, ses.UserID, ses.SecretHash, dbTime(ses.CreatedAt),
		dbTime(ses.ExpiresAt), dbTime(ses.LastSeenAt), ses.IP, ses.UserAgent)
	if err != nil {
		return fmt.Errorf("store: insert session: %w", err)
	}
	return nil
}

// SessionUser returns the session with that id and its user, or
// model.ErrNotFound. Expiry is the caller's to check.
func (s *Store) SessionUser(ctx context.Context, id string) (*Session, *model.User, error) {
	// Read on every signed-in request: the session's times are selected
	// as COALESCE(x, NULL), read as text on SQLite (see utc).
	q := `SELECT s.id, s.user_id, s.secret_hash, COALESCE(s.created_at, NULL), COALESCE(s.expires_at, NULL),
		COALESCE(s.last_seen_at, NULL), s.ip, s.user_agent, ` +
		prefixed("u.", userColumns) + ` FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1`
	var ses Session
	var u model.User
	err := s.read.QueryRowContext(ctx, q, id).Scan(&ses.ID, &ses.UserID, &ses.SecretHash, utc{&ses.CreatedAt},
		utc{&ses.ExpiresAt}, utc{&ses.LastSeenAt}, &ses.IP, &ses.UserAgent,
		&u.ID, &u.Login, &u.Email, &u.DisplayName, &u.Slug, &u.Bio, &u.URL, &u.Role, &u.PasswordHash, utc{&u.CreatedAt})
	if err != nil {
		return nil, nil, fmt.Errorf("store: session: %w", notFound(err))
	}
	return &ses, &u, nil
}

// ExtendSession moves a session's expiry and last use.
func (s *Store) ExtendSession(ctx context.Context, id string, seen, expires time.Time) error {
	const q = `UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE id = $1`
	if _, err := s.write.ExecContext(ctx, q, id, dbTime(seen), dbTime(expires)); err != nil {
		return fmt.Errorf("store: extend session: %w", err)
	}
	return nil
}

// DeleteSession ends one session.
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	if _, err := s.write.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1`, id); err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	return nil
}

// DeleteUserSessions ends every session of a user except keep (may be "").
func (s *Store) DeleteUserSessions(ctx context.Context, userID int64, keep string) error {
	const q = `DELETE FROM sessions WHERE user_id = $1 AND id <> $2`
	if _, err := s.write.ExecContext(ctx, q, userID, keep); err != nil {
		return fmt.Errorf("store: delete sessions of %d: %w", userID, err)
	}
	return nil
}

// DeleteExpiredSessions removes sessions that expired before now.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) error {
	if _, err := s.write.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < $1`, dbTime(now)); err != nil {
		return fmt.Errorf("store: delete expired sessions: %w", err)
	}
	return nil
}

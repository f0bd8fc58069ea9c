package store

import (
	"context"
	"fmt"
	"time"

	"warta/internal/model"
)

// InsertAppPassword stores a new application password (its hash only) and
// sets p.ID.
func (s *Store) InsertAppPassword(ctx context.Context, p *model.AppPassword) error {
	const q = `INSERT INTO app_passwords (uuid, user_id, name, hash, created_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`
	p.CreatedAt = dbTime(p.CreatedAt)
	if err := s.write.QueryRowContext(ctx, q, p.UUID, p.UserID, p.Name, p.Hash, p.CreatedAt).Scan(&p.ID); err != nil {
		return fmt.Errorf("store: insert app password: %w", conflict(err))
	}
	return nil
}

// AppPasswords lists a user's application passwords, oldest first.
func (s *Store) AppPasswords(ctx context.Context, userID int64) ([]model.AppPassword, error) {
	const q = `SELECT id, uuid, user_id, name, hash, created_at, last_used_at, last_ip
		FROM app_passwords WHERE user_id = $1 ORDER BY created_at, id`
	rows, err := s.read.QueryContext(ctx, q, userID)
	if err != nil {
		return nil, fmt.Errorf("store: app passwords: %w", err)
	}
	defer rows.Close()
	list := []model.AppPassword{}
	for rows.Next() {
		var p model.AppPassword
		if err := rows.Scan(&p.ID, &p.UUID, &p.UserID, &p.Name, &p.Hash, utc{&p.CreatedAt}, utc{&p.LastUsedAt}, &p.LastIP); err != nil {
			return nil, fmt.Errorf("store: app passwords: %w", err)
		}
		list = append(list, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: app passwords: %w", err)
	}
	return list, nil
}

// DeleteAppPassword revokes the user's application password uuid, or
// returns model.ErrNotFound when the user has none by that uuid.
func (s *Store) DeleteAppPassword(ctx context.Context, userID int64, uuid string) error {
	res, err := s.write.ExecContext(ctx, `DELETE FROM app_passwords WHERE user_id = $1 AND uuid = $2`, userID, uuid)
	if err != nil {
		return fmt.Errorf("store: delete app password: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: delete app password %s: %w", uuid, model.ErrNotFound)
	}
	return nil
}

// AppPasswordUsed records a use of the application password id: when and
// from which address.
func (s *Store) AppPasswordUsed(ctx context.Context, id int64, at time.Time, ip string) error {
	const q = `UPDATE app_passwords SET last_used_at = $2, last_ip = $3 WHERE id = $1`
	if _, err := s.write.ExecContext(ctx, q, id, dbTime(at), ip); err != nil {
		return fmt.Errorf("store: app password used: %w", err)
	}
	return nil
}

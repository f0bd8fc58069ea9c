package store

import (
	"context"
	"fmt"
	"time"
)

// AuditEntry is one line of the newsroom's audit log: who did what to
// which object, and when.
type AuditEntry struct {
	ID         int64
	UserID     int64  // 0 when the user was deleted or the system acted
	UserName   string // filled by reads
	Action     string // "article.publish", "user.role", "settings.save"…
	ObjectType string // "article", "user", "media", "comment", "settings"
	ObjectID   int64
	Detail     string
	Via        string // AuditViaCLI when the warta command made the change; "" for the newsroom
	CreatedAt  time.Time
}

// AuditViaCLI marks a change made with the warta command on the server,
// where nobody is signed in.
const AuditViaCLI = "cli"

// InsertAudit appends an entry to the audit log.
func (s *Store) InsertAudit(ctx context.Context, e *AuditEntry) error {
	if e.CreatedAt.IsZero() {
		e.CreatedAt = time.Now()
	}
	const q = `INSERT INTO audit_log (user_id, action, object_type, object_id, detail, via, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`
	err := s.write.QueryRowContext(ctx, q, nullID(e.UserID), e.Action, e.ObjectType, nullID(e.ObjectID),
		e.Detail, e.Via, dbTime(e.CreatedAt)).Scan(&e.ID)
	if err != nil {
		return fmt.Errorf("store: audit %s: %w", e.Action, err)
	}
	return nil
}

// AuditEntries returns the newest entries first, limit of them from offset.
func (s *Store) AuditEntries(ctx context.Context, limit, offset int) ([]AuditEntry, error) {
	const q = `SELECT l.id, COALESCE(l.user_id, 0), COALESCE(u.display_name, ''), l.action, l.object_type,
			COALESCE(l.object_id, 0), l.detail, l.via, l.created_at
		FROM audit_log l LEFT JOIN users u ON u.id = l.user_id
		ORDER BY l.created_at DESC, l.id DESC LIMIT $1 OFFSET $2`
	rows, err := s.read.QueryContext(ctx, q, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("store: audit log: %w", err)
	}
	defer rows.Close()
	list := []AuditEntry{}
	for rows.Next() {
		var e AuditEntry
		if err := rows.Scan(&e.ID, &e.UserID, &e.UserName, &e.Action, &e.ObjectType, &e.ObjectID, &e.Detail,
			&e.Via, utc{&e.CreatedAt}); err != nil {
			return nil, fmt.Errorf("store: audit log: %w", err)
		}
		list = append(list, e)
	}
	return list, rows.Err()
}

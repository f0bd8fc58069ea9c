package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"warta/internal/model"
)

// InsertMedia stores a media item and its variants in one transaction, and
// sets m.ID, and m.CreatedAt to now when zero. A path already stored →
// model.ErrConflict. It does not touch files.
func (s *Store) InsertMedia(ctx context.Context, m *model.Media) error {
	if m.CreatedAt.IsZero() {
		m.CreatedAt = time.Now()
	}
	m.CreatedAt = dbTime(m.CreatedAt)
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		q := `INSERT INTO media (uploader_id, path, mime_type, size, width, height, alt, caption, renditions, created_at, sha256,
				renditions_pending)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, ` + pendingRenditions("$9", "$3") + `) RETURNING id`
		err := tx.QueryRowContext(ctx, q, nullID(m.UploaderID), m.Path, m.MimeType, m.Size, m.Width, m.Height,
			m.Alt, m.Caption, m.Renditions, m.CreatedAt, nullString(m.SHA256)).Scan(&m.ID)
		if err != nil {
			return err
		}
		if err := insertVariants(ctx, tx, m); err != nil {
			return err
		}
		return indexMedia(ctx, tx, m.ID, m.Path, m.Alt, m.Caption)
	})
	if err != nil {
		return fmt.Errorf("store: insert media %q: %w", m.Path, conflict(err))
	}
	return nil
}

// Media returns the media item with its variants (narrowest first), or
// model.ErrNotFound.
func (s *Store) Media(ctx context.Context, id int64) (*model.Media, error) {
	found, err := s.mediaByIDs(ctx, []int64{id})
	if err != nil {
		return nil, fmt.Errorf("store: media %d: %w", id, err)
	}
	m, ok := found[id]
	if !ok {
		return nil, fmt.Errorf("store: media %d: %w", id, model.ErrNotFound)
	}
	return m, nil
}

// mediaByIDs loads the media items with those ids and their variants in one
// query. Missing ids are absent from the map.
func (s *Store) mediaByIDs(ctx context.Context, ids []int64) (map[int64]*model.Media, error) {
	found := map[int64]*model.Media{}
	if len(ids) == 0 {
		return found, nil
	}
	var a args
	// COALESCE(m.created_at, NULL): read as text on SQLite (see utc).
	q := `SELECT m.id, COALESCE(m.uploader_id, 0), m.path, m.mime_type, m.size, m.width, m.height,
			m.alt, m.caption, m.renditions, COALESCE(m.created_at, NULL), COALESCE(m.sha256, ''), v.path, v.width, v.height
		FROM media m LEFT JOIN media_variants v ON v.media_id = m.id
		WHERE m.id IN (` + a.in(ids) + `)
		ORDER BY m.id, v.width, v.path`
	rows, err := s.read.QueryContext(ctx, q, a...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var m model.Media
		var vPath sql.NullString
		var vWidth, vHeight sql.NullInt64
		err := rows.Scan(&m.ID, &m.UploaderID, &m.Path, &m.MimeType, &m.Size, &m.Width, &m.Height,
			&m.Alt, &m.Caption, &m.Renditions, utc{&m.CreatedAt}, &m.SHA256, &vPath, &vWidth, &vHeight)
		if err != nil {
			return nil, err
		}
		cur, ok := found[m.ID]
		if !ok {
			cur = &m
			found[m.ID] = cur
		}
		if vPath.Valid {
			cur.Variants = append(cur.Variants, model.MediaVariant{
				Path: vPath.String, Width: int(vWidth.Int64), Height: int(vHeight.Int64),
			})
		}
	}
	return found, rows.Err()
}

// insertVariants records m's variants in tx.
func insertVariants(ctx context.Context, tx *sql.Tx, m *model.Media) error {
	const q = `INSERT INTO media_variants (media_id, path, width, height) VALUES ($1, $2, $3, $4)`
	for _, v := range m.Variants {
		if _, err := tx.ExecContext(ctx, q, m.ID, v.Path, v.Width, v.Height); err != nil {
			return err
		}
	}
	return nil
}

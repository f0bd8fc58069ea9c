package store

import (
	"context"
	"database/sql"
	"fmt"

	"warta/internal/model"
)

// The same file uploaded twice is recognised by the SHA-256 of its bytes
// (media.sha256, migration 0037). Items stored before it have none: an
// upload of their exact size reads them and records theirs
// (media.Duplicate), so no pass over the whole library is needed.

// MediaBySHA256 returns the oldest item whose original has the hex
// SHA-256 sum, or model.ErrNotFound.
func (s *Store) MediaBySHA256(ctx context.Context, sum string) (*model.Media, error) {
	var id int64
	err := s.read.QueryRowContext(ctx, `SELECT id FROM media WHERE sha256 = $1 ORDER BY id LIMIT 1`, sum).Scan(&id)
	if err != nil {
		return nil, fmt.Errorf("store: media with sha256 %s: %w", sum, notFound(err))
	}
	return s.Media(ctx, id)
}

// UnhashedMedia returns the items of size bytes whose sum is not known,
// oldest first, at most limit of them, variants not loaded.
func (s *Store) UnhashedMedia(ctx context.Context, size int64, limit int) ([]*model.Media, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, path FROM media WHERE size = $1 AND sha256 IS NULL ORDER BY id LIMIT $2`,
		size, limit)
	if err != nil {
		return nil, fmt.Errorf("store: unhashed media: %w", err)
	}
	defer rows.Close()
	var out []*model.Media
	for rows.Next() {
		m := &model.Media{Size: size}
		if err := rows.Scan(&m.ID, &m.Path); err != nil {
			return nil, fmt.Errorf("store: unhashed media: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// SetMediaSHA256 records the hex SHA-256 sum of the item id's original.
func (s *Store) SetMediaSHA256(ctx context.Context, id int64, sum string) error {
	if _, err := s.write.ExecContext(ctx, `UPDATE media SET sha256 = $2 WHERE id = $1`, id, sum); err != nil {
		return fmt.Errorf("store: media %d sha256: %w", id, err)
	}
	return nil
}

// nullString stores "" as NULL.
func nullString(v string) any {
	if v == "" {
		return nil
	}
	return v
}

// ReplaceMedia records that the item m.ID has a new file at the same
// path: its type, size, dimensions, sum and generated files (Renditions)
// from m, and m.Variants in place of its variants. It touches the pages that showed the item (found by
// its old sizes too) and returns the item as it was, so that the caller
// can remove the old sizes the new ones do not reuse; model.ErrNotFound
// when there is none. It does not touch files.
func (s *Store) ReplaceMedia(ctx context.Context, m *model.Media) (*model.Media, error) {
	old, err := s.Media(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		tags, err := mediaShownBy(ctx, tx, m.ID)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE media SET mime_type = $2, size = $3, width = $4, height = $5, sha256 = $6,
			renditions = $7, renditions_pending = `+pendingRenditions("$7", "$2")+` WHERE id = $1`, m.ID, m.MimeType, m.Size, m.Width, m.Height, nullString(m.SHA256), m.Renditions)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return model.ErrNotFound // deleted meanwhile
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM media_variants WHERE media_id = $1`, m.ID); err != nil {
			return err
		}
		if err := insertVariants(ctx, tx, m); err != nil {
			return err
		}
		return s.touch(ctx, tx, tags...)
	})
	if err != nil {
		return nil, fmt.Errorf("store: replace media %d: %w", m.ID, err)
	}
	return old, nil
}

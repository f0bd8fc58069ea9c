package store

import (
	"context"
	"database/sql"
	"fmt"

	"warta/internal/model"
)

// MediaFocal returns the focal point an editor set on media item id, as
// fractions of its width and height (0.5, 0.5 when none was set), or
// model.ErrNotFound.
func (s *Store) MediaFocal(ctx context.Context, id int64) (x, y float64, err error) {
	err = s.read.QueryRowContext(ctx, `SELECT focal_x, focal_y FROM media WHERE id = $1`, id).Scan(&x, &y)
	if err != nil {
		return 0, 0, fmt.Errorf("store: focal point of media %d: %w", id, notFound(err))
	}
	return x, y, nil
}

// SetMediaFocal records the focal point of media item id, fractions from 0
// to 1. The pages do not change until its crops are remade
// (SetMediaRenditions).
func (s *Store) SetMediaFocal(ctx context.Context, id int64, x, y float64) error {
	res, err := s.write.ExecContext(ctx, `UPDATE media SET focal_x = $2, focal_y = $3 WHERE id = $1`, id, x, y)
	if err != nil {
		return fmt.Errorf("store: set focal point of media %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: set focal point of media %d: %w", id, model.ErrNotFound)
	}
	return nil
}

// SetMediaRenditions records which generated files of media item id exist
// (model.Media.Renditions), provided the record still says old:
// model.ErrConflict when another process changed it meanwhile. The pages
// that show the item are dropped from the caches.
func (s *Store) SetMediaRenditions(ctx context.Context, id int64, old, renditions string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var one int
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM media WHERE id = $1`, id).Scan(&one); err != nil {
			return notFound(err)
		}
		res, err := tx.ExecContext(ctx, `UPDATE media SET renditions = $2, renditions_pending = `+pendingRenditions("$2", "mime_type")+`
			WHERE id = $1 AND renditions = $3`, id, renditions, old)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return model.ErrConflict
		}
		if old == renditions {
			return nil
		}
		tags, err := mediaShownBy(ctx, tx, id)
		if err != nil {
			return err
		}
		return s.touch(ctx, tx, tags...)
	})
	if err != nil {
		return fmt.Errorf("store: set renditions of media %d: %w", id, err)
	}
	return nil
}

// pendingRenditions is the SQL condition that an item of type mime
// whose generated files are renditions (model.Media.Renditions) lacks
// some the background worker makes: its crops, or, for a still image
// (model.Media.CanHaveFormats), its WebP and AVIF copies. renditions and
// mime are columns or parameters; the media's renditions_pending column
// holds it, set with every write of either (migration 0057).
func pendingRenditions(renditions, mime string) string {
	return `(` + renditions + ` NOT LIKE '%crop:%' OR (` + mime + ` IN ('image/jpeg', 'image/png', 'image/webp') AND ` +
		renditions + ` NOT LIKE '%avif%'))`
}

// MediaLackingRenditions returns the ids below before (any id when before
// is 0) of the media items without crops, or without WebP and AVIF copies
// when they are still images, newest first and at most limit of them:
// new uploads and imported archives, for making them in the background.
// It reads the partial index of the items waiting, whatever the size of
// the library.
func (s *Store) MediaLackingRenditions(ctx context.Context, before int64, limit int) ([]int64, error) {
	var a args
	q := `SELECT id FROM media WHERE renditions_pending`
	if before > 0 {
		q += ` AND id < ` + a.add(before)
	}
	ids, err := s.ids(ctx, q+` ORDER BY id DESC LIMIT `+a.add(limit), a...)
	if err != nil {
		return nil, fmt.Errorf("store: media lacking renditions: %w", err)
	}
	return ids, nil
}

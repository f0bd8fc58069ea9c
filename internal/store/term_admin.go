package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"warta/internal/model"
)

// TermByID returns the category or tag with that id, or model.ErrNotFound.
func (s *Store) TermByID(ctx context.Context, id int64) (*model.Term, error) {
	const q = `SELECT ` + termColumns + ` FROM terms t WHERE t.id = $1`
	t, err := scanTerm(s.read.QueryRowContext(ctx, q, id))
	if err != nil {
		return nil, fmt.Errorf("store: term %d: %w", id, notFound(err))
	}
	return &t, nil
}

// UpdateTerm saves a term's name, slug, description and parent, touching
// its archive and every page showing its name. A slug taken → ErrConflict.
func (s *Store) UpdateTerm(ctx context.Context, t *model.Term) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var old model.Term
		err := tx.QueryRowContext(ctx, `SELECT taxonomy, slug FROM terms WHERE id = $1`, t.ID).Scan(&old.Taxonomy, &old.Slug)
		if errors.Is(err, sql.ErrNoRows) {
			return model.ErrNotFound
		}
		if err != nil {
			return err
		}
		// The archive's old address keeps leading to it.
		renamed := *t
		renamed.Taxonomy = old.Taxonomy
		if err := movedTx(ctx, tx, old.Path(), renamed.Path()); err != nil {
			return err
		}
		const q = `UPDATE terms SET name = $2, slug = $3, description = $4, parent_id = $5 WHERE id = $1`
		res, err := tx.ExecContext(ctx, q, t.ID, t.Name, t.Slug, t.Description, nullID(t.ParentID))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return model.ErrNotFound
		}
		return s.touch(ctx, tx, TagTerm(t.ID), TagFront, TagFeeds)
	})
	if err != nil {
		return fmt.Errorf("store: update term %d: %w", t.ID, conflict(err))
	}
	return nil
}

// DeleteTerm removes a term (its articles keep their other terms; child
// categories move to the top), touching what showed it.
func (s *Store) DeleteTerm(ctx context.Context, id int64) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT article_id FROM article_terms WHERE term_id = $1`, id)
		if err != nil {
			return err
		}
		tags := []string{TagTerm(id), TagFront, TagFeeds}
		for rows.Next() {
			var aid int64
			if err := rows.Scan(&aid); err != nil {
				rows.Close()
				return err
			}
			tags = append(tags, TagArticle(aid))
		}
		rows.Close()
		res, err := tx.ExecContext(ctx, `DELETE FROM terms WHERE id = $1`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return model.ErrNotFound
		}
		return s.touch(ctx, tx, tags...)
	})
	if err != nil {
		return fmt.Errorf("store: delete term %d: %w", id, err)
	}
	return nil
}

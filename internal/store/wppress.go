package store

import (
	"fmt"

	"warta/internal/model"
)

// SetCorrections replaces the corrections, updates and rights of reply of
// the article id with list (none: removes them), for an import.
func (t *ImportTx) SetCorrections(id int64, list []model.Correction) error {
	if _, err := t.db.ExecContext(t.ctx, `DELETE FROM corrections WHERE article_id = $1`, id); err != nil {
		return fmt.Errorf("article %d corrections: %w", id, err)
	}
	const q = `INSERT INTO corrections (article_id, kind, body, party, statement_url, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`
	for _, c := range list {
		if _, err := t.db.ExecContext(t.ctx, q, id, c.Kind, c.Body, c.Party, c.StatementURL, dbTime(c.CreatedAt)); err != nil {
			return fmt.Errorf("article %d corrections: %w", id, err)
		}
	}
	return nil
}

// SetTakedown records (or, with nil, removes) the takedown of the article
// id, for an import; the article's own status is the import's to set.
func (t *ImportTx) SetTakedown(id int64, tk *model.Takedown) error {
	if _, err := t.db.ExecContext(t.ctx, `DELETE FROM takedowns WHERE article_id = $1`, id); err != nil {
		return fmt.Errorf("article %d takedown: %w", id, err)
	}
	if tk == nil {
		return nil
	}
	const q = `INSERT INTO takedowns (article_id, reason, note, path, taken_at) VALUES ($1, $2, $3, $4, $5)`
	if _, err := t.db.ExecContext(t.ctx, q, id, tk.Reason, tk.Note, tk.Path, dbTime(tk.TakenAt)); err != nil {
		return fmt.Errorf("article %d takedown: %w", id, err)
	}
	return nil
}

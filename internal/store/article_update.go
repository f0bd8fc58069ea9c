package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"warta/internal/model"
)

// UpdateArticle saves every field of the stored article a.ID in one
// transaction: the row, its bylines, terms and embeds (replaced by a's, in
// order), a revision credited to editorID, and a change touching what the
// article showed before and what it shows now (its page, the lists, the
// archives of its old and new terms and authors). When the public URL of
// a published article changes (its slug, date, or what else the
// permalink structure names), the old URL is kept as a 301 to the new one.
//
// ModifiedAt becomes now; PublishedAt becomes now for a published article
// without one; an empty Type or a zero CreatedAt keeps the stored one. A
// slug already used by another article of the type → model.ErrConflict;
// an unknown id → model.ErrNotFound. It does not check permissions or
// sanitize: publishing does that.
func (s *Store) UpdateArticle(ctx context.Context, a *model.Article, editorID int64) error {
	now := time.Now()
	a.ModifiedAt = dbTime(now)
	if a.PublishedAt.IsZero() && a.Status == model.StatusPublished {
		a.PublishedAt = now
	}
	if !a.PublishedAt.IsZero() {
		a.PublishedAt = dbTime(a.PublishedAt)
	}
	if a.CommentStatus == "" {
		a.CommentStatus = model.CommentsOpen
	}
	if a.SourceFormat == "" {
		a.SourceFormat = model.FormatHTML
	}
	var embedIDs []int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := linkedTags(ctx, tx, a.ID)
		if err != nil {
			return err
		}
		oldPath, err := s.publicPathTx(ctx, tx, a.ID)
		if err != nil {
			return err
		}
		// A page's children live under its path: they move with it.
		var children []int64
		childPaths := map[int64]string{}
		if a.Type == model.TypePage {
			if children, err = childPagesTx(ctx, tx, a.ID); err != nil {
				return err
			}
			for _, c := range children {
				if childPaths[c], err = s.publicPathTx(ctx, tx, c); err != nil {
					return err
				}
			}
		}
		ins, err := s.writeArticle(ctx, tx, a.ID, a, editorID)
		if err != nil {
			return err
		}
		embedIDs = ins.embedIDs
		newPath, err := s.publicPathTx(ctx, tx, a.ID)
		if err != nil {
			return err
		}
		if err := movedTx(ctx, tx, oldPath, newPath); err != nil {
			return err
		}
		var moved []string
		for _, c := range children {
			p, err := s.publicPathTx(ctx, tx, c)
			if err != nil {
				return err
			}
			if p != childPaths[c] {
				if err := movedTx(ctx, tx, childPaths[c], p); err != nil {
					return err
				}
				moved = append(moved, TagArticle(c))
			}
		}
		return s.touch(ctx, tx, append(append(before, articleTags(a.ID, a)...), moved...)...)
	})
	if err != nil {
		return fmt.Errorf("store: update article %d: %w", a.ID, conflict(err))
	}
	articleInsert{id: a.ID, embedIDs: embedIDs}.apply(a)
	return nil
}

// linkedTags returns the cache tags of an article's current terms and
// authors, read inside tx before they change.
func linkedTags(ctx context.Context, tx *sql.Tx, id int64) ([]string, error) {
	var tags []string
	for _, q := range []struct {
		sql string
		tag func(int64) string
	}{
		{`SELECT term_id FROM article_terms WHERE article_id = $1`, TagTerm},
		{`SELECT user_id FROM article_authors WHERE article_id = $1`, TagAuthor},
	} {
		rows, err := tx.QueryContext(ctx, q.sql, id)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var ref int64
			if err := rows.Scan(&ref); err != nil {
				rows.Close()
				return nil, err
			}
			tags = append(tags, q.tag(ref))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return tags, nil
}

// SetArticleStatus moves an article to status without saving a revision
// (trash and restore from the trash), touching what it shows.
func (s *Store) SetArticleStatus(ctx context.Context, id int64, status model.Status) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		tags, err := linkedTags(ctx, tx, id)
		if err != nil {
			return err
		}
		const q = `UPDATE articles SET status = $2, modified_at = $3 WHERE id = $1`
		res, err := tx.ExecContext(ctx, q, id, string(status), dbTime(time.Now()))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return model.ErrNotFound
		}
		return s.touch(ctx, tx, append(tags, TagArticle(id), TagFront, TagFeeds)...)
	})
	if err != nil {
		return fmt.Errorf("store: set status of article %d: %w", id, err)
	}
	return nil
}

// SetTranslationGroup puts the article id into group (linking it with the
// group's other articles), touching its page.
func (s *Store) SetTranslationGroup(ctx context.Context, id int64, group string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET translation_group = $2 WHERE id = $1`, id, group); err != nil {
			return err
		}
		return s.touch(ctx, tx, TagArticle(id))
	})
	if err != nil {
		return fmt.Errorf("store: translation group of %d: %w", id, err)
	}
	return nil
}

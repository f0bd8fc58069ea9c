package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
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
// without one. A slug already used by another article of the type →
// model.ErrConflict; an unknown id → model.ErrNotFound. It does not check
// permissions or sanitize: publishing does that.
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
	embedIDs := make([]int64, len(a.Embeds))
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
		const q = `UPDATE articles SET slug = $2, title = $3, body_html = $4, source = $5, source_format = $6,
				excerpt = $7, status = $8, published_at = $9, modified_at = $10, lang = $11,
				translation_group = $12, featured_media_id = $13, sticky = $14, comment_status = $15,
				password = $16, source_name = $17, source_url = $18, parent_id = $19, menu_order = $20
			WHERE id = $1`
		res, err := tx.ExecContext(ctx, q, a.ID, a.Slug, a.Title, string(a.BodyHTML), a.Source, a.SourceFormat,
			a.Excerpt, string(a.Status), nullTime(a.PublishedAt), a.ModifiedAt, a.Lang, a.TranslationGroup,
			nullID(a.FeaturedMediaID), a.Sticky, a.CommentStatus, a.Password, a.SourceName, a.SourceURL,
			nullID(a.ParentID), a.MenuOrder)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return model.ErrNotFound
		}
		for _, del := range []string{`DELETE FROM article_authors WHERE article_id = $1`,
			`DELETE FROM article_terms WHERE article_id = $1`, `DELETE FROM embeds WHERE article_id = $1`} {
			if _, err := tx.ExecContext(ctx, del, a.ID); err != nil {
				return err
			}
		}
		const qb = `INSERT INTO article_authors (article_id, user_id, position, role) VALUES ($1, $2, $3, $4)`
		for i, b := range a.Bylines {
			role := b.Role
			if role == "" {
				role = model.BylineAuthor
			}
			if _, err := tx.ExecContext(ctx, qb, a.ID, b.User.ID, i, role); err != nil {
				return fmt.Errorf("byline %d: %w", b.User.ID, err)
			}
		}
		const qt = `INSERT INTO article_terms (article_id, term_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`
		for _, t := range slices.Concat(a.Categories, a.Tags) {
			if _, err := tx.ExecContext(ctx, qt, a.ID, t.ID); err != nil {
				return fmt.Errorf("term %d: %w", t.ID, err)
			}
		}
		const qe = `INSERT INTO embeds (article_id, position, provider, url, embed_url, title, duration_seconds, poster_url)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`
		for i, e := range a.Embeds {
			err := tx.QueryRowContext(ctx, qe, a.ID, i, e.Provider, e.URL, e.EmbedURL, e.Title,
				int64(e.Duration/time.Second), e.PosterURL).Scan(&embedIDs[i])
			if err != nil {
				return fmt.Errorf("embed %d: %w", i, err)
			}
		}
		if err := insertRevision(ctx, tx, a.ID, editorID, a); err != nil {
			return err
		}
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
		if err := s.indexArticle(ctx, tx, a.ID, a); err != nil {
			return err
		}
		return s.touch(ctx, tx, append(append(before, articleTags(a.ID, a)...), moved...)...)
	})
	if err != nil {
		return fmt.Errorf("store: update article %d: %w", a.ID, conflict(err))
	}
	for i := range a.Embeds {
		a.Embeds[i].ID = embedIDs[i]
		a.Embeds[i].Position = i
	}
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

// RevisionByID returns one revision, or model.ErrNotFound.
func (s *Store) RevisionByID(ctx context.Context, id int64) (*model.Revision, error) {
	const q = `SELECT id, article_id, COALESCE(author_id, 0), title, body_html, source, excerpt, created_at
		FROM revisions WHERE id = $1`
	var r model.Revision
	err := s.read.QueryRowContext(ctx, q, id).Scan(&r.ID, &r.ArticleID, &r.AuthorID, &r.Title, &r.BodyHTML,
		&r.Source, &r.Excerpt, utc{&r.CreatedAt})
	if err != nil {
		return nil, fmt.Errorf("store: revision %d: %w", id, notFound(err))
	}
	return &r, nil
}

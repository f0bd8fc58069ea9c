package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"warta/internal/model"
)

// TagCorrections names the site's corrections page and feed.
const TagCorrections = "corrections"

// correctionColumns are a corrections row as scanCorrection reads it.
const correctionColumns = `c.id, c.article_id, c.kind, c.body, c.party, c.statement_url, COALESCE(c.author_id, 0),
	COALESCE(c.created_at, NULL)`

func scanCorrection(row interface{ Scan(...any) error }) (model.Correction, error) {
	var c model.Correction
	err := row.Scan(&c.ID, &c.ArticleID, &c.Kind, &c.Body, &c.Party, &c.StatementURL, &c.AuthorID, utc{&c.CreatedAt})
	return c, err
}

// InsertCorrection attaches c to the article a (loaded, so that its lists
// and archives are told of the change) and sets c.ID. A CreatedAt of zero
// becomes now. The article's modified time moves to the entry's when that
// is later: a correction changes what the story says; a revision credited
// to c.AuthorID records the entries as they now stand. It does not check
// permissions or validate c: publishing does.
func (s *Store) InsertCorrection(ctx context.Context, a *model.Article, c *model.Correction) error {
	if c.CreatedAt.IsZero() {
		c.CreatedAt = time.Now()
	}
	c.CreatedAt = dbTime(c.CreatedAt)
	c.ArticleID = a.ID
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		const q = `INSERT INTO corrections (article_id, kind, body, party, statement_url, author_id, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`
		if err := tx.QueryRowContext(ctx, q, a.ID, c.Kind, c.Body, c.Party, c.StatementURL, nullID(c.AuthorID),
			c.CreatedAt).Scan(&c.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET modified_at = $2 WHERE id = $1 AND modified_at < $2`,
			a.ID, c.CreatedAt); err != nil {
			return err
		}
		if err := reviseStored(ctx, tx, a.ID, c.AuthorID, c.CreatedAt); err != nil {
			return err
		}
		return s.touch(ctx, tx, append(articleTags(a.ID, a), TagCorrections)...)
	})
	if err != nil {
		return fmt.Errorf("store: insert correction of %d: %w", a.ID, notFound(err))
	}
	return nil
}

// DeleteCorrection removes the entry id of the article a (loaded, as for
// InsertCorrection), saving a revision credited to editorID;
// model.ErrNotFound when a has no such entry.
func (s *Store) DeleteCorrection(ctx context.Context, a *model.Article, id, editorID int64) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM corrections WHERE id = $1 AND article_id = $2`, id, a.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return model.ErrNotFound
		}
		if err := reviseStored(ctx, tx, a.ID, editorID, time.Now()); err != nil {
			return err
		}
		return s.touch(ctx, tx, append(articleTags(a.ID, a), TagCorrections)...)
	})
	if err != nil {
		return fmt.Errorf("store: delete correction %d: %w", id, err)
	}
	return nil
}

// Corrections returns the entries of the article id, oldest first; none
// (an empty list) for an article without any or an unknown one.
func (s *Store) Corrections(ctx context.Context, articleID int64) ([]model.Correction, error) {
	q := `SELECT ` + correctionColumns + ` FROM corrections c WHERE c.article_id = $1 ORDER BY c.created_at, c.id`
	list, err := s.corrections(ctx, q, articleID)
	if err != nil {
		return nil, fmt.Errorf("store: corrections of %d: %w", articleID, err)
	}
	return list, nil
}

// PublishedCorrections returns at most limit entries of published posts
// and pages, newest first, each with its Article (bylines and terms, for
// its URL): the public corrections page and feed. before, when not 0,
// is the id of the last entry of the previous page: the list goes on
// after it (a seek, not an offset). An unknown before gives none.
func (s *Store) PublishedCorrections(ctx context.Context, before int64, limit int) ([]model.Correction, error) {
	var a args
	where := `p.status = 'published'`
	if before != 0 {
		id := a.add(before)
		at := `(SELECT created_at FROM corrections WHERE id = ` + id + `)`
		where += ` AND (c.created_at < ` + at + ` OR (c.created_at = ` + at + ` AND c.id < ` + id + `))`
	}
	q := `SELECT ` + correctionColumns + ` FROM corrections c JOIN articles p ON p.id = c.article_id
		WHERE ` + where + ` ORDER BY c.created_at DESC, c.id DESC LIMIT ` + a.add(limit)
	list, err := s.corrections(ctx, q, a...)
	if err != nil {
		return nil, fmt.Errorf("store: published corrections: %w", err)
	}
	if len(list) == 0 {
		return list, nil
	}
	var ia args
	ids := make([]int64, 0, len(list))
	for _, c := range list {
		ids = append(ids, c.ArticleID)
	}
	arts, err := s.articles(ctx, `SELECT `+articleColumns+` FROM articles a WHERE a.id IN (`+ia.in(ids)+`)`, ia, loadBylines|loadTerms)
	if err != nil {
		return nil, fmt.Errorf("store: published corrections: %w", err)
	}
	byID := map[int64]*model.Article{}
	for i := range arts {
		byID[arts[i].ID] = &arts[i]
	}
	for i := range list {
		list[i].Article = byID[list[i].ArticleID]
	}
	return list, nil
}

func (s *Store) corrections(ctx context.Context, q string, params ...any) ([]model.Correction, error) {
	rows, err := s.read.QueryContext(ctx, q, params...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []model.Correction{}
	for rows.Next() {
		c, err := scanCorrection(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, c)
	}
	return list, rows.Err()
}

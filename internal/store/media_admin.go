package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"warta/internal/model"
)

// MediaLibrary returns one page of media items, newest first, with their
// variants, and the total count.
func (s *Store) MediaLibrary(ctx context.Context, limit, offset int) ([]*model.Media, int, error) {
	return s.SearchMedia(ctx, "", limit, offset)
}

// MediaByPath returns the media item stored at path (relative to the media
// folder, an original or a variant), or model.ErrNotFound.
func (s *Store) MediaByPath(ctx context.Context, path string) (*model.Media, error) {
	const q = `SELECT id FROM media WHERE path = $1
		UNION SELECT media_id FROM media_variants WHERE path = $1`
	var id int64
	if err := s.read.QueryRowContext(ctx, q, path).Scan(&id); err != nil {
		return nil, fmt.Errorf("store: media at %q: %w", path, notFound(err))
	}
	return s.Media(ctx, id)
}

// UpdateMediaText saves an item's alt text and caption, touching the
// articles that feature it or show it in their body.
func (s *Store) UpdateMediaText(ctx context.Context, id int64, alt, caption string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var path string
		if err := tx.QueryRowContext(ctx, `SELECT path FROM media WHERE id = $1`, id).Scan(&path); err != nil {
			return notFound(err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE media SET alt = $2, caption = $3 WHERE id = $1`, id, alt, caption); err != nil {
			return err
		}
		if err := indexMedia(ctx, tx, id, path, alt, caption); err != nil {
			return err
		}
		tags, err := mediaShownBy(ctx, tx, id)
		if err != nil {
			return err
		}
		return s.touch(ctx, tx, tags...)
	})
	if err != nil {
		return fmt.Errorf("store: update media %d: %w", id, err)
	}
	return nil
}

// mediaShownBy returns the cache tags of the pages that show the media
// item id: the articles that feature it or show its file or any of its
// sizes in their body, and then the front page and the feeds. Run it
// before the variants change, so that it finds the pages showing the old
// ones.
func mediaShownBy(ctx context.Context, tx *sql.Tx, id int64) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT path FROM media WHERE id = $1
		UNION ALL SELECT path FROM media_variants WHERE media_id = $1`, id)
	if err != nil {
		return nil, err
	}
	var paths []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			rows.Close()
			return nil, err
		}
		paths = append(paths, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	a := args{id}
	rows, err = tx.QueryContext(ctx, `SELECT id FROM articles WHERE featured_media_id = $1`+bodyShows(paths, &a), a...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var tags []string
	for rows.Next() {
		var aid int64
		if err := rows.Scan(&aid); err != nil {
			return nil, err
		}
		tags = append(tags, TagArticle(aid))
	}
	if len(tags) > 0 {
		tags = append(tags, TagFront, TagFeeds)
	}
	return tags, rows.Err()
}

// bodyShows returns the conditions, each starting with OR, that an
// article's body shows one of the media files at paths.
func bodyShows(paths []string, a *args) string {
	var b strings.Builder
	for _, p := range paths {
		b.WriteString(` OR body_html LIKE ` + a.add("%/media/"+escapeLike(p)+"%") + ` ESCAPE '\'`)
	}
	return b.String()
}

// DeleteMedia removes the media item id with its variants, unsets it as
// the featured image of the articles that had it and touches the pages
// that showed it. It returns the deleted item, variants included, so that
// the caller can remove its files; model.ErrNotFound when there is none.
// It does not touch files (media.Delete does).
func (s *Store) DeleteMedia(ctx context.Context, id int64) (*model.Media, error) {
	m, err := s.Media(ctx, id)
	if err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		tags, err := mediaShownBy(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET featured_media_id = NULL WHERE featured_media_id = $1`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM media_variants WHERE media_id = $1`, id); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `DELETE FROM media_extra_files WHERE media_id = $1 RETURNING path`, id)
		if err != nil {
			return err
		}
		m.ExtraFiles = m.ExtraFiles[:0]
		for rows.Next() {
			var p string
			if err := rows.Scan(&p); err != nil {
				rows.Close()
				return err
			}
			m.ExtraFiles = append(m.ExtraFiles, p)
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM media WHERE id = $1`, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return model.ErrNotFound // deleted meanwhile
		}
		return s.touch(ctx, tx, tags...)
	})
	if err != nil {
		return nil, fmt.Errorf("store: delete media %d: %w", id, err)
	}
	return m, nil
}

// MediaUse is an article that shows a media item: as its featured image,
// in its body, or both.
type MediaUse struct {
	ID       int64
	Type     model.ArticleType
	Title    string
	Status   model.Status
	Featured bool // the item is its featured image
}

// ArticlesUsingMedia returns the articles, of any status, that feature the
// media item id or show its file in their body, newest first, at most
// limit of them, and how many there are in all; none when the item is not
// used (or does not exist). The newsroom shows them before a deletion.
func (s *Store) ArticlesUsingMedia(ctx context.Context, id int64, limit int) ([]MediaUse, int, error) {
	m, err := s.Media(ctx, id)
	if errors.Is(err, model.ErrNotFound) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, err
	}
	// A body may show the original or any of its sizes.
	a := args{id}
	q := `SELECT id, type, title, status, CASE WHEN featured_media_id = $1 THEN 1 ELSE 0 END FROM articles
		WHERE featured_media_id = $1` + bodyShows(append([]string{m.Path}, variantPaths(m)...), &a) + ` ORDER BY created_at DESC, id DESC`
	rows, err := s.read.QueryContext(ctx, q, a...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: articles using media %d: %w", id, err)
	}
	defer rows.Close()
	var uses []MediaUse
	n := 0
	for rows.Next() {
		n++
		if len(uses) >= limit {
			continue
		}
		var u MediaUse
		var featured int
		if err := rows.Scan(&u.ID, &u.Type, &u.Title, &u.Status, &featured); err != nil {
			return nil, 0, fmt.Errorf("store: articles using media %d: %w", id, err)
		}
		u.Featured = featured == 1
		uses = append(uses, u)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("store: articles using media %d: %w", id, err)
	}
	return uses, n, nil
}

func variantPaths(m *model.Media) []string {
	out := make([]string, len(m.Variants))
	for i, v := range m.Variants {
		out[i] = v.Path
	}
	return out
}

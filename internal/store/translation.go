package store

import (
	"context"
	"fmt"

	"warta/internal/model"
)

// Translations returns the other published articles of a's translation
// group (ID, Type, Slug, Title, Lang, PublishedAt, and the bylines and
// terms their URLs may name), by language; none when a belongs to no group.
func (s *Store) Translations(ctx context.Context, a *model.Article) ([]model.Article, error) {
	list := []model.Article{}
	if a.TranslationGroup == "" {
		return list, nil
	}
	// translation_group <> '' repeats what the guard above ensures, so that
	// the engines use the partial index articles_translation: they cannot
	// tell from "= $1" alone that $1 is not '', and would read every article.
	// COALESCE(published_at, NULL): read as text on SQLite (see utc).
	const q = `SELECT id, type, slug, title, lang, COALESCE(published_at, NULL) FROM articles
		WHERE translation_group = $1 AND translation_group <> '' AND id <> $2 AND status = 'published'
		ORDER BY lang, id`
	rows, err := s.read.QueryContext(s.read.brief(ctx), q, a.TranslationGroup, a.ID)
	if err != nil {
		return nil, fmt.Errorf("store: translations of %d: %w", a.ID, err)
	}
	defer rows.Close()
	for rows.Next() {
		t := model.Article{Status: model.StatusPublished, TranslationGroup: a.TranslationGroup}
		if err := rows.Scan(&t.ID, &t.Type, &t.Slug, &t.Title, &t.Lang, utc{&t.PublishedAt}); err != nil {
			return nil, fmt.Errorf("store: translations of %d: %w", a.ID, err)
		}
		list = append(list, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: translations of %d: %w", a.ID, err)
	}
	rows.Close()
	if err := s.fill(ctx, list, loadBylines|loadTerms); err != nil {
		return nil, fmt.Errorf("store: translations of %d: %w", a.ID, err)
	}
	return list, nil
}

package store

import (
	"context"
	"fmt"

	"warta/internal/model"
)

// InsertTerm stores a new category or tag and sets t.ID. A slug already used
// in the same taxonomy → model.ErrConflict.
func (s *Store) InsertTerm(ctx context.Context, t *model.Term) error {
	const q = `INSERT INTO terms (taxonomy, slug, name, description, parent_id)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`
	err := s.write.QueryRowContext(ctx, q, t.Taxonomy, t.Slug, t.Name, t.Description, nullID(t.ParentID)).Scan(&t.ID)
	if err != nil {
		return fmt.Errorf("store: insert %s %q: %w", t.Taxonomy, t.Slug, conflict(err))
	}
	return nil
}

// termColumns selects a term with its Count: the published posts carrying
// it. Pages and unpublished posts are not counted, as in WordPress. The
// count is the sum of the term's kept monthly counts (post_counts,
// migration 0013): counting the term's posts read every one of them, on a
// site of 300,000 posts two seconds per category page on PostgreSQL.
const termColumns = `t.id, t.taxonomy, t.slug, t.name, t.description, COALESCE(t.parent_id, 0),
	(SELECT COALESCE(SUM(c.n), 0) FROM post_counts c WHERE c.scope = 'term' AND c.ref = t.id)`

func scanTerm(row interface{ Scan(...any) error }) (model.Term, error) {
	var t model.Term
	err := row.Scan(&t.ID, &t.Taxonomy, &t.Slug, &t.Name, &t.Description, &t.ParentID, &t.Count)
	return t, err
}

// TermBySlug returns the category or tag with that slug, with its Count, or
// model.ErrNotFound.
func (s *Store) TermBySlug(ctx context.Context, taxonomy, slug string) (*model.Term, error) {
	const q = `SELECT ` + termColumns + ` FROM terms t WHERE t.taxonomy = $1 AND t.slug = $2`
	t, err := scanTerm(s.read.QueryRowContext(ctx, q, taxonomy, slug))
	if err != nil {
		return nil, fmt.Errorf("store: %s %q: %w", taxonomy, slug, notFound(err))
	}
	return &t, nil
}

// Terms lists a taxonomy ordered by name, each with Count = the published
// posts carrying the term (terms with none included). Categories come flat;
// ParentID gives the hierarchy.
func (s *Store) Terms(ctx context.Context, taxonomy string) ([]model.Term, error) {
	const q = `SELECT ` + termColumns + ` FROM terms t WHERE t.taxonomy = $1 ORDER BY lower(t.name), t.name, t.id`
	rows, err := s.read.QueryContext(ctx, q, taxonomy)
	if err != nil {
		return nil, fmt.Errorf("store: %s terms: %w", taxonomy, err)
	}
	defer rows.Close()
	list := []model.Term{}
	for rows.Next() {
		t, err := scanTerm(rows)
		if err != nil {
			return nil, fmt.Errorf("store: %s terms: %w", taxonomy, err)
		}
		list = append(list, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: %s terms: %w", taxonomy, err)
	}
	return list, nil
}

// TermTree lists every term of a taxonomy with its parent, ordered as
// Terms but without their Count: what building a category path needs,
// without reading every article.
func (s *Store) TermTree(ctx context.Context, taxonomy string) ([]model.Term, error) {
	const q = `SELECT t.id, t.taxonomy, t.slug, t.name, t.description, COALESCE(t.parent_id, 0)
		FROM terms t WHERE t.taxonomy = $1 ORDER BY lower(t.name), t.name, t.id`
	return s.listTerms(ctx, q, taxonomy)
}

// TermsWithPosts lists the terms of a taxonomy that carry at least one
// published post, ordered as Terms, without their Count. It answers what
// the navigation and the search form need without counting every post of
// every term, which on a large site reads every article row.
func (s *Store) TermsWithPosts(ctx context.Context, taxonomy string) ([]model.Term, error) {
	const q = `SELECT t.id, t.taxonomy, t.slug, t.name, t.description, COALESCE(t.parent_id, 0)
		FROM terms t WHERE t.taxonomy = $1 AND EXISTS (SELECT 1 FROM post_counts c
			WHERE c.scope = 'term' AND c.ref = t.id AND c.n > 0)
		ORDER BY lower(t.name), t.name, t.id`
	return s.listTerms(ctx, q, taxonomy)
}

// listTerms runs q, a query of terms without their Count, for taxonomy.
func (s *Store) listTerms(ctx context.Context, q, taxonomy string) ([]model.Term, error) {
	rows, err := s.read.QueryContext(ctx, q, taxonomy)
	if err != nil {
		return nil, fmt.Errorf("store: %s terms: %w", taxonomy, err)
	}
	defer rows.Close()
	list := []model.Term{}
	for rows.Next() {
		var t model.Term
		if err := rows.Scan(&t.ID, &t.Taxonomy, &t.Slug, &t.Name, &t.Description, &t.ParentID); err != nil {
			return nil, fmt.Errorf("store: %s terms: %w", taxonomy, err)
		}
		list = append(list, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: %s terms: %w", taxonomy, err)
	}
	return list, nil
}

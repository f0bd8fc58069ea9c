package store

import (
	"context"
	"fmt"
	"strings"

	"warta/internal/model"
)

// AdminQuery selects articles for the newsroom's lists.
type AdminQuery struct {
	Type     model.ArticleType // TypePost when empty
	Status   model.Status      // "": every status but trash
	AuthorID int64             // only articles with this user in a byline; 0: any
	Search   string            // words in the title (case-insensitive substring)
	Limit    int               // 20 when 0 or less
	Offset   int
}

// AdminArticles returns one page of articles in any status, most recently
// modified first, with bylines and terms, and the total matching q.
func (s *Store) AdminArticles(ctx context.Context, q AdminQuery) ([]model.Article, int, error) {
	if q.Type == "" {
		q.Type = model.TypePost
	}
	if q.Limit <= 0 {
		q.Limit = 20
	}
	q.Offset = max(q.Offset, 0)
	var a args
	where := `a.type = ` + a.add(string(q.Type))
	if q.Status == "" {
		where += ` AND a.status <> 'trash'`
	} else {
		where += ` AND a.status = ` + a.add(string(q.Status))
	}
	if q.AuthorID != 0 {
		where += ` AND EXISTS (SELECT 1 FROM article_authors b WHERE b.article_id = a.id AND b.user_id = ` + a.add(q.AuthorID) + `)`
	}
	if q.Search != "" {
		where += ` AND lower(a.title) LIKE ` + a.add("%"+escapeLike(strings.ToLower(q.Search))+"%") + ` ESCAPE '\'`
	}
	var total int
	if err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles a WHERE `+where, a...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: admin articles: count: %w", err)
	}
	page := `SELECT ` + articleColumns + ` FROM articles a WHERE ` + where +
		` ORDER BY a.modified_at DESC, a.id DESC LIMIT ` + a.add(q.Limit) + ` OFFSET ` + a.add(q.Offset)
	list, err := s.articles(ctx, page, a, loadBylines|loadTerms)
	if err != nil {
		return nil, 0, fmt.Errorf("store: admin articles: %w", err)
	}
	return list, total, nil
}

// escapeLike escapes LIKE's wildcards in s, for a pattern with ESCAPE '\'.
func escapeLike(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range []rune(s) {
		if r == '%' || r == '_' || r == '\\' {
			out = append(out, '\\')
		}
		out = append(out, r)
	}
	return string(out)
}

// StatusCounts returns how many articles of the type are in each status;
// with authorID, only those carrying that user in a byline.
func (s *Store) StatusCounts(ctx context.Context, typ model.ArticleType, authorID int64) (map[model.Status]int, error) {
	var a args
	q := `SELECT a.status, COUNT(*) FROM articles a WHERE a.type = ` + a.add(string(typ))
	if authorID != 0 {
		q += ` AND EXISTS (SELECT 1 FROM article_authors b WHERE b.article_id = a.id AND b.user_id = ` + a.add(authorID) + `)`
	}
	rows, err := s.read.QueryContext(ctx, q+` GROUP BY a.status`, a...)
	if err != nil {
		return nil, fmt.Errorf("store: status counts: %w", err)
	}
	defer rows.Close()
	counts := map[model.Status]int{}
	for rows.Next() {
		var st model.Status
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, fmt.Errorf("store: status counts: %w", err)
		}
		counts[st] = n
	}
	return counts, rows.Err()
}

// ArticleBySlug returns the article of that type and slug in any status
// (its ID only is guaranteed), or model.ErrNotFound. Publishing uses it to
// find a free slug.
func (s *Store) ArticleBySlug(ctx context.Context, typ model.ArticleType, slug string) (*model.Article, error) {
	a, err := s.fullArticle(ctx, `a.type = $1 AND a.slug = $2`, string(typ), slug)
	if err != nil {
		return nil, fmt.Errorf("store: %s %q: %w", typ, slug, err)
	}
	return a, nil
}

// ArticlesInGroup returns the articles of a translation group (ID, Title,
// Lang, Status, Type, Slug), for the editor's translation links.
func (s *Store) ArticlesInGroup(ctx context.Context, group string) ([]model.Article, error) {
	if group == "" {
		return []model.Article{}, nil
	}
	// "<> ''" lets the engines use the partial index articles_translation
	// (see Translations).
	q := `SELECT ` + articleColumns + ` FROM articles a
		WHERE a.translation_group = $1 AND a.translation_group <> '' ORDER BY a.id`
	list, err := s.articles(ctx, q, args{group}, 0)
	if err != nil {
		return nil, fmt.Errorf("store: translation group: %w", err)
	}
	return list, nil
}

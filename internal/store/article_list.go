package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"warta/internal/model"
)

// ListQuery selects published articles for a list page.
type ListQuery struct {
	Type        model.ArticleType // TypePost when empty
	TermID      int64             // only articles carrying this term (category or tag); 0: any
	AuthorID    int64             // only articles with this user in a byline; 0: any
	WPTermID    int64             // only articles carrying this custom taxonomy's term (wp_terms); 0: any
	StickyFirst bool              // front page: sticky articles before the others
	// From and Until, when Until is set, select the posts published in
	// [From, Until) (a date archive; article_dates.go); Type must be
	// TypePost and TermID, AuthorID and StickyFirst are then ignored.
	From, Until time.Time
	Limit       int // 10 when 0 or less
	Offset      int // 0 when less
}

// defaultLimit is the page size of a ListQuery without a Limit.
const defaultLimit = 10

// PublishedArticles returns one page of published articles, newest first
// (sticky first when asked; the id breaks ties), each with bylines,
// categories, tags, featured image and CommentCount — loaded in a fixed
// number of queries, not one per article — and the total count matching q.
// A page past the end is empty, with the total still counted.
func (s *Store) PublishedArticles(ctx context.Context, q ListQuery) ([]model.Article, int, error) {
	total, err := s.CountPublished(ctx, q)
	if err != nil {
		return nil, 0, err
	}
	list, err := s.PublishedPage(ctx, q)
	if err != nil {
		return nil, 0, err
	}
	return list, total, nil
}

// PublishedPage is PublishedArticles without the count, for a caller that
// has it or needs none, as feeds.
//
// Its cost does not grow with the archive: a list of posts reads its own
// index range (the articles' for the front page, the term's or the
// author's link rows for an archive), and a deep page seeks instead of
// skipping: the kept monthly counts (post_counts) say in which month the
// page's first post was published, so only the posts of that month are
// skipped. A query naming both a term and an author reads the articles
// with both, as before.
func (s *Store) PublishedPage(ctx context.Context, q ListQuery) ([]model.Article, error) {
	q = q.normal()
	list, err := s.publishedPage(ctx, q, loadList)
	if err != nil {
		return nil, fmt.Errorf("store: published articles: %w", err)
	}
	return list, nil
}

func (s *Store) publishedPage(ctx context.Context, q ListQuery, what loads) ([]model.Article, error) {
	if q.ranged() {
		return s.rangePage(ctx, q, what)
	}
	scope, ref, kept := q.scope()
	if !kept {
		var a args
		order := `a.published_at DESC, a.id DESC`
		if q.StickyFirst {
			order = `a.sticky DESC, ` + order
		}
		page := `SELECT ` + articleColumns + ` FROM articles a WHERE ` + q.where(&a) +
			` ORDER BY ` + order + ` LIMIT ` + a.add(q.Limit) + ` OFFSET ` + a.add(q.Offset)
		return s.articles(ctx, page, a, what)
	}
	offset := q.Offset
	var before time.Time // zero: from the newest
	stickyOnly := false  // the front page's sticky posts, then the others
	if q.StickyFirst {
		sticky, err := s.stickyDates(ctx)
		if err != nil {
			return nil, err
		}
		if offset < len(sticky) {
			// A page that starts among the sticky posts: they are few,
			// and the front index holds them first.
			var a args
			page := `SELECT ` + articleColumns + ` FROM articles a WHERE ` + q.where(&a) +
				` ORDER BY a.sticky DESC, a.published_at DESC, a.id DESC LIMIT ` + a.add(q.Limit) + ` OFFSET ` + a.add(offset)
			return s.articles(ctx, page, a, what)
		}
		offset -= len(sticky)
		if before, offset, err = s.seek(ctx, scope, ref, offset, sticky); err != nil {
			return nil, err
		}
		stickyOnly = true
	} else if offset >= seekFrom {
		var err error
		if before, offset, err = s.seek(ctx, scope, ref, offset, nil); err != nil {
			return nil, err
		}
	}
	// The page's ids are read from the list's index alone; only they are
	// then read whole.
	var a args
	var ids string
	switch scope {
	case "all":
		ids = `SELECT a.id, a.published_at AS pub FROM articles a WHERE a.type = 'post' AND a.status = 'published'`
		if stickyOnly {
			ids += ` AND a.sticky = ` + a.add(false)
		}
		if !before.IsZero() {
			ids += ` AND a.published_at < ` + a.add(before)
		}
		ids += ` ORDER BY a.published_at DESC, a.id DESC`
	default:
		table, col := `article_terms`, `term_id`
		if scope == "author" {
			table, col = `article_authors`, `user_id`
		}
		ids = `SELECT l.article_id AS id, l.pub FROM ` + table + ` l WHERE l.` + col + ` = ` + a.add(ref) + ` AND l.pub IS NOT NULL`
		if !before.IsZero() {
			ids += ` AND l.pub < ` + a.add(before)
		}
		ids += ` ORDER BY l.pub DESC, l.article_id DESC`
	}
	page := `SELECT ` + articleColumns + ` FROM (` + ids + ` LIMIT ` + a.add(q.Limit) + ` OFFSET ` + a.add(offset) + `) p
		JOIN articles a ON a.id = p.id ORDER BY p.pub DESC, p.id DESC`
	return s.articles(ctx, page, a, what)
}

// seekFrom is the offset from which a list seeks by its monthly counts:
// skipping fewer index entries costs less than reading the counts.
const seekFrom = 200

// seek finds where the post at offset of a list (scope, ref) stands: it
// returns the start of the month after the one it was published in (zero
// when that is the newest month) and its offset among the posts published
// before that time. skip are the publication times of posts the list
// leaves out though the counts hold them (the front page's sticky posts,
// listed apart). It reads the list's months, newest first: a few hundred
// rows on a site of a million posts.
func (s *Store) seek(ctx context.Context, scope string, ref int64, offset int, skip []time.Time) (time.Time, int, error) {
	const q = `SELECT month, n FROM post_counts WHERE scope = $1 AND ref = $2 AND n > 0 ORDER BY month DESC`
	rows, err := s.read.QueryContext(ctx, q, scope, ref)
	if err != nil {
		return time.Time{}, 0, fmt.Errorf("seek: %w", err)
	}
	defer rows.Close()
	var next time.Time // the start of the month after the current one
	for rows.Next() {
		var month, n int
		if err := rows.Scan(&month, &n); err != nil {
			return time.Time{}, 0, fmt.Errorf("seek: %w", err)
		}
		start := time.Date(month/100, time.Month(month%100), 1, 0, 0, 0, 0, time.UTC)
		for _, t := range skip {
			if !t.Before(start) && (next.IsZero() || t.Before(next)) {
				n--
			}
		}
		if offset < n {
			return next, offset, rows.Err()
		}
		offset -= n
		next = start
	}
	// Past the end: an empty page.
	return next, offset, rows.Err()
}

// stickyDates returns the publication times of the sticky published posts:
// few, read from the front index.
func (s *Store) stickyDates(ctx context.Context) ([]time.Time, error) {
	var a args
	q := `SELECT published_at FROM articles WHERE type = 'post' AND status = 'published' AND sticky = ` + a.add(true)
	rows, err := s.read.QueryContext(ctx, q, a...)
	if err != nil {
		return nil, fmt.Errorf("sticky posts: %w", err)
	}
	defer rows.Close()
	var list []time.Time
	for rows.Next() {
		var t time.Time
		if err := rows.Scan(utc{&t}); err != nil {
			return nil, fmt.Errorf("sticky posts: %w", err)
		}
		list = append(list, t)
	}
	return list, rows.Err()
}

// CountPublished returns how many published articles q selects, whatever
// its Limit and Offset. Posts of the whole site, a term or an author are
// counted from the kept monthly counts (a few hundred rows, whatever the
// archive's size); pages, which are few, and posts of a term and an
// author at once are counted from the articles.
func (s *Store) CountPublished(ctx context.Context, q ListQuery) (int, error) {
	q = q.normal()
	var total int
	var err error
	if q.ranged() {
		total, err = s.countRange(ctx, q.From, q.Until)
	} else if scope, ref, kept := q.scope(); kept {
		const kq = `SELECT COALESCE(SUM(n), 0) FROM post_counts WHERE scope = $1 AND ref = $2`
		err = s.read.QueryRowContext(ctx, kq, scope, ref).Scan(&total)
	} else {
		var a args
		err = s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles a WHERE `+q.where(&a), a...).Scan(&total)
	}
	if err != nil {
		return 0, fmt.Errorf("store: published articles: count: %w", err)
	}
	return total, nil
}

// scope names the kept list q reads ("all", "term" or "author", and the
// term's or user's id), or reports that q has none.
func (q ListQuery) scope() (string, int64, bool) {
	switch {
	case q.Type != model.TypePost || q.TermID != 0 && q.AuthorID != 0 || q.WPTermID != 0:
		return "", 0, false
	case q.TermID != 0:
		return "term", q.TermID, true
	case q.AuthorID != 0:
		return "author", q.AuthorID, true
	}
	return "all", 0, true
}

// normal fills q's defaults.
func (q ListQuery) normal() ListQuery {
	if q.Type == "" {
		q.Type = model.TypePost
	}
	if q.Limit <= 0 {
		q.Limit = defaultLimit
	}
	q.Offset = max(q.Offset, 0)
	return q
}

// where is the condition selecting q's articles, its arguments added to a.
func (q ListQuery) where(a *args) string {
	where := `a.type = ` + a.add(string(q.Type)) + ` AND a.status = 'published'`
	if q.TermID != 0 {
		where += ` AND EXISTS (SELECT 1 FROM article_terms l WHERE l.article_id = a.id AND l.term_id = ` + a.add(q.TermID) + `)`
	}
	if q.AuthorID != 0 {
		// Any byline, not only the primary author.
		where += ` AND EXISTS (SELECT 1 FROM article_authors b WHERE b.article_id = a.id AND b.user_id = ` + a.add(q.AuthorID) + `)`
	}
	if q.WPTermID != 0 {
		// Read from the term's links (their primary key), not by testing
		// every published post.
		where += ` AND a.id IN (SELECT w.article_id FROM wp_term_links w WHERE w.term_id = ` + a.add(q.WPTermID) + `)`
	}
	return where
}

// relatedCandidates bounds how many articles per term RelatedArticles
// scores.
const relatedCandidates = 100

// RelatedArticles returns up to limit other published posts sharing at
// least one category or tag with a, ranked by the terms they share — a
// shared tag weighs three shared categories, as categories are broad and
// tags specific — then by recency. Each has bylines and featured image.
// An article without terms has none related. a's Categories and Tags (as
// PublishedArticle loads them) say which terms count; only the newest
// relatedCandidates articles of each term are considered.
func (s *Store) RelatedArticles(ctx context.Context, a *model.Article, limit int) ([]model.Article, error) {
	if limit <= 0 {
		return []model.Article{}, nil
	}
	// Candidates are, for each of a's terms, the relatedCandidates newest
	// articles carrying it (by id, which grows with time), so a render
	// costs the same on a site of a hundred articles and of a hundred
	// thousand; scoring all articles sharing a broad category would not.
	var qa args
	self := qa.add(a.ID)
	var parts []string
	for _, group := range []struct {
		terms  []model.Term
		weight string
	}{{a.Categories, "1"}, {a.Tags, "3"}} {
		for _, t := range group.terms {
			parts = append(parts, `SELECT * FROM (SELECT article_id AS id, `+group.weight+` AS w FROM article_terms
				WHERE term_id = `+qa.add(t.ID)+` AND article_id <> `+self+`
				ORDER BY article_id DESC LIMIT `+strconv.Itoa(relatedCandidates)+`) AS t`+strconv.Itoa(len(parts)))
		}
	}
	if len(parts) == 0 {
		return []model.Article{}, nil
	}
	// The winners are ranked on ids and dates alone; only they are then
	// read whole (bodies are large).
	q := `SELECT ` + articleColumns + `
		FROM (SELECT c.id, SUM(c.w) AS score, p.published_at
			FROM (` + strings.Join(parts, " UNION ALL ") + `) AS c
			JOIN ` + s.d.articleFilter + ` ON p.id = c.id AND p.type = 'post' AND p.status = 'published'
			GROUP BY c.id, p.published_at
			ORDER BY score DESC, p.published_at DESC, c.id DESC
			LIMIT ` + qa.add(limit) + `) r
		JOIN articles a ON a.id = r.id
		ORDER BY r.score DESC, r.published_at DESC, a.id DESC`
	list, err := s.articles(ctx, q, qa, loadBylines|loadTerms|loadFeatured)
	if err != nil {
		return nil, fmt.Errorf("store: articles related to %d: %w", a.ID, err)
	}
	return list, nil
}

// PublishedPages lists the published pages (ID, Slug, Title, ParentID,
// MenuOrder, with Type and Status) by menu order, then title, for menus.
func (s *Store) PublishedPages(ctx context.Context) ([]model.Article, error) {
	const q = `SELECT id, slug, title, COALESCE(parent_id, 0), menu_order, lang, translation_group FROM articles
		WHERE type = 'page' AND status = 'published'
		ORDER BY menu_order, lower(title), title, id`
	rows, err := s.read.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("store: published pages: %w", err)
	}
	defer rows.Close()
	list := []model.Article{}
	for rows.Next() {
		p := model.Article{Type: model.TypePage, Status: model.StatusPublished}
		if err := rows.Scan(&p.ID, &p.Slug, &p.Title, &p.ParentID, &p.MenuOrder, &p.Lang, &p.TranslationGroup); err != nil {
			return nil, fmt.Errorf("store: published pages: %w", err)
		}
		list = append(list, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: published pages: %w", err)
	}
	// Each page's URL holds its parents' slugs.
	byID := map[int64]*model.Article{}
	for i := range list {
		byID[list[i].ID] = &list[i]
	}
	for i := range list {
		path := ""
		for p, n := byID[list[i].ParentID], 0; p != nil && n < 4; p, n = byID[p.ParentID], n+1 {
			path = p.Slug + "/" + path
		}
		list[i].ParentPath = path
	}
	return list, nil
}

// articles runs q, which selects articleColumns, and fills the asked parts
// of the result.
func (s *Store) articles(ctx context.Context, q string, a args, what loads) ([]model.Article, error) {
	rows, err := s.read.QueryContext(ctx, q, a...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []model.Article{}
	for rows.Next() {
		art, err := scanArticle(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, art)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// The rows are closed before the next queries, so that a small read
	// pool never waits on itself.
	rows.Close()
	if err := s.fill(ctx, list, what); err != nil {
		return nil, err
	}
	return list, nil
}

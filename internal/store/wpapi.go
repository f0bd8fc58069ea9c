package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"warta/internal/model"
)

// APIQuery selects articles for the WordPress REST API's collections.
type APIQuery struct {
	Type     model.ArticleType
	Statuses []model.Status // published only when empty
	// Owner, when set, limits the articles that are not published to
	// those crediting this user (what a writer who may not edit others'
	// work may see of the drafts).
	Owner      int64
	Search     string // every word, in title, excerpt or body (through the search index)
	Slugs      []string
	Categories []int64
	Tags       []int64
	Authors    []int64
	Include    []int64
	Exclude    []int64
	Parents    []int64
	After      time.Time
	Before     time.Time
	Sticky     *bool
	OrderBy    string // date (default), id, title, slug, modified, menu_order, include
	Asc        bool
	Limit      int
	Offset     int
}

// APICountCap bounds how many matching articles APIArticles counts for a
// query that no kept count answers: counting every match of a filter on
// a million articles would cost what a scan does.
const APICountCap = 1000

// APIArticles returns one page of the articles matching q, filled as an
// article page is, and how many match in all.
//
// The plain lists — published posts, newest first, of the whole site or of
// one category or tag — are read as the site's own lists are (kept
// counts, deep pages seek); other filters read the articles they select,
// and their total is exact up to APICountCap matches. Past that it is a
// lower bound that grows with the pages read: at least APICountCap+1, and
// at least one more than this page reaches while more follow, so a client
// paging by X-WP-TotalPages always finds the next page.
func (s *Store) APIArticles(ctx context.Context, q APIQuery) ([]model.Article, int, error) {
	if lq, ok := q.list(); ok {
		total, err := s.CountPublished(ctx, lq)
		if err != nil {
			return nil, 0, err
		}
		list, err := s.publishedPage(ctx, lq.normal(), loadAll)
		if err != nil {
			return nil, 0, fmt.Errorf("store: api articles: %w", err)
		}
		return list, total, nil
	}
	var a args
	where := []string{`a.type = ` + a.add(string(q.Type))}
	statuses := q.Statuses
	if len(statuses) == 0 {
		statuses = []model.Status{model.StatusPublished}
	}
	var ph []string
	for _, st := range statuses {
		ph = append(ph, a.add(string(st)))
	}
	where = append(where, `a.status IN (`+strings.Join(ph, ", ")+`)`)
	if q.Owner != 0 {
		where = append(where, `(a.status = 'published' OR EXISTS (SELECT 1 FROM article_authors o
			WHERE o.article_id = a.id AND o.user_id = `+a.add(q.Owner)+`))`)
	}
	if len(q.Slugs) > 0 {
		var ps []string
		for _, sl := range q.Slugs {
			ps = append(ps, a.add(sl))
		}
		where = append(where, `a.slug IN (`+strings.Join(ps, ", ")+`)`)
	}
	for _, terms := range [][]int64{q.Categories, q.Tags} {
		if len(terms) > 0 {
			where = append(where, `EXISTS (SELECT 1 FROM article_terms l WHERE l.article_id = a.id AND l.term_id IN (`+a.in(terms)+`))`)
		}
	}
	if len(q.Authors) > 0 {
		where = append(where, `EXISTS (SELECT 1 FROM article_authors b WHERE b.article_id = a.id AND b.position = 0 AND b.user_id IN (`+a.in(q.Authors)+`))`)
	}
	if len(q.Include) > 0 {
		where = append(where, `a.id IN (`+a.in(q.Include)+`)`)
	}
	if len(q.Exclude) > 0 {
		where = append(where, `a.id NOT IN (`+a.in(q.Exclude)+`)`)
	}
	if len(q.Parents) > 0 {
		where = append(where, `COALESCE(a.parent_id, 0) IN (`+a.in(q.Parents)+`)`)
	}
	if !q.After.IsZero() {
		where = append(where, `a.published_at > `+a.add(dbTime(q.After)))
	}
	if !q.Before.IsZero() {
		where = append(where, `a.published_at < `+a.add(dbTime(q.Before)))
	}
	if q.Sticky != nil {
		where = append(where, `a.sticky = `+a.add(*q.Sticky))
	}
	w := strings.Join(where, " AND ")
	count := `SELECT COUNT(*) FROM (SELECT 1 FROM articles a WHERE ` + w + ` LIMIT ` + fmt.Sprint(APICountCap+1) + `) n`
	page := func(limit, offset string) string {
		return `SELECT ` + articleColumns + ` FROM articles a WHERE ` + w + ` ORDER BY ` + q.order("a.") +
			` LIMIT ` + limit + ` OFFSET ` + offset
	}
	if q.Search != "" {
		// As WordPress, a match holds every word searched for (here the
		// word itself in any of its forms, found in the search index the
		// site's search reads, where WordPress compares substrings of the
		// text row by row). Only the newest-written APICountCap+1 matches
		// that pass the other filters are candidates, read in the index's
		// own order so that the engine stops there (on PostgreSQL in
		// ranges of ids, newestMatches): a common word costs
		// what a rare one does, and the total is bounded as for the other
		// filters. The candidates carry what orders them, so that only the
		// page's articles are read whole.
		sd := s.d.search
		expr := searchExpr(sd, q.Search, false)
		if expr == "" { // stop words or punctuation only: no word to find
			return []model.Article{}, 0, nil
		}
		cols := `SELECT a.id, a.published_at, a.modified_at, a.slug, a.title, a.menu_order FROM `
		var cand string
		if sd.windowed {
			ids, err := s.newestMatches(ctx, a, w, expr, APICountCap+1)
			if err != nil {
				return nil, 0, fmt.Errorf("store: api articles: search: %w", err)
			}
			a = args{ids}
			cand = cols + `unnest($1::bigint[]) AS u(id) CROSS JOIN LATERAL (SELECT * FROM articles a
				WHERE a.id = u.id LIMIT 1) a` // one probe per id (see Store.search)
			count = `SELECT cardinality($1::bigint[])`
		} else {
			cand = cols + sd.from + ` WHERE ` + strings.ReplaceAll(sd.match, "$Q", a.add(expr)) + ` AND ` + w +
				` ORDER BY ` + sd.newest + ` LIMIT ` + fmt.Sprint(APICountCap+1)
			count = `SELECT COUNT(*) FROM (` + cand + `) c`
		}
		page = func(limit, offset string) string {
			o := q.order("c.")
			return `SELECT ` + articleColumns + ` FROM (SELECT c.* FROM (` + cand + `) c ORDER BY ` + o +
				` LIMIT ` + limit + ` OFFSET ` + offset + `) c JOIN articles a ON a.id = c.id ORDER BY ` + o
		}
	}
	var total int
	if err := s.read.QueryRowContext(ctx, count, a...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: api articles: count: %w", err)
	}
	// One row past the page tells whether another page follows.
	list, err := s.articles(ctx, page(a.add(q.Limit+1), a.add(q.Offset)), a, loadAll)
	if err != nil {
		return nil, 0, fmt.Errorf("store: api articles: %w", err)
	}
	list, total = cappedPage(list, total, q.Limit, q.Offset)
	return list, total, nil
}

// order is the ORDER BY of q's articles, whose columns p prefixes.
func (q APIQuery) order(p string) string {
	dir := " DESC"
	if q.Asc {
		dir = " ASC"
	}
	switch q.OrderBy {
	case "id":
		return p + `id` + dir
	case "title":
		return `lower(` + p + `title)` + dir + `, ` + p + `id` + dir
	case "slug":
		return p + `slug` + dir
	case "modified":
		return p + `modified_at` + dir + `, ` + p + `id` + dir
	case "menu_order":
		return p + `menu_order` + dir + `, ` + p + `id` + dir
	case "include":
		if len(q.Include) > 0 {
			var b strings.Builder
			b.WriteString("CASE " + p + "id")
			for i, id := range q.Include {
				fmt.Fprintf(&b, " WHEN %d THEN %d", id, i)
			}
			b.WriteString(" END")
			return b.String()
		}
	}
	return p + `published_at` + dir + `, ` + p + `id` + dir
}

// list returns the site list q asks for, when it asks for one: published
// posts by date, newest first, of the site or one term, and nothing else.
func (q APIQuery) list() (ListQuery, bool) {
	published := len(q.Statuses) == 0 || len(q.Statuses) == 1 && q.Statuses[0] == model.StatusPublished
	if q.Type != model.TypePost || !published || q.Owner != 0 || q.Search != "" || len(q.Slugs) > 0 ||
		len(q.Authors) > 0 || len(q.Include) > 0 || len(q.Exclude) > 0 || len(q.Parents) > 0 ||
		!q.After.IsZero() || !q.Before.IsZero() || q.Sticky != nil || q.OrderBy != "" && q.OrderBy != "date" ||
		q.Asc || len(q.Categories)+len(q.Tags) > 1 || q.Limit <= 0 {
		return ListQuery{}, false
	}
	lq := ListQuery{Limit: q.Limit, Offset: q.Offset}
	for _, id := range slices.Concat(q.Categories, q.Tags) {
		lq.TermID = id
	}
	return lq, true
}

// PublicComment is an approved comment on a published article that is not
// password protected: what the API may show anyone.
const publicComment = `c.status = 'approved' AND EXISTS (SELECT 1 FROM articles a
	WHERE a.id = c.article_id AND a.status = 'published' AND a.password = '')`

// CommentQuery selects public comments for the API.
type CommentQuery struct {
	// Statuses, when set, selects comments in these statuses on any
	// article, for moderators; empty: public comments only.
	Statuses []model.CommentStatus
	Posts    []int64
	Parents  []int64
	Include  []int64
	Exclude  []int64
	Search   string
	Asc      bool
	Limit    int
	Offset   int
}

// APIComments returns one page of public comments (without emails, IPs or
// user agents) and how many match, exactly up to APICountCap (see
// APIArticles).
func (s *Store) APIComments(ctx context.Context, q CommentQuery) ([]model.Comment, int, error) {
	var a args
	where := []string{publicComment}
	if len(q.Statuses) > 0 {
		var ph []string
		for _, st := range q.Statuses {
			ph = append(ph, a.add(string(st)))
		}
		where = []string{`c.status IN (` + strings.Join(ph, ", ") + `)`}
	}
	if len(q.Posts) > 0 {
		where = append(where, `c.article_id IN (`+a.in(q.Posts)+`)`)
	}
	if len(q.Parents) > 0 {
		where = append(where, `COALESCE(c.parent_id, 0) IN (`+a.in(q.Parents)+`)`)
	}
	if len(q.Include) > 0 {
		where = append(where, `c.id IN (`+a.in(q.Include)+`)`)
	}
	if len(q.Exclude) > 0 {
		where = append(where, `c.id NOT IN (`+a.in(q.Exclude)+`)`)
	}
	if q.Search != "" {
		where = append(where, s.commentSearch(&a, q.Search))
	}
	w := strings.Join(where, " AND ")
	// Counted as APIArticles counts: exactly up to APICountCap, then a
	// lower bound that grows with the pages read. A common word's every
	// match, or every comment of a large site, is not counted at each page.
	var total int
	count := `SELECT COUNT(*) FROM (SELECT 1 FROM comments c WHERE ` + w + ` LIMIT ` + fmt.Sprint(APICountCap+1) + `) n`
	if err := s.read.QueryRowContext(ctx, count, a...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: api comments: %w", err)
	}
	dir := " DESC"
	if q.Asc {
		dir = " ASC"
	}
	qs := `SELECT c.id, c.article_id, COALESCE(c.parent_id, 0), c.author_name, c.author_url, COALESCE(c.user_id, 0),
			c.content, c.status, c.kind, c.created_at
		FROM comments c WHERE ` + w + ` ORDER BY c.created_at` + dir + `, c.id` + dir +
		` LIMIT ` + a.add(q.Limit+1) + ` OFFSET ` + a.add(q.Offset)
	rows, err := s.read.QueryContext(ctx, qs, a...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: api comments: %w", err)
	}
	defer rows.Close()
	list := []model.Comment{}
	for rows.Next() {
		var c model.Comment
		if err := rows.Scan(&c.ID, &c.ArticleID, &c.ParentID, &c.AuthorName, &c.AuthorURL, &c.UserID,
			&c.Content, &c.Status, &c.Kind, utc{&c.CreatedAt}); err != nil {
			return nil, 0, fmt.Errorf("store: api comments: %w", err)
		}
		list = append(list, c)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("store: api comments: %w", err)
	}
	// One row past the page tells whether another page follows.
	list, total = cappedPage(list, total, q.Limit, q.Offset)
	return list, total, nil
}

// commentSearch is the condition of the comments whose text holds search,
// ignoring case, as WordPress's ?search= finds them: a substring, with no
// wildcard of its own. A trigram index answers it (migration 0055): on
// PostgreSQL ILIKE, on SQLite the search as one FTS5 phrase, which matches
// where its characters stand in that order. FTS5 indexes no shorter
// search, which reads the comments.
func (s *Store) commentSearch(a *args, search string) string {
	if s.d.engine == "sqlite" && utf8.RuneCountInString(search) >= 3 {
		return `c.id IN (SELECT rowid FROM comment_search WHERE comment_search MATCH ` +
			a.add(`"`+strings.ReplaceAll(search, `"`, `""`)+`"`) + `)`
	}
	pattern := "%" + escapeLike(search) + "%"
	if s.d.engine == "sqlite" {
		return `lower(c.content) LIKE ` + a.add(strings.ToLower(pattern)) + ` ESCAPE '\'`
	}
	return `c.content ILIKE ` + a.add(pattern) + ` ESCAPE '\'`
}

// PublishedAuthorIDs returns the users who are the primary author of at
// least one published article: the users the API lists to anyone, as
// WordPress does.
func (s *Store) PublishedAuthorIDs(ctx context.Context) (map[int64]bool, error) {
	ids, err := s.ids(ctx, `SELECT DISTINCT b.user_id FROM article_authors b JOIN articles a ON a.id = b.article_id
		WHERE a.status = 'published'`)
	if err != nil {
		return nil, fmt.Errorf("store: published authors: %w", err)
	}
	out := map[int64]bool{}
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

// cappedPage cuts list, read with one row past a page of limit rows at
// offset, to the page, and sets total, counted only up to APICountCap, to
// at least what the page shows has been reached (with one more when
// another page follows), so a client keeps paging past the cap.
func cappedPage[T any](list []T, total, limit, offset int) ([]T, int) {
	more := len(list) > limit
	if more {
		list = list[:limit]
	}
	if total > APICountCap {
		reached := offset + len(list)
		if more {
			reached++
		}
		total = max(total, reached)
	}
	return list, total
}

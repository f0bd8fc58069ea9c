package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"warta/internal/analyze"
	"warta/internal/model"
	"warta/internal/sanitize"
)

// The search index holds, for every article, what internal/analyze makes of
// its title and of its excerpt and body in the article's own language. Both
// engines index those same words (FTS5 on SQLite, a 'simple' tsvector on
// PostgreSQL; see migrations 0004_search), and both are asked the same
// analyzed query, so they find the same articles.

// searchDialect holds the search SQL that differs between the engines.
type searchDialect struct {
	// from joins the index to the articles table aliased a.
	from string
	// match is the WHERE condition; $Q stands for the query's placeholder.
	match string
	// score ranks a match, lower first ($Q as in match); it weighs the
	// title above the body.
	score string
	// indexed selects the index row of the article a.id.
	indexed string
	// newest orders matches newest-written first (by article id) along
	// the index itself, so a search can stop after the first ones; not
	// used when windowed.
	newest string
	// windowed: the candidates are found by newestMatches, in ranges of
	// ids, rather than in the order of newest.
	windowed bool
	// day is the article's publication time in days since 1970-01-01 UTC,
	// for the ranking's recency.
	day string
	// index writes the index row of an article: $1 id, $2 title, $3 body.
	// unindex, when not empty, runs first. indexInto and indexTail are
	// index around its VALUES, for a multi-row INSERT of new articles.
	unindex, index       string
	indexInto, indexTail string
	// term, phrase, and and or build the engine's query syntax from
	// analyzed words, which hold only letters and digits, so quoting them
	// is enough to keep every word a word.
	term   func(word string) string
	phrase func(words []string) string
	and    string
	or     string
}

var (
	sqliteSearch = searchDialect{
		// CROSS JOIN keeps the full-text index as the outer loop, which
		// bm25() needs and which is the fast plan. Each match needs only
		// the article's status, type and date, which the narrow
		// articles_search_filter index holds: read from the table, a
		// match costs a page of article bodies (on a site of 100,000
		// articles, 15-25% less CPU per search of a common word).
		from:  `article_search CROSS JOIN articles a INDEXED BY articles_search_filter ON a.id = article_search.rowid`,
		match: `article_search MATCH $Q`,
		score: `bm25(article_search, 4.0, 1.0)`,
		// published_at is stored as "2006-01-02 15:04:05.999999+00:00",
		// which julianday reads; 2440587.5 is the Julian day of the epoch.
		day:     `(julianday(a.published_at) - 2440587.5)`,
		indexed: `SELECT 1 FROM article_search WHERE rowid = a.id`,
		// FTS5 walks its doclists backwards for this order and stops at
		// the LIMIT.
		newest:    `article_search.rowid DESC`,
		unindex:   `DELETE FROM article_search WHERE rowid = $1`,
		index:     `INSERT INTO article_search (rowid, title, body) VALUES ($1, $2, $3)`,
		indexInto: `INSERT INTO article_search (rowid, title, body)`,
		term:      func(w string) string { return `"` + w + `"` },
		phrase:    func(w []string) string { return `"` + strings.Join(w, " ") + `"` },
		and:       " AND ",
		or:        " OR ",
	}
	postgresSearch = searchDialect{
		from: `article_search s JOIN articles a ON a.id = s.article_id`,
		// The query is parsed once, in a subquery: as an argument of the
		// condition it would be parsed again for every row tested.
		match: `s.doc @@ (SELECT to_tsquery('simple', $Q))`,
		// Weights {D, C, B, A}: the title is A, the body B. Normalization 1
		// divides by 1 + log(length), as bm25 favours short documents.
		score:    `-ts_rank('{0.1, 0.2, 0.4, 1.0}', s.doc, (SELECT to_tsquery('simple', $Q)), 1)`,
		windowed: true,
		day:      `(EXTRACT(EPOCH FROM a.published_at) / 86400.0)`,
		indexed:  `SELECT 1 FROM article_search WHERE article_id = a.id`,
		index: `INSERT INTO article_search (article_id, title, body) VALUES ($1, $2, $3)
			ON CONFLICT (article_id) DO UPDATE SET title = excluded.title, body = excluded.body`,
		indexInto: `INSERT INTO article_search (article_id, title, body)`,
		indexTail: `ON CONFLICT (article_id) DO UPDATE SET title = excluded.title, body = excluded.body`,
		term:      func(w string) string { return `'` + w + `'` },
		phrase: func(w []string) string {
			q := make([]string, len(w))
			for i, x := range w {
				q[i] = `'` + x + `'`
			}
			return "(" + strings.Join(q, " <-> ") + ")"
		},
		and: " & ",
		or:  " | ",
	}
)

// searchLangs are the analyzers a query is read with: a reader may search
// the Indonesian and the English articles of a site with the same words.
var searchLangs = []string{"id", "en"}

// SearchCandidates is how many matches a search ranks: the newest-written
// ones, found in the order of the index, so that a word found in most of a
// million articles costs what one found in a thousand does (ranking every
// match of a common word took 8-13 s there). A query with fewer matches is
// ranked whole, exactly; one with more reports SearchResult.More and pages
// through these best of the newest. News readers look for recent stories,
// which the ranking already favours, and add a word to find older ones.
const SearchCandidates = 1000

// recencyDays is how old a match is when its score has halved: the ranking
// favours recent news without burying an exact older story.
const recencyDays = 180

// indexArticle writes the search index row of the article id inside tx.
// Every store write that changes an article's title, excerpt, body,
// password or language must call it in the same transaction (InsertArticle
// does; an UpdateArticle must). A change of status or publication time
// alone needs none: Search reads those from the articles table.
func (s *Store) indexArticle(ctx context.Context, tx execer, id int64, a *model.Article) error {
	title, body := searchText(a)
	sd := s.d.search
	if sd.unindex != "" {
		if _, err := tx.ExecContext(ctx, sd.unindex, id); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, sd.index, id, title, body); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	return nil
}

// searchText is what the search index holds of a: its title's and its
// text's analyzed words.
func searchText(a *model.Article) (title, body string) {
	title = strings.Join(analyze.Tokens(a.Lang, a.Title), " ")
	// A password-protected article is found by its title only: finding
	// it by a word of its text would tell that word to anyone.
	if a.Password == "" {
		body = strings.Join(analyze.Tokens(a.Lang, a.Excerpt+"\n"+sanitize.Text(string(a.BodyHTML))), " ")
	}
	return title, body
}

// epochDay is the number of days from 1970-01-01 UTC to t.
func epochDay(t time.Time) float64 { return float64(t.Unix()) / 86400 }

// searchCheckedKey is the settings row holding the highest article id
// IndexMissing has checked: every article up to it has its index row, as
// every later one does, written in the transaction of the article.
const searchCheckedKey = "search_checked_through"

// IndexMissing adds to the search index every article that has no row in
// it (articles written before the index existed, or by a tool that wrote
// the table directly) and that a previous run has not checked, and returns
// how many it indexed. Serve runs it at every start: the first run reads
// every article, later ones only those written since (a million-article
// site was read whole at each start before).
func (s *Store) IndexMissing(ctx context.Context) (int, error) {
	// In batches by id, so a large archive is never held in memory at once.
	q := `SELECT ` + articleColumns + ` FROM articles a WHERE a.id > $1 AND NOT EXISTS (` + s.d.search.indexed + `)
		ORDER BY a.id LIMIT 200`
	n := 0
	v, err := s.settingValue(ctx, s.write, searchCheckedKey)
	if err != nil {
		return 0, fmt.Errorf("store: index missing: %w", err)
	}
	last, _ := strconv.ParseInt(v, 10, 64)
	// What is written from now on is indexed by its own transaction: the
	// newest id now is how far this run checks.
	var through int64
	if err := s.read.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM articles`).Scan(&through); err != nil {
		return 0, fmt.Errorf("store: index missing: %w", err)
	}
	if through <= last {
		return 0, nil
	}
	for {
		list, err := s.articles(ctx, q, args{last}, 0)
		if err != nil {
			return n, fmt.Errorf("store: index missing: %w", err)
		}
		if len(list) == 0 {
			_, err := s.write.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`, searchCheckedKey, strconv.FormatInt(through, 10))
			if err != nil {
				return n, fmt.Errorf("store: index missing: %w", err)
			}
			return n, nil
		}
		err = s.inTx(ctx, func(tx *sql.Tx) error {
			for i := range list {
				if err := s.indexArticle(ctx, tx, list[i].ID, &list[i]); err != nil {
					return fmt.Errorf("article %d: %w", list[i].ID, err)
				}
			}
			return nil
		})
		if err != nil {
			return n, fmt.Errorf("store: index missing: %w", err)
		}
		n += len(list)
		last = list[len(list)-1].ID
	}
}

// SearchQuery is what a reader asked the search for.
type SearchQuery struct {
	Text   string // what the reader typed: words and "quoted phrases"
	TermID int64  // only articles carrying this category or tag; 0: any
	Limit  int    // 10 when 0 or less
	Offset int
	Now    time.Time // the moment recency is measured from; time.Now() when zero
}

// SearchResult is one page of search results.
type SearchResult struct {
	Articles []model.Article // best first, with categories and tags (no bylines, images or comment counts)
	// Total is how many articles every page holds: all the matches, or
	// the SearchCandidates newest of them when More.
	Total int
	// More reports that more articles match than the search ranks: Total
	// is a lower bound of the matches.
	More bool
	// Partial reports that no article held every word and phrase, so the
	// results hold at least one of them.
	Partial bool
}

// Search finds published posts and pages matching q.Text, read as
// Indonesian and as English: an article matches when it holds every word
// (stemmed in its language) and every quoted phrase. When none does, it
// falls back to articles holding any of them (Result.Partial). Results are
// ranked by text relevance — a match in the title weighs more than one in
// the body — divided by 1 + age/180 days, so recent news comes first among
// similar matches. Only the newest-written SearchCandidates matches are
// ranked (Result.More tells there were more). A query of stop words only,
// or of nothing, finds nothing.
func (s *Store) Search(ctx context.Context, q SearchQuery) (SearchResult, error) {
	if q.Limit <= 0 {
		q.Limit = defaultLimit
	}
	q.Offset = max(q.Offset, 0)
	if q.Now.IsZero() {
		q.Now = time.Now()
	}
	sd := s.d.search
	all := searchExpr(sd, q.Text, false)
	if all == "" {
		return SearchResult{Articles: []model.Article{}}, nil
	}
	if err := s.searches.acquire(ctx); err != nil {
		return SearchResult{}, fmt.Errorf("store: search %q: %w", q.Text, err)
	}
	defer s.searches.release()
	res, err := s.search(ctx, sd, q, all)
	if err != nil || res.Total > 0 {
		return res, err
	}
	anyExpr := searchExpr(sd, q.Text, true)
	if anyExpr == all {
		return res, nil
	}
	res, err = s.search(ctx, sd, q, anyExpr)
	res.Partial = res.Total > 0
	return res, err
}

func (s *Store) search(ctx context.Context, sd searchDialect, q SearchQuery, expr string) (SearchResult, error) {
	filter := func(a *args) string {
		f := `a.status = 'published' AND a.type IN ('post', 'page')`
		if q.TermID != 0 {
			f += ` AND EXISTS (SELECT 1 FROM article_terms l WHERE l.article_id = a.id AND l.term_id = ` + a.add(q.TermID) + `)`
		}
		return f
	}
	res := SearchResult{Articles: []model.Article{}}
	// The candidates: the newest-written matches, one more than are ranked
	// to tell whether there are more, each with its score.
	var a args
	var cand string
	if sd.windowed {
		// PostgreSQL finds them in ranges of ids (newestMatches), then
		// reads each one's rows by primary key, one probe each: joined to
		// the list, the planner may read a small archive whole; the LIMIT
		// keeps the subquery a subquery.
		var base args
		ids, err := s.newestMatches(ctx, base, filter(&base), expr, SearchCandidates+1)
		if err != nil {
			return res, fmt.Errorf("store: search %q: %w", q.Text, err)
		}
		if len(ids) == 0 {
			return res, nil
		}
		list := a.add(ids)
		cand = `SELECT r.* FROM unnest(` + list + `::bigint[]) AS u(id) CROSS JOIN LATERAL (SELECT a.id AS id, a.published_at AS pub, ` +
			searchScore(sd, &a, expr, q.Now) + ` AS rank FROM ` + sd.from + ` WHERE s.article_id = u.id LIMIT 1) r`
	} else {
		// SQLite finds them in the index's own order, so that the engine
		// stops reading there.
		score := searchScore(sd, &a, expr, q.Now)
		cand = `SELECT a.id AS id, a.published_at AS pub, ` + score + ` AS rank FROM ` + sd.from + ` WHERE ` +
			strings.ReplaceAll(sd.match, "$Q", a.add(expr)) + ` AND ` + filter(&a) +
			` ORDER BY ` + sd.newest + ` LIMIT ` + a.add(SearchCandidates+1)
	}
	limit := min(q.Limit, SearchCandidates-q.Offset)
	if limit <= 0 { // past the ranked matches: nothing to show, only to count
		limit = 0
	}
	// One pass over the candidates ranks them and counts them (the window
	// is computed before LIMIT), and only the page's articles are read
	// whole. The score is computed in a subquery: SQLite refuses bm25() in
	// the ORDER BY of a query with a window function.
	page := `SELECT ` + articleColumns + `, m.total FROM (SELECT id, pub, rank, COUNT(*) OVER () AS total FROM (` + cand + `) r
		ORDER BY rank, pub DESC, id DESC LIMIT ` + a.add(limit) + ` OFFSET ` + a.add(q.Offset) + `) m
		JOIN articles a ON a.id = m.id
		ORDER BY m.rank, m.pub DESC, m.id DESC`
	rows, err := s.read.QueryContext(ctx, page, a...)
	if err != nil {
		return res, fmt.Errorf("store: search %q: %w", q.Text, err)
	}
	defer rows.Close()
	for rows.Next() {
		art, err := scanArticle(withTotal{rows, &res.Total})
		if err != nil {
			return res, fmt.Errorf("store: search %q: %w", q.Text, err)
		}
		res.Articles = append(res.Articles, art)
	}
	if err := rows.Err(); err != nil {
		return res, fmt.Errorf("store: search %q: %w", q.Text, err)
	}
	rows.Close()
	if len(res.Articles) == 0 && q.Offset > 0 {
		// Past the last page the window counted nothing: count apart.
		count := `SELECT COUNT(*) FROM (` + cand + `) c`
		if err := s.read.QueryRowContext(ctx, count, a[:len(a)-2]...).Scan(&res.Total); err != nil {
			return res, fmt.Errorf("store: search %q: count: %w", q.Text, err)
		}
	}
	if res.Total > SearchCandidates {
		res.Total, res.More = SearchCandidates, true
	}
	if len(res.Articles) == 0 {
		return res, nil
	}
	// A result shows its section and language, not images or comment
	// counts: the terms are loaded, and the bylines, which its URL may name.
	if err := s.fill(ctx, res.Articles, loadTerms|loadBylines); err != nil {
		return res, fmt.Errorf("store: search %q: %w", q.Text, err)
	}
	return res, nil
}

// searchScore is the score of a match of expr, lower first, with its
// recency measured from now; its arguments go to a.
func searchScore(sd searchDialect, a *args, expr string, now time.Time) string {
	q, day := a.add(expr), a.add(epochDay(now))
	age := `(CASE WHEN ` + day + ` > ` + sd.day + ` THEN ` + day + ` - ` + sd.day + ` ELSE 0 END)`
	return strings.ReplaceAll(sd.score, "$Q", q) + ` / (1.0 + ` + age + ` / ` + fmt.Sprintf("%d.0", recencyDays) + `)`
}

// withTotal scans a row of articleColumns followed by a total.
type withTotal struct {
	rows  *sql.Rows
	total *int
}

func (w withTotal) Scan(dest ...any) error { return w.rows.Scan(append(dest, w.total)...) }

// searchExpr turns what the reader typed into the engine's query: for each
// language, every word and phrase (any of them when anyWord); the languages'
// readings joined by OR. It returns "" when no language finds a word in it.
func searchExpr(sd searchDialect, text string, anyWord bool) string {
	var groups []string
	for _, lang := range searchLangs {
		pq := analyze.ParseQuery(lang, text)
		var parts []string
		for _, t := range pq.Terms {
			parts = append(parts, sd.term(t))
		}
		for _, p := range pq.Phrases {
			parts = append(parts, sd.phrase(p))
		}
		if len(parts) == 0 {
			continue
		}
		join := sd.and
		if anyWord {
			join = sd.or
		}
		g := "(" + strings.Join(parts, join) + ")"
		if !containsStr(groups, g) {
			groups = append(groups, g)
		}
	}
	return strings.Join(groups, sd.or)
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

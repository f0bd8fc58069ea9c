package store_test

import (
	"encoding/json"
	"fmt"
	"html/template"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"modernc.org/sqlite"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
)

// planPosts is how many posts the query-plan tests seed on each engine:
// enough that a scan of the archive costs the planner more than the right
// index, so it chooses honestly, and that a scan reads many times what a
// seek does. PostgreSQL's rows read tell that apart on fewer posts than
// SQLite's pages read do, and it writes them more slowly; below about
// 8,000 posts its planner rightly reads every match of a word it takes
// for rare rather than intersect them with a range of ids (a search's
// candidates, newestMatches).
var planPosts = map[string]int{"sqlite": 12000, "postgres": 8000}

// bigTables are the tables whose size grows with the archive.
var bigTables = []string{"articles", "article_terms", "article_authors", "comments", "revisions", "article_search", "embeds"}

// TestQueryPlans asks each engine's planner how it runs every query of
// the lists, counts, sitemaps and searches a reader or a crawler can ask
// for, on a seeded and analyzed store, and fails when one would read the
// archive instead of a bounded range of an index: on SQLite a SCAN of a
// table that grows with the archive, or a sort of rows that are not a
// bounded subquery's; on PostgreSQL (EXPLAIN ANALYZE) more rows of such
// a table read than a page and the month it seeks in hold.
func TestQueryPlans(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			n := planPosts[eng.Name]
			seed := seedPlans(t, st, n)
			ctx := t.Context()
			cases := []struct {
				name string
				run  func() error
				// firstOnly: only the first query is the case's own; the
				// others load the parts of the articles it found by id.
				firstOnly bool
				// beforeParts: the case's own queries are those before
				// the first that loads the parts of the articles found.
				beforeParts bool
				// rows: how many more rows than a page's the first query
				// may read by design (on SQLite, a page per ten of them).
				rows int
				// pages: on SQLite, the pages it may read beyond a page's
				// (rows/10 when 0).
				pages int
				// covered: on SQLite the first query reads the articles
				// only through a covering index, never their rows.
				covered bool
			}{
				{name: "front page", run: func() error {
					_, _, err := st.PublishedArticles(ctx, store.ListQuery{StickyFirst: true})
					return err
				}},
				{name: "front page, deep", run: func() error {
					_, err := st.PublishedPage(ctx, store.ListQuery{StickyFirst: true, Offset: n*9/10 - 300})
					return err
				}},
				{name: "feed", run: func() error { _, err := st.PublishedPage(ctx, store.ListQuery{Limit: 20}); return err }},
				{name: "category archive", run: func() error {
					_, _, err := st.PublishedArticles(ctx, store.ListQuery{TermID: seed.category})
					return err
				}},
				{name: "category archive, deep", run: func() error {
					_, err := st.PublishedPage(ctx, store.ListQuery{TermID: seed.category, Offset: n*3/10 - 100})
					return err
				}},
				{name: "tag archive, deep", run: func() error {
					_, err := st.PublishedPage(ctx, store.ListQuery{TermID: seed.tag, Offset: 300})
					return err
				}},
				{name: "author archive, deep", run: func() error {
					_, _, err := st.PublishedArticles(ctx, store.ListQuery{AuthorID: seed.author, Offset: n*9/20 - 50})
					return err
				}},
				{name: "year archive, deep", run: func() error {
					// The year before the newest post's, whole on both engines.
					y := time.Date(seed.newest.Year()-1, 1, 1, 0, 0, 0, 0, time.UTC)
					_, _, err := st.PublishedArticles(ctx, store.ListQuery{Type: model.TypePost, From: y, Until: y.AddDate(1, 0, 0), Offset: 1000})
					return err
				}},
				{name: "day archive", run: func() error {
					d := time.Date(seed.newest.Year()-1, 3, 5, 0, 0, 0, 0, time.UTC)
					_, _, err := st.PublishedArticles(ctx, store.ListQuery{Type: model.TypePost, From: d, Until: d.AddDate(0, 0, 1)})
					return err
				}},
				{name: "REST posts, deep", run: func() error {
					_, _, err := st.APIArticles(ctx, store.APIQuery{Type: model.TypePost, Limit: 10, Offset: n * 8 / 10})
					return err
				}},
				{name: "REST posts of a category, deep", run: func() error {
					_, _, err := st.APIArticles(ctx, store.APIQuery{Type: model.TypePost, Categories: []int64{seed.category}, Limit: 10, Offset: n / 4})
					return err
				}},
				{name: "REST posts of an author, counted", run: func() error {
					// No kept count answers this filter: the count stops
					// past APICountCap, and the total still offers a next page.
					list, total, err := st.APIArticles(ctx, store.APIQuery{Type: model.TypePost, Authors: []int64{seed.author}, Limit: 10})
					if err == nil && (len(list) != 10 || total != store.APICountCap+1) {
						err = fmt.Errorf("%d posts of %d, want 10 of %d", len(list), total, store.APICountCap+1)
					}
					return err
				},
					// The count reads the posts until it has APICountCap+1 of
					// the author's, one in two here, and their bylines.
					rows: 3 * (store.APICountCap + 1), pages: 4 * (store.APICountCap + 1)},
				{name: "category with its count", run: func() error {
					if _, err := st.TermBySlug(ctx, model.TaxonomyCategory, "politik"); err != nil {
						return err
					}
					_, err := st.TermsWithPosts(ctx, model.TaxonomyCategory)
					return err
				}},
				{name: "sitemap index", run: func() error {
					if _, err := st.SitemapPages(ctx); err != nil {
						return err
					}
					for _, kind := range []string{model.TaxonomyCategory, model.TaxonomyTag, "author"} {
						if _, err := st.SitemapArchives(ctx, kind); err != nil {
							return err
						}
					}
					return nil
				}},
				{name: "sitemap page", run: func() error { _, err := st.SitemapPageArticles(ctx, model.TypePost, 2); return err },
					// A sitemap page's articles are a third of this
					// store: their parts are rightly read whole here.
					firstOnly: true, covered: true, rows: store.SitemapBucket},
				{name: "search, common word", run: func() error {
					// Every seeded post holds the word, in title and body: a
					// search that ranked every match would read them all.
					res, err := st.Search(ctx, store.SearchQuery{Text: "pemerintah", Now: seed.newest})
					if err == nil && (!res.More || len(res.Articles) != 10 || res.Total != store.SearchCandidates) {
						err = fmt.Errorf("found %d articles of %d, more: %v; want 10 of %d and more",
							len(res.Articles), res.Total, res.More, store.SearchCandidates)
					}
					if err != nil {
						return err
					}
					// The last page holds the rest of those ranked; past
					// it, nothing, with the same count.
					for _, p := range []struct{ offset, want int }{{store.SearchCandidates - 4, 4}, {store.SearchCandidates, 0}} {
						res, err := st.Search(ctx, store.SearchQuery{Text: "pemerintah", Now: seed.newest, Offset: p.offset})
						if err == nil && (len(res.Articles) != p.want || res.Total != store.SearchCandidates || !res.More) {
							err = fmt.Errorf("from %d: %d articles of %d, more: %v; want %d of %d and more",
								p.offset, len(res.Articles), res.Total, res.More, p.want, store.SearchCandidates)
						}
						if err != nil {
							return err
						}
					}
					return nil
				}, beforeParts: true,
					// The candidates, each read in the search index and
					// in the articles' narrow index: on SQLite a few seeks
					// of a few pages each (ranking all 10,800 matches reads
					// ten times as many).
					rows: 2 * (store.SearchCandidates + 1), pages: 5 * (store.SearchCandidates + 1)},
				{name: "search, word in a sixth of the posts", run: func() error {
					// Neither common enough that the newest posts soon hold
					// enough matches, nor rare enough to read them all.
					res, err := st.Search(ctx, store.SearchQuery{Text: "banjir", Now: seed.newest})
					if err == nil && (!res.More || len(res.Articles) != 10 || res.Total != store.SearchCandidates) {
						err = fmt.Errorf("found %d articles of %d, more: %v; want 10 of %d and more",
							len(res.Articles), res.Total, res.More, store.SearchCandidates)
					}
					return err
				}, beforeParts: true,
					// The candidates and their articles, and a range's
					// matches past them, never the thousands of rows
					// before the newest thousand matches.
					rows: 3 * (store.SearchCandidates + 1), pages: 5 * (store.SearchCandidates + 1)},
				{name: "search, rare word", run: func() error {
					// One seeded post holds this number: the engine must
					// find it through the index, not by walking the newest.
					res, err := st.Search(ctx, store.SearchQuery{Text: "1234", Now: seed.newest})
					if err == nil && (res.Total != 1 || res.More) {
						err = fmt.Errorf("found %d articles, more: %v; want 1", res.Total, res.More)
					}
					return err
				}, beforeParts: true,
					// FTS5 also reads its structure record and the
					// index's averages, whatever the number of matches;
					// walking the newest posts instead reads thousands.
					pages: 40},
				{name: "REST search, common word", run: func() error {
					// Every published post holds the word: the REST list reads
					// the newest APICountCap+1 of them through the search
					// index, never the archive's text.
					list, total, err := st.APIArticles(ctx, store.APIQuery{Type: model.TypePost, Search: "Pemerintah", Limit: 10, Offset: 20})
					if err == nil && (len(list) != 10 || total != store.APICountCap+1) {
						err = fmt.Errorf("%d posts of %d, want 10 of %d", len(list), total, store.APICountCap+1)
					}
					return err
				}, rows: 3 * (store.APICountCap + 1), pages: 5 * (store.APICountCap + 1)},
				{name: "REST search, rare word, deep filter", run: func() error {
					list, total, err := st.APIArticles(ctx, store.APIQuery{Type: model.TypePost, Search: "1233",
						Categories: []int64{seed.category}, Limit: 10})
					if err == nil && total != 1 {
						err = fmt.Errorf("%d posts of %d, want 1", len(list), total)
					}
					return err
				}, firstOnly: true, pages: 40},
				{name: "news sitemap", run: func() error { _, err := st.NewsArticles(ctx, seed.newest.Add(-48*time.Hour), 1000); return err }},
			}
			for _, c := range cases {
				var queries []tracedQuery
				store.TraceReads(st, func(q string, args []any) { queries = append(queries, tracedQuery{q, slices.Clone(args)}) })
				err := c.run()
				store.TraceReads(st, nil)
				if err != nil {
					t.Fatalf("%s: %v", c.name, err)
				}
				if len(queries) == 0 {
					t.Fatalf("%s: no query traced", c.name)
				}
				bound := pgReadBound + c.rows
				if c.firstOnly {
					queries = queries[:1]
				}
				if c.beforeParts {
					own := 1
					for own < len(queries) && !partsQuery.MatchString(queries[own].q) {
						own++
					}
					queries = queries[:own]
				}
				if c.covered && eng.Name == "sqlite" {
					checkSQLiteCovered(t, st, c.name, queries[0])
				}
				for _, q := range queries {
					if eng.Name == "sqlite" {
						extra := c.pages
						if extra == 0 {
							extra = c.rows / 10
						}
						checkSQLitePlan(t, st, c.name, q, extra)
					} else {
						checkPostgresPlan(t, st, c.name, q, bound)
					}
				}
			}
		})
	}
}

type tracedQuery struct {
	q    string
	args []any
}

type planSeed struct {
	category, tag, author int64
	newest                time.Time
}

// seedPlans writes n posts over about thirty months (a hundred a
// month), in three categories, with a tag on one in four and two
// authors, and a few comments; then analyzes the store as a bulk write
// does.
func seedPlans(t *testing.T, st *store.Store, n int) planSeed {
	t.Helper()
	ctx := t.Context()
	cats := []*model.Term{storetest.Term(t, st, model.TaxonomyCategory, "Politik"),
		storetest.Term(t, st, model.TaxonomyCategory, "Ekonomi"), storetest.Term(t, st, model.TaxonomyCategory, "Olahraga")}
	tag := storetest.Term(t, st, model.TaxonomyTag, "Pemilu")
	users := []*model.User{storetest.User(t, st, "Budi Santoso"), storetest.User(t, st, "Sari Dewi")}
	newest := time.Date(2026, 4, 26, 9, 0, 0, 0, time.UTC)
	var list []*model.Article
	for i := range n {
		a := &model.Article{
			Type: model.TypePost, Slug: fmt.Sprintf("kabar-%d", i), Title: fmt.Sprintf("Kabar pemerintah daerah %d", i),
			BodyHTML: template.HTML(fmt.Sprintf("<p>Pemerintah daerah mengumumkan anggaran ke-%d untuk sekolah dan rumah sakit.</p>", i)),
			Status:   model.StatusPublished, Lang: "id",
			PublishedAt: newest.Add(-time.Duration(i) * 7 * time.Hour),
			Categories:  []model.Term{*cats[i%3]},
			Bylines:     []model.Byline{{User: *users[i%2]}},
			Sticky:      i == 7,
		}
		if i%4 == 0 {
			a.Tags = []model.Term{*tag}
		}
		if i%6 == 1 {
			a.Title += " setelah banjir"
		}
		if i%10 == 9 {
			a.Status = model.StatusDraft
		}
		list = append(list, a)
	}
	for batch := range slices.Chunk(list, 500) {
		if err := st.InsertArticles(ctx, batch); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 5 {
		storetest.Comment(t, st, list[i].ID, nil)
	}
	if err := st.Optimize(ctx); err != nil {
		t.Fatal(err)
	}
	return planSeed{category: cats[0].ID, tag: tag.ID, author: users[0].ID, newest: newest}
}

var (
	partsQuery   = regexp.MustCompile(`^SELECT \d AS part`)
	sqliteScan   = regexp.MustCompile(`^SCAN (\w+)`)
	sqliteSubq   = regexp.MustCompile(`^(?:MATERIALIZE|CO-ROUTINE) (\w+)`)
	sqliteSearch = regexp.MustCompile(`^SEARCH (\w+)`)
)

// checkSQLitePlan fails when SQLite's plan for q scans a table that grows
// with the archive (whole or through an index), or sorts rows that do not
// all come from a bounded subquery.
func checkSQLitePlan(t *testing.T, st *store.Store, name string, q tracedQuery, extra int) {
	t.Helper()
	rows, err := store.WriteDB(st).QueryContext(t.Context(), "EXPLAIN QUERY PLAN "+q.q, q.args...)
	if err != nil {
		t.Fatalf("%s: explain: %v\n%s", name, err, q.q)
	}
	defer rows.Close()
	var lines []string
	subqueries := map[string]bool{}
	aliases := tableAliases(q.q)
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, detail)
		if m := sqliteSubq.FindStringSubmatch(detail); m != nil {
			subqueries[m[1]] = true
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	plan := strings.Join(lines, "\n")
	// The parts of a page's articles are read by their ids, a few
	// pages of each part's index for each.
	bound := sqlitePageBound + extra
	if strings.HasPrefix(q.q, "SELECT 1 AS part") {
		bound = 5 * len(q.args)
	}
	if pages := sqlitePages(t, st, q); pages > bound {
		t.Errorf("%s: SQLite reads %d pages, more than %d:\n%s\n%s", name, pages, bound, plan, short(q.q))
	}
	for _, l := range lines {
		// A full-text MATCH shows as a SCAN of the virtual table with the
		// match as its index; how much of it is read, the pages tell.
		ftsMatch := strings.Contains(l, "VIRTUAL TABLE INDEX") && strings.Contains(l, ":M")
		if m := sqliteScan.FindStringSubmatch(l); m != nil && !subqueries[m[1]] && aliases[m[1]] && !ftsMatch {
			t.Errorf("%s: SQLite scans %s, which grows with the archive:\n%s\n%s", name, m[1], plan, short(q.q))
		}
		if strings.Contains(l, "TEMP B-TREE FOR ORDER BY") && len(subqueries) == 0 {
			for _, l2 := range lines {
				if m := sqliteSearch.FindStringSubmatch(l2); m != nil && aliases[m[1]] {
					t.Errorf("%s: SQLite sorts rows of %s, which grow with the archive:\n%s\n%s", name, m[1], plan, short(q.q))
					break
				}
			}
		}
	}
}

// checkSQLiteCovered fails when SQLite's plan for q reads a row of the
// articles table rather than answering from a covering index.
func checkSQLiteCovered(t *testing.T, st *store.Store, name string, q tracedQuery) {
	t.Helper()
	rows, err := store.WriteDB(st).QueryContext(t.Context(), "EXPLAIN QUERY PLAN "+q.q, q.args...)
	if err != nil {
		t.Fatalf("%s: explain: %v\n%s", name, err, q.q)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(lines) == 0 || !strings.Contains(lines[0], "USING COVERING INDEX") {
		t.Errorf("%s: SQLite reads the articles' rows, not a covering index:\n%s\n%s", name, strings.Join(lines, "\n"), short(q.q))
	}
}

// sqlitePageBound is the most database pages one query may read on the
// seeded store: a seek reads a few pages of each index it uses; a scan of
// an index over every post reads about 150, of the articles table
// thousands.
const sqlitePageBound = 40

// sqlitePages runs q on a connection of its own and returns how many
// pages SQLite read for it (from its page cache or the file).
func sqlitePages(t *testing.T, st *store.Store, q tracedQuery) int {
	t.Helper()
	ctx := t.Context()
	conn, err := store.WriteDB(st).Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	counters := func(reset bool) (n int) {
		err := conn.Raw(func(dc any) error {
			for _, op := range []sqlite.DBStatusOp{sqlite.DBStatusCacheHit, sqlite.DBStatusCacheMiss} {
				cur, _, err := dc.(sqlite.DBStatus).Status(op, reset)
				if err != nil {
					return err
				}
				n += cur
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	counters(true)
	rows, err := conn.QueryContext(ctx, q.q, q.args...)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	return counters(false)
}

// tableAliases returns the names by which q reads the tables that grow
// with the archive: their own names and their aliases.
func tableAliases(q string) map[string]bool {
	names := map[string]bool{}
	fields := strings.Fields(strings.NewReplacer("(", " ", ")", " ", ",", " ").Replace(q))
	for i, f := range fields {
		if !slices.Contains(bigTables, f) {
			continue
		}
		names[f] = true
		if i+1 < len(fields) {
			next := fields[i+1]
			if strings.EqualFold(next, "AS") && i+2 < len(fields) {
				next = fields[i+2]
			}
			if regexp.MustCompile(`^[a-z]\w*$`).MatchString(next) && !isKeyword(next) {
				names[next] = true
			}
		}
	}
	return names
}

func isKeyword(w string) bool {
	switch strings.ToUpper(w) {
	case "WHERE", "JOIN", "ON", "INDEXED", "CROSS", "LEFT", "INNER", "GROUP", "ORDER", "LIMIT", "USING", "SET", "AS", "MATCH":
		return true
	}
	return false
}

// pgReadBound is the most rows of the archive's tables one query may read
// on the seeded store: a page, the month it seeks in (about a hundred
// posts) and their parts, far from the thousands a scan reads.
const pgReadBound = 400

// short is q on one line, cut, for a failure message.
func short(q string) string {
	q = strings.Join(strings.Fields(q), " ")
	if len(q) > 400 {
		q = q[:400] + "…"
	}
	return q
}

// checkPostgresPlan runs q under EXPLAIN ANALYZE and fails when it reads
// more rows of the tables that grow with the archive than bound (a
// sequential scan reads them all).
func checkPostgresPlan(t *testing.T, st *store.Store, name string, q tracedQuery, bound int) {
	t.Helper()
	ctx := t.Context()
	conn, err := store.WriteDB(st).Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// On a seeded store of thousands of rows, looking up twenty articles'
	// bylines by index costs the planner about what reading the whole
	// link table does when it prices a random read at four sequential
	// ones (the default, for spinning disks); on a million rows it would
	// not be close. 1.1 is what PostgreSQL's documentation suggests for
	// SSDs, on which the plans are compared at the size the test can
	// afford to seed.
	if _, err := conn.ExecContext(ctx, `SET random_page_cost = 1.1`); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(ctx, `RESET random_page_cost`)
	var out string
	if err := conn.QueryRowContext(ctx, "EXPLAIN (ANALYZE, FORMAT JSON) "+q.q, q.args...).Scan(&out); err != nil {
		t.Fatalf("%s: explain: %v\n%s", name, err, q.q)
	}
	var plans []struct {
		Plan pgNode `json:"Plan"`
	}
	if err := json.Unmarshal([]byte(out), &plans); err != nil || len(plans) == 0 {
		t.Fatalf("%s: explain output: %v\n%s", name, err, out)
	}
	read := 0
	var scans []string
	var walk func(n pgNode)
	walk = func(n pgNode) {
		if slices.Contains(bigTables, n.Relation) {
			read += int(n.ActualRows*n.ActualLoops) + n.RemovedByFilter + n.RemovedByRecheck
			scans = append(scans, n.Type+" on "+n.Relation)
		}
		for _, c := range n.Plans {
			walk(c)
		}
	}
	walk(plans[0].Plan)
	if read > bound {
		t.Errorf("%s: PostgreSQL reads %d rows of the archive's tables (%s), more than %d:\n%s",
			name, read, strings.Join(scans, ", "), bound, short(q.q))
	}
}

type pgNode struct {
	Type             string   `json:"Node Type"`
	Relation         string   `json:"Relation Name"`
	ActualRows       float64  `json:"Actual Rows"`
	ActualLoops      float64  `json:"Actual Loops"`
	RemovedByFilter  int      `json:"Rows Removed by Filter"`
	RemovedByRecheck int      `json:"Rows Removed by Index Recheck"`
	Plans            []pgNode `json:"Plans"`
}

package store_test

import (
	"bufio"
	"html/template"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
)

// story is one article of testdata/relevance_articles.txt.
type story struct {
	Slug, Lang, Title, Body string
	Age                     int // days before the test's now
}

// relevanceQuery is one line of testdata/relevance_queries.txt.
type relevanceQuery struct {
	Lang, Text, Want string
}

func loadStories(t testing.TB) []story {
	t.Helper()
	f, err := os.Open("testdata/relevance_articles.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var list []story
	var cur *story
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "#"):
		case line == "":
			cur = nil
		case strings.HasPrefix(line, "slug: "):
			list = append(list, story{Slug: line[6:]})
			cur = &list[len(list)-1]
		case cur == nil:
			t.Fatalf("relevance_articles.txt:%d: text outside a story", n)
		case strings.HasPrefix(line, "lang: "):
			cur.Lang = line[6:]
		case strings.HasPrefix(line, "age: "):
			if cur.Age, err = strconv.Atoi(line[5:]); err != nil {
				t.Fatalf("relevance_articles.txt:%d: %v", n, err)
			}
		case strings.HasPrefix(line, "title: "):
			cur.Title = line[7:]
		default:
			cur.Body = strings.TrimSpace(cur.Body + " " + line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return list
}

func loadQueries(t testing.TB) []relevanceQuery {
	t.Helper()
	b, err := os.ReadFile("testdata/relevance_queries.txt")
	if err != nil {
		t.Fatal(err)
	}
	var list []relevanceQuery
	for n, line := range strings.Split(string(b), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, " | ")
		if len(parts) != 3 {
			t.Fatalf("relevance_queries.txt:%d: want lang | query | slug", n+1)
		}
		list = append(list, relevanceQuery{Lang: parts[0], Text: parts[1], Want: parts[2]})
	}
	return list
}

// relevanceNow is the moment the corpus's ages count back from.
var relevanceNow = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

func insertStory(t testing.TB, st *store.Store, s story, author *model.User) {
	t.Helper()
	a := &model.Article{
		Type: model.TypePost, Slug: s.Slug, Title: s.Title, Lang: s.Lang,
		BodyHTML:    template.HTML("<p>" + template.HTMLEscapeString(s.Body) + "</p>"),
		Status:      model.StatusPublished,
		PublishedAt: relevanceNow.Add(-time.Duration(s.Age) * 24 * time.Hour),
		Bylines:     []model.Byline{{User: *author}},
	}
	if err := st.InsertArticle(t.Context(), a); err != nil {
		t.Fatalf("insert %s: %v", s.Slug, err)
	}
}

// minMRR is the mean reciprocal rank each language's queries must reach on
// each engine. 1.0 means every expected story came first; 0.9 allows about
// one query in five to find its story second, behind a story sharing its
// words (a flood of last week above the flood-wall works of months ago),
// which a reader would still see at once. Below it, a change to the
// analyzer or the ranking has made search visibly worse.
const minMRR = 0.9

// TestSearchRelevance measures the mean reciprocal rank of the relevance
// set (the expected story's 1/rank among the first ten results, 0 when
// absent) on every engine, per query language.
func TestSearchRelevance(t *testing.T) {
	stories, queries := loadStories(t), loadQueries(t)
	// found[engine][query] lists every article the query finds, by slug.
	found := map[string]map[string][]string{}
	for _, eng := range storetest.Engines(t) {
		found[eng.Name] = map[string][]string{}
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			author := storetest.User(t, st, "Redaksi")
			for _, s := range stories {
				insertStory(t, st, s, author)
			}
			sum := map[string]float64{}
			count := map[string]int{}
			for _, q := range queries {
				res, err := st.Search(t.Context(), store.SearchQuery{Text: q.Text, Limit: 10, Now: relevanceNow})
				if err != nil {
					t.Fatal(err)
				}
				rank := 0
				var got []string
				for i, a := range res.Articles {
					got = append(got, a.Slug)
					if a.Slug == q.Want && rank == 0 {
						rank = i + 1
					}
				}
				all, err := st.Search(t.Context(), store.SearchQuery{Text: q.Text, Limit: 1000, Now: relevanceNow})
				if err != nil {
					t.Fatal(err)
				}
				var slugs []string
				for _, a := range all.Articles {
					slugs = append(slugs, a.Slug)
				}
				slices.Sort(slugs)
				found[eng.Name][q.Text] = slugs
				if rank != 1 {
					t.Logf("%s %q: %s at rank %d; got %v", q.Lang, q.Text, q.Want, rank, got)
				}
				if rank > 0 {
					sum[q.Lang] += 1 / float64(rank)
				}
				count[q.Lang]++
			}
			for _, lang := range []string{"id", "en"} {
				if count[lang] < 30 {
					t.Errorf("%d %s queries, want at least 30", count[lang], lang)
				}
				mrr := sum[lang] / float64(count[lang])
				t.Logf("MRR %s %s = %.3f over %d queries", eng.Name, lang, mrr, count[lang])
				if mrr < minMRR {
					t.Errorf("MRR of the %s queries on %s = %.3f, want at least %.2f", lang, eng.Name, mrr, minMRR)
				}
			}
		})
	}
	// Both engines index the same analyzed words, so they find the same
	// articles (the order may differ: bm25 and ts_rank weigh differently).
	if pg, ok := found["postgres"]; ok {
		for q, lite := range found["sqlite"] {
			if !slices.Equal(lite, pg[q]) {
				t.Errorf("%q finds %v on SQLite but %v on PostgreSQL", q, lite, pg[q])
			}
		}
	}
}

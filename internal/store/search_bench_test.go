package store_test

import (
	"fmt"
	"html/template"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
)

// benchArticles is the size of the benchmark's archive.
const benchArticles = 10_000

// archiveOf builds n articles, half Indonesian and half English, from the
// relevance corpus: each title is a run of words and each body a handful of
// sentences drawn from that language's stories, published over four years.
// So every relevance query matches many articles, as on a real archive.
func archiveOf(t testing.TB, n int) []story {
	rng := rand.New(rand.NewPCG(1, 2))
	words := map[string][]string{}
	sentences := map[string][]string{}
	for _, s := range loadStories(t) {
		words[s.Lang] = append(words[s.Lang], strings.Fields(s.Title)...)
		for _, sent := range strings.SplitAfter(s.Body, ". ") {
			sentences[s.Lang] = append(sentences[s.Lang], strings.TrimSpace(sent))
		}
	}
	out := make([]story, n)
	for i := range out {
		lang := []string{"id", "en"}[i%2]
		title := make([]string, 5+rng.IntN(5))
		for j := range title {
			title[j] = words[lang][rng.IntN(len(words[lang]))]
		}
		body := make([]string, 4+rng.IntN(8))
		for j := range body {
			body[j] = sentences[lang][rng.IntN(len(sentences[lang]))]
		}
		out[i] = story{
			Slug: fmt.Sprintf("arsip-%d", i), Lang: lang, Age: rng.IntN(4 * 365),
			Title: strings.Join(title, " "), Body: strings.Join(body, " "),
		}
	}
	return out
}

// BenchmarkSearch searches a 10,000-article archive with the relevance
// queries, in turn, on each engine, and reports the latency percentiles of
// one search (a page of ten, with its total count, fully loaded as the
// search page shows it). Run it with a fixed count for stable percentiles:
//
//	go test ./internal/store -run '^$' -bench BenchmarkSearch -benchtime 2000x
func BenchmarkSearch(b *testing.B) {
	archive := archiveOf(b, benchArticles)
	queries := loadQueries(b)
	for _, eng := range storetest.Engines(b) {
		st := eng.New(b)
		author := storetest.User(b, st, "Redaksi")
		start := time.Now()
		fill(b, st, archive, author, eng.Name == "postgres")
		if eng.Name == "postgres" {
			// Autovacuum analyzes a table after a bulk load; the test
			// cannot wait for it. SQLite analyzes nothing by itself, and
			// warta does not ask it to.
			store.Analyze(b, st)
		}
		b.Logf("%s: wrote %d articles in %s", eng.Name, len(archive), time.Since(start).Round(time.Millisecond))
		b.Run(eng.Name, func(b *testing.B) {
			lat := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				q := queries[i%len(queries)]
				t0 := time.Now()
				res, err := st.Search(b.Context(), store.SearchQuery{Text: q.Text, Limit: 10, Now: relevanceNow})
				lat = append(lat, time.Since(t0))
				if err != nil {
					b.Fatal(err)
				}
				if res.Total == 0 {
					b.Fatalf("%q found nothing in the archive", q.Text)
				}
			}
			b.StopTimer()
			slices.Sort(lat)
			ms := func(p float64) float64 {
				return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))]) / float64(time.Millisecond)
			}
			b.ReportMetric(ms(0.50), "p50-ms")
			b.ReportMetric(ms(0.95), "p95-ms")
		})
	}
}

// fill inserts the archive through InsertArticle, as the newsroom would,
// with several writers at once on PostgreSQL (SQLite has one writer).
func fill(b testing.TB, st *store.Store, archive []story, author *model.User, parallel bool) {
	workers := 1
	if parallel {
		workers = 8
	}
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(archive); i += workers {
				s := archive[i]
				a := &model.Article{
					Type: model.TypePost, Slug: s.Slug, Title: s.Title, Lang: s.Lang,
					BodyHTML:    template.HTML("<p>" + template.HTMLEscapeString(s.Body) + "</p>"),
					Excerpt:     strings.SplitAfter(s.Body, ". ")[0],
					Status:      model.StatusPublished,
					PublishedAt: relevanceNow.Add(-time.Duration(s.Age) * 24 * time.Hour),
					Bylines:     []model.Byline{{User: *author}},
				}
				if err := st.InsertArticle(b.Context(), a); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
}

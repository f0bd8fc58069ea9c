package hostile_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"warta/internal/hostile"
	"warta/internal/model"
	"warta/internal/server"
	"warta/internal/store"
	"warta/internal/store/storetest"
	"warta/internal/view"
	"warta/internal/web"
)

// queryInputs lists every place a request's text reaches a query on main
// today; %s is where a probe goes (path-escaped in the path,
// query-escaped after "?"). Later front ends add theirs: /search?q=, the
// REST API's ?search=, ?page=, ?per_page=, ?slug=, ?author=, ?categories=,
// /wp-json/wp/v2/posts/{id}, the feeds' paths, the admin's list filters.
var queryInputs = []struct{ name, target string }{
	{"front page number", "/page/%s/"},
	{"archive page number", "/category/berita/page/%s/"},
	{"category slug", "/category/%s/"},
	{"tag slug", "/tag/%s/"},
	{"author slug", "/author/%s/"},
	{"article slug", "/2024/04/26/%s/"},
	{"article year", "/%s/04/26/banjir/"},
	{"page slug", "/%s/"},
	{"page slug without its slash", "/%s"},
	{"search on the front page", "/?s=%s"},
	{"post ID on the front page", "/?p=%s"},
	{"search page", "/search?q=%s"},
	{"REST route on the front page", "/?rest_route=%s"},
}

func probeTarget(pattern, probe string) string {
	path, query, hasQuery := strings.Cut(pattern, "?")
	if hasQuery {
		return path + "?" + fmt.Sprintf(query, url.QueryEscape(probe))
	}
	return fmt.Sprintf(path, url.PathEscape(probe))
}

// counts is what an injected DROP or DELETE would change.
func counts(t *testing.T, st *store.Store) string {
	t.Helper()
	a, err := st.CountArticles(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	u, err := st.CountUsers(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	c, err := st.CommentCounts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("articles=%d users=%d comments=%v", a, u, c)
}

func TestSQLInjectionProbes(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			author := storetest.User(t, st, "Rahasia Penulis")
			cat := storetest.Term(t, st, model.TaxonomyCategory, "Berita")
			for range 3 {
				a := storetest.Post(t, st, func(a *model.Article) {
					a.Bylines = []model.Byline{{User: *author}}
					a.Categories = []model.Term{*cat}
				})
				storetest.Comment(t, st, a.ID, nil)
			}
			storetest.Post(t, st, func(a *model.Article) { a.Status = model.StatusDraft; a.Title = "Draf rahasia" })
			before := counts(t, st)

			v, err := view.New("")
			if err != nil {
				t.Fatal(err)
			}
			mux := http.NewServeMux()
			logger := slog.New(slog.NewTextHandler(io.Discard, nil))
			web.New(st, v, web.Options{Logger: logger}).Routes(mux)
			// No rate limits: every probe must reach the handlers.
			h := server.New(mux, st, logger, server.WithRateRules()).Handler()

			for _, in := range queryInputs {
				for _, probe := range hostile.SQLProbes {
					target := probeTarget(in.target, probe)
					r := httptest.NewRequest(http.MethodGet, target, nil)
					w := httptest.NewRecorder()
					start := time.Now()
					h.ServeHTTP(w, r)
					took := time.Since(start)
					body := w.Body.String()
					switch {
					case w.Code >= 500:
						t.Errorf("%s %s: status %d", in.name, target, w.Code)
					case took > 3*time.Second:
						t.Errorf("%s %s: took %s, as if a sleep ran", in.name, target, took)
					case strings.Contains(body, "@example.test"):
						t.Errorf("%s %s: an email address leaked", in.name, target)
					case strings.Contains(body, "Draf rahasia"):
						t.Errorf("%s %s: a draft leaked", in.name, target)
					case strings.Contains(body, "SQLSTATE") || strings.Contains(strings.ToLower(body), "syntax error"):
						t.Errorf("%s %s: a database error reached the page", in.name, target)
					}
				}
			}
			if after := counts(t, st); after != before {
				t.Fatalf("the probes changed the data: before %s, after %s", before, after)
			}
		})
	}
}

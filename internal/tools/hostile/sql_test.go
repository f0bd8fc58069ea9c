package hostile_test

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
	"warta/internal/tools/hostile"
)

// queryInputs lists every place a request's text reaches a query; %s is
// where a probe goes (path-escaped in the path, query-escaped after "?").
// Those marked admin are sent signed in as an editor.
var queryInputs = []struct {
	name, target string
	admin        bool
}{
	{"front page number", "/page/%s/", false},
	{"archive page number", "/category/berita/page/%s/", false},
	{"category slug", "/category/%s/", false},
	{"tag slug", "/tag/%s/", false},
	{"author slug", "/author/%s/", false},
	{"article slug", "/2024/04/26/%s/", false},
	{"article year", "/%s/04/26/banjir/", false},
	{"page slug", "/%s/", false},
	{"page slug without its slash", "/%s", false},
	{"search on the front page", "/?s=%s", false},
	{"post ID on the front page", "/?p=%s", false},
	{"search page", "/search?q=%s", false},
	{"search page's category", "/search?q=banjir&category=%s", false},
	{"search page's number", "/search?q=banjir&paged=%s", false},
	{"REST route on the front page", "/?rest_route=%s", false},
	{"comment page", "/2024/04/26/banjir/?cpage=%s", false},
	{"site feed", "/feed/%s", false},
	{"category feed", "/category/%s/feed/", false},
	{"tag feed", "/tag/%s/feed/atom/", false},
	{"author feed", "/author/%s/feed.json", false},
	{"article's comment feed", "/2024/04/26/%s/feed/", false},
	{"REST posts search", "/wp-json/wp/v2/posts?search=%s", false},
	{"REST posts slug", "/wp-json/wp/v2/posts?slug=%s", false},
	{"REST posts author", "/wp-json/wp/v2/posts?author=%s", false},
	{"REST posts categories", "/wp-json/wp/v2/posts?categories=%s", false},
	{"REST posts tags", "/wp-json/wp/v2/posts?tags=%s", false},
	{"REST posts include", "/wp-json/wp/v2/posts?include=%s", false},
	{"REST posts exclude", "/wp-json/wp/v2/posts?exclude=%s", false},
	{"REST posts orderby", "/wp-json/wp/v2/posts?orderby=%s", false},
	{"REST posts order", "/wp-json/wp/v2/posts?order=%s", false},
	{"REST posts after", "/wp-json/wp/v2/posts?after=%s", false},
	{"REST posts before", "/wp-json/wp/v2/posts?before=%s", false},
	{"REST posts page", "/wp-json/wp/v2/posts?page=%s", false},
	{"REST posts per_page", "/wp-json/wp/v2/posts?per_page=%s", false},
	{"REST posts offset", "/wp-json/wp/v2/posts?offset=%s", false},
	{"REST post ID", "/wp-json/wp/v2/posts/%s", false},
	{"REST pages slug", "/wp-json/wp/v2/pages?slug=%s", false},
	{"REST categories search", "/wp-json/wp/v2/categories?search=%s", false},
	{"REST categories slug", "/wp-json/wp/v2/categories?slug=%s", false},
	{"REST tags include", "/wp-json/wp/v2/tags?include=%s", false},
	{"REST users search", "/wp-json/wp/v2/users?search=%s", false},
	{"REST comments search", "/wp-json/wp/v2/comments?search=%s", false},
	{"REST comments post", "/wp-json/wp/v2/comments?post=%s", false},
	{"REST search", "/wp-json/wp/v2/search?search=%s", false},
	{"REST search subtype", "/wp-json/wp/v2/search?search=banjir&subtype=%s", false},
	{"newsroom comment queue status", "/admin/comments/?status=%s", true},
	{"newsroom comment queue page", "/admin/comments/?page=%s", true},
	{"newsroom article search", "/admin/articles/?s=%s", true},
	{"newsroom article status", "/admin/articles/?status=%s", true},
	{"newsroom article page", "/admin/articles/?page=%s", true},
	{"newsroom page search", "/admin/pages/?s=%s", true},
	{"newsroom article ID", "/admin/articles/%s", true},
	{"newsroom revisions", "/admin/articles/%s/revisions", true},
	{"newsroom comment reply", "/admin/comments/%s/reply", true},
}

// commentFields are the comment form's fields a probe is sent in, one at
// a time, the others as a reader fills them.
var commentFields = []string{"article_id", "parent_id", "name", "email", "url", "comment", "token"}

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
	cats, err := st.Terms(t.Context(), model.TaxonomyCategory)
	if err != nil {
		t.Fatal(err)
	}
	canary, err := st.ArticleBySlug(t.Context(), model.TypePost, "kanari")
	if err != nil {
		t.Fatalf("the canary article is gone: %v", err)
	}
	return fmt.Sprintf("articles=%d users=%d comments=%v categories=%d canary=%q", a, u, c, len(cats), canary.Title)
}

// TestSQLInjectionProbes sends every probe in every place a request's text
// reaches a query — public pages, feeds, the REST API, the search box, the
// newsroom's filters signed in, every comment form field — through the
// whole site on both engines: never a server error, a database error, a
// leaked email address or draft, or a sleep; and afterwards the data is as
// it was, the canary article included.
func TestSQLInjectionProbes(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			author := storetest.User(t, st, "Rahasia Penulis")
			cat := storetest.Term(t, st, model.TaxonomyCategory, "Berita")
			var target *model.Article
			for range 3 {
				target = storetest.Post(t, st, func(a *model.Article) {
					a.Bylines = []model.Byline{{User: *author}}
					a.Categories = []model.Term{*cat}
				})
				storetest.Comment(t, st, target.ID, nil)
			}
			storetest.Post(t, st, func(a *model.Article) { a.Status = model.StatusDraft; a.Title = "Draf rahasia" })
			storetest.Post(t, st, func(a *model.Article) { a.Slug = "kanari"; a.Title = "Kanari tetap hidup" })
			set, err := st.Settings(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			// Every probe reaches the comment rules' queries.
			set.CommentMinSeconds, set.CommentRateIP, set.CommentRateEmail = 0, 0, 0
			set.CommentModeration = model.ModerateAlways
			if err := st.SaveSettings(t.Context(), set); err != nil {
				t.Fatal(err)
			}
			a := newApp(t, st)
			reader := a.client(t)
			editor := a.client(t).signIn(a.user(t, "penyunting", model.RoleEditor))
			before := counts(t, st)

			check := func(what, target string, r answer, took time.Duration) {
				t.Helper()
				body := r.body
				switch {
				case r.status >= 500:
					t.Errorf("%s %s: status %d", what, target, r.status)
				case took > 3*time.Second:
					t.Errorf("%s %s: took %s, as if a sleep ran", what, target, took)
				case strings.Contains(body, "@example.test"):
					t.Errorf("%s %s: an email address leaked", what, target)
				case strings.Contains(body, "Draf rahasia") && !strings.HasPrefix(target, "/admin/"):
					t.Errorf("%s %s: a draft leaked", what, target)
				case strings.Contains(body, "SQLSTATE") || strings.Contains(strings.ToLower(body), "syntax error") ||
					strings.Contains(body, "sqlite") || strings.Contains(body, "pq: ") || strings.Contains(body, "ERROR: "):
					t.Errorf("%s %s: a database error reached the page", what, target)
				}
			}
			for _, in := range queryInputs {
				c := reader
				if in.admin {
					c = editor
				}
				for _, probe := range hostile.SQLProbes {
					target := probeTarget(in.target, probe)
					start := time.Now()
					r := c.get(target)
					check(in.name, target, r, time.Since(start))
				}
			}
			for _, field := range commentFields {
				for i, probe := range hostile.SQLProbes {
					form := url.Values{
						"article_id": {strconv.FormatInt(target.ID, 10)},
						"name":       {"Pembaca Uji"},
						"email":      {fmt.Sprintf("uji-%s-%d@pembaca.test", field, i)},
						"comment":    {fmt.Sprintf("Komentar uji %s %d.", field, i)},
						"token":      {reader.get("/comments/token").body},
					}
					form.Set(field, probe)
					start := time.Now()
					r := reader.post("/comments", form)
					check("comment form field "+field, "POST /comments "+field+"="+probe, r, time.Since(start))
				}
			}
			// The probes' comments that were taken are the only change.
			n, err := st.CountPendingComments(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			stored, err := st.Comments(t.Context(), store.CommentFilter{Status: model.CommentPending, Limit: 1000})
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range stored {
				if !strings.HasSuffix(c.AuthorEmail, "@pembaca.test") {
					continue
				}
				if err := st.DeleteComment(t.Context(), c.ID); err != nil {
					t.Fatal(err)
				}
			}
			t.Logf("%d probe comments were taken as text and held for moderation", n)
			if after := counts(t, st); after != before {
				t.Fatalf("the probes changed the data: before %s, after %s", before, after)
			}
		})
	}
}

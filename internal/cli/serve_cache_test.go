package cli

import (
	"html/template"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
)

// fetch GETs baseURL+path with the given header pairs and returns the
// status, X-Cache and body.
func fetch(t *testing.T, baseURL, path string, header ...string) (int, string, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, baseURL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return resp.StatusCode, resp.Header.Get("X-Cache"), string(body)
}

// cachedPage fetches path until the cache answers it, and returns its body.
func cachedPage(t *testing.T, baseURL, path string) string {
	t.Helper()
	fetch(t, baseURL, path)
	status, xcache, body := fetch(t, baseURL, path)
	if status != http.StatusOK || xcache != "HIT" {
		t.Fatalf("GET %s twice: status %d, X-Cache %q; want 200 from the cache", path, status, xcache)
	}
	return body
}

// eventually fetches path until its body contains want, for up to within.
func eventually(t *testing.T, baseURL, path, want string, within time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		_, _, body := fetch(t, baseURL, path)
		if strings.Contains(body, want) {
			return time.Since(start)
		}
		if time.Since(start) > within {
			t.Fatalf("GET %s still lacks %q after %v", path, want, within)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// openAside opens the database the way a second process (a CLI command)
// would.
func openAside(t *testing.T, dsn, dataDir string) *store.Store {
	t.Helper()
	st, err := store.Open(t.Context(), dsn, dataDir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// firstArticle returns the path and the stored article of the front page's
// first link.
func firstArticle(t *testing.T, baseURL string, st *store.Store) (string, *model.Article) {
	t.Helper()
	_, _, front := fetch(t, baseURL, "/")
	m := articleLink.FindStringSubmatch(front)
	if m == nil {
		t.Fatal("the front page links no article")
	}
	slug := strings.Split(strings.Trim(m[1], "/"), "/")[3]
	a, err := st.PublishedArticle(t.Context(), model.TypePost, slug)
	if err != nil {
		t.Fatal(err)
	}
	return m[1], a
}

func TestPageCacheOnSQLite(t *testing.T) {
	base, dataDir := startServe(t)
	cli := openAside(t, "", dataDir)
	path, a := firstArticle(t, base, cli)

	t.Run("a comment approved by another process reaches the cached page within a second", func(t *testing.T) {
		cachedPage(t, base, path)
		storetest.Comment(t, cli, a.ID, func(c *model.Comment) {
			c.Content = template.HTML("<p>Komentar dari proses lain.</p>")
		})
		took := eventually(t, base, path, "Komentar dari proses lain.", time.Second)
		t.Logf("the comment showed after %v", took)
	})
	t.Run("a reader with a pending comment bypasses the cache without poisoning it", func(t *testing.T) {
		anon := cachedPage(t, base, path)
		status, xcache, _ := fetch(t, base, path, "Cookie", "warta_pending=1")
		if status != http.StatusOK || xcache != "BYPASS" {
			t.Fatalf("with warta_pending: status %d, X-Cache %q; want 200 BYPASS", status, xcache)
		}
		_, xcache, body := fetch(t, base, path)
		if xcache != "HIT" || body != anon {
			t.Errorf("after a bypass the anonymous page is %q and differs: %v", xcache, body != anon)
		}
	})
	t.Run("a signed-in editor bypasses the cache", func(t *testing.T) {
		if _, xcache, _ := fetch(t, base, path, "Cookie", "warta_session=abc.def"); xcache != "BYPASS" {
			t.Errorf("with warta_session: X-Cache %q, want BYPASS", xcache)
		}
	})
	t.Run("a page with a query string is never cached", func(t *testing.T) {
		fetch(t, base, "/?ref=uji")
		if _, xcache, _ := fetch(t, base, "/?ref=uji"); xcache == "HIT" {
			t.Errorf("a query-string page was served from the cache")
		}
	})
	t.Run("a search's results are cached by their words and dropped when an article changes", func(t *testing.T) {
		cachedPage(t, base, "/search?q=kincir+angin")
		// The same words, spaced otherwise, with a tracking parameter.
		if _, xcache, _ := fetch(t, base, "/search?q=kincir%20%20angin&utm_source=uji"); xcache != "HIT" {
			t.Errorf("the same search with other spacing: X-Cache %q, want HIT", xcache)
		}
		if _, xcache, _ := fetch(t, base, "/search?q=kincir+angin&page=2"); xcache == "HIT" {
			t.Errorf("page 2 of a search was answered with page 1")
		}
		p := storetest.Post(t, cli, func(a *model.Article) { a.Title = "Kincir angin baru di pesisir" })
		took := eventually(t, base, "/search?q=kincir+angin", "/"+p.Slug+"/", 2*time.Second)
		t.Logf("the new article was found after %v", took)
	})
}

func TestTwoInstancesOnPostgres(t *testing.T) {
	dsn := storetest.PostgresURL(t)
	first, _ := startServe(t, "--database-url", dsn, "--demo")
	second, _ := startServe(t, "--database-url", dsn, "--no-demo")
	cli := openAside(t, dsn, "")
	path, a := firstArticle(t, first, cli)

	t.Run("an article published by another process shows on both front pages within a second", func(t *testing.T) {
		cachedPage(t, first, "/")
		cachedPage(t, second, "/")
		p := storetest.Post(t, cli, func(p *model.Article) {
			p.Title, p.PublishedAt = "Berita dari instans pertama", time.Now().UTC()
		})
		for _, base := range []string{first, second} {
			took := eventually(t, base, "/", p.Title, time.Second)
			t.Logf("%s showed it after %v", base, took)
		}
	})
	t.Run("approving a comment refreshes the other instance's cached page", func(t *testing.T) {
		cachedPage(t, first, path)
		cachedPage(t, second, path)
		// An approved comment stored by another process, as `warta
		// comments approve` or the second instance's moderation would.
		storetest.Comment(t, cli, a.ID, func(c *model.Comment) {
			c.Content = template.HTML("<p>Disetujui di instans kedua.</p>")
		})
		for _, base := range []string{first, second} {
			took := eventually(t, base, path, "Disetujui di instans kedua.", time.Second)
			t.Logf("%s showed it after %v", base, took)
		}
	})
	t.Run("a scheduled article coming due is published once and shows on both", func(t *testing.T) {
		p := storetest.Post(t, cli, func(p *model.Article) {
			p.Title, p.Status, p.PublishedAt = "Terbit sesuai jadwal", model.StatusScheduled, time.Now().UTC().Add(-time.Second)
		})
		before, err := cli.LastChange(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		// Each instance looks at start and every 15 s; the store method
		// they call is what publishes, so call it as their runner would.
		if _, err := cli.PublishDue(t.Context(), time.Now()); err != nil {
			t.Fatal(err)
		}
		for _, base := range []string{first, second} {
			eventually(t, base, "/", p.Title, time.Second)
		}
		changes, err := cli.ChangesSince(t.Context(), before, 10)
		if err != nil || len(changes) != 1 {
			t.Errorf("publishing on schedule recorded %+v (%v); want one change", changes, err)
		}
	})
}

package cli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"warta/internal/store/storetest"
)

// syncBuffer collects a command's output while it runs.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// noEnv keeps the developer's WARTA_* variables out of the tests.
func noEnv(string) (string, bool) { return "", false }

// startServe runs `warta serve` in-process on port 0 with a fresh data
// folder and returns its base URL; the server stops when the test ends.
func startServe(t *testing.T, args ...string) (baseURL, dataDir string) {
	t.Helper()
	return startServeDir(t, t.TempDir(), args...)
}

// startServeDir is startServe on the data folder dataDir.
func startServeDir(t *testing.T, dataDir string, args ...string) (baseURL, _ string) {
	t.Helper()
	return startServeEnv(t, dataDir, noEnv, args...)
}

// startServeEnv is startServeDir with the environment getenv answers.
func startServeEnv(t *testing.T, dataDir string, getenv func(string) (string, bool), args ...string) (baseURL, _ string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan int, 1)
	var stdout, stderr syncBuffer
	all := append([]string{"serve", "--listen", "127.0.0.1:0", "--data-dir", dataDir}, args...)
	go func() {
		done <- RunEnv(ctx, all, Env{Stdout: &stdout, Stderr: &stderr, Getenv: getenv,
			Ready: func(u string) { ready <- u }})
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("serve exited with %d after shutdown; stderr:\n%s", code, stderr.String())
			}
		case <-time.After(15 * time.Second):
			t.Errorf("serve did not stop within 15s of its context ending")
		}
	})
	select {
	case baseURL = <-ready:
	case code := <-done:
		t.Fatalf("serve exited with %d before listening; stderr:\n%s", code, stderr.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("serve did not listen within 60s; stderr:\n%s", stderr.String())
	}
	return baseURL, dataDir
}

// get fetches baseURL+path without following redirects.
func get(t *testing.T, baseURL, path string) (int, http.Header, string) {
	t.Helper()
	client := &http.Client{
		Timeout:       20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := client.Get(baseURL + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: reading body: %v", path, err)
	}
	return resp.StatusCode, resp.Header, string(body)
}

var (
	articleLink = regexp.MustCompile(`href="(/\d{4}/\d{2}/\d{2}/[a-z0-9-]+/)"`)
	archiveLink = regexp.MustCompile(`href="(/(?:category|tag|author)/[a-z0-9-]+/)"`)
)

// demoPaths collects, from the running demo site, every article path
// (following the front page's pagination) and one archive of each kind
// linked from the front page or the articles.
// findArticle returns the one of paths that ends with slug/, failing
// the test when none does.
func findArticle(t *testing.T, paths []string, slug string) string {
	t.Helper()
	for _, p := range paths {
		if strings.HasSuffix(p, "/"+slug+"/") {
			return p
		}
	}
	t.Fatalf("no demo article %q among %v", slug, paths)
	return ""
}

func demoPaths(t *testing.T, baseURL string) (articles, archives []string) {
	t.Helper()
	seen := map[string]bool{}
	kinds := map[string]bool{}
	for page := 1; ; page++ {
		path := "/"
		if page > 1 {
			path = "/page/" + strconv.Itoa(page) + "/"
		}
		status, _, body := get(t, baseURL, path)
		if status == http.StatusNotFound && page > 1 {
			break
		}
		if status != http.StatusOK {
			t.Fatalf("GET %s: status %d", path, status)
		}
		for _, m := range articleLink.FindAllStringSubmatch(body, -1) {
			if !seen[m[1]] {
				seen[m[1]] = true
				articles = append(articles, m[1])
			}
		}
		for _, m := range archiveLink.FindAllStringSubmatch(body, -1) {
			kind := strings.Split(m[1], "/")[1]
			if !kinds[kind] {
				kinds[kind] = true
				archives = append(archives, m[1])
			}
		}
		if page > 50 {
			t.Fatal("front page pagination does not end")
		}
	}
	for _, p := range articles {
		_, _, body := get(t, baseURL, p)
		for _, m := range archiveLink.FindAllStringSubmatch(body, -1) {
			kind := strings.Split(m[1], "/")[1]
			if !kinds[kind] {
				kinds[kind] = true
				archives = append(archives, m[1])
			}
		}
	}
	return articles, archives
}

func TestServeDemoSiteOnSQLite(t *testing.T) {
	base, dataDir := startServe(t)
	checkDemoSite(t, base)

	t.Run("the database is a SQLite file in WAL mode in the data folder", func(t *testing.T) {
		if _, err := os.Stat(filepath.Join(dataDir, "warta.db")); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(dataDir, "warta.db-wal")); err != nil {
			t.Fatalf("no write-ahead log next to the database: %v", err)
		}
	})
}

// checkDemoSite reads the demo site as a new visitor would.
func checkDemoSite(t *testing.T, base string) {
	t.Helper()
	articles, archives := demoPaths(t, base)

	t.Run("the front page lists at least twelve demo articles across its pages", func(t *testing.T) {
		if len(articles) < 12 {
			t.Fatalf("found %d article links: %v", len(articles), articles)
		}
	})
	t.Run("the site links category, tag and author archives, each listing articles", func(t *testing.T) {
		if len(archives) != 3 {
			t.Fatalf("archive kinds linked: %v", archives)
		}
		for _, p := range archives {
			if status, _, body := get(t, base, p); status != http.StatusOK || !articleLink.MatchString(body) {
				t.Errorf("GET %s: status %d, lists an article: %v", p, status, articleLink.MatchString(body))
			}
		}
	})
	t.Run("every article answers with its headline, a byline and the comment form", func(t *testing.T) {
		for _, p := range articles {
			status, _, body := get(t, base, p)
			if status != http.StatusOK {
				t.Errorf("GET %s: status %d", p, status)
				continue
			}
			want := []string{"<h1", `href="/author/`}
			if !strings.Contains(body, commentsClosedMark) {
				want = append(want, `action="/comments"`, `name="email"`)
			}
			for _, w := range want {
				if !strings.Contains(body, w) {
					t.Errorf("GET %s: no %s", p, w)
				}
			}
		}
	})
	t.Run("the about page answers", func(t *testing.T) {
		if status, _, body := get(t, base, "/tentang-kami/"); status != http.StatusOK || !strings.Contains(body, "Tentang kami") {
			t.Fatalf("GET /tentang-kami/: status %d", status)
		}
	})
	t.Run("a missing slug answers 404 with the site's page", func(t *testing.T) {
		status, _, body := get(t, base, "/tidak-ada-halaman-ini/")
		if status != http.StatusNotFound || !strings.Contains(body, "<html") {
			t.Fatalf("status %d", status)
		}
	})
	checkDiscovery(t, base)
	t.Run("health checks answer", func(t *testing.T) {
		for _, p := range []string{"/healthz", "/readyz"} {
			if status, _, _ := get(t, base, p); status != http.StatusOK {
				t.Errorf("GET %s: %d", p, status)
			}
		}
	})
}

func TestServeDemoSiteOnPostgres(t *testing.T) {
	dsn := storetest.PostgresURL(t)
	// A database given by URL gets the demo only when asked for.
	base, _ := startServe(t, "--database-url", dsn, "--demo")
	checkDemoSite(t, base)
}

func TestServeWithoutDemo(t *testing.T) {
	base, _ := startServe(t, "--no-demo")
	status, _, body := get(t, base, "/")
	if status != http.StatusOK {
		t.Fatalf("front page of an empty site: %d", status)
	}
	if articleLink.MatchString(body) {
		t.Fatal("--no-demo still wrote articles")
	}
}

// Marks of the theme's markup the end-to-end tests look for.
const (
	commentsClosedMark = `class="comments-closed"`
	videoCardMark      = `class="video-card"`
	videoCardSelector  = "figure.video-card"
)

package web_test

import (
	"bufio"
	"context"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/tools/scenario"
	"warta/internal/tools/testenv"
	"warta/internal/wxr"
)

// TestWordPressJudge builds a real WordPress (Debian's, through
// scripts/wordpress-judge.sh: content written by WordPress's own
// functions, exported with export_wp()), lists every URL it answers for
// that content, imports its export into warta on each engine and asks
// warta for each URL. Every one must answer 200, or one 301 to a page
// that does; posts and pages must carry WordPress's title.
func TestWordPressJudge(t *testing.T) {
	testenv.WordPress(t)
	dir := t.TempDir()
	port := freePort(t)
	script, _ := filepath.Abs("../../scripts/wordpress-judge.sh")
	if out, err := exec.Command(script, dir, port).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", script, err, out)
	}
	ctx, cancel := context.WithCancel(context.Background())
	php := exec.CommandContext(ctx, "php", "-S", "127.0.0.1:"+port, filepath.Join(dir, "router.php"))
	php.Dir = "/usr/share/wordpress"
	if err := php.Start(); err != nil {
		cancel()
		t.Fatal(err)
	}
	defer func() { cancel(); php.Wait() }()
	wpBase := "http://127.0.0.1:" + port
	for i := 0; ; i++ {
		if c, err := net.Dial("tcp", "127.0.0.1:"+port); err == nil {
			c.Close()
			break
		}
		if i > 100 {
			t.Fatal("WordPress does not answer")
		}
		time.Sleep(50 * time.Millisecond)
	}
	paths := readLines(t, filepath.Join(dir, "export.xml.urls"))
	// What WordPress shows at each path: the title after at most one
	// redirect (its canonical redirects of ?p= links).
	type page struct {
		status int
		title  string
	}
	wp := map[string]page{}
	client := &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, p := range paths {
		st, title, _ := fetch(t, client, wpBase+p, true)
		if st != http.StatusOK {
			t.Fatalf("WordPress answers %s with %d", p, st)
		}
		wp[p] = page{st, title}
	}

	scenario.Engines(t, scenario.Options{Settings: func(s *model.Settings) {
		s.Title, s.PostsPerPage = "Warta Uji", 5 // as the script sets WordPress
	}}, func(t *testing.T, s *scenario.Site) {
		if _, err := wxr.Import(t.Context(), s.Store, filepath.Join(dir, "export.xml"), wxr.Options{}); err != nil {
			t.Fatal(err)
		}
		checked, titled := 0, 0
		for _, p := range paths {
			st, title, hops := fetch(t, client, s.URL+p, true)
			checked++
			if st != http.StatusOK || hops > 1 {
				t.Errorf("%s: warta answers %d after %d redirects (WordPress: 200 %q)", p, st, hops, wp[p].title)
				continue
			}
			if isArticle(p) {
				titled++
				if want := firstPart(wp[p].title); firstPart(title) != want {
					t.Errorf("%s: title %q, WordPress %q", p, title, wp[p].title)
				}
			}
		}
		t.Logf("%d URLs WordPress answers checked, %d of them posts or pages by title", checked, titled)
	})
}

// isArticle reports whether p is a post's or page's path (not an
// archive, a feed, the front page or a ?p= link).
func isArticle(p string) bool {
	return p != "/" && !strings.Contains(p, "?") && !strings.Contains(p, "/feed/") && !strings.HasPrefix(p, "/category/") &&
		!strings.HasPrefix(p, "/tag/") && !strings.HasPrefix(p, "/author/") && !strings.HasPrefix(p, "/page/") &&
		!regexp.MustCompile(`^/\d{4}/(\d{2}/(\d{2}/)?)?$`).MatchString(p)
}

// firstPart is a document title before the site's name.
func firstPart(title string) string {
	title = html.UnescapeString(title)
	if i := strings.LastIndex(title, " – "); i >= 0 {
		return title[:i]
	}
	return title
}

var titleRE = regexp.MustCompile(`(?s)<title>(.*?)</title>`)

// fetch gets u, following up to two redirects on the same origin, and
// returns the final status, the page's title and how many redirects it
// followed.
func fetch(t *testing.T, c *http.Client, u string, follow bool) (int, string, int) {
	t.Helper()
	hops := 0
	for {
		res, err := c.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if follow && (res.StatusCode == http.StatusMovedPermanently || res.StatusCode == http.StatusFound) && hops < 2 {
			loc, err := res.Location()
			if err != nil {
				t.Fatal(err)
			}
			u = loc.String()
			hops++
			continue
		}
		title := ""
		if m := titleRE.FindSubmatch(body); m != nil {
			title = strings.TrimSpace(string(m[1]))
		}
		return res.StatusCode, title, hops
	}
}

func freePort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return fmt.Sprint(l.Addr().(*net.TCPAddr).Port)
}

func readLines(t *testing.T, path string) []string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			out = append(out, l)
		}
	}
	return out
}

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

	"warta/internal/media"
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
	urls := readTable(t, filepath.Join(dir, "export.xml.urls"))
	urls = append(urls, wpSitemaps(t, wpBase)...)
	expects := readTable(t, filepath.Join(dir, "export.xml.expect"))
	// What WordPress shows at each path: the title after at most one
	// redirect (its canonical redirects of ?p= links), or the bytes of a
	// file.
	wp := map[string]answer{}
	client := &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, u := range urls {
		a := fetch(t, client, wpBase+u[0])
		if a.status != http.StatusOK {
			t.Fatalf("WordPress answers %s with %d", u[0], a.status)
		}
		wp[u[0]] = a
	}

	scenario.Engines(t, scenario.Options{Settings: func(s *model.Settings) {
		s.Title, s.PostsPerPage = "Warta Uji", 5 // as the script sets WordPress
	}}, func(t *testing.T, s *scenario.Site) {
		opt := wxr.Options{UploadsDir: filepath.Join(dir, "uploads"), Media: media.NewFolder(s.MediaDir)}
		if _, err := wxr.Import(t.Context(), s.Store, filepath.Join(dir, "export.xml"), opt); err != nil {
			t.Fatal(err)
		}
		count := map[string]int{}
		for _, u := range urls {
			path, kind := u[0], u[1]
			got := fetch(t, client, s.URL+path)
			count[kind]++
			if got.status != http.StatusOK || got.hops > 1 {
				t.Errorf("%s (%s): warta answers %d after %d redirects (WordPress: 200 %q)", path, kind, got.status, got.hops, wp[path].title)
				continue
			}
			switch kind {
			case "post", "page":
				if want := firstPart(wp[path].title); firstPart(got.title) != want {
					t.Errorf("%s: title %q, WordPress %q", path, got.title, wp[path].title)
				}
			case "file":
				if got.body != wp[path].body {
					t.Errorf("%s: warta's file (%d bytes, at %s) is not WordPress's (%d bytes)", path, len(got.body), got.url, len(wp[path].body))
				}
			case "attachment":
				// The attachment's page, or its file: WordPress 6.4 and
				// later send readers of an attachment's page to the file.
				if firstPart(got.title) != firstPart(wp[path].title) && got.body != wp[u[2]].body {
					t.Errorf("%s: warta shows %q (%d bytes), neither WordPress's page %q nor its file %s", path, got.title, len(got.body), wp[path].title, u[2])
				}
			}
		}
		for _, e := range expects {
			path, kind, want := e[0], e[1], e[2]
			page := fetch(t, client, s.URL+path).body
			count["expected "+kind]++
			switch kind {
			case "description":
				if m := descriptionRE.FindStringSubmatch(page); m == nil || html.UnescapeString(m[1]) != want {
					t.Errorf("%s: meta description %q, want the imported %q", path, m, want)
				}
			case "ogimage":
				// The social image chosen in Yoast (warta may send a crop
				// of it): a picture of the site, cut from that file.
				m := ogImageRE.FindStringSubmatch(page)
				stem := strings.TrimSuffix(filepath.Base(want), filepath.Ext(want))
				if m == nil || !strings.Contains(m[1], stem) {
					t.Errorf("%s: og:image %q, want the imported %s", path, m, want)
					continue
				}
				if img := fetch(t, client, html.UnescapeString(m[1])); img.status != http.StatusOK || !strings.HasPrefix(img.contentType, "image/") {
					t.Errorf("%s: og:image %s answers %d %s", path, m[1], img.status, img.contentType)
				}
			case "image":
				// The size WordPress cut, in the post's text, is shown
				// from warta's media and is WordPress's very file.
				local := "/media/" + strings.TrimPrefix(want, "/wp-content/uploads/")
				if !strings.Contains(page, local) {
					t.Errorf("%s: the post's text does not show %s", path, local)
				}
				if img := fetch(t, client, s.URL+local); img.body != wp[want].body {
					t.Errorf("%s: %s answers %d with %d bytes, not WordPress's %d", path, local, img.status, len(img.body), len(wp[want].body))
				}
			case "byline":
				if !strings.Contains(page, `rel="author">`+html.EscapeString(want)+`</a>`) {
					t.Errorf("%s: no byline for %s", path, want)
				}
			case "nav":
				if m := siteNavRE.FindStringSubmatch(page); m == nil || !strings.Contains(m[1], ">"+html.EscapeString(want)+"</a>") {
					t.Errorf("%s: the site's menu does not hold %q: %q", path, want, m)
				}
			default:
				t.Fatalf("export.xml.expect: unknown kind %q", kind)
			}
		}
		t.Logf("URLs WordPress answers, checked: %v", count)
	})
}

// wpSitemaps lists, as other pages of the urls table, the sitemaps of
// WordPress's own index at base and every address they name.
func wpSitemaps(t *testing.T, base string) [][]string {
	client := &http.Client{Timeout: 30 * time.Second}
	var out [][]string
	index := fetch(t, client, base+"/wp-sitemap.xml")
	out = append(out, []string{"/wp-sitemap.xml", "other"})
	for _, m := range locRE.FindAllStringSubmatch(index.body, -1) {
		sub := html.UnescapeString(m[1])
		out = append(out, []string{strings.TrimPrefix(sub, base), "other"})
		for _, l := range locRE.FindAllStringSubmatch(fetch(t, client, sub).body, -1) {
			out = append(out, []string{strings.TrimPrefix(html.UnescapeString(l[1]), base), "other"})
		}
	}
	return out
}

var (
	locRE         = regexp.MustCompile(`<loc>([^<]+)</loc>`)
	descriptionRE = regexp.MustCompile(`<meta name="description" content="([^"]*)">`)
	ogImageRE     = regexp.MustCompile(`<meta property="og:image" content="([^"]*)">`)
	siteNavRE     = regexp.MustCompile(`(?s)<nav class="site-nav"[^>]*>(.*?)</nav>`)
)

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

// answer is what a GET came to: the final status, address, type, body and
// page title, and how many redirects led there.
type answer struct {
	status           int
	url, contentType string
	title, body      string
	hops             int
}

// fetch gets u, following up to two redirects, and returns what it came
// to.
func fetch(t *testing.T, c *http.Client, u string) answer {
	t.Helper()
	hops := 0
	for {
		res, err := c.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if (res.StatusCode == http.StatusMovedPermanently || res.StatusCode == http.StatusFound) && hops < 2 {
			loc, err := res.Location()
			if err != nil {
				t.Fatal(err)
			}
			u = loc.String()
			hops++
			continue
		}
		a := answer{status: res.StatusCode, url: u, contentType: res.Header.Get("Content-Type"), body: string(body), hops: hops}
		if m := titleRE.FindSubmatch(body); m != nil {
			a.title = strings.TrimSpace(string(m[1]))
		}
		return a
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

// readTable reads path's lines as tab-separated fields, skipping blank
// lines.
func readTable(t *testing.T, path string) [][]string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out [][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			out = append(out, strings.Split(l, "\t"))
		}
	}
	return out
}

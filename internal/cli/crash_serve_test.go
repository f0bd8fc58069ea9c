package cli

import (
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"warta/internal/store"
	"warta/internal/store/storetest"
)

// urlWatch is a serve process's standard output: it hands over the URL of
// the "warta is serving" line once.
type urlWatch struct {
	mu   sync.Mutex
	buf  []byte
	sent bool
	ch   chan string
}

func (w *urlWatch) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.sent {
		w.buf = append(w.buf, p...)
		if m := servingLine.FindSubmatch(w.buf); m != nil {
			w.sent = true
			w.ch <- string(m[1])
		}
	}
	return len(p), nil
}

// startServing starts the real binary's server on db, believing the
// X-Forwarded-For of local clients, so that each simulated writer has an
// address (and a rate-limit budget) of its own; extra are further flags.
func startServing(t *testing.T, bin string, db dbTarget, extra ...string) (*exec.Cmd, <-chan string) {
	t.Helper()
	w := &urlWatch{ch: make(chan string, 1)}
	cmd := exec.Command(bin, append(append([]string{"serve", "--no-demo", "--listen", "127.0.0.1:0",
		"--trusted-proxies", "127.0.0.1", "--cache-disabled"}, db.args()...), extra...)...)
	cmd.Stdout = w
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, w.ch
}

// noRedirects is a client that shows the answer itself, not where it
// points.
func noRedirects() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, Timeout: 20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

var (
	drillArticle = regexp.MustCompile(`(?m)^article (\d+) `)
	ackedComment = regexp.MustCompile(`(?:#comment-|unapproved=)(\d+)`)
	ackedArticle = regexp.MustCompile(`^/admin/articles/(\d+)\?notice=published$`)
	csrfValue    = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
)

// writers runs n writers against the server once it serves, each calling
// write until it fails (the process is gone), and closes acks after the
// last one stops.
func writers(urls <-chan string, n int, acks chan ackedWrite, write func(base string, w int, seq *atomic.Int64) bool) {
	defer close(acks)
	base, ok := <-urls
	if !ok {
		return
	}
	var seq atomic.Int64
	var wg sync.WaitGroup
	for w := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for write(base, w, &seq) {
			}
		}()
	}
	wg.Wait()
}

// runCommentPosts posts reader comments to the served binary as fast as
// four readers can, each from an address of its own. A comment is
// acknowledged by POST /comments' 303 naming it (#comment-N, or
// ?unapproved=N for one held for moderation: sent without the time-trap
// token, as a reader without JavaScript would).
func runCommentPosts(t *testing.T, bin string, db dbTarget) (*exec.Cmd, <-chan ackedWrite) {
	t.Helper()
	out, err := exec.Command(bin, append([]string{"drill", "--scratch", "--count", "1"}, db.args()...)...).Output()
	m := drillArticle.FindSubmatch(out)
	if err != nil || m == nil {
		t.Fatalf("an article to comment on: %v\n%s", err, out)
	}
	article := string(m[1])
	cmd, urls := startServing(t, bin, db)
	acks := make(chan ackedWrite, 1<<16)
	go writers(urls, 4, acks, func(base string, w int, seq *atomic.Int64) bool {
		n := seq.Add(1)
		form := url.Values{
			"article_id": {article},
			"name":       {fmt.Sprintf("Pembaca %d", n)},
			"email":      {fmt.Sprintf("pembaca-%d-%d@crash.test", time.Now().UnixNano(), n)},
			"comment":    {fmt.Sprintf("Komentar sebelum mati nomor %d.", n)},
		}
		req, _ := http.NewRequest(http.MethodPost, base+"/comments", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", w+1, (n/256)%256, n%256))
		res, err := noRedirects().Do(req)
		if err != nil {
			return false
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if m := ackedComment.FindStringSubmatch(res.Header.Get("Location")); res.StatusCode == http.StatusSeeOther && m != nil {
			id, _ := strconv.ParseInt(m[1], 10, 64)
			acks <- ackedWrite{table: "comments", id: id}
		}
		return true
	})
	return cmd, acks
}

// runPublishing has two editors, signed in to the served binary's
// newsroom, publish articles through the article form as fast as they
// can. A publish is acknowledged by the form's 303 to the saved article
// with the "published" notice.
func runPublishing(t *testing.T, bin string, db dbTarget) (*exec.Cmd, <-chan ackedWrite) {
	t.Helper()
	add := exec.Command(bin, append([]string{"user", "add", "--login", "redaktur", "--email", "redaktur@crash.test",
		"--role", "editor", "--name", "Redaktur"}, db.args()...)...)
	add.Stdin = strings.NewReader("sandi-redaktur-yang-panjang\n")
	// In the second and third lives the login is taken already.
	if out, err := add.CombinedOutput(); err != nil && !strings.Contains(string(out), "--login:") {
		t.Fatalf("user add: %v\n%s", err, out)
	}
	cmd, urls := startServing(t, bin, db)
	acks := make(chan ackedWrite, 1<<16)
	type editor struct {
		c    *http.Client
		csrf string
	}
	editors := make([]*editor, 2)
	go writers(urls, len(editors), acks, func(base string, w int, seq *atomic.Int64) bool {
		ip := fmt.Sprintf("10.9.%d.%d", w, time.Now().UnixNano()%200)
		do := func(method, path string, form url.Values) (*http.Response, string, error) {
			var body io.Reader
			if form != nil {
				body = strings.NewReader(form.Encode())
			}
			req, _ := http.NewRequest(method, base+path, body)
			if form != nil {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			req.Header.Set("X-Forwarded-For", ip)
			res, err := editors[w].c.Do(req)
			if err != nil {
				return nil, "", err
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if m := csrfValue.FindSubmatch(b); m != nil {
				editors[w].csrf = html.UnescapeString(string(m[1]))
			}
			return res, string(b), nil
		}
		if editors[w] == nil {
			editors[w] = &editor{c: noRedirects()}
			if _, _, err := do(http.MethodGet, "/admin/login", nil); err != nil {
				return false
			}
			res, _, err := do(http.MethodPost, "/admin/login", url.Values{"login": {"redaktur"},
				"password": {"sandi-redaktur-yang-panjang"}, "csrf": {editors[w].csrf}})
			if err != nil || res.StatusCode != http.StatusSeeOther {
				return false
			}
			if _, _, err := do(http.MethodGet, "/admin/articles/new", nil); err != nil {
				return false
			}
		}
		n := seq.Add(1)
		res, _, err := do(http.MethodPost, "/admin/articles/new", url.Values{
			"csrf": {editors[w].csrf}, "type": {"post"}, "format": {"markdown"}, "lang": {"id"},
			"status": {"published"}, "comments_open": {"1"},
			"title": {fmt.Sprintf("Terbit sebelum mati %d-%d", time.Now().UnixNano(), n)},
			"body":  {fmt.Sprintf("Berita nomor %d, terbit lewat formulir redaksi.", n)},
		})
		if err != nil {
			return false
		}
		if m := ackedArticle.FindStringSubmatch(res.Header.Get("Location")); res.StatusCode == http.StatusSeeOther && m != nil {
			id, _ := strconv.ParseInt(m[1], 10, 64)
			acks <- ackedWrite{table: "articles", id: id}
		}
		return true
	})
	return cmd, acks
}

// bigWXR writes a WordPress export of posts, each with comments,
// large enough that importing it takes a while.
func bigWXR(t *testing.T, posts, comments int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
	<title>Arsip besar</title>
	<link>https://arsip.example</link>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>https://arsip.example</wp:base_site_url>
	<wp:author><wp:author_id>2</wp:author_id><wp:author_login>arsiparis</wp:author_login><wp:author_email>arsip@arsip.example</wp:author_email><wp:author_display_name>Arsiparis</wp:author_display_name></wp:author>
	<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename>arsip</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name>Arsip</wp:cat_name></wp:category>
`)
	para := strings.Repeat("Warga pesisir membangun tanggul bersama sejak pagi hari. ", 30)
	cid := 1000
	for i := range posts {
		fmt.Fprintf(&b, `	<item>
		<title>Arsip nomor %d</title>
		<link>https://arsip.example/arsip-%d/</link>
		<dc:creator>arsiparis</dc:creator>
		<content:encoded><![CDATA[<p>%s</p><p>%s</p>]]></content:encoded>
		<wp:post_id>%d</wp:post_id>
		<wp:post_date_gmt>2020-01-%02d 01:00:00</wp:post_date_gmt>
		<wp:post_name>arsip-%d</wp:post_name>
		<wp:status>publish</wp:status>
		<wp:post_type>post</wp:post_type>
		<category domain="category" nicename="arsip"><![CDATA[Arsip]]></category>
`, i, i, para, para, 10+i, 1+i%28, i)
		for range comments {
			cid++
			fmt.Fprintf(&b, "\t\t<wp:comment><wp:comment_id>%d</wp:comment_id><wp:comment_author>Pembaca %d</wp:comment_author><wp:comment_author_email>p%d@arsip.example</wp:comment_author_email><wp:comment_date_gmt>2020-02-01 01:00:00</wp:comment_date_gmt><wp:comment_content>Komentar arsip %d.</wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment>\n", cid, cid, cid, cid)
		}
		b.WriteString("\t</item>\n")
	}
	b.WriteString("</channel>\n</rss>\n")
	path := filepath.Join(t.TempDir(), "arsip.wxr")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// crashEngines are the two databases a crash test kills a process over:
// a fresh SQLite data folder, and a schema of the test PostgreSQL.
var crashEngines = []struct {
	name string
	db   func(t *testing.T) dbTarget
}{
	{"sqlite", func(t *testing.T) dbTarget { return dbTarget{dataDir: t.TempDir()} }},
	{"postgres", func(t *testing.T) dbTarget { return dbTarget{dataDir: t.TempDir(), dsn: storetest.PostgresURL(t)} }},
}

// TestImportKilledMidway SIGKILLs `warta import wxr` at moments spread
// over its run, on both engines: afterwards the database passes its
// integrity check and holds either none of the export or all of it, never
// a part; and importing again completes it.
func TestImportKilledMidway(t *testing.T) {
	bin := buildWarta(t)
	const posts, comments = 400, 4
	file := bigWXR(t, posts, comments)
	for _, eng := range crashEngines {
		t.Run(eng.name, func(t *testing.T) {
			imp := func(db dbTarget) *exec.Cmd {
				return exec.Command(bin, append([]string{"import", "wxr", file}, db.args()...)...)
			}
			// counts opens the store as a restarted server would.
			counts := func(db dbTarget) (int, int) {
				t.Helper()
				st, err := store.Open(t.Context(), db.dsn, db.dataDir)
				if err != nil {
					t.Fatal(err)
				}
				defer st.Close()
				if err := st.Migrate(t.Context()); err != nil {
					t.Fatal(err)
				}
				if err := st.IntegrityCheck(t.Context()); err != nil {
					t.Fatalf("after a killed import: %v", err)
				}
				a, err := st.CountArticles(t.Context())
				if err != nil {
					t.Fatal(err)
				}
				c, err := st.CommentCounts(t.Context())
				if err != nil {
					t.Fatal(err)
				}
				var total int64
				for _, n := range c {
					total += n
				}
				return a, int(total)
			}
			// How long a whole import takes here, so the kills spread
			// over its run.
			start := time.Now()
			whole := eng.db(t)
			if out, err := imp(whole).CombinedOutput(); err != nil {
				t.Fatalf("import: %v\n%s", err, out)
			}
			took := time.Since(start)
			if a, c := counts(whole); a != posts || c != posts*comments {
				t.Fatalf("a whole import holds %d articles and %d comments, want %d and %d", a, c, posts, posts*comments)
			}
			var outcomes []string
			for i := range 5 {
				db := eng.db(t)
				cmd := imp(db)
				var out strings.Builder
				cmd.Stdout = &out
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				time.Sleep(took * time.Duration(i+1) / 5)
				cmd.Process.Signal(syscall.SIGKILL)
				cmd.Wait()
				switch a, c := counts(db); {
				case a == 0 && c == 0:
					if out.Len() > 0 {
						t.Fatalf("the import reported %q, then nothing of it is there", out.String())
					}
					outcomes = append(outcomes, "absent")
				case a == posts && c == posts*comments:
					outcomes = append(outcomes, "complete")
				default:
					t.Fatalf("after an import killed at %d/5 of its run: %d articles and %d comments, want none or %d and %d",
						i+1, a, c, posts, posts*comments)
				}
				// Importing again after the crash finishes the job.
				if out, err := imp(db).CombinedOutput(); err != nil {
					t.Fatalf("import after the kill: %v\n%s", err, out)
				}
				if a, c := counts(db); a != posts || c != posts*comments {
					t.Fatalf("importing again after the kill: %d articles and %d comments, want %d and %d", a, c, posts, posts*comments)
				}
			}
			t.Logf("a whole import took %s; outcomes of the killed ones: %v", took, outcomes)
		})
	}
}

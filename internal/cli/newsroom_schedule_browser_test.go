package cli

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
	"warta/internal/tools/testenv"
)

// serveAt runs warta serve on dataDir (and dsn, when not "") until stop is
// called, and returns its base URL.
func serveAt(t *testing.T, dataDir, dsn string) (base string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan int, 1)
	var stdout, stderr syncBuffer
	args := []string{"serve", "--listen", "127.0.0.1:0", "--data-dir", dataDir, "--no-demo"}
	if dsn != "" {
		args = append(args, "--database-url", dsn)
	}
	go func() {
		done <- RunEnv(ctx, args, Env{Stdout: &stdout, Stderr: &stderr, Getenv: noEnv, Ready: func(u string) { ready <- u }})
	}()
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			t.Errorf("serve did not stop")
		}
	}
	t.Cleanup(stop)
	select {
	case base = <-ready:
	case code := <-done:
		t.Fatalf("serve exited with %d; stderr:\n%s", code, stderr.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("serve did not listen; stderr:\n%s", stderr.String())
	}
	return base, stop
}

// addEditor adds an editor with the CLI, as an administrator would.
func addEditor(t *testing.T, dataDir, dsn string) {
	t.Helper()
	args := []string{"user", "add", "--login", "jadwal", "--email", "jadwal@warta.test", "--role", "editor",
		"--name", "Redaktur Jadwal", "--data-dir", dataDir}
	if dsn != "" {
		args = append(args, "--database-url", dsn)
	}
	if code, _, errOut := runIn("sandi redaktur jadwal\n", args...); code != 0 {
		t.Fatalf("user add: exit %d: %s", code, errOut)
	}
}

// scheduleInEditor writes an article in the editor and publishes it with a
// publication time at, which the newsroom turns into scheduling.
// The time is set lead ahead of the moment the form is sent, after the
// slow part (loading the editor, typing), so a busy machine cannot make
// the article due before the test has looked at the site; it is returned.
func scheduleInEditor(t *testing.T, b *tab, title string, lead time.Duration) (at time.Time) {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Jakarta") // the site's default time zone
	if err != nil {
		t.Fatal(err)
	}
	b.do("schedule "+title,
		chromedp.Navigate(b.base+"/admin/articles/new"),
		visible("#f-title"),
		keys("#f-title", title),
		keys("#f-body-rich", "Berita ini terbit sesuai jadwal."),
		chromedp.Action[chromedp.Void](func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
			at = time.Now().Add(lead).Truncate(time.Second)
			// A datetime-local input gives back its value without ":00"
			// seconds, and SetValue fails unless it reads back what it set.
			layout := "2006-01-02T15:04:05"
			if at.Second() == 0 {
				layout = "2006-01-02T15:04"
			}
			return chromedp.SetValue(chromedp.CSS("#f-publish_at"), at.In(loc).Format(layout))(ctx, tg)
		}),
		click(`button[name=status][value=published]`),
		visible(`.notice`),
	)
	if s := b.text(".meta .status"); s != "Terjadwal" && s != "Scheduled" {
		t.Fatalf("after publishing with a time %v ahead the status is %q", time.Until(at).Round(time.Second), s)
	}
	return at
}

// publicPath reads, from the database, where the article the tab is
// editing will be on the site, and checks it is still scheduled.
func publicPath(t *testing.T, b *tab, dataDir, dsn string) string {
	t.Helper()
	var id int64
	if _, err := fmt.Sscanf(b.eval(`location.pathname`), "/admin/articles/%d", &id); err != nil {
		t.Fatalf("the editor is not at a saved article: %v", err)
	}
	st, err := store.Open(context.Background(), dsn, dataDir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	a, err := st.ArticleByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if a.Status != model.StatusScheduled {
		t.Fatalf("article %d is %s, not scheduled", id, a.Status)
	}
	links, err := st.Permalinks(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return a.Path(links)
}

// getPage fetches a public page as a reader would, without cookies.
func getPage(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

// notYetPublic checks that neither the article's address nor the front
// page shows the article.
func notYetPublic(t *testing.T, base, path, title string) {
	t.Helper()
	if code, _ := getPage(t, base+path); code != http.StatusNotFound {
		t.Errorf("before its time %s answers %d, want 404", path, code)
	}
	if _, front := getPage(t, base+"/"); strings.Contains(front, title) {
		t.Errorf("before its time the front page lists %q", title)
	}
}

// waitOnFront reloads the front page in b, a reader's browser that never
// signed in, until it lists title, and returns when it first did.
func waitOnFront(t *testing.T, b *tab, title string, within time.Duration) time.Time {
	t.Helper()
	for end := time.Now().Add(within); time.Now().Before(end); time.Sleep(250 * time.Millisecond) {
		b.do("open the front page", chromedp.Navigate(b.base+"/"), chromedp.WaitReady(chromedp.CSS("main")))
		if strings.Contains(b.text("main"), title) {
			return time.Now()
		}
	}
	t.Fatalf("the front page did not list %q within %v", title, within)
	return time.Time{}
}

func TestBrowserScheduledArticleAppearsOnTime(t *testing.T) {
	ctx := testenv.Browser(t)
	dataDir := t.TempDir()
	addEditor(t, dataDir, "")
	base, _ := serveAt(t, dataDir, "")
	ed := &tab{t: t, ctx: ctx, base: base}
	ed.signIn("jadwal", "sandi redaktur jadwal")

	const title = "Hasil Rapat Dewan Kota Diumumkan Siang Ini"
	// Enough to check the site before, short enough to wait.
	at := scheduleInEditor(t, ed, title, 6*time.Second)
	path := publicPath(t, ed, dataDir, "")
	notYetPublic(t, base, path, title)

	reader := newTab(t, base)
	seen := waitOnFront(t, reader, title, 30*time.Second)
	if seen.Before(at) {
		t.Errorf("the article was on the front page at %v, before its time %v", seen, at)
	}
	reader.do("open the article", chromedp.Navigate(base+path), visible("h1"))
	if h := reader.text("h1"); h != title {
		t.Errorf("at %s the heading is %q", path, h)
	}
	if code, _ := getPage(t, base+path); code != http.StatusOK {
		t.Errorf("after its time %s answers %d", path, code)
	}
}

func TestBrowserScheduledArticlePublishesAfterRestart(t *testing.T) {
	engines := map[string]string{"sqlite": ""}
	if os.Getenv("CI") == "true" || os.Getenv(storetest.PostgresEnv) != "" {
		engines["postgres"] = storetest.PostgresURL(t)
	}
	for name, dsn := range engines {
		t.Run(name, func(t *testing.T) {
			ctx := testenv.Browser(t)
			dataDir := t.TempDir()
			addEditor(t, dataDir, dsn)
			base, stop := serveAt(t, dataDir, dsn)
			ed := &tab{t: t, ctx: ctx, base: base}
			ed.signIn("jadwal", "sandi redaktur jadwal")
			const title = "Jembatan Baru Dibuka untuk Umum"
			at := scheduleInEditor(t, ed, title, 6*time.Second)
			path := publicPath(t, ed, dataDir, dsn)
			notYetPublic(t, base, path, title)
			stop()

			// The time passes while no warta runs.
			time.Sleep(time.Until(at) + time.Second)
			publicPath(t, ed, dataDir, dsn) // still scheduled: nobody published it

			base, _ = serveAt(t, dataDir, dsn)
			reader := newTab(t, base)
			waitOnFront(t, reader, title, 15*time.Second)
			reader.do("open the article", chromedp.Navigate(base+path), visible("h1"))
			if h := reader.text("h1"); h != title {
				t.Errorf("after the restart %s shows %q", path, h)
			}
		})
	}
}

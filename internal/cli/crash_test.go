package cli

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"html/template"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
)

// buildWarta compiles the real binary into a temporary folder.
func buildWarta(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "warta")
	out, err := exec.Command("go", "build", "-o", bin, "warta").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// dbTarget names a database the way every command takes it.
type dbTarget struct{ dataDir, dsn string }

func (d dbTarget) args() []string {
	return []string{"--data-dir", d.dataDir, "--database-url", d.dsn}
}

// ackedWrite is one write the program acknowledged: a row it reported
// committed, which must survive whatever happens to the process after.
type ackedWrite struct {
	table string // "articles" or "comments"
	id    int64
}

// crashPath is one way of writing through the real binary: run starts the
// process writing to db and returns it with the writes it acknowledges,
// the channel closing when the process's output ends.
type crashPath struct {
	name string
	run  func(t *testing.T, bin string, db dbTarget) (*exec.Cmd, <-chan ackedWrite)
}

// crashPaths lists every write path the crash test kills, with its
// acknowledgement: the drill's line per commit, POST /comments' 303 to the
// comment, the newsroom's 303 to the published article. (The WXR import,
// one transaction with a report at the end, has TestImportKilledMidway.)
var crashPaths = []crashPath{
	{name: "articles and comments written by warta drill", run: runDrillProcess},
	{name: "reader comments posted to the served binary", run: runCommentPosts},
	{name: "articles published through the served newsroom", run: runPublishing},
}

var drillLine = regexp.MustCompile(`^(article|comment) (\d+) `)

func runDrillProcess(t *testing.T, bin string, db dbTarget) (*exec.Cmd, <-chan ackedWrite) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"drill", "--scratch"}, db.args()...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	acks := make(chan ackedWrite, 1024)
	go func() {
		defer close(acks)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			m := drillLine.FindStringSubmatch(sc.Text())
			if m == nil {
				continue
			}
			var id int64
			fmt.Sscan(m[2], &id)
			acks <- ackedWrite{table: m[1] + "s", id: id}
		}
	}()
	return cmd, acks
}

// killDuringWrites lets the process acknowledge at least min writes and
// run for a random while, then SIGKILLs it, and returns every write it
// acknowledged, including lines written just before it died.
func killDuringWrites(t *testing.T, cmd *exec.Cmd, acks <-chan ackedWrite, min int) []ackedWrite {
	t.Helper()
	var got []ackedWrite
	deadline := time.After(30 * time.Second)
	runFor := time.After(time.Duration(150+rand.IntN(250)) * time.Millisecond)
	ran := false
	for !ran || len(got) < min {
		select {
		case a, ok := <-acks:
			if !ok {
				t.Fatalf("the process stopped writing by itself after %d writes", len(got))
			}
			got = append(got, a)
		case <-runFor:
			ran = true
		case <-deadline:
			t.Fatalf("only %d writes acknowledged in 30s", len(got))
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	for a := range acks {
		got = append(got, a)
	}
	if err := cmd.Wait(); err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("process ended with %v, want killed", err)
	}
	return got
}

// rowIDs returns the IDs in table.
func rowIDs(t *testing.T, db *sql.DB, table string) map[int64]bool {
	t.Helper()
	rows, err := db.QueryContext(t.Context(), "SELECT id FROM "+table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	ids := map[int64]bool{}
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ids[id] = true
	}
	return ids
}

func TestCrashSafety(t *testing.T) {
	bin := buildWarta(t)
	engines := []struct {
		name   string
		target func(t *testing.T) (dbTarget, string, string)
	}{
		{"sqlite", func(t *testing.T) (dbTarget, string, string) {
			dir := t.TempDir()
			return dbTarget{dataDir: dir}, "sqlite", "file:" + filepath.Join(dir, "warta.db") + "?mode=ro"
		}},
		{"postgres", func(t *testing.T) (dbTarget, string, string) {
			dsn := storetest.PostgresURL(t)
			return dbTarget{dataDir: t.TempDir(), dsn: dsn}, "pgx", dsn
		}},
	}
	for _, eng := range engines {
		for _, path := range crashPaths {
			t.Run(eng.name+"/"+path.name, func(t *testing.T) {
				db, driver, dsn := eng.target(t)
				var acked []ackedWrite
				// Three lives: each restart must recover from the last kill
				// and go on writing.
				for range 3 {
					cmd, acks := path.run(t, bin, db)
					acked = append(acked, killDuringWrites(t, cmd, acks, 40)...)
				}

				// Opening the store replays SQLite's WAL as the server would.
				st, err := store.Open(t.Context(), db.dsn, db.dataDir)
				if err != nil {
					t.Fatal(err)
				}
				if err := st.IntegrityCheck(t.Context()); err != nil {
					t.Fatalf("after the kills: %v", err)
				}
				st.Close()

				raw, err := sql.Open(driver, dsn)
				if err != nil {
					t.Fatal(err)
				}
				defer raw.Close()
				present := map[string]map[int64]bool{
					"articles": rowIDs(t, raw, "articles"),
					"comments": rowIDs(t, raw, "comments"),
				}
				for _, a := range acked {
					if !present[a.table][a.id] {
						t.Fatalf("%s %d was acknowledged before the kill and is gone (%d writes acknowledged)", a.table, a.id, len(acked))
					}
				}
				var orphans int
				raw.QueryRow(`SELECT COUNT(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM revisions r WHERE r.article_id = a.id)`).Scan(&orphans)
				if orphans > 0 {
					t.Fatalf("%d articles without their first revision: a transaction was split", orphans)
				}
				t.Logf("%d acknowledged writes over 3 kills, all present", len(acked))

				lastSlug := lastArticleSlug(t, raw)
				serveAfterCrash(t, bin, db, lastSlug)
			})
		}
	}
}

func lastArticleSlug(t *testing.T, db *sql.DB) string {
	t.Helper()
	var slug string
	if err := db.QueryRow(`SELECT slug FROM articles ORDER BY id DESC LIMIT 1`).Scan(&slug); err != nil {
		t.Fatal(err)
	}
	return slug
}

var servingLine = regexp.MustCompile(`warta is serving (http://127\.0\.0\.1:\d+)`)

// serveAfterCrash starts the real binary's server on the crashed database:
// it must be ready, show the newest article, and stop cleanly on SIGTERM.
func serveAfterCrash(t *testing.T, bin string, db dbTarget, slug string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append([]string{"serve", "--no-demo", "--listen", "127.0.0.1:0"}, db.args()...)...)
	stdout, _ := cmd.StdoutPipe()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	base := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := servingLine.FindStringSubmatch(sc.Text()); m != nil {
				base <- m[1]
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	var url string
	select {
	case url = <-base:
	case <-ctx.Done():
		t.Fatalf("serve did not start after the crash; stderr:\n%s", stderr.String())
	}
	if status, _, _ := get(t, url, "/readyz"); status != 200 {
		t.Fatalf("readyz after the crash: %d", status)
	}
	if status, _, body := get(t, url, "/"); status != 200 || !strings.Contains(body, slug) {
		t.Fatalf("front page after the crash: %d, newest article %s missing", status, slug)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("serve after SIGTERM: %v; stderr:\n%s", err, stderr.String())
	}
}

// TestRestoreKilledMidway SIGKILLs `warta restore` at random moments: the
// database must afterwards pass its integrity check and hold either all of
// what it held before or all of the backup, never a mix.
func TestRestoreKilledMidway(t *testing.T) {
	bin := buildWarta(t)
	ctx := t.Context()

	// A backup large enough that restoring it takes a while.
	src := t.TempDir()
	st, err := store.Open(ctx, "", src)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	author := storetest.User(t, st, "Penulis Besar")
	body := "<p>" + strings.Repeat("Laporan panjang tentang banjir. ", 3500) + "</p>"
	for i := range 120 {
		storetest.Post(t, st, func(a *model.Article) {
			a.BodyHTML = template.HTML(body)
			a.Slug = fmt.Sprintf("besar-%d", i)
			a.Bylines = []model.Byline{{User: *author}}
		})
	}
	backup := filepath.Join(t.TempDir(), "besar.db")
	if _, err := st.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	st.Close()

	// The database it is restored over holds something else; each attempt
	// starts from a copy of it.
	old := t.TempDir()
	if out, err := exec.Command(bin, "drill", "--scratch", "--count", "20", "--data-dir", old).CombinedOutput(); err != nil {
		t.Fatalf("drill: %v\n%s", err, out)
	}
	pristine, err := os.ReadFile(filepath.Join(old, "warta.db")) // the drill's exit checkpointed the WAL
	if err != nil {
		t.Fatal(err)
	}
	fresh := func() string {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "warta.db"), pristine, 0o600); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	count := func(dir string) int {
		t.Helper()
		st, err := store.Open(ctx, "", dir)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if err := st.IntegrityCheck(ctx); err != nil {
			t.Fatalf("after a killed restore: %v", err)
		}
		n, err := st.CountArticles(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := count(fresh())

	// How long a whole restore takes here, so the kills spread over its run.
	start := time.Now()
	if out, err := exec.Command(bin, "restore", "--yes", "--data-dir", fresh(), backup).CombinedOutput(); err != nil {
		t.Fatalf("restore: %v\n%s", err, out)
	}
	whole := time.Since(start)

	var outcomes []string
	for i := range 5 {
		dst := fresh()
		cmd := exec.Command(bin, "restore", "--yes", "--data-dir", dst, backup)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(whole * time.Duration(i+1) / 6)
		cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		switch n := count(dst); n {
		case before:
			outcomes = append(outcomes, "old")
		case 120:
			outcomes = append(outcomes, "restored")
		default:
			t.Fatalf("after a restore killed at %d/6 of its run (%v): %d articles, want %d (old) or 120 (backup)", i+1, err, n, before)
		}
	}
	t.Logf("a whole restore took %s; outcomes of the killed ones: %v", whole, outcomes)
}

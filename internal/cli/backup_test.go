package cli

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"warta/internal/media"
	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
)

// ackWriter inserts articles through a store of its own until stopped,
// recording when each insert began and the IDs acknowledged; each article
// gets a comment, and every third one an image uploaded to mediaDir.
type ackWriter struct {
	mediaDir string
	mu       sync.Mutex
	began    []time.Time
	ids      []int64
	uploads  int
	limit    int // stop after this many articles; 0: when ctx ends
	err      error
}

func (w *ackWriter) acked() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.ids)
}

func (w *ackWriter) run(ctx context.Context, st *store.Store, author *model.User) {
	for i := 0; ctx.Err() == nil && (w.limit == 0 || i < w.limit); i++ {
		began := time.Now()
		a := &model.Article{
			Slug:     fmt.Sprintf("cadangan-%d-%d", began.UnixNano(), i),
			Title:    fmt.Sprintf("Berita cadangan %d", i),
			BodyHTML: template.HTML("<p>" + strings.Repeat("Isi berita. ", 100) + "</p>"),
			Status:   model.StatusPublished,
			Lang:     "id",
			Bylines:  []model.Byline{{User: *author}},
		}
		err := st.InsertArticle(context.WithoutCancel(ctx), a)
		if err == nil {
			err = st.InsertComment(context.WithoutCancel(ctx), &model.Comment{ArticleID: a.ID, AuthorName: "Pembaca",
				AuthorEmail: "pembaca@example.test", Content: template.HTML(fmt.Sprintf("<p>Komentar %d</p>", i)),
				Status: model.CommentApproved, Kind: model.CommentKindComment, IP: "192.0.2.1"})
		}
		uploaded := false
		if err == nil && w.mediaDir != "" && i%3 == 0 {
			_, err = media.Save(context.WithoutCancel(ctx), st, media.NewFolder(w.mediaDir), bytes.NewReader(noisePNG(i)),
				fmt.Sprintf("foto-%d.png", i), author.ID, began.UTC())
			uploaded = err == nil
		}
		w.mu.Lock()
		if uploaded {
			w.uploads++
		}
		if err != nil {
			w.err = err
			w.mu.Unlock()
			return
		}
		w.began = append(w.began, began)
		w.ids = append(w.ids, a.ID)
		w.mu.Unlock()
	}
}

// articleRows lists "id|slug|title" of every article in the database db.
func articleRows(t *testing.T, driver, dsn string) []string {
	t.Helper()
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.QueryContext(t.Context(), `SELECT id, slug, title FROM articles ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id int64
		var slug, title string
		if err := rows.Scan(&id, &slug, &title); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%d|%s|%s", id, slug, title))
	}
	return out
}

func sqliteFile(dir string) string { return "file:" + filepath.Join(dir, "warta.db") + "?mode=ro" }

// backupDuringWrites runs `warta backup` while w writes through st, and
// returns the command's exit code and output with the time it ran.
func backupDuringWrites(t *testing.T, st *store.Store, mediaDir string, args ...string) (code int, out string, began, ended time.Time, w *ackWriter) {
	t.Helper()
	author := storetest.User(t, st, "Penulis Malam")
	w = &ackWriter{mediaDir: mediaDir}
	ctx, stop := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); w.run(ctx, st, author) }()
	// The backup begins once writes are flowing: a few acknowledged, so
	// that it must hold them, on a machine however busy.
	for deadline := time.Now().Add(30 * time.Second); w.acked() < 3; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			stop()
			wg.Wait()
			t.Fatalf("the writer acknowledged %d writes in 30 s (%v)", w.acked(), w.err)
		}
	}
	began = time.Now()
	code, out, errOut := run(append([]string{"backup"}, args...)...)
	ended = time.Now()
	// And writes go on after it, which a restore must not bring back.
	for n, deadline := w.acked(), time.Now().Add(30*time.Second); w.acked() < n+2 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	stop()
	wg.Wait()
	if w.err != nil {
		t.Fatalf("writer: %v", w.err)
	}
	return code, out + errOut, began, ended, w
}

// checkConsistent fails unless rows (after a restore) hold every write
// acknowledged before the backup began, none begun after it ended, and no
// gap: one moment in the write sequence.
func checkConsistent(t *testing.T, rows []string, w *ackWriter, began, ended time.Time) {
	t.Helper()
	have := map[int64]bool{}
	var maxID int64
	for _, r := range rows {
		var id int64
		fmt.Sscanf(r, "%d|", &id)
		have[id] = true
		maxID = max(maxID, id)
	}
	for i, id := range w.ids {
		switch {
		case w.began[i].Before(began) && !have[id] && i+1 < len(w.ids) && w.began[i+1].Before(began):
			t.Fatalf("article %d, acknowledged before the backup began, is missing", id)
		case id < maxID && !have[id]:
			t.Fatalf("article %d missing while %d is there", id, maxID)
		case w.began[i].After(ended) && have[id]:
			t.Fatalf("article %d, begun after the backup ended, was restored", id)
		}
	}
}

func TestBackupAndRestoreSQLite(t *testing.T) {
	base, dataDir := startServe(t)
	st, err := store.Open(t.Context(), "", dataDir) // a second writer beside the server
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	file := filepath.Join(t.TempDir(), "warta-backup.db")

	code, out, began, ended, w := backupDuringWrites(t, st, filepath.Join(dataDir, "media"), "--data-dir", dataDir, file)
	if code != 0 {
		t.Fatalf("backup exited %d: %s", code, out)
	}
	if !strings.Contains(out, "backup written to "+file) {
		t.Errorf("output %q", out)
	}
	// The site kept serving while it ran.
	if status, _, _ := get(t, base, "/"); status != 200 {
		t.Fatalf("front page during backup: %d", status)
	}

	restored := t.TempDir()
	if code, out, errOut := run("restore", "--data-dir", restored, file); code != 0 {
		t.Fatalf("restore exited %d: %s%s", code, out, errOut)
	}
	rows := articleRows(t, "sqlite", sqliteFile(restored))
	live := articleRows(t, "sqlite", sqliteFile(dataDir))
	if len(rows) == 0 || len(rows) >= len(live) {
		t.Fatalf("restored %d articles, live database has %d: the backup should hold fewer", len(rows), len(live))
	}
	checkConsistent(t, rows, w, began, ended)
	// Every restored article is the live one, unchanged.
	for _, r := range rows {
		if !slices.Contains(live, r) {
			t.Fatalf("restored row %q differs from the live database", r)
		}
	}
	checkRestoredContent(t, "sqlite", sqliteFile(restored), sqliteFile(dataDir), restored, dataDir, w)

	t.Run("the restored data folder serves the site", func(t *testing.T) {
		base2, _ := startServeDir(t, restored)
		if status, _, body := get(t, base2, "/"); status != 200 || !strings.Contains(body, "Berita cadangan") {
			t.Fatalf("front page of the restored site: %d", status)
		}
	})
}

func TestBackupOnPostgres(t *testing.T) {
	dsn := storetest.PostgresURL(t)
	if code, out, errOut := run("migrate", "--database-url", dsn); code != 0 {
		t.Fatalf("migrate: %d %s%s", code, out, errOut)
	}
	st, err := store.Open(t.Context(), dsn, "")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	file := filepath.Join(t.TempDir(), "warta.dump")
	dataDir := t.TempDir() // the media folder lives here on PostgreSQL too

	code, out, began, ended, w := backupDuringWrites(t, st, filepath.Join(dataDir, "media"), "--database-url", dsn, "--data-dir", dataDir, file)
	if code != 0 {
		t.Fatalf("backup exited %d: %s", code, out)
	}
	before := articleRows(t, "pgx", dsn)
	live := snapshotDB(t, "pgx", dsn)
	restored := t.TempDir() // a fresh data folder for the media
	if code, out, errOut := run("restore", "--yes", "--database-url", dsn, "--data-dir", restored, file); code != 0 {
		t.Fatalf("restore exited %d: %s%s", code, out, errOut)
	}
	checkRestoredRows(t, snapshotDB(t, "pgx", dsn), live, restored, dataDir, w)
	rows := articleRows(t, "pgx", dsn)
	if len(rows) == 0 || len(rows) >= len(before) {
		t.Fatalf("restored %d articles over %d: the writes after the backup should be gone", len(rows), len(before))
	}
	checkConsistent(t, rows, w, began, ended)
	// The restored database takes writes again, IDs continuing past the restored ones.
	storetest.Post(t, st, nil)
}

func TestBackupCommandErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"backup without a file is a usage error", []string{"backup", "--data-dir", dir}, 2, "FILE"},
		{"backup of a folder without a database names it", []string{"backup", "--data-dir", dir, filepath.Join(dir, "b.db")}, 1, dir},
		{"restore of a missing file names it", []string{"restore", "--data-dir", dir, filepath.Join(dir, "nope.db")}, 3, "nope.db"},
		{"restore of a file that is no database names it", []string{"restore", "--data-dir", dir, writeJunk(t)}, 3, "junk.db"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := run(tc.args...)
			if code != tc.code || !strings.Contains(errOut, tc.want) {
				t.Fatalf("exit %d, stderr %q; want %d naming %q", code, errOut, tc.code, tc.want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "warta.db-wal")); err == nil {
		// A refused restore may create the empty database it would have
		// filled, but it must hold no articles.
		if rows := articleRows(t, "sqlite", sqliteFile(dir)); len(rows) > 0 {
			t.Fatalf("refused restore wrote %d articles", len(rows))
		}
	}
}

func writeJunk(t *testing.T) string {
	p := filepath.Join(t.TempDir(), "junk.db")
	os.WriteFile(p, []byte("ini bukan cadangan"), 0o600)
	return p
}

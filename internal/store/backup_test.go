package store_test

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
)

// writer inserts published articles one after another until stopped,
// remembering the ID of each once InsertArticle has returned (acknowledged)
// and when.
type writer struct {
	mu    sync.Mutex
	acked []ack
	err   error
}

type ack struct {
	id    int64
	began time.Time // before InsertArticle was called
	at    time.Time // after it returned
}

func (w *writer) run(ctx context.Context, st *store.Store, author *model.User, body string) {
	for i := 0; ctx.Err() == nil; i++ {
		began := time.Now()
		a := &model.Article{
			Slug:     fmt.Sprintf("tulis-%d-%d", time.Now().UnixNano(), i),
			Title:    fmt.Sprintf("Tulisan %d", i),
			BodyHTML: template.HTML(body),
			Status:   model.StatusPublished,
			Lang:     "id",
			Bylines:  []model.Byline{{User: *author}},
		}
		err := st.InsertArticle(context.WithoutCancel(ctx), a)
		w.mu.Lock()
		if err != nil {
			w.err = err
			w.mu.Unlock()
			return
		}
		w.acked = append(w.acked, ack{a.ID, began, time.Now()})
		w.mu.Unlock()
	}
}

func (w *writer) between(from, to time.Time) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 0
	for _, a := range w.acked {
		if a.at.After(from) && a.at.Before(to) {
			n++
		}
	}
	return n
}

func articleIDs(lines []string) []int64 {
	var ids []int64
	for _, l := range lines {
		var id int64
		if _, err := fmt.Sscanf(l, "article %d", &id); err == nil {
			ids = append(ids, id)
		}
	}
	return ids
}

// openCopy opens a copy of a SQLite backup file as a store.
func openCopy(t *testing.T, backup string) *store.Store {
	t.Helper()
	dir := t.TempDir()
	b, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "warta.db"), b, 0o600); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(t.Context(), "", dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestBackup(t *testing.T) {
	ctx := t.Context()
	st := storetest.New(t)
	author := storetest.User(t, st, "Penulis Cadangan")
	// Enough pages that the copy takes a while next to the writes.
	body := "<p>" + strings.Repeat("Banjir surut di hilir Kali Wening. ", 200) + "</p>"
	for range 300 {
		storetest.Post(t, st, func(a *model.Article) {
			a.BodyHTML = template.HTML(body)
			a.Bylines = []model.Byline{{User: *author}}
		})
	}

	var w writer
	wctx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); w.run(wctx, st, author, body) }()

	time.Sleep(50 * time.Millisecond)
	dst := filepath.Join(t.TempDir(), "cadangan.db")
	var size int64
	var err error
	var began, ended time.Time
	// Repeat until writes were acknowledged while a copy ran: the point is
	// a backup taken during writes.
	for try := 0; try < 20; try++ {
		began = time.Now()
		size, err = st.Backup(ctx, dst)
		ended = time.Now()
		if err != nil || w.between(began, ended) > 0 {
			break
		}
	}
	time.Sleep(50 * time.Millisecond) // and writes after it
	stop()
	wg.Wait()
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	if w.err != nil {
		t.Fatalf("writer: %v", w.err)
	}
	if w.between(began, ended) == 0 {
		t.Fatal("no write was acknowledged while the backup ran; the test proves nothing")
	}
	if size == 0 {
		t.Fatal("backup reported 0 bytes")
	}

	copySt := openCopy(t, dst)
	backupRows, err := copySt.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("the copy passes the integrity check and keeps no partial file beside it", func(t *testing.T) {
		if err := store.CheckSQLiteBackup(ctx, dst); err != nil {
			t.Fatal(err)
		}
		matches, _ := filepath.Glob(dst + ".partial-*")
		if len(matches) > 0 {
			t.Fatalf("leftover partial files: %v", matches)
		}
	})
	t.Run("the copy holds every write acknowledged before it began and a gapless prefix after", func(t *testing.T) {
		ids := articleIDs(backupRows)
		have := make(map[int64]bool, len(ids))
		for _, id := range ids {
			have[id] = true
		}
		maxID := slices.Max(ids)
		w.mu.Lock()
		defer w.mu.Unlock()
		for _, a := range w.acked {
			switch {
			case a.at.Before(began) && !have[a.id]:
				t.Fatalf("article %d, acknowledged before the backup began, is missing", a.id)
			case a.id <= maxID && !have[a.id]:
				t.Fatalf("article %d missing while later article %d is there: not one consistent moment", a.id, maxID)
			case a.began.After(ended) && have[a.id]:
				t.Fatalf("article %d, written after the backup ended, is in it", a.id)
			}
		}
	})
	t.Run("every article in the copy has its byline and revision: no half transaction", func(t *testing.T) {
		count := map[string]int{}
		for _, l := range backupRows {
			kind, _, _ := strings.Cut(l, " ")
			count[kind]++
		}
		if count["article"] != count["revision"] || count["article"] != count["byline"] {
			t.Fatalf("articles %d, revisions %d, bylines %d", count["article"], count["revision"], count["byline"])
		}
	})
	t.Run("restore puts the live database back to the copy", func(t *testing.T) {
		before, _ := st.Snapshot(ctx)
		if len(before) <= len(backupRows) {
			t.Fatalf("live database (%d rows) has nothing the backup lacks (%d)", len(before), len(backupRows))
		}
		if err := st.Restore(ctx, dst); err != nil {
			t.Fatal(err)
		}
		after, err := st.Snapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(after, backupRows) {
			t.Fatalf("after restore: %d rows, backup has %d", len(after), len(backupRows))
		}
		if err := st.IntegrityCheck(ctx); err != nil {
			t.Fatal(err)
		}
		// The restored database takes writes again.
		storetest.Post(t, st, nil)
	})
	t.Run("restore refuses a file that is not a warta database, changing nothing", func(t *testing.T) {
		before, _ := st.Snapshot(ctx)
		junk := filepath.Join(t.TempDir(), "junk.db")
		os.WriteFile(junk, []byte("bukan basis data"), 0o600)
		err := st.Restore(ctx, junk)
		if err == nil || !strings.Contains(err.Error(), "junk.db") {
			t.Fatalf("error %v, want one naming junk.db", err)
		}
		after, _ := st.Snapshot(ctx)
		if !slices.Equal(before, after) {
			t.Fatal("a refused restore changed the database")
		}
		if err := st.Restore(ctx, filepath.Join(t.TempDir(), "missing.db")); err == nil {
			t.Fatal("a missing file was restored")
		}
	})
}

func TestBackupOnPostgres(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		if eng.Name != "postgres" {
			continue
		}
		st := eng.New(t)
		if _, err := st.Backup(t.Context(), filepath.Join(t.TempDir(), "x.db")); !errors.Is(err, store.ErrNotSQLite) {
			t.Fatalf("backup on PostgreSQL: %v, want ErrNotSQLite", err)
		}
	}
}

package cli

import (
	"database/sql"
	"html/template"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
)

// TestServeReindexesAStaleSearchIndex starts serve on a site whose search
// index an older analyzer wrote, and checks that a reader's search soon
// finds what the new analyzer reads into the articles.
func TestServeReindexesAStaleSearchIndex(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(t.Context(), "", dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	a := storetest.Post(t, st, func(a *model.Article) {
		a.Lang, a.Title, a.Excerpt = "id", "Pembelajaran tatap muka dimulai", ""
		a.BodyHTML = template.HTML("<p>Sekolah dibuka kembali.</p>")
	})
	st.Close()

	// What the analyzer before version 2 indexed: "pembelajaran" as
	// "belajar", which a search for "pelajaran" ("ajar") does not meet.
	db, err := sql.Open("sqlite", filepath.Join(dir, "warta.db"))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`DELETE FROM article_search`,
		`INSERT INTO article_search (rowid, title, body) VALUES (?, 'belajar tatap muka mulai', 'sekolah buka kembali')`,
		`UPDATE settings SET value = '1' WHERE key = 'search_analyzer_version'`,
	} {
		args := []any{}
		if strings.Contains(q, "?") {
			args = append(args, a.ID)
		}
		if _, err := db.ExecContext(t.Context(), q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()

	base, _ := startServeDir(t, dir, "--no-demo", "--cache-disabled")
	deadline := time.Now().Add(20 * time.Second)
	for {
		status, _, body := get(t, base, "/search?q=pelajaran")
		if status != http.StatusOK && status != http.StatusTooManyRequests {
			t.Fatalf("search: %d", status)
		}
		// The title is shown with the matched word marked.
		if strings.Contains(body, "tatap muka dimulai") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("search for pelajaran still misses the article 20s after start: the index was not re-analyzed")
		}
		time.Sleep(600 * time.Millisecond) // search allows two a second
	}
}

// TestReindexSearchLogsProgress checks the lines an operator sees while a
// large archive is re-indexed: how many of how many, the rate, the time left.
func TestReindexSearchLogsProgress(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(t.Context(), "", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	for range 120 {
		storetest.Post(t, st, func(a *model.Article) { a.Lang = "id" })
	}
	db, err := sql.Open("sqlite", filepath.Join(dir, "warta.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// A site from before the analyzer was versioned.
	if _, err := db.ExecContext(t.Context(), `DELETE FROM settings WHERE key = 'search_analyzer_version'`); err != nil {
		t.Fatal(err)
	}
	var out syncBuffer
	if err := reindexSearch(t.Context(), st, slog.New(slog.NewTextHandler(&out, nil)), 0); err != nil {
		t.Fatal(err)
	}
	log := out.String()
	for _, want := range []string{"the analyzer changed", "done=50 total=120", "done=120 total=120", "per_second=", "left=", "articles=120"} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
	out = syncBuffer{}
	if err := reindexSearch(t.Context(), st, slog.New(slog.NewTextHandler(&out, nil)), 0); err != nil || out.String() != "" {
		t.Errorf("second run: %v, logged %q; want nothing to do", err, out.String())
	}
}

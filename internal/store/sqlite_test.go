package store_test

import (
	"database/sql"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"warta/internal/model"
	"warta/internal/store"
)

// TestSQLiteFile checks what the SQLite DSN promises, on the file itself.
func TestSQLiteFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data dir?#%") // created by Open; odd characters survive the URI
	st, err := store.Open(t.Context(), "", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	if st.Engine() != "sqlite" {
		t.Errorf("Engine = %q, want sqlite", st.Engine())
	}

	t.Run("the database is in WAL mode", func(t *testing.T) {
		// A plain connection, without the store's pragmas: WAL is a property
		// of the file, so it reports the mode the store switched it to.
		path := (&url.URL{Path: filepath.ToSlash(filepath.Join(dir, "warta.db"))}).EscapedPath()
		db, err := sql.Open("sqlite", "file:"+path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var mode string
		if err := db.QueryRowContext(t.Context(), "PRAGMA journal_mode").Scan(&mode); err != nil {
			t.Fatal(err)
		}
		if mode != "wal" {
			t.Errorf("journal_mode = %q, want wal", mode)
		}
	})

	t.Run("two processes writing at once both succeed", func(t *testing.T) {
		// A second store on the same file stands for a second process
		// (warta user add while warta serve runs): busy_timeout and BEGIN
		// IMMEDIATE make each wait for the other instead of failing.
		other, err := store.Open(t.Context(), "", dir)
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		var wg sync.WaitGroup
		errs := make(chan error, 2*25)
		for s, st := range []*store.Store{st, other} {
			wg.Go(func() {
				for i := range 25 {
					u := &model.User{Login: fmt.Sprintf("u%d-%d", s, i), Email: "x@example.test", DisplayName: "X",
						Slug: fmt.Sprintf("u%d-%d", s, i), Role: model.RoleAuthor}
					errs <- st.InsertUser(t.Context(), u)
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if n, err := st.CountUsers(t.Context()); err != nil || n != 50 {
			t.Errorf("CountUsers = %d, %v; want 50", n, err)
		}
	})
}

func TestOpenRejectsOtherURLs(t *testing.T) {
	for _, dsn := range []string{"mysql://u:secret@h/db", "sqlite:warta.db"} {
		st, err := store.Open(t.Context(), dsn, t.TempDir())
		if err == nil {
			st.Close()
			t.Errorf("Open(%q) succeeded, want an error", dsn)
			continue
		}
		if strings.Contains(err.Error(), "secret") {
			t.Errorf("Open error %q repeats the password", err)
		}
	}
}

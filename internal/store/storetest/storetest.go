// Package storetest gives tests migrated stores on real databases — SQLite
// always, PostgreSQL when WARTA_TEST_POSTGRES_URL is set — and small
// builders for the rows tests need.
//
// Without WARTA_TEST_POSTGRES_URL, PostgreSQL is simply not listed, so
// "go test ./..." passes on a bare machine. Under CI=true a missing or
// unreachable PostgreSQL fails the test instead: CI must run both engines.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, to create and drop schemas

	"warta/internal/store"
)

// PostgresEnv names the environment variable holding the URL of a
// PostgreSQL database tests may create schemas in, for example
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable.
const PostgresEnv = "WARTA_TEST_POSTGRES_URL"

// Engine is a storage engine tests run against.
type Engine struct {
	Name string                          // "sqlite" or "postgres"
	New  func(t testing.TB) *store.Store // a fresh, migrated, empty store, closed (and dropped) in t.Cleanup
}

// Engines returns SQLite, and PostgreSQL when WARTA_TEST_POSTGRES_URL is set
// and reachable. An unreachable PostgreSQL is fatal; so is an unset variable
// when CI=true.
func Engines(t testing.TB) []Engine {
	t.Helper()
	engines := []Engine{{Name: "sqlite", New: newSQLite}}
	pgURL := os.Getenv(PostgresEnv)
	if pgURL == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("storetest: CI=true but %s is not set: the PostgreSQL leg must run in CI", PostgresEnv)
		}
		return engines
	}
	if err := adminExec(pgURL, "SELECT 1"); err != nil {
		t.Fatalf("storetest: PostgreSQL at %s does not answer: %v", PostgresEnv, err)
	}
	return append(engines, Engine{Name: "postgres", New: func(t testing.TB) *store.Store {
		return newPostgres(t, pgURL)
	}})
}

// New returns a fresh migrated store on a SQLite file in t.TempDir(), for
// tests that need one engine only.
func New(t testing.TB) *store.Store {
	t.Helper()
	return newSQLite(t)
}

func newSQLite(t testing.TB) *store.Store {
	t.Helper()
	return openMigrated(t, "", t.TempDir())
}

// newPostgres opens and migrates a store on a schema of its own.
func newPostgres(t testing.TB, pgURL string) *store.Store {
	t.Helper()
	return openMigrated(t, schemaURL(t, pgURL), "")
}

// PostgresURL returns the URL of an empty schema of its own on the test
// PostgreSQL server, dropped with everything in it when the test ends, for
// tests that open the database themselves (the end-to-end tests start the
// real serve command on it). Without WARTA_TEST_POSTGRES_URL it skips the
// test, or fails it when CI=true.
func PostgresURL(t testing.TB) string {
	t.Helper()
	pgURL := os.Getenv(PostgresEnv)
	if pgURL == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("storetest: CI=true but %s is not set: the PostgreSQL leg must run in CI", PostgresEnv)
		}
		t.Skipf("storetest: %s is not set", PostgresEnv)
	}
	return schemaURL(t, pgURL)
}

// schemaURL creates a schema with a random name and returns pgURL with
// connections pointed at it (search_path, which pgx passes to the server as
// a run-time parameter from the URL); the schema is dropped when the test
// ends.
func schemaURL(t testing.TB, pgURL string) string {
	t.Helper()
	schema := "warta_test_" + randomHex(t, 8)
	if err := adminExec(pgURL, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("storetest: create schema: %v", err)
	}
	// Registered before the store's Close, so it runs after it: cleanups
	// run last-in first-out.
	t.Cleanup(func() {
		if err := adminExec(pgURL, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("storetest: drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(pgURL)
	if err != nil {
		t.Fatalf("storetest: %s: %v", PostgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// adminExec runs stmt on a connection of its own, so that tests running in
// parallel do not each hold one open for their whole run. It does not use
// t.Context(), which is already cancelled when cleanups run.
func adminExec(pgURL, stmt string) error {
	db, err := sql.Open("pgx", pgURL)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err = db.ExecContext(ctx, stmt)
	return err
}

func openMigrated(t testing.TB, dsn, dataDir string) *store.Store {
	t.Helper()
	st, err := store.Open(t.Context(), dsn, dataDir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := st.Close(); err != nil {
			t.Errorf("storetest: %v", err)
		}
	})
	if err := st.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	return st
}

func randomHex(t testing.TB, n int) string {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// Package store is warta's storage: one *Store over database/sql whose SQL is
// written once, in the subset SQLite (modernc.org/sqlite) and PostgreSQL (pgx)
// both understand. What truly differs lives in the two migration folders and
// in the small dialect value below.
//
// Every method takes a context first, returns model.ErrNotFound when the row
// it looks for does not exist and model.ErrConflict when a unique value (a
// slug, a login, a redirect path) is already taken, and wraps every other
// error with the operation that failed.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"warta/internal/model"
)

// Store reads and writes warta's data. It is safe for concurrent use.
type Store struct {
	// On SQLite, read is a pool of read-only connections and write a single
	// connection, so writers queue in Go instead of failing with SQLITE_BUSY;
	// on PostgreSQL both are the same pool.
	read  *readDB
	write *sql.DB
	d     dialect
	// local delivers the changes committed by this process to its
	// followers at once, before the change log reaches them (watch.go).
	local localChanges
	// searches bounds concurrent full-text searches (search_slots.go).
	searches slots
	// mediaIndexed is set once every media item has its search words
	// (media_search.go).
	mediaIndexed atomic.Bool
}

// dialect holds the few things the two engines do differently outside the
// migrations.
type dialect struct {
	// engine is "sqlite" or "postgres", also the migrations folder name.
	engine string
	// lockMigrations, run first in every migration transaction, keeps two
	// instances starting at once from applying the same migration. Empty on
	// SQLite, where the transaction itself takes the database's write lock.
	lockMigrations string
	// search holds the full-text search SQL (search.go).
	search searchDialect
	// articleFilter is how a query joins articles only to read their id,
	// type, status and publication time. SQLite is told to read them from
	// the articles_search_filter index: its planner prefers the table, whose
	// rows hold the body before the status, so each lookup walks the
	// body's overflow pages.
	articleFilter string
	// sortParts: the rows of fill's query are sorted in Go, not by an
	// ORDER BY (partsOrder), which costs SQLite more than the rest of the
	// query. Only where Go orders text as the engine does: SQLite compares
	// it byte by byte; PostgreSQL by the database's collation.
	sortParts bool
	// optimize refreshes the planner's statistics (optimize.go).
	optimize []string
	// skipLocked ends the subquery that picks outbox rows to claim
	// (mail.go): PostgreSQL skips rows another instance is claiming at
	// that moment; SQLite has one writer at a time and needs nothing.
	skipLocked string
	// anonymousParams: the multi-row INSERTs of insertRows bind `?`, not
	// `$N`. SQLite keeps a statement's parameter names in a list that
	// both parsing and binding walk from the start for each one, so the
	// 2,400 named parameters of 100 article rows cost their square: half
	// of `dev generate`'s CPU went there.
	anonymousParams bool
	// tables lists the tables of the schema warta uses, by name, and
	// place names the database and schema (install.go).
	tables, place string
}

var (
	sqliteDialect = dialect{engine: "sqlite", search: sqliteSearch,
		articleFilter: "articles p INDEXED BY articles_search_filter", sortParts: true,
		optimize:        sqliteOptimize,
		anonymousParams: true,
		tables:          `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`,
		place:           `SELECT 'main', 'main'`}
	postgresDialect = dialect{
		engine: "postgres",
		// An arbitrary constant naming warta's migrations; the lock is
		// released when the transaction ends.
		lockMigrations: "SELECT pg_advisory_xact_lock(7761727461)",
		search:         postgresSearch,
		articleFilter:  "articles p",
		optimize:       postgresOptimize,
		skipLocked:     "FOR UPDATE SKIP LOCKED",
		tables: `SELECT table_name FROM information_schema.tables
			WHERE table_schema = current_schema() ORDER BY table_name`,
		place: `SELECT current_database(), COALESCE(current_schema(), '')`,
	}
)

// Open connects to dsn: "" → SQLite file at filepath.Join(dataDir, "warta.db")
// (dataDir is created if missing); "postgres://…" or "postgresql://…" →
// PostgreSQL via pgx. It checks that the database answers, but does not
// migrate.
func Open(ctx context.Context, dsn, dataDir string) (*Store, error) {
	switch {
	case dsn == "":
		return openSQLite(ctx, dataDir)
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return openPostgres(ctx, dsn)
	}
	// The DSN is not repeated: it may hold a password.
	return nil, errors.New("store: open: database URL must be empty (SQLite) or start with postgres://")
}

func openSQLite(ctx context.Context, dataDir string) (*Store, error) {
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return nil, fmt.Errorf("store: open: %w", err)
	}
	path, err := filepath.Abs(filepath.Join(dataDir, "warta.db"))
	if err != nil {
		return nil, fmt.Errorf("store: open: %w", err)
	}
	write, err := sql.Open("sqlite", sqliteDSN(path, false))
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	// The write connection is opened (and the file switched to WAL) before
	// any reader exists.
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	read, err := sql.Open("sqlite", sqliteDSN(path, true))
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	// Readers never block each other in WAL mode; keep them all idle so
	// their pragmas run once per connection, not once per request.
	// One more for Follow, which keeps a connection to itself.
	n := max(4, runtime.NumCPU()) + 1
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	if err := read.PingContext(ctx); err != nil {
		read.Close()
		write.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	// Follow's connection aside, half the readers may search at once.
	return &Store{read: newReadDB(read, true), write: write, d: sqliteDialect, searches: searchSlots(n - 1)}, nil
}

// sqliteDSN builds the modernc.org/sqlite connection string for the file at
// path (absolute). Each connection runs the pragmas when it opens:
//   - busy_timeout first, so the journal_mode switch below waits for a lock
//     held by another process instead of failing with SQLITE_BUSY (the
//     driver also sorts busy_timeout first);
//   - journal_mode(WAL): readers and the writer do not block each other, and
//     the mode is stored in the file;
//   - foreign_keys(1): SQLite ignores REFERENCES clauses otherwise;
//   - synchronous(NORMAL): in WAL mode a killed process still loses no
//     committed transaction; only a power cut may lose the last few;
//   - _time_format=sqlite: times are written as "2006-01-02 15:04:05.999999999-07:00",
//     which the driver parses back in TIMESTAMP columns, instead of Go's
//     time.String form.
//
// The write connection begins transactions with BEGIN IMMEDIATE, so a
// transaction takes the write lock at once (waiting up to busy_timeout for
// another process) instead of failing when a read turns into a write. Read
// connections are query_only: a write sent to the read pool by mistake fails
// instead of racing the writer.
func sqliteDSN(path string, readOnly bool) string {
	q := "_pragma=busy_timeout(5000)" +
		"&_pragma=journal_mode(WAL)" +
		"&_pragma=foreign_keys(1)" +
		"&_pragma=synchronous(NORMAL)" +
		"&_time_format=sqlite"
	if readOnly {
		q += "&_pragma=query_only(1)"
	} else {
		q += "&_txlock=immediate"
	}
	// EscapedPath percent-encodes '?', '#' and '%' in the path, which would
	// otherwise end the file name early in an SQLite URI.
	return "file:" + (&url.URL{Path: filepath.ToSlash(path)}).EscapedPath() + "?" + q
}

func openPostgres(ctx context.Context, dsn string) (*Store, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	// database/sql keeps only 2 idle connections by default, which under
	// load means a new connection (and TLS handshake) per request. 16 per
	// instance leaves room for several instances under PostgreSQL's default
	// max_connections of 100.
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(16)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	return &Store{read: newReadDB(db, false), write: db, d: postgresDialect, searches: searchSlots(16)}, nil
}

// Close closes the database connections.
func (s *Store) Close() error {
	err := s.write.Close()
	if s.read.DB != s.write {
		err = errors.Join(err, s.read.Close())
	}
	if err != nil {
		return fmt.Errorf("store: close: %w", err)
	}
	return nil
}

// Engine returns "sqlite" or "postgres".
func (s *Store) Engine() string { return s.d.engine }

// Ping checks that the database answers (for readiness checks).
func (s *Store) Ping(ctx context.Context) error {
	if err := s.write.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	if s.read.DB != s.write {
		if err := s.read.PingContext(ctx); err != nil {
			return fmt.Errorf("store: ping: %w", err)
		}
	}
	return nil
}

// inTx runs fn in a transaction on the write pool, committing when fn
// returns nil and rolling back otherwise.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() // no-op after a successful Commit
	// touch notes here what tx records, to tell this process's followers
	// once tx has committed.
	var recorded []Change
	s.local.pending.Store(tx, &recorded)
	defer s.local.pending.Delete(tx)
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	s.local.deliver(recorded)
	return nil
}

// isUniqueViolation reports whether err is a unique constraint failing on
// either engine.
func isUniqueViolation(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505" // unique_violation
}

// conflict turns a unique violation into model.ErrConflict and leaves other
// errors as they are.
func conflict(err error) error {
	if isUniqueViolation(err) {
		return model.ErrConflict
	}
	return err
}

// notFound turns sql.ErrNoRows into model.ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return model.ErrNotFound
	}
	return err
}

// args collects query arguments and hands out their numbered placeholders,
// for queries whose shape depends on the input.
type args []any

// add appends v and returns its placeholder ("$3").
func (a *args) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

// in appends ids and returns their placeholders for an IN list ("$1, $2").
// ids must not be empty: "IN ()" is not valid SQL.
func (a *args) in(ids []int64) string {
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(a.add(id))
	}
	return b.String()
}

// dbTime is how every time enters the database: in UTC (SQLite stores the
// zone in the text, so mixed zones would sort wrongly) and to the
// microsecond (PostgreSQL's precision), so a value read back equals the one
// written on both engines.
func dbTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// nullTime is dbTime for an optional time: the zero time is NULL.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return dbTime(t)
}

// nullID stores an optional reference: 0 is NULL.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

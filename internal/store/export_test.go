package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"path/filepath"
	"sync/atomic"
	"testing"
)

// CountReads replaces the read pool of st, a SQLite store opened on
// dataDir, by one that counts the queries sent to it, and returns the
// counter. Tests use it to check that list pages cost a fixed number of
// queries.
func CountReads(t testing.TB, st *Store, dataDir string) *atomic.Int64 {
	t.Helper()
	if st.d.engine != "sqlite" {
		t.Fatalf("CountReads: %s store; only SQLite has a separate read pool", st.d.engine)
	}
	n := new(atomic.Int64)
	path, err := filepath.Abs(filepath.Join(dataDir, "warta.db"))
	if err != nil {
		t.Fatal(err)
	}
	counted := sql.OpenDB(countingConnector{dsn: sqliteDSN(path, true), drv: st.read.Driver(), n: n})
	st.read.Close()
	st.read = newReadDB(counted, true)
	return n
}

type countingConnector struct {
	dsn string
	drv driver.Driver
	n   *atomic.Int64
}

func (c countingConnector) Connect(context.Context) (driver.Conn, error) {
	conn, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return countingConn{Conn: conn, n: c.n}, nil
}

func (c countingConnector) Driver() driver.Driver { return c.drv }

// countingConn counts the queries run, whether sent as they are
// (QueryContext, where database/sql sends QueryContext and QueryRowContext)
// or through statements the store keeps prepared.
type countingConn struct {
	driver.Conn
	n *atomic.Int64
}

func (c countingConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	c.n.Add(1)
	return c.Conn.(driver.QueryerContext).QueryContext(ctx, q, args)
}

func (c countingConn) PrepareContext(ctx context.Context, q string) (driver.Stmt, error) {
	st, err := c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	return countingStmt{Stmt: st, n: c.n}, nil
}

// countingStmt counts the queries run through a prepared statement.
type countingStmt struct {
	driver.Stmt
	n *atomic.Int64
}

func (s countingStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	s.n.Add(1)
	return s.Stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
}

func (s countingStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	return s.Stmt.(driver.StmtExecContext).ExecContext(ctx, args)
}

// DropSearchIndex empties the search index, as a database migrated before
// 0004_search would have it: without a record of articles checked.
func DropSearchIndex(t testing.TB, st *Store) {
	t.Helper()
	for _, q := range []string{`DELETE FROM article_search`, `DELETE FROM settings WHERE key = '` + searchCheckedKey + `'`} {
		if _, err := st.write.ExecContext(t.Context(), q); err != nil {
			t.Fatal(err)
		}
	}
}

// DeleteSearchRows empties the search index and nothing else.
func DeleteSearchRows(t testing.TB, st *Store) {
	t.Helper()
	if _, err := st.write.ExecContext(t.Context(), `DELETE FROM article_search`); err != nil {
		t.Fatal(err)
	}
}

// Analyze refreshes the planner's statistics, as autovacuum (PostgreSQL) or
// PRAGMA optimize (SQLite) would after a bulk load.
func Analyze(t testing.TB, st *Store) {
	t.Helper()
	if _, err := st.write.ExecContext(t.Context(), `ANALYZE`); err != nil {
		t.Fatal(err)
	}
}

// ParseTime is how the store reads a time SQLite hands back as text.
var ParseTime = parseTime

// ExecWrite runs q on st's write pool, for tests that store a row as an
// older version or another tool may have written it.
func ExecWrite(t testing.TB, st *Store, q string, args ...any) {
	t.Helper()
	if _, err := st.write.ExecContext(t.Context(), q, args...); err != nil {
		t.Fatalf("ExecWrite %q: %v", q, err)
	}
}

// WriteDB returns st's write pool, for tests that read the tables as they
// are (a reference computed without the store's kept counts) or ask the
// planner how it would run a query.
func WriteDB(st *Store) *sql.DB { return st.write }

// TraceReads calls fn with every query st's read pool runs from now on.
// Not safe to call while st is in use.
func TraceReads(st *Store, fn func(q string, args []any)) { st.read.trace = fn }

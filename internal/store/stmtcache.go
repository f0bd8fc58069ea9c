package store

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
)

// maxCachedStmts bounds the statements a readDB keeps prepared. Queries
// with IN lists have one text per list length, so the set of texts is
// finite but not tiny; past the bound, queries are prepared per call.
const maxCachedStmts = 512

// readDB is the pool reads go to. On SQLite it keeps every query text it
// has run prepared (database/sql prepares a *sql.Stmt once per connection
// and reuses it), since the driver otherwise parses and plans each query
// anew on every call, which costs more than running most of warta's reads.
// PostgreSQL's driver (pgx) already caches prepared statements per
// connection, and invalidates them when the schema changes, so there the
// pool is used as it is.
type readDB struct {
	*sql.DB
	cache bool
	stmts sync.Map // query text → *sql.Stmt
	n     atomic.Int64
	// trace, set only by tests, sees every read before it runs: the
	// query-plan tests ask the planner about each query a page makes.
	trace func(q string, args []any)
}

func newReadDB(db *sql.DB, cache bool) *readDB { return &readDB{DB: db, cache: cache} }

// stmt returns the prepared statement of q, preparing it on first use; nil
// when statements are not cached, the cache is full or q fails to prepare
// (the caller then runs q as it is, and reports its error).
func (r *readDB) stmt(ctx context.Context, q string) *sql.Stmt {
	if !r.cache {
		return nil
	}
	if st, ok := r.stmts.Load(q); ok {
		return st.(*sql.Stmt)
	}
	if r.n.Load() >= maxCachedStmts {
		return nil
	}
	st, err := r.DB.PrepareContext(ctx, q)
	if err != nil {
		return nil
	}
	if prev, loaded := r.stmts.LoadOrStore(q, st); loaded {
		st.Close() // another goroutine prepared it first
		return prev.(*sql.Stmt)
	}
	r.n.Add(1)
	return st
}

// QueryContext runs q through its prepared statement.
func (r *readDB) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if r.trace != nil {
		r.trace(q, args)
	}
	if st := r.stmt(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return r.DB.QueryContext(ctx, q, args...)
}

// QueryRowContext runs q through its prepared statement.
func (r *readDB) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	if r.trace != nil {
		r.trace(q, args)
	}
	if st := r.stmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return r.DB.QueryRowContext(ctx, q, args...)
}

// brief returns the context to run a brief read under — an article's row
// and parts, its comments: well under a millisecond each — on SQLite: ctx
// without its cancellation, unless ctx is already done (the read then
// fails at once, as it would have). Given a context that can be
// cancelled, database/sql and the SQLite driver each start a goroutine per
// query to watch it, which costs more than such a read does; a request
// cancelled during the read waits for it to end instead. On PostgreSQL,
// where a query waits on the network, it returns ctx.
func (r *readDB) brief(ctx context.Context) context.Context {
	if !r.cache || ctx.Err() != nil {
		return ctx
	}
	return context.WithoutCancel(ctx)
}

// Close closes the prepared statements and the pool.
func (r *readDB) Close() error {
	r.stmts.Range(func(_, st any) bool {
		st.(*sql.Stmt).Close()
		return true
	})
	return r.DB.Close()
}

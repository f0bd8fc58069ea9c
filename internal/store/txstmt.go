package store

import (
	"context"
	"database/sql"
)

// execer is what a write runs its statements on: a *sql.Tx, or the cache
// of prepared statements an import keeps over one (txStmts).
type execer interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// txStmts runs each query text through a statement prepared once in the
// transaction. An import runs a dozen texts a million times in one
// transaction; SQLite's driver would otherwise parse and plan each call
// anew, which cost a quarter of an import's time. The statements close
// with the transaction.
type txStmts struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

func newTxStmts(tx *sql.Tx) *txStmts { return &txStmts{tx: tx, stmts: map[string]*sql.Stmt{}} }

// stmt returns q's statement, preparing it on first use; nil when it
// fails to prepare (the caller then runs q as it is, and reports its error).
func (c *txStmts) stmt(ctx context.Context, q string) *sql.Stmt {
	if st, ok := c.stmts[q]; ok {
		return st
	}
	st, err := c.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil
	}
	c.stmts[q] = st
	return st
}

func (c *txStmts) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if st := c.stmt(ctx, q); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return c.tx.ExecContext(ctx, q, args...)
}

func (c *txStmts) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := c.stmt(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return c.tx.QueryContext(ctx, q, args...)
}

func (c *txStmts) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	if st := c.stmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return c.tx.QueryRowContext(ctx, q, args...)
}

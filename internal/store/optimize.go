package store

import (
	"context"
	"fmt"
)

// Optimize refreshes the statistics the query planner chooses plans by:
// VACUUM (ANALYZE) on PostgreSQL, PRAGMA optimize on SQLite (which
// analyzes the tables whose size has changed much since they were last
// analyzed, or that never were). Every bulk write calls it when done —
// import, restore, the site generator, a migration — so that the first
// request after a million new rows is planned for a million rows, not for
// the empty site autovacuum last saw. The statistics are sampled; the
// VACUUM reads only the pages written since the last one, and marks them
// visible to all, without which an index-only scan (a sitemap page,
// migration 0017) still reads each row from the table: 65 ms for a page
// of 1,000 after a bulk write instead of a few, until autovacuum came by.
func (s *Store) Optimize(ctx context.Context) error {
	stmts := s.d.optimize
	if s.d.engine == "postgres" {
		// A bare ANALYZE would read every schema of the database; only
		// this store's tables are its business.
		var tables string
		const q = `SELECT COALESCE(string_agg(quote_ident(tablename), ', '), '') FROM pg_tables WHERE schemaname = current_schema()`
		if err := s.write.QueryRowContext(ctx, q).Scan(&tables); err != nil {
			return fmt.Errorf("store: optimize: %w", err)
		}
		if tables == "" {
			return nil
		}
		stmts = []string{`VACUUM (ANALYZE) ` + tables}
	}
	for _, q := range stmts {
		if _, err := s.write.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("store: optimize: %w", err)
		}
	}
	return nil
}

// optimizeIfFilled is Optimize on a database that holds articles; on an
// empty one statistics would only tell the planner that every table is
// empty, which stops being true with the first posts.
func (s *Store) optimizeIfFilled(ctx context.Context) error {
	var n int
	if err := s.write.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM articles LIMIT 1) f`).Scan(&n); err != nil {
		return fmt.Errorf("store: optimize: %w", err)
	}
	if n == 0 {
		return nil
	}
	return s.Optimize(ctx)
}

var (
	// analysis_limit makes SQLite's ANALYZE read about this many rows of
	// each index instead of all of them (approximate statistics, enough
	// for the planner). 0x10002: analyze tables that need it (0x02),
	// looking at every table, not only those this connection has used
	// (0x10000).
	sqliteOptimize = []string{`PRAGMA analysis_limit = 1000`, `PRAGMA optimize = 0x10002`}
	// PostgreSQL samples 300 × default_statistics_target rows per table;
	// Optimize names this schema's tables.
	postgresOptimize = []string{`VACUUM (ANALYZE)`}
)

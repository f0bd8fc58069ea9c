package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// migrations holds the schema changes of both engines, in two folders with
// the same file names: NNNN_name.sql, applied in order of NNNN.
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrations embed.FS

// migration is one embedded schema change.
type migration struct {
	version int
	name    string // the file name, for errors and the record
	sql     string
}

// schemaMigrations records the applied versions. Its DDL is the same on
// both engines; applied_at is informational text (RFC 3339, UTC) so that no
// engine-specific time type is needed before the first migration runs.
const schemaMigrations = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version    INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	applied_at TEXT NOT NULL
)`

// Migrate applies the embedded migrations the database does not have yet,
// each in its own transaction together with its row in schema_migrations.
// Running it again, or from several instances at once, is harmless.
func (s *Store) Migrate(ctx context.Context) error {
	list, err := loadMigrations(s.d.engine)
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		return s.lockMigrations(ctx, tx, schemaMigrations)
	})
	if err != nil {
		return fmt.Errorf("store: migrate: schema_migrations: %w", err)
	}
	// What is applied stays applied: those are skipped without a
	// transaction each (two round trips and a lock for every one of
	// fifty-odd migrations, at every start), the others checked again
	// under the lock.
	done, err := s.appliedMigrations(ctx)
	if err != nil {
		return fmt.Errorf("store: migrate: schema_migrations: %w", err)
	}
	applied := 0
	for _, m := range list {
		if done[m.version] {
			continue
		}
		err := s.inTx(ctx, func(tx *sql.Tx) error {
			if err := s.lockMigrations(ctx, tx, ""); err != nil {
				return err
			}
			// Checked inside the transaction, after the lock: another
			// instance may have applied it while this one waited.
			var n int
			const q = `SELECT COUNT(*) FROM schema_migrations WHERE version = $1`
			if err := tx.QueryRowContext(ctx, q, m.version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return err
			}
			const ins = `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`
			_, err := tx.ExecContext(ctx, ins, m.version, m.name, time.Now().UTC().Format(time.RFC3339))
			applied++
			return err
		})
		if err != nil {
			return fmt.Errorf("store: migrate %s/%s: %w", s.d.engine, m.name, err)
		}
	}
	if err := s.stampSearchIndex(ctx); err != nil {
		return fmt.Errorf("store: migrate: search index version: %w", err)
	}
	// A migration that added an index or filled a table leaves the
	// planner without statistics for it.
	if applied > 0 {
		return s.optimizeIfFilled(ctx)
	}
	return nil
}

// appliedMigrations returns the versions schema_migrations records.
func (s *Store) appliedMigrations(ctx context.Context) (map[int]bool, error) {
	rows, err := s.write.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	done := map[int]bool{}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		done[v] = true
	}
	return done, rows.Err()
}

// lockMigrations takes the engine's migration lock in tx, then runs stmt
// when it is not empty.
func (s *Store) lockMigrations(ctx context.Context, tx *sql.Tx, stmt string) error {
	if s.d.lockMigrations != "" {
		if _, err := tx.ExecContext(ctx, s.d.lockMigrations); err != nil {
			return err
		}
	}
	if stmt == "" {
		return nil
	}
	_, err := tx.ExecContext(ctx, stmt)
	return err
}

// loadMigrations returns the engine's migrations in version order.
func loadMigrations(engine string) ([]migration, error) {
	dir := path.Join("migrations", engine)
	entries, err := fs.ReadDir(migrations, dir)
	if err != nil {
		return nil, err
	}
	list := make([]migration, 0, len(entries))
	seen := map[int]string{}
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("%s/%s: name must start with a version number and '_'", dir, e.Name())
		}
		if prev, dup := seen[v]; dup {
			return nil, fmt.Errorf("%s: %s and %s share version %d", dir, prev, e.Name(), v)
		}
		seen[v] = e.Name()
		b, err := migrations.ReadFile(path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		list = append(list, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].version < list[j].version })
	return list, nil
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	"modernc.org/sqlite"
)

// ErrNotSQLite is returned by Backup and Restore on PostgreSQL, whose
// backups are made by pg_dump (see the backup command).
var ErrNotSQLite = errors.New("store: online backup is for SQLite; PostgreSQL is backed up with pg_dump")

// backuper is what modernc.org/sqlite's connections offer for the online
// backup API.
type backuper interface {
	NewBackup(dstURI string) (*sqlite.Backup, error)
	NewRestore(srcURI string) (*sqlite.Backup, error)
}

// Backup writes a consistent copy of the SQLite database to the file dst,
// while the site goes on serving and writing: SQLite's online backup API
// copies every page inside one read transaction (WAL mode lets writers go
// on meanwhile), so the copy holds exactly the transactions committed
// before it began. The copy is written next to dst and renamed over it once
// complete and synced, so dst is never a half-written file. It returns the
// size of the copy in bytes.
func (s *Store) Backup(ctx context.Context, dst string) (int64, error) {
	if s.d.engine != "sqlite" {
		return 0, ErrNotSQLite
	}
	dst, err := filepath.Abs(dst)
	if err != nil {
		return 0, fmt.Errorf("store: backup: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(dst), filepath.Base(dst)+".partial-*")
	if err != nil {
		return 0, fmt.Errorf("store: backup: %w", err)
	}
	tmpPath := tmp.Name()
	tmp.Close()
	done := false
	defer func() {
		if !done {
			os.Remove(tmpPath)
		}
	}()

	conn, err := s.read.Conn(ctx)
	if err != nil {
		return 0, fmt.Errorf("store: backup: %w", err)
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		b, ok := dc.(backuper)
		if !ok {
			return fmt.Errorf("driver connection %T has no backup API", dc)
		}
		bk, err := b.NewBackup(tmpPath)
		if err != nil {
			return err
		}
		// All pages in one step: stepping in slices would restart the copy
		// each time another connection commits, forever under steady writes.
		_, stepErr := bk.Step(-1)
		return errors.Join(stepErr, bk.Finish())
	})
	if err != nil {
		return 0, fmt.Errorf("store: backup to %s: %w", dst, err)
	}
	if err := syncFile(tmpPath); err != nil {
		return 0, fmt.Errorf("store: backup to %s: %w", dst, err)
	}
	if err := os.Rename(tmpPath, dst); err != nil {
		return 0, fmt.Errorf("store: backup: %w", err)
	}
	done = true
	if err := syncFile(filepath.Dir(dst)); err != nil {
		return 0, fmt.Errorf("store: backup: %w", err)
	}
	fi, err := os.Stat(dst)
	if err != nil {
		return 0, fmt.Errorf("store: backup: %w", err)
	}
	return fi.Size(), nil
}

// Restore replaces the whole SQLite database with the backup in the file
// src, after checking that src is an intact warta database. The pages are
// copied by SQLite's backup API into the live file under its write lock,
// so other connections (another warta process included) see either the old
// database or the restored one, never a mix; a running server should still
// be restarted afterwards, since its page cache holds the old pages. Run
// Migrate after it when the backup comes from an older warta.
func (s *Store) Restore(ctx context.Context, src string) error {
	if s.d.engine != "sqlite" {
		return ErrNotSQLite
	}
	if err := CheckSQLiteBackup(ctx, src); err != nil {
		return err
	}
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		b, ok := dc.(backuper)
		if !ok {
			return fmt.Errorf("driver connection %T has no backup API", dc)
		}
		bk, err := b.NewRestore(src)
		if err != nil {
			return err
		}
		_, stepErr := bk.Step(-1)
		return errors.Join(stepErr, bk.Finish())
	})
	if err != nil {
		return fmt.Errorf("store: restore from %s: %w", src, err)
	}
	return nil
}

// CheckSQLiteBackup opens path read-only and checks that it is an SQLite
// database that passes PRAGMA integrity_check and holds warta's migration
// table. Its errors name the file and what is wrong with it.
func CheckSQLiteBackup(ctx context.Context, path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("store: backup file: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("store: backup file %s is not a regular file", path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("store: backup file %s: %w", path, err)
	}
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: filepath.ToSlash(abs)}).EscapedPath()+"?mode=ro")
	if err != nil {
		return fmt.Errorf("store: backup file %s: %w", path, err)
	}
	defer db.Close()
	var result string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&result); err != nil {
		return fmt.Errorf("store: backup file %s is not a readable SQLite database: %w", path, err)
	}
	if result != "ok" {
		return fmt.Errorf("store: backup file %s fails the integrity check: %s", path, result)
	}
	var n int
	if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM schema_migrations").Scan(&n); err != nil || n == 0 {
		return fmt.Errorf("store: backup file %s is not a warta database (no migrations recorded)", path)
	}
	return nil
}

// IntegrityCheck runs PRAGMA integrity_check on SQLite and returns an error
// holding its findings unless it answers "ok". On PostgreSQL it only checks
// that the database answers.
func (s *Store) IntegrityCheck(ctx context.Context) error {
	if s.d.engine != "sqlite" {
		return s.Ping(ctx)
	}
	rows, err := s.read.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return fmt.Errorf("store: integrity check: %w", err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return fmt.Errorf("store: integrity check: %w", err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: integrity check: %w", err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("store: integrity check: %v", problems)
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

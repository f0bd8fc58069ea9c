package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"warta/internal/config"
	"warta/internal/store"
)

// runBackup writes a consistent copy of the database to FILE while the
// site may go on serving: SQLite's online backup API for SQLite, pg_dump
// (custom format) for PostgreSQL.
func runBackup(ctx context.Context, env Env, args []string) error {
	cfg, file, err := backupArgs("backup", env, args)
	if err != nil {
		return err
	}
	start := time.Now()
	var size int64
	if config.IsPostgres(cfg.DatabaseURL) {
		size, err = pgDump(ctx, cfg.DatabaseURL, file)
	} else {
		size, err = sqliteBackup(ctx, cfg, file)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "backup written to %s (%d bytes in %s)\n", file, size, time.Since(start).Round(time.Millisecond))
	return nil
}

// runRestore replaces the database with the backup in FILE, then migrates
// it to this version of warta.
func runRestore(ctx context.Context, env Env, args []string) error {
	cfg, file, err := backupArgs("restore", env, args)
	if err != nil {
		return err
	}
	if _, err := os.Stat(file); err != nil {
		return fmt.Errorf("backup file: %w", err)
	}
	if config.IsPostgres(cfg.DatabaseURL) {
		if err := pgRestore(ctx, cfg.DatabaseURL, file); err != nil {
			return err
		}
	} else if err := sqliteRestore(ctx, cfg, file); err != nil {
		return err
	}
	st, err := openStore(ctx, cfg) // migrates a backup taken by an older warta
	if err != nil {
		return err
	}
	defer st.Close()
	fmt.Fprintf(env.Stdout, "restored %s into the %s database; restart running servers\n", file, st.Engine())
	return nil
}

func backupArgs(name string, env Env, args []string) (config.Config, string, error) {
	cfg := config.Default()
	fs := newFlagSet(name, commands[name], env.Stderr)
	cfg.StorageFlags(fs, env.Getenv)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cfg, "", err
		}
		return cfg, "", usageError{err}
	}
	if fs.NArg() != 1 {
		return cfg, "", usageError{errors.New("want exactly one FILE argument")}
	}
	if err := cfg.Validate(); err != nil {
		return cfg, "", usageError{err}
	}
	return cfg, fs.Arg(0), nil
}

func sqliteBackup(ctx context.Context, cfg config.Config, file string) (int64, error) {
	if _, err := os.Stat(filepath.Join(cfg.DataDir, "warta.db")); err != nil {
		return 0, fmt.Errorf("no database to back up in %s: %w", cfg.DataDir, err)
	}
	// Opened, not migrated: a backup changes nothing, not even the schema.
	st, err := store.Open(ctx, "", cfg.DataDir)
	if err != nil {
		return 0, err
	}
	defer st.Close()
	return st.Backup(ctx, file)
}

func sqliteRestore(ctx context.Context, cfg config.Config, file string) error {
	st, err := store.Open(ctx, "", cfg.DataDir)
	if err != nil {
		return err
	}
	defer st.Close()
	return st.Restore(ctx, file)
}

// libpq turns a pgx database URL into what pg_dump and pg_restore accept:
// the password moves to PGPASSWORD (never on a command line other users
// can read), and pgx's search_path parameter, which libpq does not know,
// becomes the schema to dump.
func libpq(dsn string) (conninfo, schema string, env []string, err error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", "", nil, fmt.Errorf("--database-url: %w", err)
	}
	env = os.Environ()
	if u.User != nil {
		if pw, ok := u.User.Password(); ok {
			env = append(env, "PGPASSWORD="+pw)
			u.User = url.User(u.User.Username())
		}
	}
	q := u.Query()
	schema = q.Get("search_path")
	q.Del("search_path")
	u.RawQuery = q.Encode()
	return u.String(), schema, env, nil
}

// pgTool runs a PostgreSQL client program, naming it in errors with its
// own message.
func pgTool(ctx context.Context, env []string, name string, args ...string) error {
	path, err := exec.LookPath(name)
	if err != nil {
		return fmt.Errorf("%s is needed for PostgreSQL backups (Debian: apt install postgresql-client): %w", name, err)
	}
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w: %s", name, err, strings.TrimSpace(stderr.String()))
	}
	return nil
}

// pgDump writes a custom-format dump, which pg_dump takes inside one
// repeatable-read transaction: a consistent copy while the site writes.
// It is written beside file and renamed over it once complete.
func pgDump(ctx context.Context, dsn, file string) (int64, error) {
	conninfo, schema, env, err := libpq(dsn)
	if err != nil {
		return 0, err
	}
	tmp := file + ".partial"
	args := []string{"--format=custom", "--no-owner", "--no-privileges", "--file=" + tmp}
	if schema != "" {
		args = append(args, "--schema="+schema)
	}
	args = append(args, "--dbname="+conninfo)
	if err := pgTool(ctx, env, "pg_dump", args...); err != nil {
		os.Remove(tmp)
		return 0, err
	}
	if err := os.Rename(tmp, file); err != nil {
		os.Remove(tmp)
		return 0, err
	}
	fi, err := os.Stat(file)
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

// pgRestore replaces the dumped objects with the dump's, in one
// transaction: on any error the database is left as it was.
func pgRestore(ctx context.Context, dsn, file string) error {
	conninfo, _, env, err := libpq(dsn)
	if err != nil {
		return err
	}
	if err := pgTool(ctx, env, "pg_restore", "--list", file); err != nil {
		return fmt.Errorf("backup file %s is not a pg_dump archive: %w", file, err)
	}
	return pgTool(ctx, env, "pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
		"--single-transaction", "--exit-on-error", "--dbname="+conninfo, file)
}

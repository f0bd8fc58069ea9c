package cli

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"warta/internal/config"
	"warta/internal/progress"
	"warta/internal/store"
)

// runBackup writes one archive holding a consistent copy of the database
// and the media (folder or bucket) to FILE while the site may go on serving (see
// backup_archive.go). The database is copied first — SQLite's online
// backup API, or pg_dump (custom format) for PostgreSQL — then the media,
// so every file the copied database names is there. The archive is
// written beside FILE and renamed over it once complete and synced: a
// half-written backup never carries FILE's name.
func runBackup(ctx context.Context, env Env, args []string) error {
	cfg, file, opt, err := backupArgs("backup", env, args)
	if err != nil {
		return err
	}
	start := time.Now()
	file, err = filepath.Abs(file)
	if err != nil {
		return err
	}
	if err := checkOutputDir(file); err != nil {
		return err
	}
	files, err := openMedia(ctx, cfg, env)
	if err != nil {
		return err
	}
	staging, err := os.MkdirTemp(filepath.Dir(file), "."+filepath.Base(file)+".db-*")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer os.RemoveAll(staging)
	engine, dbName := "sqlite", "warta.db"
	if config.IsPostgres(cfg.DatabaseURL) {
		engine, dbName = "postgres", "warta.pgdump"
	}
	dbCopy := filepath.Join(staging, dbName)
	if engine == "postgres" {
		_, err = pgDump(ctx, cfg.DatabaseURL, dbCopy)
	} else {
		_, err = sqliteBackup(ctx, cfg, dbCopy)
	}
	if err != nil {
		return err
	}
	part, err := os.CreateTemp(filepath.Dir(file), filepath.Base(file)+".partial-*")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer os.Remove(part.Name()) // gone once renamed
	defer part.Close()
	a := newArchiveWriter(part, engine)
	a.m.Database = "database/" + dbName
	var total int64
	if fi, err := os.Stat(dbCopy); err == nil {
		total = fi.Size()
	}
	p := env.printer()
	bar := progress.New(env.Stderr, progress.Options{Label: p.T("cli.progress.backup"), Total: total + mediaSize(ctx, files),
		Bytes: true, Style: opt.style(), Printer: p})
	defer bar.Finish()
	a.count = bar.Add
	if err := a.add(a.m.Database, dbCopy); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := a.addMedia(ctx, files); err != nil {
		return fmt.Errorf("backup of the media in %s: %w", files, err)
	}
	if err := a.finish(); err != nil {
		return fmt.Errorf("backup: writing %s: %w", part.Name(), err)
	}
	if err := part.Close(); err != nil {
		return fmt.Errorf("backup: writing %s: %w", part.Name(), err)
	}
	if err := os.Rename(part.Name(), file); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	bar.Finish()
	fi, err := os.Stat(file)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, p.T("cli.backup.done", file, engine, len(a.m.Files)-1, fi.Size(), time.Since(start).Round(time.Millisecond)))
	return nil
}

// runRestore checks the backup in FILE whole — the archive's manifest,
// sizes and SHA-256 sums — before touching anything, then replaces the
// database and puts the restored media in place (restoreMedia), and migrates the
// database to this version of warta. A bare database copy written by an
// earlier warta is restored too (the database only).
func runRestore(ctx context.Context, env Env, args []string) error {
	cfg, file, opt, err := backupArgs("restore", env, args)
	if err != nil {
		return err
	}
	if _, err := os.Stat(file); errors.Is(err, fs.ErrNotExist) {
		return inputError(msg("cli.err.file_missing", file))
	} else if err != nil {
		return inputError(fmt.Errorf("backup file: %w", err))
	}
	kind, err := backupKind(file)
	if err != nil {
		return err
	}
	engine := "sqlite"
	if config.IsPostgres(cfg.DatabaseURL) {
		engine = "postgres"
	}
	files, err := openMedia(ctx, cfg, env)
	if err != nil {
		return err
	}
	var m *manifest
	switch kind {
	case "archive":
		if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
			return err
		}
		// In the data folder, so the media folder is swapped in by a rename.
		staging, err := os.MkdirTemp(cfg.DataDir, ".restore-*")
		if err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		defer os.RemoveAll(staging)
		p := env.printer()
		var size int64
		if fi, err := os.Stat(file); err == nil {
			size = fi.Size()
		}
		bar := progress.New(env.Stderr, progress.Options{Label: p.T("cli.progress.restore"), Total: size,
			Bytes: true, Style: opt.style(), Printer: p})
		m, err = extractArchive(file, staging, bar.Add)
		bar.Finish()
		if err != nil {
			return err
		}
		if m.Engine != engine {
			return msg("cli.err.backup_engine", file, m.Engine, engine)
		}
		if err := confirmRestore(ctx, env, cfg, file, opt); err != nil {
			return err
		}
		if err := restoreDatabase(ctx, cfg, filepath.Join(staging, filepath.FromSlash(m.Database))); err != nil {
			return err
		}
		upload := func(total int64) *progress.Reporter {
			return progress.New(env.Stderr, progress.Options{Label: p.T("cli.progress.restore_media", files), Total: total,
				Bytes: true, Style: opt.style(), Printer: p})
		}
		if err := restoreMedia(ctx, files, staging, upload); err != nil {
			return msg("cli.err.restore_media_failed", file, files, err)
		}
	case "sqlite", "pgdump":
		if (kind == "pgdump") != (engine == "postgres") {
			return msg("cli.err.backup_bare_engine", file, kind, engine)
		}
		if err := confirmRestore(ctx, env, cfg, file, opt); err != nil {
			return err
		}
		if err := restoreDatabase(ctx, cfg, file); err != nil {
			return err
		}
	}
	st, err := openStore(ctx, cfg) // migrates a backup taken by an older warta
	if err != nil {
		return err
	}
	defer st.Close()
	// The restored rows come without the planner's statistics (pg_restore
	// brings none; a SQLite copy has those of the day it was taken).
	if err := st.Optimize(ctx); err != nil {
		return err
	}
	if m != nil {
		fmt.Fprintln(env.Stdout, env.printer().T("cli.restore.done", file, m.Created.Format(time.RFC3339), m.WartaVersion,
			st.Engine(), len(m.Files)-1, files))
	} else {
		fmt.Fprintln(env.Stdout, env.printer().T("cli.restore.done_database", file, st.Engine(), files))
	}
	return nil
}

// confirmRestore asks before a restore replaces a site that holds
// articles or users: on a terminal it asks for "yes"; elsewhere (a
// script, a timer) it refuses unless --yes was given. An empty or new
// site is restored without asking.
func confirmRestore(ctx context.Context, env Env, cfg config.Config, file string, opt backupOptions) error {
	if opt.yes {
		return nil
	}
	if !config.IsPostgres(cfg.DatabaseURL) {
		if _, err := os.Stat(filepath.Join(cfg.DataDir, "warta.db")); errors.Is(err, fs.ErrNotExist) {
			return nil // no site here yet
		}
	}
	st, err := store.Open(ctx, cfg.DatabaseURL, cfg.DataDir)
	if err != nil {
		return err
	}
	articles, users, err := st.Holds(ctx)
	st.Close()
	if err != nil {
		return err
	}
	if articles == 0 && users == 0 {
		return nil
	}
	p := env.printer()
	site := p.T("cli.restore.site_holds", articles, users)
	in, ok := env.Stdin.(*os.File)
	if !ok || !progress.IsTerminal(in) {
		return refusedError(msg("cli.err.restore_needs_yes", site))
	}
	fmt.Fprintf(env.Stderr, "%s ", p.T("cli.restore.ask", site, file))
	answer, _ := bufio.NewReader(in).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(answer)) {
	case "yes", "ya", "y":
		return nil
	}
	return refusedError(msg("cli.err.restore_declined"))
}

func restoreDatabase(ctx context.Context, cfg config.Config, dbFile string) error {
	if config.IsPostgres(cfg.DatabaseURL) {
		return pgRestore(ctx, cfg.DatabaseURL, dbFile)
	}
	return sqliteRestore(ctx, cfg, dbFile)
}

// backupOptions are the flags backup and restore take besides storage.
type backupOptions struct {
	quiet bool // no progress
	yes   bool // restore: replace a site that holds content without asking
}

func (o backupOptions) style() progress.Style {
	if o.quiet {
		return progress.Off
	}
	return progress.Auto
}

func backupArgs(name string, env Env, args []string) (config.Config, string, backupOptions, error) {
	cfg := config.Default()
	var opt backupOptions
	fs := newFlagSet(name, commands[name], env.Stderr)
	cfg.StorageFlags(fs, env.Getenv)
	fs.BoolVar(&opt.quiet, "quiet", false, "cli.flag.quiet")
	if name == "restore" {
		fs.BoolVar(&opt.yes, "yes", false, "cli.flag.yes")
	}
	pos, err := parseArgs(fs, args)
	if err != nil {
		return cfg, "", opt, err
	}
	switch {
	case len(pos) == 0:
		return cfg, "", opt, usageError{msg("cli.err.backup_file_missing")}
	case len(pos) > 1:
		return cfg, "", opt, usageError{msg("cli.err.unexpected_arg", pos[1])}
	}
	if err := cfg.Validate(); err != nil {
		return cfg, "", opt, usageError{err}
	}
	return cfg, pos[0], opt, nil
}

func sqliteBackup(ctx context.Context, cfg config.Config, file string) (int64, error) {
	if _, err := os.Stat(filepath.Join(cfg.DataDir, "warta.db")); err != nil {
		return 0, msg("cli.err.backup_no_database", cfg.DataDir, err)
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
		return msg("cli.err.pg_tool_missing", name, err)
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
		return msg("cli.err.not_pg_dump", file, err)
	}
	return pgTool(ctx, env, "pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
		"--single-transaction", "--exit-on-error", "--dbname="+conninfo, file)
}

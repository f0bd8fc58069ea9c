package cli

import (
	"context"
	"errors"
	"io/fs"
	"net"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"warta/internal/config"
	"warta/internal/store"
)

// Checks run before a command writes anything, so that a machine that is
// not ready fails with a sentence naming what to fix — the folder and the
// user, the port and what holds it, the database and why — instead of a
// driver's "unable to open database file (14)", and changes nothing.

// currentUser names the user warta runs as, for messages about
// permissions ("www-data"); its uid when it has no name.
func currentUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "uid " + strconv.Itoa(os.Getuid())
}

// checkDataDir makes sure the data folder exists (creating it as the
// store would) and that warta may write in it and to its database file.
func checkDataDir(dir string, sqlite bool) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	if fi, err := os.Stat(abs); err == nil && !fi.IsDir() {
		return envError(msg("cli.err.data_dir_not_dir", abs))
	}
	if err := os.MkdirAll(abs, 0o750); err != nil {
		if errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) {
			return envError(msg("cli.err.data_dir_cannot_create", abs, currentUser()))
		}
		return envError(err)
	}
	probe, err := os.CreateTemp(abs, ".warta-write-check-*")
	if err != nil {
		if errors.Is(err, syscall.EROFS) {
			return envError(msg("cli.err.data_dir_read_only", abs))
		}
		return envError(msg("cli.err.data_dir_not_writable", abs, currentUser()))
	}
	probe.Close()
	os.Remove(probe.Name())
	if sqlite {
		db := filepath.Join(abs, "warta.db")
		for _, f := range []string{db, db + "-wal", db + "-shm"} {
			fh, err := os.OpenFile(f, os.O_RDWR, 0)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				return envError(msg("cli.err.db_file_not_writable", f, currentUser()))
			}
			fh.Close()
		}
	}
	return nil
}

// checkTarget refuses to install warta into PostgreSQL's maintenance
// database or into a schema that holds another application's tables.
func checkTarget(ctx context.Context, st *store.Store, cfg config.Config) error {
	t, err := st.Target(ctx)
	if err != nil {
		return err
	}
	if t.Warta {
		return nil // installed before: migrating is what it expects
	}
	if config.IsPostgres(cfg.DatabaseURL) && t.MaintenanceDB() {
		return refusedError(msg("cli.err.maintenance_db"))
	}
	if t.Foreign() {
		names := t.Tables
		if len(names) > 3 {
			names = names[:3]
		}
		if config.IsPostgres(cfg.DatabaseURL) {
			return refusedError(msg("cli.err.foreign_schema", t.Schema, t.Database, len(t.Tables), strings.Join(names, ", ")))
		}
		return refusedError(msg("cli.err.foreign_sqlite", filepath.Join(cfg.DataDir, "warta.db"), len(t.Tables), strings.Join(names, ", ")))
	}
	return nil
}

// openError turns the store's failure to open into what to do about it.
func openError(cfg config.Config, err error) error {
	if !config.IsPostgres(cfg.DatabaseURL) {
		return err
	}
	s := err.Error()
	switch {
	case strings.Contains(s, "connection refused"), strings.Contains(s, "no such host"), strings.Contains(s, "i/o timeout"):
		// pgx lists every address it tried; the last line says why.
		why := strings.TrimSpace(s[strings.LastIndex(s, ": ")+1:])
		return envError(msg("cli.err.pg_unreachable", config.Redact(cfg.DatabaseURL), why))
	case strings.Contains(s, "SQLSTATE 3D000"):
		return envError(msg("cli.err.pg_no_database", config.Redact(cfg.DatabaseURL)))
	case strings.Contains(s, "SQLSTATE 28P01"), strings.Contains(s, "SQLSTATE 28000"):
		return envError(msg("cli.err.pg_auth", config.Redact(cfg.DatabaseURL)))
	}
	return envError(err)
}

// listenFirst takes the address serve will answer on before anything is
// written, so a port held by another program changes nothing.
func listenFirst(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err == nil {
		return ln, nil
	}
	switch {
	case errors.Is(err, syscall.EADDRINUSE):
		return nil, envError(msg("cli.err.port_taken", addr))
	case errors.Is(err, syscall.EACCES):
		return nil, envError(msg("cli.err.port_denied", addr, currentUser()))
	case errors.Is(err, syscall.EADDRNOTAVAIL):
		return nil, envError(msg("cli.err.addr_unavailable", addr))
	}
	return nil, envError(err)
}

// checkOutputDir makes sure the folder that is to hold the file a command
// writes (a backup, an export) exists and takes new files, before the
// command starts a long job whose result would have nowhere to go.
func checkOutputDir(file string) error {
	dir := filepath.Dir(file)
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return envError(msg("cli.err.out_dir_missing", dir, filepath.Base(file)))
	case err != nil:
		return envError(err)
	case !fi.IsDir():
		return envError(msg("cli.err.out_dir_not_dir", dir))
	}
	probe, err := os.CreateTemp(dir, ".warta-write-check-*")
	if err != nil {
		return envError(msg("cli.err.out_dir_not_writable", dir, currentUser(), filepath.Base(file)))
	}
	probe.Close()
	os.Remove(probe.Name())
	return nil
}

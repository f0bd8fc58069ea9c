package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Target describes the database and schema a Store points at, before
// warta installs into it or replaces what it holds.
type Target struct {
	Database, Schema string // PostgreSQL's names; "main" on SQLite
	// Warta is true when warta's migrations table is there: warta has
	// been installed into this schema before.
	Warta bool
	// Tables lists the schema's tables (all of them, warta's included).
	Tables []string
}

// MaintenanceDB reports whether the target is PostgreSQL's "postgres"
// database, which tools and administrators connect to by default and
// which no application should fill with its tables.
func (t Target) MaintenanceDB() bool { return t.Database == "postgres" }

// Foreign reports whether the schema holds tables, none of them warta's:
// another application's schema, into which warta must not install.
func (t Target) Foreign() bool { return !t.Warta && len(t.Tables) > 0 }

// Target reads what the database holds, without changing anything; it
// works on a database warta has never migrated.
func (s *Store) Target(ctx context.Context) (Target, error) {
	var t Target
	if err := s.write.QueryRowContext(ctx, s.d.place).Scan(&t.Database, &t.Schema); err != nil {
		return t, fmt.Errorf("store: target: %w", err)
	}
	rows, err := s.write.QueryContext(ctx, s.d.tables)
	if err != nil {
		return t, fmt.Errorf("store: target: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return t, fmt.Errorf("store: target: %w", err)
		}
		t.Tables = append(t.Tables, name)
		if name == "schema_migrations" {
			t.Warta = true
		}
	}
	if err := rows.Err(); err != nil {
		return t, fmt.Errorf("store: target: %w", err)
	}
	if t.Warta {
		// Other tools name their table schema_migrations too (Rails,
		// golang-migrate); warta's has these three columns.
		var n int
		const q = `SELECT COUNT(*) FROM (SELECT version, name, applied_at FROM schema_migrations LIMIT 1) m`
		if err := s.write.QueryRowContext(ctx, q).Scan(&n); err != nil {
			t.Warta = false
		}
	}
	return t, nil
}

// Holds returns the articles and users a site has; zero for a database
// warta has not been installed into.
func (s *Store) Holds(ctx context.Context) (articles, users int, err error) {
	t, err := s.Target(ctx)
	if err != nil || !t.Warta {
		return 0, 0, err
	}
	if articles, err = s.CountArticles(ctx); err != nil {
		return 0, 0, err
	}
	if users, err = s.CountUsers(ctx); err != nil {
		return 0, 0, err
	}
	return articles, users, nil
}

// siteURLKey is the settings row holding the public URL `warta serve`
// last ran with, for commands that write links outside a request.
const siteURLKey = "site_url"

// SiteURL returns the public URL recorded by SetSiteURL, or "" when none
// was.
func (s *Store) SiteURL(ctx context.Context) (string, error) {
	var v string
	err := s.read.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, siteURLKey).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: site url: %w", err)
	}
	return v, nil
}

// SetSiteURL records the site's public URL. It changes no page, so it
// records no change and drops nothing from the page caches.
func (s *Store) SetSiteURL(ctx context.Context, url string) error {
	const q = `INSERT INTO settings (key, value) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`
	if _, err := s.write.ExecContext(ctx, q, siteURLKey, url); err != nil {
		return fmt.Errorf("store: set site url: %w", err)
	}
	return nil
}

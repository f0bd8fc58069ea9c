package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"warta/internal/model"
)

// ImportTx writes a whole WordPress import in one transaction: either every
// author, term, article, attachment, comment and redirect of the file lands,
// or nothing does. It is only valid inside the function given to Import.
type ImportTx struct {
	ctx context.Context
	tx  *sql.Tx
	db  execer // tx, through prepared statements on SQLite
	s   *Store // for the search index, written with each article
	// pending are the revisions and search index rows queued (SaveArticle).
	pending pendingRows
}

// Import runs fn in one transaction and, when it succeeds, records a change
// touching every cache tag (an import may change any page).
func (s *Store) Import(ctx context.Context, fn func(*ImportTx) error) error {
	if s.d.engine == "sqlite" {
		restore, err := s.importPragmas(ctx)
		if err != nil {
			return fmt.Errorf("store: import: %w", err)
		}
		defer restore()
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		it := &ImportTx{ctx: ctx, tx: tx, db: tx, s: s}
		if s.d.engine == "sqlite" {
			it.db = newTxStmts(tx)
		}
		if err := fn(it); err != nil {
			return err
		}
		if err := it.flush(); err != nil {
			return err
		}
		return s.touch(ctx, tx, TagAll, TagFront, TagFeeds)
	})
	if err != nil {
		return fmt.Errorf("store: import: %w", err)
	}
	// An import may have multiplied the site: plan for what it is now.
	return s.Optimize(ctx)
}

// importPragmas sets the write connection (SQLite's pool has one) up for
// a transaction of a million statements: the statement journals that
// triggers and upserts need stay in memory instead of a temporary file
// written page by page, and the page cache holds 16 MB instead of 2, so
// that the indexes being filled spill to the WAL less often. restore
// puts the defaults back.
func (s *Store) importPragmas(ctx context.Context) (restore func(), err error) {
	for _, q := range []string{`PRAGMA temp_store = MEMORY`, `PRAGMA cache_size = -16384`} {
		if _, err := s.write.ExecContext(ctx, q); err != nil {
			return nil, err
		}
	}
	return func() {
		for _, q := range []string{`PRAGMA temp_store = DEFAULT`, `PRAGMA cache_size = -2000`} {
			_, _ = s.write.ExecContext(context.WithoutCancel(ctx), q)
		}
	}, nil
}

// Mapping is one row of the WordPress import map.
type Mapping struct {
	WartaID int64
	WPID    int64
	Hash    string
}

// Mapped returns what an earlier import made of WordPress's (kind, key) for
// site, or model.ErrNotFound.
func (t *ImportTx) Mapped(site, kind, key string) (Mapping, error) {
	const q = `SELECT warta_id, wp_id, hash FROM wp_import_map WHERE site = $1 AND kind = $2 AND wp_key = $3`
	var m Mapping
	err := t.db.QueryRowContext(t.ctx, q, site, kind, key).Scan(&m.WartaID, &m.WPID, &m.Hash)
	if err != nil {
		return m, fmt.Errorf("mapping %s %s: %w", kind, key, notFound(err))
	}
	return m, nil
}

// SetMapped records (or replaces) what WordPress's (kind, key) became.
func (t *ImportTx) SetMapped(site, kind, key string, m Mapping) error {
	const q = `INSERT INTO wp_import_map (site, kind, wp_key, wp_id, warta_id, hash) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (site, kind, wp_key) DO UPDATE SET wp_id = excluded.wp_id, warta_id = excluded.warta_id, hash = excluded.hash`
	if _, err := t.db.ExecContext(t.ctx, q, site, kind, key, m.WPID, m.WartaID, m.Hash); err != nil {
		return fmt.Errorf("set mapping %s %s: %w", kind, key, err)
	}
	return nil
}

// exists reports whether a row with id is in table (a fixed name).
func (t *ImportTx) exists(table string, id int64) (bool, error) {
	var n int
	err := t.db.QueryRowContext(t.ctx, `SELECT COUNT(*) FROM `+table+` WHERE id = $1`, id).Scan(&n)
	return n > 0, err
}

// Exists reports whether the article, medium, user, term or comment with id
// still exists (kind as in the import map).
func (t *ImportTx) Exists(kind string, id int64) (bool, error) {
	table := map[string]string{"user": "users", "term": "terms", "post": "articles",
		"attachment": "media", "comment": "comments"}[kind]
	if table == "" {
		return false, fmt.Errorf("exists: unknown kind %q", kind)
	}
	ok, err := t.exists(table, id)
	if err != nil {
		return false, fmt.Errorf("exists %s %d: %w", kind, id, err)
	}
	return ok, nil
}

// UserIDByLogin returns the id of the user with login (any case).
func (t *ImportTx) UserIDByLogin(login string) (int64, error) {
	var id int64
	err := t.db.QueryRowContext(t.ctx, `SELECT id FROM users WHERE lower(login) = lower($1)`, login).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("user %q: %w", login, notFound(err))
	}
	return id, nil
}

// SlugTaken reports whether table's slug column (users, or articles of typ,
// or terms of taxonomy typ) already holds slug for a row other than id.
func (t *ImportTx) SlugTaken(table, typ, slug string, id int64) (bool, error) {
	var q string
	var args []any
	switch table {
	case "users":
		q, args = `SELECT COUNT(*) FROM users WHERE slug = $1 AND id <> $2`, []any{slug, id}
	case "articles":
		q, args = `SELECT COUNT(*) FROM articles WHERE type = $1 AND slug = $2 AND id <> $3`, []any{typ, slug, id}
	case "terms":
		q, args = `SELECT COUNT(*) FROM terms WHERE taxonomy = $1 AND slug = $2 AND id <> $3`, []any{typ, slug, id}
	default:
		return false, fmt.Errorf("slug taken: unknown table %q", table)
	}
	var n int
	if err := t.db.QueryRowContext(t.ctx, q, args...).Scan(&n); err != nil {
		return false, fmt.Errorf("slug taken %s %q: %w", table, slug, err)
	}
	return n > 0, nil
}

// InsertUser adds u (its PasswordHash may be empty: the user must set one).
func (t *ImportTx) InsertUser(u *model.User) error {
	if u.CreatedAt.IsZero() {
		u.CreatedAt = time.Now()
	}
	const q = `INSERT INTO users (login, email, display_name, slug, bio, url, role, password_hash, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`
	err := t.db.QueryRowContext(t.ctx, q, u.Login, u.Email, u.DisplayName, u.Slug, u.Bio, u.URL,
		string(u.Role), u.PasswordHash, dbTime(u.CreatedAt)).Scan(&u.ID)
	if err != nil {
		return fmt.Errorf("insert user %q: %w", u.Login, conflict(err))
	}
	return nil
}

// TermID returns the id of the term of taxonomy with slug.
func (t *ImportTx) TermID(taxonomy, slug string) (int64, error) {
	var id int64
	err := t.db.QueryRowContext(t.ctx, `SELECT id FROM terms WHERE taxonomy = $1 AND slug = $2`, taxonomy, slug).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("%s %q: %w", taxonomy, slug, notFound(err))
	}
	return id, nil
}

// SaveTerm inserts tm (ID 0) or updates its name, description and parent.
func (t *ImportTx) SaveTerm(tm *model.Term) error {
	var err error
	if tm.ID == 0 {
		const q = `INSERT INTO terms (taxonomy, slug, name, description, parent_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`
		err = t.db.QueryRowContext(t.ctx, q, tm.Taxonomy, tm.Slug, tm.Name, tm.Description, nullID(tm.ParentID)).Scan(&tm.ID)
	} else {
		const q = `UPDATE terms SET name = $1, description = $2, parent_id = $3 WHERE id = $4`
		_, err = t.db.ExecContext(t.ctx, q, tm.Name, tm.Description, nullID(tm.ParentID), tm.ID)
	}
	if err != nil {
		return fmt.Errorf("save %s %q: %w", tm.Taxonomy, tm.Slug, conflict(err))
	}
	return nil
}

// SetTermParent sets a category's parent.
func (t *ImportTx) SetTermParent(id, parentID int64) error {
	if _, err := t.db.ExecContext(t.ctx, `UPDATE terms SET parent_id = $1 WHERE id = $2`, nullID(parentID), id); err != nil {
		return fmt.Errorf("term %d parent: %w", id, err)
	}
	return nil
}

// SetArticleLinks sets an article's parent page and featured image (0: none).
func (t *ImportTx) SetArticleLinks(id, parentID, featuredMediaID int64) error {
	const q = `UPDATE articles SET parent_id = $1, featured_media_id = $2 WHERE id = $3`
	if _, err := t.db.ExecContext(t.ctx, q, nullID(parentID), nullID(featuredMediaID), id); err != nil {
		return fmt.Errorf("article %d links: %w", id, err)
	}
	return nil
}

// ParentPath returns the parent path of article id as reads fill
// model.Article.ParentPath ("" for posts and top-level pages).
func (t *ImportTx) ParentPath(id int64) (string, error) {
	var p string
	if err := t.db.QueryRowContext(t.ctx, `SELECT `+parentPathExpr+` FROM articles a WHERE a.id = $1`, id).Scan(&p); err != nil {
		return "", fmt.Errorf("article %d parent path: %w", id, err)
	}
	return p, nil
}

// SaveMedia inserts m (ID 0) or updates the medium with m.ID.
func (t *ImportTx) SaveMedia(m *model.Media) error {
	var err error
	if m.ID == 0 {
		const q = `INSERT INTO media (uploader_id, path, mime_type, size, width, height, alt, caption, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`
		err = t.db.QueryRowContext(t.ctx, q, nullID(m.UploaderID), m.Path, m.MimeType, m.Size, m.Width, m.Height,
			m.Alt, m.Caption, dbTime(m.CreatedAt)).Scan(&m.ID)
	} else {
		q := `UPDATE media SET uploader_id = $1, path = $2, mime_type = $3, size = $4, width = $5,
			height = $6, alt = $7, caption = $8, created_at = $9, renditions_pending = ` + pendingRenditions("renditions", "$3") + `
			WHERE id = $10`
		_, err = t.db.ExecContext(t.ctx, q, nullID(m.UploaderID), m.Path, m.MimeType, m.Size, m.Width, m.Height,
			m.Alt, m.Caption, dbTime(m.CreatedAt), m.ID)
	}
	if err == nil {
		err = indexMedia(t.ctx, t.tx, m.ID, m.Path, m.Alt, m.Caption)
	}
	if err != nil {
		return fmt.Errorf("save media %q: %w", m.Path, conflict(err))
	}
	return nil
}

// MediaIDByPath returns the id of the medium stored at path.
func (t *ImportTx) MediaIDByPath(path string) (int64, error) {
	var id int64
	if err := t.db.QueryRowContext(t.ctx, `SELECT id FROM media WHERE path = $1`, path).Scan(&id); err != nil {
		return 0, fmt.Errorf("media %q: %w", path, notFound(err))
	}
	return id, nil
}

// AddMediaExtraFiles records paths as files of media item id besides its
// original (the sizes WordPress cut of it), to be deleted with it.
func (t *ImportTx) AddMediaExtraFiles(id int64, paths []string) error {
	for _, p := range paths {
		if _, err := t.db.ExecContext(t.ctx, `INSERT INTO media_extra_files (media_id, path) VALUES ($1, $2)
			ON CONFLICT (media_id, path) DO NOTHING`, id, p); err != nil {
			return fmt.Errorf("media %d: file %q: %w", id, p, err)
		}
	}
	return nil
}

// SaveComment inserts c (ID 0) or updates the comment with c.ID.
func (t *ImportTx) SaveComment(c *model.Comment) error {
	args := []any{c.ArticleID, nullID(c.ParentID), c.AuthorName, c.AuthorEmail,
		c.AuthorURL, nullID(c.UserID), string(c.Content), string(c.Status), c.Kind, c.SpamScore, c.IP,
		c.UserAgent, dbTime(c.CreatedAt)}
	var err error
	if c.ID == 0 {
		const q = `INSERT INTO comments (article_id, parent_id, author_name, author_email, author_url, user_id,
				content, status, kind, spam_score, ip, user_agent, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`
		err = t.db.QueryRowContext(t.ctx, q, args...).Scan(&c.ID)
	} else {
		const q = `UPDATE comments SET article_id = $1, parent_id = $2, author_name = $3, author_email = $4,
				author_url = $5, user_id = $6, content = $7, status = $8, kind = $9, spam_score = $10, ip = $11,
				user_agent = $12, created_at = $13
			WHERE id = $14`
		_, err = t.db.ExecContext(t.ctx, q, append(args, c.ID)...)
	}
	if err != nil {
		return fmt.Errorf("save comment on %d: %w", c.ArticleID, err)
	}
	return nil
}

// SetCommentParent sets the comment a comment replies to.
func (t *ImportTx) SetCommentParent(id, parentID int64) error {
	if _, err := t.db.ExecContext(t.ctx, `UPDATE comments SET parent_id = $1 WHERE id = $2`, nullID(parentID), id); err != nil {
		return fmt.Errorf("comment %d parent: %w", id, err)
	}
	return nil
}

// SetRedirect makes from answer a 301 to to, replacing an earlier target.
func (t *ImportTx) SetRedirect(from, to string) error {
	const q = `INSERT INTO redirects (from_path, to_path, status) VALUES ($1, $2, 301)
		ON CONFLICT (from_path) DO UPDATE SET to_path = excluded.to_path, status = 301`
	if _, err := t.db.ExecContext(t.ctx, q, from, to); err != nil {
		return fmt.Errorf("redirect %q: %w", from, err)
	}
	return nil
}

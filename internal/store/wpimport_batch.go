package store

import (
	"fmt"
	"strconv"

	"warta/internal/model"
)

// An import writes each article's revision and search index row not one
// by one but queued, bulkRows at a time, in multi-row INSERTs: on a site
// of 100,000 posts these were 200,000 statements of the import's few
// million, each with its own round of the driver and of SQLite's VM.

// SearchText is what the search index holds of an article: its title's
// and its text's analyzed words. An import works it out on its reading
// goroutine (ArticleSearchText), beside the writes.
type SearchText struct{ Title, Body string }

// ArticleSearchText is what the search index holds of a, from its
// language, title, excerpt, body and password.
func ArticleSearchText(a *model.Article) SearchText {
	t, b := searchText(a)
	return SearchText{Title: t, Body: b}
}

// pendingRows are the revisions and search index rows an import has
// queued, and the articles they are of.
type pendingRows struct {
	revisions, search [][]any
	ids               map[int64]bool
}

// SaveArticle inserts a (ID 0) or replaces the article with a.ID: its row,
// bylines, terms and embeds, and its SEO fields when a.SEO is set. Either
// way a revision records the saved state. The revision and the search
// index row (search, or worked out from a when nil) are queued: written
// before the transaction commits, and before anything of the import reads
// them.
func (t *ImportTx) SaveArticle(a *model.Article, search *SearchText) error {
	if t.pending.ids[a.ID] {
		// Saved twice in one import: its queued rows go first, so that
		// the second's replace them.
		if err := t.flush(); err != nil {
			return err
		}
	}
	a.CreatedAt, a.ModifiedAt = dbTime(a.CreatedAt), dbTime(a.ModifiedAt)
	by := primaryAuthor(a)
	ins, err := t.s.writeArticleThen(t.ctx, t.db, a.ID, a, by, func(id int64, existed bool, f revisionFields) error {
		if existed && t.s.d.search.unindex != "" {
			if _, err := t.db.ExecContext(t.ctx, t.s.d.search.unindex, id); err != nil {
				return fmt.Errorf("search index: %w", err)
			}
		}
		doc := search
		if doc == nil {
			d := ArticleSearchText(a)
			doc = &d
		}
		p := &t.pending
		p.revisions = append(p.revisions, []any{id, nullID(by), a.Title, string(a.BodyHTML), a.Source, a.Excerpt,
			f.encode(), dbTime(a.ModifiedAt)})
		p.search = append(p.search, []any{id, doc.Title, doc.Body})
		if p.ids == nil {
			p.ids = map[int64]bool{}
		}
		p.ids[id] = true
		return nil
	})
	if err != nil {
		return fmt.Errorf("save %s %q: %w", a.Type, a.Slug, conflict(err))
	}
	ins.apply(a)
	if len(t.pending.revisions) >= bulkRows {
		return t.flush()
	}
	return nil
}

// flush writes the queued revisions and search index rows.
func (t *ImportTx) flush() error {
	p := &t.pending
	if len(p.revisions) == 0 {
		return nil
	}
	const head = `INSERT INTO revisions (article_id, author_id, title, body_html, source, excerpt, fields, created_at)`
	if _, err := t.s.insertRows(t.ctx, t.db, head, p.revisions, ``); err != nil {
		return fmt.Errorf("revisions: %w", err)
	}
	if _, err := t.s.insertRows(t.ctx, t.db, t.s.d.search.indexInto, p.search, t.s.d.search.indexTail); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	p.revisions, p.search = p.revisions[:0], p.search[:0]
	clear(p.ids)
	return nil
}

// MappedMany is Mapped for many keys of one kind at once: what an earlier
// import made of each, by key; keys it made nothing of are absent.
func (t *ImportTx) MappedMany(site, kind string, keys []string) (map[string]Mapping, error) {
	out := map[string]Mapping{}
	if len(keys) == 0 {
		return out, nil
	}
	q := `SELECT wp_key, warta_id, wp_id, hash FROM wp_import_map WHERE site = $1 AND kind = $2 AND wp_key IN (`
	args := []any{site, kind}
	for i, k := range keys {
		if i > 0 {
			q += ", "
		}
		args = append(args, k)
		q += "$" + strconv.Itoa(len(args))
	}
	rows, err := t.db.QueryContext(t.ctx, q+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("mappings %s: %w", kind, err)
	}
	defer rows.Close()
	for rows.Next() {
		var key string
		var m Mapping
		if err := rows.Scan(&key, &m.WartaID, &m.WPID, &m.Hash); err != nil {
			return nil, fmt.Errorf("mappings %s: %w", kind, err)
		}
		out[key] = m
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("mappings %s: %w", kind, err)
	}
	return out, nil
}

// KeyedMapping is one row for SetMappedMany.
type KeyedMapping struct {
	Key string
	Mapping
}

// SetMappedMany is SetMapped for many keys of one kind, in one statement;
// the keys must differ.
func (t *ImportTx) SetMappedMany(site, kind string, list []KeyedMapping) error {
	rows := make([][]any, len(list))
	for i, m := range list {
		rows[i] = []any{site, kind, m.Key, m.WPID, m.WartaID, m.Hash}
	}
	const head = `INSERT INTO wp_import_map (site, kind, wp_key, wp_id, warta_id, hash)`
	const tail = `ON CONFLICT (site, kind, wp_key) DO UPDATE SET wp_id = excluded.wp_id, warta_id = excluded.warta_id, hash = excluded.hash`
	if _, err := t.s.insertRows(t.ctx, t.db, head, rows, tail); err != nil {
		return fmt.Errorf("set mappings %s: %w", kind, err)
	}
	return nil
}

// InsertComments adds new comments (ID 0) in one statement and sets
// their IDs.
func (t *ImportTx) InsertComments(list []*model.Comment) error {
	rows := make([][]any, len(list))
	for i, c := range list {
		rows[i] = []any{c.ArticleID, nullID(c.ParentID), c.AuthorName, c.AuthorEmail,
			c.AuthorURL, nullID(c.UserID), string(c.Content), string(c.Status), c.Kind, c.SpamScore, c.IP,
			c.UserAgent, dbTime(c.CreatedAt)}
	}
	const head = `INSERT INTO comments (article_id, parent_id, author_name, author_email, author_url, user_id,
		content, status, kind, spam_score, ip, user_agent, created_at)`
	ids, err := t.s.insertRows(t.ctx, t.db, head, rows, `RETURNING id`)
	if err != nil {
		return fmt.Errorf("insert comments: %w", err)
	}
	for i, c := range list {
		c.ID = ids[i]
	}
	return nil
}

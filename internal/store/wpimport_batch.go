package store

import (
	"fmt"

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

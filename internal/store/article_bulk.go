package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"warta/internal/model"
)

// bulkRows is how many rows one multi-row INSERT of insertArticlesBulk
// writes: 24 article columns a row stay far below the bound variables
// either engine takes in one statement (32,766 on SQLite, 65,535 on
// PostgreSQL).
const bulkRows = 100

// insertArticlesBulk writes list as new articles inside tx, as
// writeArticle does for each (row, bylines, terms, embeds, a revision
// credited to the primary author, the search index), but with a few
// multi-row INSERTs for the whole list instead of six or more statements
// an article. Each statement is a round trip to PostgreSQL, which on a
// busy machine waits milliseconds for it: row by row, `dev generate`
// wrote 36-200 posts a second there. Defaults must be filled. It returns
// what to apply to each article once tx commits. A failed statement names
// no article: InsertArticles then writes them one by one to find it.
func (s *Store) insertArticlesBulk(ctx context.Context, tx *sql.Tx, list []*model.Article) ([]articleInsert, error) {
	done := make([]articleInsert, len(list))
	rows := make([][]any, len(list))
	for i, a := range list {
		rows[i] = articleWriteValues(a)
	}
	ids, err := s.insertRows(ctx, tx, `INSERT INTO articles (`+strings.Join(articleWriteColumns, ", ")+`)`, rows, `RETURNING id`)
	if err != nil {
		return nil, err
	}
	var bylines, terms, revisions, search [][]any
	for i, a := range list {
		id := ids[i]
		done[i] = articleInsert{id: id, embedIDs: make([]int64, len(a.Embeds))}
		for k, b := range a.Bylines {
			role := b.Role
			if role == "" {
				role = model.BylineAuthor
			}
			bylines = append(bylines, []any{id, b.User.ID, k, role})
		}
		for _, t := range slices.Concat(a.Categories, a.Tags) {
			terms = append(terms, []any{id, t.ID})
		}
		revisions = append(revisions, []any{id, nullID(primaryAuthor(a)), a.Title, string(a.BodyHTML), a.Source, a.Excerpt,
			articleFields(a).encode(), dbTime(a.ModifiedAt)})
		title, body := searchText(a)
		search = append(search, []any{id, title, body})
	}
	// A user or a term listed twice is linked once, as writeArticle does.
	if _, err := s.insertRows(ctx, tx, `INSERT INTO article_authors (article_id, user_id, position, role)`, bylines, `ON CONFLICT DO NOTHING`); err != nil {
		return nil, fmt.Errorf("bylines: %w", err)
	}
	if _, err := s.insertRows(ctx, tx, `INSERT INTO article_terms (article_id, term_id)`, terms, `ON CONFLICT DO NOTHING`); err != nil {
		return nil, fmt.Errorf("terms: %w", err)
	}
	// Embeds are few: one by one, for their ids.
	const qe = `INSERT INTO embeds (article_id, position, provider, url, embed_url, title, duration_seconds, poster_url)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`
	for i, a := range list {
		for k, e := range a.Embeds {
			err := tx.QueryRowContext(ctx, qe, ids[i], k, e.Provider, e.URL, e.EmbedURL, e.Title,
				int64(e.Duration/time.Second), e.PosterURL).Scan(&done[i].embedIDs[k])
			if err != nil {
				return nil, fmt.Errorf("embed %d: %w", k, err)
			}
		}
	}
	if _, err := s.insertRows(ctx, tx, `INSERT INTO revisions (article_id, author_id, title, body_html, source, excerpt, fields, created_at)`, revisions, ``); err != nil {
		return nil, fmt.Errorf("revisions: %w", err)
	}
	if _, err := s.insertRows(ctx, tx, s.d.search.indexInto, search, s.d.search.indexTail); err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	return done, nil
}

// insertRows runs head VALUES (…), (…) tail for rows, bulkRows at a time;
// head and tail take no parameters of their own.
// With a tail of RETURNING id it returns the new ids in the order of rows:
// both engines number the rows of one INSERT in the order of its VALUES
// (a sequence's nextval row by row; SQLite's next rowid), so the ids,
// sorted, are the rows' in order.
func (s *Store) insertRows(ctx context.Context, tx execer, head string, rows [][]any, tail string) ([]int64, error) {
	returning := strings.HasPrefix(tail, "RETURNING")
	var ids []int64
	for chunk := range slices.Chunk(rows, bulkRows) {
		var b strings.Builder
		b.WriteString(head)
		b.WriteString(" VALUES ")
		var vals []any
		for i, r := range chunk {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('(')
			for k, v := range r {
				if k > 0 {
					b.WriteString(", ")
				}
				vals = append(vals, v)
				if s.d.anonymousParams {
					b.WriteByte('?')
				} else {
					b.WriteString("$" + strconv.Itoa(len(vals)))
				}
			}
			b.WriteByte(')')
		}
		b.WriteString(" " + tail)
		if !returning {
			if _, err := tx.ExecContext(ctx, b.String(), vals...); err != nil {
				return nil, err
			}
			continue
		}
		rs, err := tx.QueryContext(ctx, b.String(), vals...)
		if err != nil {
			return nil, err
		}
		got, err := scanIDs(rs)
		if err != nil {
			return nil, err
		}
		if len(got) != len(chunk) {
			return nil, fmt.Errorf("%d ids for %d rows", len(got), len(chunk))
		}
		slices.Sort(got)
		ids = append(ids, got...)
	}
	return ids, nil
}

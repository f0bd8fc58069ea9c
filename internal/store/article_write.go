package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"warta/internal/model"
)

// articleWriteColumns are the articles columns every write sets, in the
// order of articleWriteValues. The INSERT and the UPDATE are made from
// this one list, so a new column is added in one place.
var articleWriteColumns = []string{"type", "slug", "title", "body_html", "source", "source_format", "excerpt",
	"status", "published_at", "modified_at", "created_at", "lang", "translation_group", "featured_media_id",
	"sticky", "comment_status", "password", "source_name", "source_url", "parent_id", "menu_order",
	"unverified", "verified_at", "sponsored"}

// articleWriteValues are a's values for articleWriteColumns; a zero
// PublishedAt is NULL.
func articleWriteValues(a *model.Article) []any {
	return []any{string(a.Type), a.Slug, a.Title, string(a.BodyHTML), a.Source, a.SourceFormat, a.Excerpt,
		string(a.Status), nullTime(a.PublishedAt), dbTime(a.ModifiedAt), dbTime(a.CreatedAt), a.Lang,
		a.TranslationGroup, nullID(a.FeaturedMediaID), a.Sticky, a.CommentStatus, a.Password, a.SourceName,
		a.SourceURL, nullID(a.ParentID), a.MenuOrder, a.Unverified, nullTime(a.VerifiedAt), a.Sponsored}
}

var (
	// insertArticleSQL adds a row and returns its id.
	insertArticleSQL = func() string {
		marks := make([]string, len(articleWriteColumns))
		for i := range marks {
			marks[i] = "$" + strconv.Itoa(i+1)
		}
		return `INSERT INTO articles (` + strings.Join(articleWriteColumns, ", ") + `) VALUES (` +
			strings.Join(marks, ", ") + `) RETURNING id`
	}()
	// updateArticleSQL overwrites the row whose id is the last parameter.
	// An empty type and a NULL created_at keep what is stored: an article
	// never changes type, and an edit does not know when it was created
	// unless it was loaded.
	updateArticleSQL = func() string {
		set := make([]string, len(articleWriteColumns))
		for i, c := range articleWriteColumns {
			v := "$" + strconv.Itoa(i+1)
			switch c {
			case "type":
				v = "COALESCE(NULLIF(" + v + ", ''), type)"
			case "created_at":
				v = "COALESCE(" + v + ", created_at)"
			}
			set[i] = c + " = " + v
		}
		return `UPDATE articles SET ` + strings.Join(set, ", ") + ` WHERE id = $` + strconv.Itoa(len(set)+1)
	}()
)

// articleInsert is what writeArticle stored, set on the article only once
// its transaction has committed.
type articleInsert struct {
	id       int64
	embedIDs []int64
}

func (ins articleInsert) apply(a *model.Article) {
	a.ID = ins.id
	for i := range a.Embeds {
		a.Embeds[i].ID = ins.embedIDs[i]
		a.Embeds[i].Position = i
	}
}

// writeArticle is the one write of an article, inside tx: a new row when
// id is 0, else over the row id (model.ErrNotFound when there is none), its bylines (in order; a user listed twice is credited once),
// category and tag links and embeds (in order) replaced by a's, its SEO
// fields when a.SEO is set, a revision of every field credited to
// revisionBy (0: nobody), and the search
// index. It sets nothing on a (see articleInsert), fills no defaults and
// records no change: its callers do, each after its own rules.
func (s *Store) writeArticle(ctx context.Context, tx execer, id int64, a *model.Article, revisionBy int64) (articleInsert, error) {
	return s.writeArticleThen(ctx, tx, id, a, revisionBy, nil)
}

// writeArticleThen is writeArticle, but for the revision and the search
// index: when revise is set, it is given the article's id, whether it
// existed, and the revision's fields, and writes them itself (an import
// queues them for multi-row INSERTs).
func (s *Store) writeArticleThen(ctx context.Context, tx execer, id int64, a *model.Article, revisionBy int64,
	revise func(id int64, existed bool, f revisionFields) error) (articleInsert, error) {
	ins := articleInsert{id: id, embedIDs: make([]int64, len(a.Embeds))}
	existed := id != 0
	if id == 0 {
		if err := tx.QueryRowContext(ctx, insertArticleSQL, articleWriteValues(a)...).Scan(&ins.id); err != nil {
			return ins, err
		}
	} else {
		values := articleWriteValues(a)
		values[slices.Index(articleWriteColumns, "created_at")] = nullTime(a.CreatedAt) // zero: keep
		res, err := tx.ExecContext(ctx, updateArticleSQL, append(values, id)...)
		if err != nil {
			return ins, err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ins, model.ErrNotFound
		}
		for _, del := range []string{`DELETE FROM article_authors WHERE article_id = $1`,
			`DELETE FROM article_terms WHERE article_id = $1`, `DELETE FROM embeds WHERE article_id = $1`} {
			if _, err := tx.ExecContext(ctx, del, id); err != nil {
				return ins, err
			}
		}
	}
	id = ins.id
	const qb = `INSERT INTO article_authors (article_id, user_id, position, role) VALUES ($1, $2, $3, $4)
		ON CONFLICT DO NOTHING`
	for i, b := range a.Bylines {
		role := b.Role
		if role == "" {
			role = model.BylineAuthor
		}
		if _, err := tx.ExecContext(ctx, qb, id, b.User.ID, i, role); err != nil {
			return ins, fmt.Errorf("byline %d: %w", b.User.ID, err)
		}
	}
	// A term listed twice is linked once.
	const qt = `INSERT INTO article_terms (article_id, term_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`
	for _, t := range slices.Concat(a.Categories, a.Tags) {
		if _, err := tx.ExecContext(ctx, qt, id, t.ID); err != nil {
			return ins, fmt.Errorf("term %d: %w", t.ID, err)
		}
	}
	const qe = `INSERT INTO embeds (article_id, position, provider, url, embed_url, title, duration_seconds, poster_url)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`
	for i, e := range a.Embeds {
		err := tx.QueryRowContext(ctx, qe, id, i, e.Provider, e.URL, e.EmbedURL, e.Title,
			int64(e.Duration/time.Second), e.PosterURL).Scan(&ins.embedIDs[i])
		if err != nil {
			return ins, fmt.Errorf("embed %d: %w", i, err)
		}
	}
	if a.SEO != nil {
		if err := writeSEO(ctx, tx, id, *a.SEO); err != nil {
			return ins, err
		}
	}
	f, err := writtenFields(ctx, tx, id, existed, a)
	if err != nil {
		return ins, fmt.Errorf("revision: %w", err)
	}
	if revise == nil {
		if err := insertRevision(ctx, tx, id, revisionBy, a.ModifiedAt, f); err != nil {
			return ins, err
		}
		return ins, s.indexArticle(ctx, tx, id, a)
	}
	return ins, revise(id, existed, f)
}

// primaryAuthor is the user credited first on a; 0 without bylines.
func primaryAuthor(a *model.Article) int64 {
	if len(a.Bylines) > 0 {
		return a.Bylines[0].User.ID
	}
	return 0
}

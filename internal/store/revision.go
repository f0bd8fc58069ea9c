package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"warta/internal/model"
)

// revisionFields is what a revision holds beyond its text, stored as JSON
// in revisions.fields (migration 0039): every other field an editor
// changes. Users and terms are kept by id; their names are read when the
// revisions are shown.
type revisionFields struct {
	Bylines     []revisionByline     `json:"bylines"`
	Categories  []int64              `json:"categories"`
	Tags        []int64              `json:"tags"`
	SEO         revisionSEO          `json:"seo"`
	Unverified  bool                 `json:"unverified"`
	Sponsored   bool                 `json:"sponsored"`
	Corrections []revisionCorrection `json:"corrections"`
}

type revisionByline struct {
	User int64  `json:"user"`
	Role string `json:"role"`
}

type revisionSEO struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	Canonical   string `json:"canonical"`
	NoIndex     bool   `json:"noindex"`
	Image       string `json:"image,omitempty"`
}

type revisionCorrection struct {
	ID           int64     `json:"id"`
	Kind         string    `json:"kind"`
	Body         string    `json:"body"`
	Party        string    `json:"party"`
	StatementURL string    `json:"statement_url"`
	Author       int64     `json:"author"`
	At           time.Time `json:"at"`
}

// articleFields are the fields of a new article a, for a revision written
// without reading the rows back (insertArticlesBulk): a user or a term
// listed twice counts once, as the links do.
func articleFields(a *model.Article) revisionFields {
	f := revisionFields{Bylines: []revisionByline{}, Categories: []int64{}, Tags: []int64{},
		Unverified: a.Unverified, Sponsored: a.Sponsored, Corrections: []revisionCorrection{}}
	for _, b := range a.Bylines {
		if slices.ContainsFunc(f.Bylines, func(x revisionByline) bool { return x.User == b.User.ID }) {
			continue
		}
		role := cmp.Or(b.Role, model.BylineAuthor)
		f.Bylines = append(f.Bylines, revisionByline{User: b.User.ID, Role: role})
	}
	for _, t := range a.Categories {
		if !slices.Contains(f.Categories, t.ID) {
			f.Categories = append(f.Categories, t.ID)
		}
	}
	for _, t := range a.Tags {
		if !slices.Contains(f.Tags, t.ID) {
			f.Tags = append(f.Tags, t.ID)
		}
	}
	if a.SEO != nil {
		f.SEO = revisionSEO(*a.SEO)
	}
	return f
}

// writtenFields are the fields of the article a just written as id inside
// db: a's own, with the SEO fields and the corrections stored apart read
// back when the article existed before (a new one has none but a.SEO).
// An import writes many articles: a new one costs no read.
func writtenFields(ctx context.Context, db execer, id int64, existed bool, a *model.Article) (revisionFields, error) {
	f := articleFields(a)
	if !existed {
		return f, nil
	}
	var err error
	if a.SEO == nil {
		if f.SEO, err = readSEO(ctx, db, id); err != nil {
			return f, err
		}
	}
	f.Corrections, err = readCorrections(ctx, db, id)
	return f, err
}

// storedFields reads the fields of the article id as they stand inside db:
// a revision written outside the article's own write (a correction added
// or removed).
func storedFields(ctx context.Context, db execer, id int64) (revisionFields, error) {
	f := revisionFields{Bylines: []revisionByline{}, Categories: []int64{}, Tags: []int64{}}
	const qa = `SELECT unverified, sponsored FROM articles WHERE id = $1`
	if err := db.QueryRowContext(ctx, qa, id).Scan(&f.Unverified, &f.Sponsored); err != nil {
		return f, notFound(err)
	}
	err := eachRow(ctx, db, `SELECT user_id, role FROM article_authors WHERE article_id = $1 ORDER BY position`, id,
		func(rows *sql.Rows) error {
			var b revisionByline
			if err := rows.Scan(&b.User, &b.Role); err != nil {
				return err
			}
			f.Bylines = append(f.Bylines, b)
			return nil
		})
	if err != nil {
		return f, err
	}
	err = eachRow(ctx, db, `SELECT t.id, t.taxonomy FROM article_terms l JOIN terms t ON t.id = l.term_id
		WHERE l.article_id = $1 ORDER BY t.id`, id, func(rows *sql.Rows) error {
		var tid int64
		var tax string
		if err := rows.Scan(&tid, &tax); err != nil {
			return err
		}
		switch tax {
		case model.TaxonomyCategory:
			f.Categories = append(f.Categories, tid)
		case model.TaxonomyTag:
			f.Tags = append(f.Tags, tid)
		}
		return nil
	})
	if err != nil {
		return f, err
	}
	if f.SEO, err = readSEO(ctx, db, id); err != nil {
		return f, err
	}
	f.Corrections, err = readCorrections(ctx, db, id)
	return f, err
}

func readSEO(ctx context.Context, db execer, id int64) (revisionSEO, error) {
	var seo revisionSEO
	const q = `SELECT title, description, canonical, noindex, image FROM article_seo WHERE article_id = $1`
	err := db.QueryRowContext(ctx, q, id).Scan(&seo.Title, &seo.Description, &seo.Canonical, &seo.NoIndex, &seo.Image)
	if errors.Is(err, sql.ErrNoRows) {
		return seo, nil
	}
	return seo, err
}

func readCorrections(ctx context.Context, db execer, id int64) ([]revisionCorrection, error) {
	list := []revisionCorrection{}
	err := eachRow(ctx, db, `SELECT `+correctionColumns+` FROM corrections c WHERE c.article_id = $1
		ORDER BY c.created_at, c.id`, id, func(rows *sql.Rows) error {
		c, err := scanCorrection(rows)
		if err != nil {
			return err
		}
		list = append(list, revisionCorrection{ID: c.ID, Kind: c.Kind, Body: c.Body, Party: c.Party,
			StatementURL: c.StatementURL, Author: c.AuthorID, At: c.CreatedAt})
		return nil
	})
	return list, err
}

// eachRow runs q with the one argument arg inside tx and calls fn for
// each row.
func eachRow(ctx context.Context, db execer, q string, arg any, fn func(*sql.Rows) error) error {
	rows, err := db.QueryContext(ctx, q, arg)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (f revisionFields) encode() string {
	b, err := json.Marshal(f)
	if err != nil {
		panic(err) // plain values only: cannot fail
	}
	return string(b)
}

// insertRevision saves the article id's text as it stands inside db,
// with its fields f, as a revision credited to authorID, dated at.
func insertRevision(ctx context.Context, db execer, id, authorID int64, at time.Time, f revisionFields) error {
	const q = `INSERT INTO revisions (article_id, author_id, title, body_html, source, excerpt, fields, created_at)
		SELECT id, $2, title, body_html, source, excerpt, $3, $4 FROM articles WHERE id = $1`
	if _, err := db.ExecContext(ctx, q, id, nullID(authorID), f.encode(), dbTime(at)); err != nil {
		return fmt.Errorf("revision: %w", err)
	}
	return nil
}

// reviseStored saves the article id as it now stands inside db, every
// field read back, as a revision credited to authorID, dated at.
func reviseStored(ctx context.Context, db execer, id, authorID int64, at time.Time) error {
	f, err := storedFields(ctx, db, id)
	if err != nil {
		return fmt.Errorf("revision: %w", err)
	}
	return insertRevision(ctx, db, id, authorID, at, f)
}

// writeSEO stores the SEO fields of article id inside tx, or removes them
// when seo is empty.
func writeSEO(ctx context.Context, db execer, id int64, seo model.SEO) error {
	if seo.Empty() {
		_, err := db.ExecContext(ctx, `DELETE FROM article_seo WHERE article_id = $1`, id)
		return err
	}
	const q = `INSERT INTO article_seo (article_id, title, description, canonical, noindex, image) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (article_id) DO UPDATE SET title = excluded.title, description = excluded.description,
		canonical = excluded.canonical, noindex = excluded.noindex, image = excluded.image`
	if _, err := db.ExecContext(ctx, q, id, seo.Title, seo.Description, seo.Canonical, seo.NoIndex, seo.Image); err != nil {
		return fmt.Errorf("seo of %d: %w", id, err)
	}
	return nil
}

const revisionColumns = `id, article_id, COALESCE(author_id, 0), title, body_html, source, excerpt, fields, created_at`

func scanRevision(row interface{ Scan(...any) error }) (model.Revision, error) {
	var r model.Revision
	var fields string
	err := row.Scan(&r.ID, &r.ArticleID, &r.AuthorID, &r.Title, &r.BodyHTML, &r.Source, &r.Excerpt, &fields,
		utc{&r.CreatedAt})
	if err != nil || fields == "" {
		return r, err
	}
	var f revisionFields
	if err := json.Unmarshal([]byte(fields), &f); err != nil {
		return r, fmt.Errorf("fields: %w", err)
	}
	r.Full = true
	for _, b := range f.Bylines {
		r.Bylines = append(r.Bylines, model.Byline{User: model.User{ID: b.User}, Role: b.Role})
	}
	for _, id := range f.Categories {
		r.Categories = append(r.Categories, model.Term{ID: id, Taxonomy: model.TaxonomyCategory})
	}
	for _, id := range f.Tags {
		r.Tags = append(r.Tags, model.Term{ID: id, Taxonomy: model.TaxonomyTag})
	}
	r.SEO = model.SEO(f.SEO)
	r.Unverified, r.Sponsored = f.Unverified, f.Sponsored
	for _, c := range f.Corrections {
		r.Corrections = append(r.Corrections, model.Correction{ID: c.ID, ArticleID: r.ArticleID, Kind: c.Kind, Body: c.Body,
			Party: c.Party, StatementURL: c.StatementURL, AuthorID: c.Author, CreatedAt: c.At.UTC()})
	}
	return r, nil
}

// Revisions returns an article's saved states, newest first, with the
// names of their bylines' users and of their terms; none (an empty list)
// for an unknown article.
func (s *Store) Revisions(ctx context.Context, articleID int64) ([]model.Revision, error) {
	q := `SELECT ` + revisionColumns + ` FROM revisions WHERE article_id = $1 ORDER BY created_at DESC, id DESC`
	rows, err := s.read.QueryContext(ctx, q, articleID)
	if err != nil {
		return nil, fmt.Errorf("store: revisions of %d: %w", articleID, err)
	}
	defer rows.Close()
	list := []model.Revision{}
	for rows.Next() {
		r, err := scanRevision(rows)
		if err != nil {
			return nil, fmt.Errorf("store: revisions of %d: %w", articleID, err)
		}
		list = append(list, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: revisions of %d: %w", articleID, err)
	}
	if err := s.nameRevisions(ctx, list); err != nil {
		return nil, fmt.Errorf("store: revisions of %d: %w", articleID, err)
	}
	return list, nil
}

// RevisionByID returns one revision, named as by Revisions, or
// model.ErrNotFound.
func (s *Store) RevisionByID(ctx context.Context, id int64) (*model.Revision, error) {
	q := `SELECT ` + revisionColumns + ` FROM revisions WHERE id = $1`
	r, err := scanRevision(s.read.QueryRowContext(ctx, q, id))
	if err == nil {
		err = s.nameRevisions(ctx, []model.Revision{r})
	}
	if err != nil {
		return nil, fmt.Errorf("store: revision %d: %w", id, notFound(err))
	}
	return &r, nil
}

// nameRevisions fills the names of the users and terms list refers to
// (two reads for the whole list) and orders each revision's terms by
// name, as the article's own are.
func (s *Store) nameRevisions(ctx context.Context, list []model.Revision) error {
	var users, terms []int64
	for _, r := range list {
		for _, b := range r.Bylines {
			users = append(users, b.User.ID)
		}
		for _, t := range slices.Concat(r.Categories, r.Tags) {
			terms = append(terms, t.ID)
		}
	}
	slices.Sort(users)
	slices.Sort(terms)
	userByID := map[int64]model.User{}
	termByID := map[int64]model.Term{}
	if users = slices.Compact(users); len(users) > 0 {
		var a args
		rows, err := s.read.QueryContext(ctx, `SELECT id, display_name, slug FROM users WHERE id IN (`+a.in(users)+`)`, a...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var u model.User
			if err := rows.Scan(&u.ID, &u.DisplayName, &u.Slug); err != nil {
				return err
			}
			userByID[u.ID] = u
		}
		if err := rows.Err(); err != nil {
			return err
		}
	}
	if terms = slices.Compact(terms); len(terms) > 0 {
		var a args
		rows, err := s.read.QueryContext(ctx, `SELECT id, taxonomy, slug, name FROM terms WHERE id IN (`+a.in(terms)+`)`, a...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var t model.Term
			if err := rows.Scan(&t.ID, &t.Taxonomy, &t.Slug, &t.Name); err != nil {
				return err
			}
			termByID[t.ID] = t
		}
		if err := rows.Err(); err != nil {
			return err
		}
	}
	for i := range list {
		r := &list[i]
		for k, b := range r.Bylines {
			if u, ok := userByID[b.User.ID]; ok {
				r.Bylines[k].User = u
			}
		}
		for _, ts := range [][]model.Term{r.Categories, r.Tags} {
			for k, t := range ts {
				if named, ok := termByID[t.ID]; ok {
					ts[k] = named
				}
			}
			slices.SortStableFunc(ts, func(a, b model.Term) int { return cmp.Compare(a.Name, b.Name) })
		}
	}
	return nil
}

package admin

import (
	"net/http"
	"strconv"

	"warta/internal/auth"
	"warta/internal/locale"
	"warta/internal/model"
	"warta/internal/publishing"
)

type revisionsData struct {
	Article *model.Article
	List    []revisionRow
	Compare *model.Revision
	// Fields are the compared revision's fields against the article now,
	// in the editor's order; a field empty on both sides is left out.
	Fields []fieldDiff
}

type revisionRow struct {
	model.Revision
	Author string
}

// fieldDiff is one field's word (or item) diff.
type fieldDiff struct {
	Label   string // a translation key
	Changed bool
	Paras   []paragraph
}

// revisionState is what a revision's diff compares, field by field, as
// text: the article now, or one of its revisions.
type revisionState struct {
	Title, Excerpt                                   []string
	Body                                             []string
	Full                                             bool // the fields below are known
	Bylines, Categories, Tags                        []string
	SEOTitle, SEODescription, SEOCanonical, SEOImage []string
	SEONoIndex, Unverified, Sponsored                []string
	Corrections                                      []string
}

func (h *Handler) listRevisions(w http.ResponseWriter, r *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a, err := h.store.ArticleByID(r.Context(), id)
	if err != nil {
		return err
	}
	if !auth.CanEdit(r.user(), a) {
		return model.ErrForbidden
	}
	revs, err := h.store.Revisions(r.Context(), id)
	if err != nil {
		return err
	}
	users, err := h.store.Users(r.Context())
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, u := range users {
		names[u.ID] = u.DisplayName
	}
	d := revisionsData{Article: a}
	for _, rv := range revs {
		d.List = append(d.List, revisionRow{Revision: rv, Author: names[rv.AuthorID]})
	}
	// Compare the chosen revision (by default the one before the current
	// state) with the article as it is now.
	want, _ := strconv.ParseInt(r.URL.Query().Get("compare"), 10, 64)
	for i := range revs {
		if (want != 0 && revs[i].ID == want) || (want == 0 && i == 1) {
			d.Compare = &revs[i]
		}
	}
	if d.Compare != nil {
		now, err := h.articleState(r, a)
		if err != nil {
			return err
		}
		d.Fields = diffStates(revisionStateOf(r.p, d.Compare), now)
	}
	return h.render(w, http.StatusOK, "revisions.html", h.newView(r, r.p.T("admin.revisions.title"), "articles", d))
}

// articleState is the article a as it stands, with its SEO fields and
// corrections.
func (h *Handler) articleState(r *request, a *model.Article) (revisionState, error) {
	seo, err := h.store.ArticleSEO(r.Context(), a.ID)
	if err != nil {
		return revisionState{}, err
	}
	corrections, err := h.store.Corrections(r.Context(), a.ID)
	if err != nil {
		return revisionState{}, err
	}
	return revisionStateOf(r.p, &model.Revision{Title: a.Title, BodyHTML: a.BodyHTML, Source: a.Source,
		Excerpt: a.Excerpt, Full: true, Bylines: a.Bylines, Categories: a.Categories, Tags: a.Tags, SEO: seo,
		Unverified: a.Unverified, Sponsored: a.Sponsored, Corrections: corrections}), nil
}

// revisionStateOf is rv's fields as the diff compares them, named in p's
// language.
func revisionStateOf(p *locale.Printer, rv *model.Revision) revisionState {
	one := func(s string) []string {
		if s == "" {
			return nil
		}
		return []string{s}
	}
	yesNo := func(b bool) []string {
		if b {
			return []string{p.T("admin.revisions.yes")}
		}
		return []string{p.T("admin.revisions.no")}
	}
	st := revisionState{Title: one(rv.Title), Excerpt: one(rv.Excerpt), Body: bodyParagraphs(rv.Source, string(rv.BodyHTML)),
		Full: rv.Full}
	if !rv.Full {
		return st
	}
	for _, b := range rv.Bylines {
		name := b.User.DisplayName
		if name == "" {
			name = p.T("admin.revisions.gone_user", b.User.ID)
		}
		st.Bylines = append(st.Bylines, name+" ("+p.T("admin.byline."+b.Role)+")")
	}
	terms := func(ts []model.Term) []string {
		var out []string
		for _, t := range ts {
			name := t.Name
			if name == "" {
				name = p.T("admin.revisions.gone_term", t.ID)
			}
			out = append(out, name)
		}
		return out
	}
	st.Categories, st.Tags = terms(rv.Categories), terms(rv.Tags)
	st.SEOTitle, st.SEODescription, st.SEOCanonical = one(rv.SEO.Title), one(rv.SEO.Description), one(rv.SEO.Canonical)
	st.SEOImage = one(rv.SEO.Image)
	st.SEONoIndex, st.Unverified, st.Sponsored = yesNo(rv.SEO.NoIndex), yesNo(rv.Unverified), yesNo(rv.Sponsored)
	for _, c := range rv.Corrections {
		text := p.T("correction.kind."+c.Kind) + ": " + c.Body
		if c.Party != "" {
			text += " (" + c.Party + ")"
		}
		if c.StatementURL != "" {
			text += " " + c.StatementURL
		}
		st.Corrections = append(st.Corrections, text)
	}
	return st
}

// diffStates compares the revision old with the state now, field by field.
// A revision saved before warta recorded more than the text is compared
// on its text only.
func diffStates(old, now revisionState) []fieldDiff {
	type field struct {
		label    string
		old, now []string
		items    bool
	}
	fields := []field{{"admin.field.title", old.Title, now.Title, false}, {"admin.field.excerpt", old.Excerpt, now.Excerpt, false},
		{"admin.field.body", old.Body, now.Body, false}}
	if old.Full {
		fields = append(fields,
			field{"admin.revisions.bylines", old.Bylines, now.Bylines, true},
			field{"admin.field.categories", old.Categories, now.Categories, true},
			field{"admin.field.tags", old.Tags, now.Tags, true},
			field{"admin.field.seo_title", old.SEOTitle, now.SEOTitle, false},
			field{"admin.field.seo_description", old.SEODescription, now.SEODescription, false},
			field{"admin.field.seo_canonical", old.SEOCanonical, now.SEOCanonical, false},
			field{"admin.field.seo_image", old.SEOImage, now.SEOImage, false},
			field{"admin.field.seo_noindex", old.SEONoIndex, now.SEONoIndex, true},
			field{"admin.field.unverified", old.Unverified, now.Unverified, true},
			field{"admin.field.sponsored", old.Sponsored, now.Sponsored, true},
			field{"admin.revisions.corrections", old.Corrections, now.Corrections, true})
	}
	var out []fieldDiff
	for _, f := range fields {
		var paras []paragraph
		if f.items {
			paras = diffItems(f.old, f.now)
		} else {
			paras = diffWords(f.old, f.now)
		}
		if len(paras) == 0 {
			continue
		}
		fd := fieldDiff{Label: f.label, Paras: paras}
		for _, p := range paras {
			for _, s := range p {
				fd.Changed = fd.Changed || s.Kind != segSame
			}
		}
		out = append(out, fd)
	}
	return out
}

func (h *Handler) restoreRevision(w http.ResponseWriter, r *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a, err := publishing.RestoreRevision(r.Context(), h.store, r.user(), id)
	if err != nil {
		return err
	}
	http.Redirect(w, r.Request, "/admin/articles/"+strconv.FormatInt(a.ID, 10)+"?notice=revision", http.StatusSeeOther)
	return nil
}

package web

import (
	"context"
	"fmt"
	"net/http"

	"warta/internal/pagecache"

	"warta/internal/model"
	"warta/internal/store"
)

// showArchive returns the handler of the category, tag or author archive,
// /{kind}/{slug}/ and /{kind}/{slug}/page/{n}/.
func (h *Handler) showArchive(kind string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		slug := r.PathValue("slug")
		base := "/" + kind + "/" + slug + "/"
		l, err := h.newLayout(ctx, base)
		if err != nil {
			return err
		}
		page := listPage{layout: l}
		q, err := h.archiveQuery(ctx, kind, slug, &page)
		if err != nil {
			return err
		}
		if page.Title == "" {
			page.Title = page.Heading
		}
		page.addFeeds(base, page.printer.T("feed.label", page.Heading))
		if page.Description == page.Site.Tagline {
			// Not the tagline of every page: what this archive is.
			page.Description = page.Heading + " – " + page.Site.Title
		}
		if kind == "author" {
			page.Meta.OGType = "profile"
		}
		return h.renderList(w, r, page, base, q)
	}
}

// archiveQuery finds the term or author of an archive, fills the page's
// header from it and returns the query of its articles. An unknown slug is
// model.ErrNotFound.
func (h *Handler) archiveQuery(ctx context.Context, kind, slug string, page *listPage) (store.ListQuery, error) {
	p := page.printer
	switch kind {
	case "author":
		u, err := h.store.UserBySlug(ctx, slug)
		if err != nil {
			return store.ListQuery{}, fmt.Errorf("web: author %q: %w", slug, err)
		}
		page.Heading = p.T("archive.author", u.DisplayName)
		page.Intro = u.Bio
		if u.Bio != "" {
			page.Description = summary(u.Bio, 160)
		}
		pagecache.Own(ctx, store.TagAuthor(u.ID)) // a deleted author's archive goes at once
		return store.ListQuery{AuthorID: u.ID}, nil
	case "category", "tag":
		t, err := h.store.TermBySlug(ctx, kind, slug)
		if err != nil {
			return store.ListQuery{}, fmt.Errorf("web: %s %q: %w", kind, slug, err)
		}
		page.Heading = p.T("archive."+kind, t.Name)
		page.Intro = t.Description
		if t.Description != "" {
			page.Description = summary(t.Description, 160)
		}
		pagecache.Own(ctx, store.TagTerm(t.ID))
		return store.ListQuery{TermID: t.ID}, nil
	}
	return store.ListQuery{}, fmt.Errorf("web: archive of %q: %w", kind, model.ErrNotFound)
}

package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"warta/internal/model"
	"warta/internal/store"
)

// wpTermArchive answers /{taxonomy}/{slug}/, its /page/{n}/ and its feeds
// (feed/, feed/atom/, feed.json…) when they
// name a term of a custom taxonomy an import kept (a WordPress site's
// "wilayah" or "series"): the posts carrying it, paged as a category's,
// at the URL WordPress gave it, so that old links keep working. It reports
// whether it answered.
func (h *Handler) wpTermArchive(w http.ResponseWriter, r *http.Request, segs []string) (bool, error) {
	feed := ""
	if len(segs) > 2 {
		// Its feeds, named as a date archive's (dateFeedSuffixes).
		rest := strings.Join(segs[2:], "/")
		if !strings.HasSuffix(rest, ".json") {
			rest += "/"
		}
		feed = dateFeedSuffixes[rest]
	}
	switch {
	case len(segs) == 2 || feed != "":
	case len(segs) == 4 && segs[2] == "page":
		r.SetPathValue("n", segs[3])
	default:
		return false, nil
	}
	ctx := r.Context()
	t, err := h.store.WPTermBySlug(ctx, segs[0], segs[1])
	if errors.Is(err, model.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return true, err
	}
	if feed != "" {
		if h.termFeed == nil {
			return true, model.ErrNotFound
		}
		return true, h.termFeed(w, r, &t, feed)
	}
	base := (&url.URL{Path: "/" + t.Taxonomy + "/" + t.Slug + "/"}).EscapedPath()
	l, err := h.newLayout(ctx, base)
	if err != nil {
		return true, err
	}
	page := listPage{layout: l, Heading: t.Name, Intro: t.Description}
	page.Title = t.Name
	page.Description = page.Heading + " – " + page.Site.Title
	if t.Description != "" {
		page.Description = summary(t.Description, 160)
	}
	return true, h.renderList(w, r, page, base, store.ListQuery{WPTermID: t.ID})
}

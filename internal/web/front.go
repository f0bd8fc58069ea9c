package web

import (
	"net/http"

	"warta/internal/pagecache"

	"warta/internal/store"
)

// showFront renders the front page, / and /page/{n}/: sticky posts first,
// then the newest.
func (h *Handler) showFront(w http.ResponseWriter, r *http.Request) error {
	if r.URL.Query().Has("s") && r.PathValue("n") == "" {
		return h.redirectSearch(w, r)
	}
	l, err := h.newLayout(r.Context(), "/")
	if err != nil {
		return err
	}
	l.IsFront = true
	h.siteJSONLD(&l)
	pagecache.Tag(r.Context(), store.TagFront)
	return h.renderList(w, r, listPage{layout: l}, "/", store.ListQuery{StickyFirst: true})
}

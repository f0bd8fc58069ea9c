package web

import (
	"errors"
	"fmt"
	"net/http"

	"warta/internal/model"
	"warta/internal/pagecache"
	"warta/internal/store"
)

// gone answers the URL of a story taken down for a guideline reason:
// 410 Gone, with the reason, the newsroom's note and the date, and
// nothing of the story (its title and text are not even read). It reports
// false when no story was taken down at the request's path.
func (h *Handler) gone(w http.ResponseWriter, r *http.Request) (bool, error) {
	ctx := r.Context()
	t, err := h.store.TakedownAt(ctx, r.URL.Path)
	if errors.Is(err, model.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return true, fmt.Errorf("web: takedown at %q: %w", r.URL.Path, err)
	}
	l, err := h.newLayout(ctx, r.URL.Path)
	if err != nil {
		return true, err
	}
	// Own: lifting the takedown or publishing again drops this page.
	pagecache.Own(ctx, store.TagArticle(t.ArticleID))
	pagecache.Tag(ctx, store.TagSettings)
	page := errorPage{Status: http.StatusGone, TitleKey: "takedown.title", TextKey: "takedown.text", Takedown: t}
	l.Title = l.printer.T(page.TitleKey)
	l.Canonical = ""
	l.NoIndex = true
	page.layout = l
	return true, h.view.Render(w, http.StatusGone, "error.html", &page)
}

package web

import (
	"fmt"
	"net/http"
	"time"

	"warta/internal/model"
)

// showPage renders a published page at /{slug}/.
func (h *Handler) showPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	slug := r.PathValue("slug")
	a, err := h.store.PublishedArticle(ctx, model.TypePage, slug)
	if err != nil {
		return fmt.Errorf("web: page %q: %w", slug, err)
	}
	l, err := h.newLayout(ctx, a.Path(time.UTC))
	if err != nil {
		return err
	}
	return h.renderArticle(w, r, l, a, http.StatusOK, commentForm{})
}

// redirectToPage answers /{slug} (no slash) with 301 to /{slug}/ when that
// page exists, and with the 404 page otherwise, so that a mistyped file name
// is not sent around.
func (h *Handler) redirectToPage(w http.ResponseWriter, r *http.Request, slug string) error {
	a, err := h.store.PublishedArticle(r.Context(), model.TypePage, slug)
	if err != nil {
		return fmt.Errorf("web: page %q: %w", slug, err)
	}
	redirect(w, r, a.Path(time.UTC))
	return nil
}

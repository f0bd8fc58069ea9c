package web

import (
	"net/http"

	"warta/internal/model"
)

// showPage renders the published page a at /{slug}/.
func (h *Handler) showPage(w http.ResponseWriter, r *http.Request, a *model.Article) error {
	l, err := h.newLayout(r.Context(), a.Path(model.Permalinks{}))
	if err != nil {
		return err
	}
	return h.renderArticle(w, r, l, a, http.StatusOK, commentForm{})
}

package web

import (
	"net/http"

	"warta/internal/model"
)

// showFavicon answers /favicon.ico, which browsers ask for on every page
// that names no icon of its own (the newsroom's, a feed or an image opened
// in a tab), with the theme's icon at its content-hashed URL, instead of a
// 404 in the console. A day's cache: the hashed URL changes with the theme.
func (h *Handler) showFavicon(w http.ResponseWriter, r *http.Request) error {
	p, err := h.view.StaticPath("favicon.svg")
	if err != nil {
		return model.ErrNotFound // a theme without one
	}
	w.Header().Set("Cache-Control", "public, max-age=86400")
	http.Redirect(w, r, p, http.StatusFound)
	return nil
}

package web

import (
	"context"
	"net/http"
	"strconv"

	"warta/internal/auth"
	"warta/internal/httpx"
	"warta/internal/model"
)

type previewKey struct{}

// showPreview shows a draft, pending or scheduled article as readers will
// see it, to whoever holds a preview link the newsroom made (signed out
// too) until the link expires. The page is never cached nor indexed.
func (h *Handler) showPreview(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, ok := httpx.PreviewArticle(ctx, h.previews, r.URL.Query().Get("k"), h.now())
	if !ok || strconv.FormatInt(id, 10) != r.PathValue("id") {
		return model.ErrNotFound
	}
	a, err := h.store.ArticleByID(ctx, id)
	if err != nil {
		return err
	}
	if a.Status == model.StatusTrash {
		return model.ErrNotFound
	}
	l, err := h.newLayout(ctx, r.URL.Path)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("X-Robots-Tag", "noindex, nofollow")
	a.Password = "" // the preview is for checking the whole story
	return h.renderArticle(w, r.WithContext(context.WithValue(ctx, previewKey{}, true)), l, a, http.StatusOK, commentForm{})
}

func isPreview(ctx context.Context) bool { v, _ := ctx.Value(previewKey{}).(bool); return v }

// editLink is the newsroom's editor of a for a signed-in user who may edit
// it, "" for everyone else. Only requests carrying the newsroom's cookie
// are looked at, and those pages are never cached (BypassCache).
func (h *Handler) editLink(r *http.Request, a *model.Article) string {
	if _, err := r.Cookie(auth.CookieName); err != nil {
		return ""
	}
	ses, err := auth.LoadSession(r.Context(), h.store, r, h.now())
	if err != nil || !auth.CanEdit(ses.User, a) {
		return ""
	}
	return "/admin/articles/" + strconv.FormatInt(a.ID, 10)
}

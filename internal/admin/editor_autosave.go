package admin

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"warta/internal/auth"
	"warta/internal/model"
	"warta/internal/publishing"
)

// autosaveOut keeps the edits of an article already out (published,
// pending, scheduled) as the writer's autosave: the article and its page
// stay as they are until the writer saves. A stale version stops it, as
// for drafts.
func (h *Handler) autosaveOut(w http.ResponseWriter, r *request, cur *model.Article, in publishing.Input) error {
	reply := func(status int, v any) error {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		return json.NewEncoder(w).Encode(v)
	}
	if !auth.CanEdit(r.user(), cur) {
		return model.ErrForbidden
	}
	if !in.Version.IsZero() && !in.Version.Equal(cur.ModifiedAt) {
		return reply(http.StatusConflict, map[string]any{"saved": false, "conflict": true})
	}
	body, err := publishing.RenderBody(in.Body, in.Format)
	if err != nil {
		return err
	}
	as := &model.Autosave{ArticleID: cur.ID, UserID: r.user().ID, Title: in.Title, BodyHTML: body,
		Excerpt: in.Excerpt, SavedAt: h.now().UTC()}
	if err := h.store.SaveAutosave(r.Context(), as); err != nil {
		return err
	}
	return reply(http.StatusOK, map[string]any{"saved": true, "pending": true, "id": cur.ID, "version": versionOf(cur),
		"action": "/admin/articles/" + strconv.FormatInt(cur.ID, 10), "slug": cur.Slug,
		"at": as.SavedAt.In(r.st.Location()).Format("15:04:05")})
}

// pendingAutosave is the user's autosave of a when it is newer than a
// (edits not yet saved), or nil.
func (h *Handler) pendingAutosave(r *request, a *model.Article) (*model.Autosave, error) {
	if a.Status == model.StatusDraft {
		return nil, nil
	}
	as, err := h.store.Autosave(r.Context(), a.ID, r.user().ID)
	if errors.Is(err, model.ErrNotFound) || err == nil && !as.SavedAt.After(a.ModifiedAt) {
		return nil, nil
	}
	return as, err
}

package admin

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"warta/internal/auth"
	"warta/internal/model"
)

// lockFor is how long the editing lock lasts without a renewal; the
// editor's script renews it every 30 seconds while the page is open.
const lockFor = 2 * time.Minute

// lockArticle takes (or renews) the editing lock of a for the user and
// returns the other writer who holds it instead, or nil.
func (h *Handler) lockArticle(r *request, a *model.Article, force bool) (*model.User, error) {
	now := h.now().UTC()
	holder, err := h.store.TakeArticleLock(r.Context(), a.ID, r.user().ID, now, now.Add(lockFor), force)
	if err != nil || holder == r.user().ID {
		return nil, err
	}
	return h.store.UserByID(r.Context(), holder)
}

// renewLock is the script's heartbeat (POST .../lock with ?beat=1), which
// answers whether the page still holds the lock and who took it if not;
// the take-over form (POST .../lock) takes it from whoever holds it and
// goes back to the editor.
func (h *Handler) renewLock(w http.ResponseWriter, r *request) error {
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
	beat := r.URL.Query().Get("beat") == "1"
	other, err := h.lockArticle(r, a, !beat)
	if err != nil {
		return err
	}
	if !beat {
		h.audit(r.Context(), r, "article.lock_takeover", "article", a.ID, a.Title)
		http.Redirect(w, r.Request, "/admin/articles/"+strconv.FormatInt(a.ID, 10), http.StatusSeeOther)
		return nil
	}
	reply := map[string]any{"held": other == nil}
	if other != nil {
		reply["by"] = other.DisplayName
		reply["message"] = r.p.T("admin.lock.lost", other.DisplayName)
	}
	w.Header().Set("Content-Type", "application/json")
	return json.NewEncoder(w).Encode(reply)
}

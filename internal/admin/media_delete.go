package admin

import (
	"net/http"

	"warta/internal/auth"
	"warta/internal/httpx"
	"warta/internal/media"
	"warta/internal/model"
	"warta/internal/store"
)

// Deleting a medium: a confirmation screen that names the articles still
// showing it, then the record, the file and every size of it go, wherever
// the media are kept (a folder or a bucket). Works without JavaScript.

func init() { notices["media_deleted"] = "admin.notice.media_deleted" }

func (h *Handler) mediaDeleteRoutes(mux httpx.Mux) {
	mux.Handle("GET /admin/media/{id}/delete", h.page(h.showDeleteMedia))
	mux.Handle("POST /admin/media/{id}/delete", h.page(h.deleteMedia))
}

// usesShown is how many of the articles using a medium the confirmation
// lists; it says how many more there are.
const usesShown = 50

type deleteMediaData struct {
	Item  *model.Media
	Uses  []store.MediaUse
	Count int // all the articles using it
	More  int // beyond Uses
}

// deleteMediaView loads the item and checks that the user may delete it:
// anyone who uploads files deletes their own, editors anyone's (as the
// REST API allows).
func (h *Handler) deleteMediaView(r *request) (deleteMediaData, error) {
	if !r.can(auth.UploadFiles) {
		return deleteMediaData{}, model.ErrForbidden
	}
	id, err := pathID(r)
	if err != nil {
		return deleteMediaData{}, err
	}
	m, err := h.store.Media(r.Context(), id)
	if err != nil {
		return deleteMediaData{}, err
	}
	if m.UploaderID != r.user().ID && !r.can(auth.EditOthersPosts) {
		return deleteMediaData{}, model.ErrForbidden
	}
	uses, n, err := h.store.ArticlesUsingMedia(r.Context(), id, usesShown)
	if err != nil {
		return deleteMediaData{}, err
	}
	return deleteMediaData{Item: m, Uses: uses, Count: n, More: n - len(uses)}, nil
}

func (h *Handler) showDeleteMedia(w http.ResponseWriter, r *request) error {
	d, err := h.deleteMediaView(r)
	if err != nil {
		return err
	}
	return h.render(w, http.StatusOK, "media_delete.html", h.newView(r, r.p.T("admin.media.delete_title"), "media", d))
}

func (h *Handler) deleteMedia(w http.ResponseWriter, r *request) error {
	d, err := h.deleteMediaView(r)
	if err != nil {
		return err
	}
	gone, err := media.Delete(r.Context(), h.store, h.media, d.Item.ID)
	switch {
	case err != nil && gone == nil:
		return err // nothing was deleted (model.ErrNotFound: someone else did it: 404)
	case err != nil:
		// The record is gone, so no page names the files left behind;
		// the operator learns of them from the log.
		h.log.Error("admin: media files left behind", "media", d.Item.ID, "storage", h.media.String(), "err", err)
	}
	h.audit(r.Context(), r, "media.delete", "media", d.Item.ID, d.Item.Path)
	http.Redirect(w, r.Request, "/admin/media/?notice=media_deleted", http.StatusSeeOther)
	return nil
}

package admin

import (
	"net/http"
	"strconv"

	"warta/internal/auth"
	"warta/internal/httpx"
	"warta/internal/media"
	"warta/internal/model"
	"warta/internal/store"
)

// One item of the media library on a page of its own: the file and its
// sizes, its alt text and caption, the articles showing it, and a form
// that puts a new file in place of its own at the same address (as
// WordPress's Enable Media Replace does): the sizes are made anew, the old
// ones removed, the pages showing it dropped from the cache.

func init() { notices["replaced"] = "admin.notice.media_replaced" }

func (h *Handler) mediaItemRoutes(mux httpx.Mux) {
	mux.Handle("GET /admin/media/{id}", h.page(h.showMediaItem))
	mux.Handle("POST /admin/media/{id}/replace", h.handle(true, h.replaceMedia, streamedCSRF))
}

type mediaItemData struct {
	Item  *model.Media
	Uses  []store.MediaUse
	Count int // all the articles using it
	More  int // beyond Uses
	MaxMB int64
	// CanChange says whether the user may replace or delete the file:
	// their own upload, or anyone's for editors.
	CanChange bool
}

func (h *Handler) showMediaItem(w http.ResponseWriter, r *request) error {
	return h.renderMediaItem(w, r, http.StatusOK, nil, nil)
}

func (h *Handler) renderMediaItem(w http.ResponseWriter, r *request, status int, errs map[string]string, args []any) error {
	if !r.can(auth.UploadFiles) {
		return model.ErrForbidden
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, err := h.store.Media(r.Context(), id)
	if err != nil {
		return err
	}
	uses, n, err := h.store.ArticlesUsingMedia(r.Context(), id, usesShown)
	if err != nil {
		return err
	}
	d := mediaItemData{Item: m, Uses: uses, Count: n, More: n - len(uses), MaxMB: h.maxUpload() >> 20,
		CanChange: m.UploaderID == r.user().ID || r.can(auth.EditOthersPosts)}
	v := h.newView(r, r.p.T("admin.media.item_title", m.Path), "media", d)
	v.Errors = errs
	if args != nil {
		v.ErrArgs = map[string][]any{"file": args}
	}
	return h.render(w, status, "media_item.html", v)
}

// replaceMedia takes the new file for an item, under the same limits as
// an upload, and keeps its address.
func (h *Handler) replaceMedia(w http.ResponseWriter, r *request) error {
	if !r.can(auth.UploadFiles) {
		return model.ErrForbidden
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, err := h.store.Media(r.Context(), id)
	if err != nil {
		return err
	}
	if m.UploaderID != r.user().ID && !r.can(auth.EditOthersPosts) {
		return model.ErrForbidden
	}
	fail := func(status int, ue *media.UploadError) error {
		key, args := ue.Message()
		return h.renderMediaItem(w, r, status, map[string]string{"file": key}, args)
	}
	if ok, err := h.limitUpload(w, r, fail); !ok {
		return err
	}
	files := r.MultipartForm.File["file"]
	if len(files) != 1 {
		return fail(http.StatusUnprocessableEntity, &media.UploadError{Key: "media.err.replace_one"})
	}
	f, err := files[0].Open()
	if err != nil {
		return err
	}
	defer f.Close()
	next, err := media.Replace(r.Context(), h.store, h.media, id, f, h.maxUpload())
	if ue, ok := media.AsUploadError(err); ok {
		return fail(uploadStatus(ue), ue)
	}
	if err != nil && next == nil {
		return err
	}
	if err != nil {
		// The item has its new file; old sizes left behind are named
		// by no page, and the operator learns of them from the log.
		h.log.Error("admin: old media sizes left behind", "media", id, "storage", h.media.String(), "err", err)
	}
	h.audit(r.Context(), r, "media.replace", "media", id, m.Path)
	http.Redirect(w, r.Request, "/admin/media/"+strconv.FormatInt(id, 10)+"?notice=replaced", http.StatusSeeOther)
	return nil
}

package admin

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"warta/internal/auth"
	"warta/internal/media"
	"warta/internal/model"
)

type mediaData struct {
	Items      []*model.Media
	Page       int
	Pages      int
	Edit       int64 // the item whose form failed
	Alt        string
	Caption    string
	MaxMB      int
	UploadedID int64
	// UserID and EditOthers decide which items show a delete link: one's
	// own uploads, or everyone's for editors.
	UserID     int64
	EditOthers bool
}

func (h *Handler) showMedia(w http.ResponseWriter, r *request) error {
	return h.renderMedia(w, r, http.StatusOK, nil)
}

func (h *Handler) renderMedia(w http.ResponseWriter, r *request, status int, errs map[string]string) error {
	if !r.can(auth.UploadFiles) {
		return model.ErrForbidden
	}
	d := mediaData{Page: 1, MaxMB: media.MaxUploadBytes >> 20, UserID: r.user().ID, EditOthers: r.can(auth.EditOthersPosts)}
	if n, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && n > 1 {
		d.Page = n
	}
	d.UploadedID, _ = strconv.ParseInt(r.URL.Query().Get("new"), 10, 64)
	items, total, err := h.store.MediaLibrary(r.Context(), 30, (d.Page-1)*30)
	if err != nil {
		return err
	}
	d.Items, d.Pages = items, max(1, (total+29)/30)
	v := h.newView(r, r.p.T("admin.nav.media"), "media", d)
	v.Errors = errs
	return h.render(w, status, "media.html", v)
}

// uploadMedia takes one or more files from the picker or a drop. The
// script asks for JSON (Accept: application/json); a plain form gets the
// library back.
func (h *Handler) uploadMedia(w http.ResponseWriter, r *request) error {
	if !r.can(auth.UploadFiles) {
		return model.ErrForbidden
	}
	wantJSON := strings.Contains(r.Header.Get("Accept"), "application/json")
	fail := func(status int, key string) error {
		if wantJSON {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			return json.NewEncoder(w).Encode(map[string]string{"error": r.p.T(key)})
		}
		return h.renderMedia(w, r, status, map[string]string{"file": key})
	}
	if err := parseForm(r); err != nil {
		return fail(http.StatusRequestEntityTooLarge, "media.err.too_big")
	}
	var files = r.MultipartForm.File["file"]
	if len(files) == 0 {
		return fail(http.StatusUnprocessableEntity, "media.err.none")
	}
	var last *model.Media
	for _, fh := range files {
		f, err := fh.Open()
		if err != nil {
			return err
		}
		m, err := media.Save(r.Context(), h.store, h.media, f, fh.Filename, r.user().ID, h.now().UTC())
		f.Close()
		if key, ok := media.IsUploadError(err); ok {
			return fail(http.StatusUnprocessableEntity, key)
		}
		if err != nil {
			return err
		}
		alt := strings.TrimSpace(r.FormValue("alt"))
		if alt != "" && len(files) == 1 {
			if err := h.store.UpdateMediaText(r.Context(), m.ID, alt, strings.TrimSpace(r.FormValue("caption"))); err != nil {
				return err
			}
			m.Alt = alt
		}
		h.audit(r.Context(), r, "media.upload", "media", m.ID, m.Path)
		last = m
	}
	if wantJSON {
		w.Header().Set("Content-Type", "application/json")
		return json.NewEncoder(w).Encode(map[string]any{"id": last.ID, "url": last.URL(), "width": last.Width,
			"height": last.Height, "alt": last.Alt})
	}
	http.Redirect(w, r.Request, "/admin/media/?notice=uploaded&new="+strconv.FormatInt(last.ID, 10), http.StatusSeeOther)
	return nil
}

func (h *Handler) saveMediaText(w http.ResponseWriter, r *request) error {
	if !r.can(auth.UploadFiles) {
		return model.ErrForbidden
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	alt, caption := strings.TrimSpace(r.PostFormValue("alt")), strings.TrimSpace(r.PostFormValue("caption"))
	if len(alt) > 500 || len(caption) > 1000 {
		return h.renderMedia(w, r, http.StatusUnprocessableEntity, map[string]string{"alt": "media.err.text_long"})
	}
	if err := h.store.UpdateMediaText(r.Context(), id, alt, caption); err != nil {
		return err
	}
	h.audit(r.Context(), r, "media.edit", "media", id, alt)
	http.Redirect(w, r.Request, "/admin/media/?notice=saved#media-"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

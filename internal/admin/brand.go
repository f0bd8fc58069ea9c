package admin

import (
	"net/http"

	"warta/internal/auth"
	"warta/internal/httpx"
	"warta/internal/media"
	"warta/internal/model"
)

// brandRoutes registers the upload of the site's logo and favicon, a form
// of the front page screen. Each is kept in the media library; the
// settings name it (Settings.LogoMedia, Settings.FaviconMedia).
func (h *Handler) brandRoutes(mux httpx.Mux) {
	mux.Handle("POST /admin/brand", h.handle(true, h.saveBrand, streamedCSRF))
}

func (h *Handler) saveBrand(w http.ResponseWriter, r *request) error {
	if !r.can(auth.EditOthersPosts) || !r.can(auth.UploadFiles) {
		return model.ErrForbidden
	}
	if err := parseForm(r); err != nil {
		return h.brandError(w, r, http.StatusRequestEntityTooLarge, "logo", "media.err.too_big")
	}
	s := r.st
	for _, f := range []struct {
		field string
		id    *int
	}{{"logo", &s.LogoMedia}, {"favicon", &s.FaviconMedia}} {
		if r.PostFormValue("remove_"+f.field) == "1" {
			*f.id = 0
		}
		if r.MultipartForm == nil || len(r.MultipartForm.File[f.field]) == 0 {
			continue
		}
		fh := r.MultipartForm.File[f.field][0]
		file, err := fh.Open()
		if err != nil {
			return err
		}
		m, err := media.Save(r.Context(), h.store, h.media, file, fh.Filename, r.user().ID, h.now().UTC())
		file.Close()
		if key, ok := media.IsUploadError(err); ok {
			return h.brandError(w, r, http.StatusUnprocessableEntity, f.field, key)
		}
		if err != nil {
			return err
		}
		h.audit(r.Context(), r, "media.upload", "media", m.ID, m.Path)
		*f.id = int(m.ID)
	}
	if err := h.store.SaveSettings(r.Context(), s); err != nil {
		return err
	}
	h.audit(r.Context(), r, "settings.front", "settings", 0, "")
	http.Redirect(w, r.Request, "/admin/front?notice=saved", http.StatusSeeOther)
	return nil
}

// brandError shows the front page screen with the upload's problem.
func (h *Handler) brandError(w http.ResponseWriter, r *request, status int, field, key string) error {
	s := r.st
	d := frontData{Lead: int64(s.FrontLead), Pinned: s.FrontPinnedIDs()}
	d.Breaking.Text, d.Breaking.URL = s.BreakingText, s.BreakingURL
	d.Breaking.Until = inputTime(s.BreakingExpiry(), s.Location())
	d.Accent, d.Footer, d.Social = s.AccentName(), s.FooterText, s.Social
	return h.renderFront(w, r, status, d, map[string]string{}, map[string]string{field: key})
}

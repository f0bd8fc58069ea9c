package admin

import (
	"errors"
	"net/http"

	"warta/internal/auth"
	"warta/internal/model"
)

// appPasswordsData is the application passwords section of the profile.
type appPasswordsData struct {
	AppPasswords   []model.AppPassword
	AppName        string // the name typed, kept when it is refused
	NewAppPassword string // the password just made, grouped; shown this once
	NewAppName     string
}

// createAppPassword makes an application password for the signed-in user
// and shows it once, on the page this POST answers: it is never stored and
// no later page can show it.
func (h *Handler) createAppPassword(w http.ResponseWriter, r *request) error {
	u := r.user()
	d := profileData{Name: u.DisplayName, Email: u.Email, Bio: u.Bio, URL: u.URL}
	d.AppName = r.PostFormValue("app_name")
	p, pw, err := auth.CreateAppPassword(r.Context(), h.store, u, d.AppName, h.now())
	var verr *model.ValidationError
	if errors.As(err, &verr) {
		return h.renderProfile(w, r, http.StatusUnprocessableEntity, d, map[string]string{"app_name": verr.Fields["name"]})
	}
	if err != nil {
		return err
	}
	d.AppName, d.NewAppPassword, d.NewAppName = "", auth.FormatAppPassword(pw), p.Name
	// The answer holds a secret: no cache may keep it.
	w.Header().Set("Cache-Control", "no-store")
	return h.renderProfile(w, r, http.StatusOK, d, nil)
}

// revokeAppPassword deletes one of the signed-in user's application
// passwords; clients using it are refused from then on.
func (h *Handler) revokeAppPassword(w http.ResponseWriter, r *request) error {
	if err := auth.RevokeAppPassword(r.Context(), h.store, r.user(), r.PathValue("uuid")); err != nil {
		return err // another user's or an unknown uuid: 404
	}
	http.Redirect(w, r.Request, "/admin/profile?notice=apppw_revoked#app-passwords", http.StatusSeeOther)
	return nil
}

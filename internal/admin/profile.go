package admin

import (
	"errors"
	"net/http"
	"net/mail"
	"strings"

	"warta/internal/auth"
	"warta/internal/model"
)

type profileData struct {
	Name, Email, Bio, URL string
	Passkeys              []*model.Passkey
	appPasswordsData
}

func (h *Handler) showProfile(w http.ResponseWriter, r *request) error {
	u := r.user()
	d := profileData{Name: u.DisplayName, Email: u.Email, Bio: u.Bio, URL: u.URL}
	return h.renderProfile(w, r, http.StatusOK, d, nil)
}

// renderProfile shows the profile screen with d (what was typed) and the
// user's application passwords.
func (h *Handler) renderProfile(w http.ResponseWriter, r *request, status int, d profileData, errs map[string]string) error {
	list, err := h.store.AppPasswords(r.Context(), r.user().ID)
	if err != nil {
		return err
	}
	d.AppPasswords = list
	if d.Passkeys, err = h.store.Passkeys(r.Context(), r.user().ID); err != nil {
		return err
	}
	v := h.newView(r, r.p.T("admin.nav.profile"), "profile", d)
	v.Errors = errs
	return h.render(w, status, "profile.html", v)
}

func (h *Handler) saveProfile(w http.ResponseWriter, r *request) error {
	d := profileData{Name: strings.TrimSpace(r.PostFormValue("name")), Email: strings.TrimSpace(r.PostFormValue("email")),
		Bio: strings.TrimSpace(r.PostFormValue("bio")), URL: strings.TrimSpace(r.PostFormValue("url"))}
	errs := map[string]string{}
	if d.Name == "" || len(d.Name) > 100 {
		errs["name"] = "admin.err.name"
	}
	if a, err := mail.ParseAddress(d.Email); err != nil || a.Address != d.Email {
		errs["email"] = "auth.err.email"
	}
	if len(errs) > 0 {
		return h.renderProfile(w, r, http.StatusUnprocessableEntity, d, errs)
	}
	u := *r.user()
	u.DisplayName, u.Email, u.Bio, u.URL = d.Name, d.Email, d.Bio, d.URL
	if err := h.store.UpdateUserProfile(r.Context(), &u); err != nil {
		return err
	}
	h.audit(r.Context(), r, "user.profile", "user", u.ID, "")
	http.Redirect(w, r.Request, "/admin/profile?notice=saved", http.StatusSeeOther)
	return nil
}

// changePassword needs the current password; every other session of the
// user ends, this one stays.
func (h *Handler) changePassword(w http.ResponseWriter, r *request) error {
	u := r.user()
	d := profileData{Name: u.DisplayName, Email: u.Email, Bio: u.Bio, URL: u.URL}
	errs := map[string]string{}
	ok, err := auth.VerifyPassword(u.PasswordHash, r.PostFormValue("current"))
	if err != nil && !errors.Is(err, auth.ErrBadHash) {
		return err
	}
	next := r.PostFormValue("new")
	switch {
	case !ok:
		errs["current"] = "admin.err.current_password"
	case auth.CheckPasswordRules(next) != "":
		errs["new"] = auth.CheckPasswordRules(next)
	case next != r.PostFormValue("new2"):
		errs["new2"] = "admin.err.password_mismatch"
	}
	if len(errs) > 0 {
		return h.renderProfile(w, r, http.StatusUnprocessableEntity, d, errs)
	}
	hash, err := auth.HashPassword(next)
	if err != nil {
		return err
	}
	if err := h.store.SetUserPassword(r.Context(), u.ID, hash, r.ses.ID); err != nil {
		return err
	}
	h.audit(r.Context(), r, "user.password", "user", u.ID, "")
	http.Redirect(w, r.Request, "/admin/profile?notice=password", http.StatusSeeOther)
	return nil
}

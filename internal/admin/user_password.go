package admin

import (
	"net/http"

	"warta/internal/auth"
	"warta/internal/httpx"
	"warta/internal/model"
)

// An administrator sets another user's password: for an imported author
// who has none yet, or someone who forgot theirs. It ends the user's
// sessions and lifts a sign-in lockout on the account.

func init() { notices["user_password"] = "admin.notice.user_password" }

func (h *Handler) userPasswordRoutes(mux httpx.Mux) {
	mux.Handle("GET /admin/users/{id}/password", h.page(h.showUserPassword))
	mux.Handle("POST /admin/users/{id}/password", h.page(h.setUserPassword))
}

func (h *Handler) passwordTarget(r *request) (*model.User, error) {
	if !r.can(auth.ManageUsers) {
		return nil, model.ErrForbidden
	}
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return h.store.UserByID(r.Context(), id)
}

func (h *Handler) renderUserPassword(w http.ResponseWriter, r *request, status int, u *model.User, errs map[string]string) error {
	v := h.newView(r, r.p.T("admin.user.password_title", u.Login), "users", u)
	v.Errors = errs
	return h.render(w, status, "user_password.html", v)
}

func (h *Handler) showUserPassword(w http.ResponseWriter, r *request) error {
	u, err := h.passwordTarget(r)
	if err != nil {
		return err
	}
	if u.ID == r.user().ID {
		// One's own password needs the current one: the profile asks.
		http.Redirect(w, r.Request, "/admin/profile", http.StatusSeeOther)
		return nil
	}
	return h.renderUserPassword(w, r, http.StatusOK, u, nil)
}

func (h *Handler) setUserPassword(w http.ResponseWriter, r *request) error {
	u, err := h.passwordTarget(r)
	if err != nil {
		return err
	}
	if u.ID == r.user().ID {
		return model.ErrForbidden
	}
	pw := r.PostFormValue("password")
	errs := map[string]string{}
	switch {
	case auth.CheckPasswordRules(pw) != "":
		errs["password"] = auth.CheckPasswordRules(pw)
	case pw != r.PostFormValue("password2"):
		errs["password2"] = "admin.err.password_mismatch"
	}
	if len(errs) > 0 {
		return h.renderUserPassword(w, r, http.StatusUnprocessableEntity, u, errs)
	}
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return err
	}
	if err := h.store.SetUserPassword(r.Context(), u.ID, hash, ""); err != nil {
		return err
	}
	if err := h.throttle.Succeed(r.Context(), auth.AccountSubject(u.ID, u.Login)); err != nil {
		return err
	}
	h.audit(r.Context(), r, "user.password_set", "user", u.ID, u.Login)
	http.Redirect(w, r.Request, "/admin/users/?notice=user_password", http.StatusSeeOther)
	return nil
}

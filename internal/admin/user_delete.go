package admin

import (
	"errors"
	"net/http"
	"strconv"

	"warta/internal/auth"
	"warta/internal/httpx"
	"warta/internal/model"
)

// Deleting a user, as WordPress does it: a confirmation screen that says
// how many articles credit them and asks who takes their bylines.

func init() { notices["user_deleted"] = "admin.notice.user_deleted" }

func (h *Handler) userDeleteRoutes(mux httpx.Mux) {
	mux.Handle("GET /admin/users/{id}/delete", h.page(h.showDeleteUser))
	mux.Handle("POST /admin/users/{id}/delete", h.page(h.deleteUser))
}

type deleteUserData struct {
	Target   *model.User
	Bylines  int
	Heirs    []model.User // everyone else
	Heir     int64
	IsSelf   bool
	HasHeirs bool
}

// deleteUserView loads what the confirmation screen shows.
func (h *Handler) deleteUserView(r *request) (deleteUserData, error) {
	if !r.can(auth.ManageUsers) {
		return deleteUserData{}, model.ErrForbidden
	}
	id, err := pathID(r)
	if err != nil {
		return deleteUserData{}, err
	}
	target, err := h.store.UserByID(r.Context(), id)
	if err != nil {
		return deleteUserData{}, err
	}
	n, err := h.store.CountBylines(r.Context(), id)
	if err != nil {
		return deleteUserData{}, err
	}
	users, err := h.store.Users(r.Context())
	if err != nil {
		return deleteUserData{}, err
	}
	d := deleteUserData{Target: target, Bylines: n, IsSelf: id == r.user().ID}
	for _, u := range users {
		if u.ID != id {
			d.Heirs = append(d.Heirs, u)
		}
	}
	d.HasHeirs = len(d.Heirs) > 0
	return d, nil
}

func (h *Handler) showDeleteUser(w http.ResponseWriter, r *request) error {
	d, err := h.deleteUserView(r)
	if err != nil {
		return err
	}
	return h.renderDeleteUser(w, r, http.StatusOK, d, nil)
}

func (h *Handler) renderDeleteUser(w http.ResponseWriter, r *request, status int, d deleteUserData, errs map[string]string) error {
	v := h.newView(r, r.p.T("admin.user.delete_title", d.Target.Login), "users", d)
	v.Errors = errs
	return h.render(w, status, "user_delete.html", v)
}

func (h *Handler) deleteUser(w http.ResponseWriter, r *request) error {
	d, err := h.deleteUserView(r)
	if err != nil {
		return err
	}
	// Someone must stay to run the site: nobody deletes themselves, so
	// the administrator deleting keeps the site one.
	if d.IsSelf {
		return h.renderDeleteUser(w, r, http.StatusUnprocessableEntity, d, map[string]string{"heir": "admin.user.err.delete_self"})
	}
	d.Heir, _ = strconv.ParseInt(r.PostFormValue("heir"), 10, 64)
	if d.Bylines > 0 {
		ok := false
		for _, u := range d.Heirs {
			ok = ok || u.ID == d.Heir
		}
		if !ok {
			return h.renderDeleteUser(w, r, http.StatusUnprocessableEntity, d, map[string]string{"heir": "admin.user.err.heir"})
		}
	} else {
		d.Heir = 0
	}
	err = h.store.DeleteUser(r.Context(), d.Target.ID, d.Heir)
	if errors.Is(err, model.ErrConflict) {
		// A byline was added since the screen was shown.
		return h.renderDeleteUser(w, r, http.StatusUnprocessableEntity, d, map[string]string{"heir": "admin.user.err.heir"})
	}
	if err != nil {
		return err
	}
	detail := d.Target.Login
	if d.Heir != 0 {
		for _, u := range d.Heirs {
			if u.ID == d.Heir {
				detail += " → " + u.Login
			}
		}
	}
	h.audit(r.Context(), r, "user.delete", "user", d.Target.ID, detail)
	http.Redirect(w, r.Request, "/admin/users/?notice=user_deleted", http.StatusSeeOther)
	return nil
}

package admin

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"warta/internal/auth"
	"warta/internal/httpx"
	"warta/internal/mail"
	"warta/internal/model"
	"warta/internal/store"
)

// "Forgot password": a newsroom user asks for a link by login or email;
// the answer is the same whether an account matched or not. The link
// works once and for an hour; a user gets at most resetsPerHour of them.
const (
	resetValid    = time.Hour
	resetsPerHour = 3
)

func init() {
	notices["reset_sent"] = "admin.reset.notice.sent"
	notices["reset_done"] = "admin.reset.notice.done"
}

func (h *Handler) resetRoutes(mux httpx.Mux) {
	mux.Handle("GET /admin/forgot", h.public(h.showForgot))
	mux.Handle("POST /admin/forgot", h.public(h.postForgot))
	mux.Handle("GET /admin/reset", h.public(h.showReset))
	mux.Handle("POST /admin/reset", h.public(h.postReset))
}

// resetData fills the forgot and reset screens.
type resetData struct {
	Token string // the pre-session CSRF token
	Login string
	Key   string // the reset link's secret
}

func resetHash(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}

func (h *Handler) showForgot(w http.ResponseWriter, r *request) error {
	v := h.newView(r, r.p.T("admin.reset.forgot_title"), "", resetData{Token: h.preToken(w, r)})
	return h.render(w, http.StatusOK, "forgot.html", v)
}

func (h *Handler) postForgot(w http.ResponseWriter, r *request) error {
	d := resetData{Token: h.preToken(w, r), Login: strings.TrimSpace(r.PostFormValue("login"))}
	v := h.newView(r, r.p.T("admin.reset.forgot_title"), "", d)
	if !checkPreToken(r) {
		v.Errors = map[string]string{"login": "admin.err.csrf"}
		return h.render(w, http.StatusForbidden, "forgot.html", v)
	}
	if d.Login == "" {
		v.Errors = map[string]string{"login": "admin.reset.err.login"}
		return h.render(w, http.StatusUnprocessableEntity, "forgot.html", v)
	}
	if err := h.sendReset(r, d.Login); err != nil {
		return err
	}
	// The same answer whether an account matched or not.
	http.Redirect(w, r.Request, "/admin/login?notice=reset_sent", http.StatusSeeOther)
	return nil
}

// sendReset queues a reset link for the account named by login (or
// email), when there is one, the site sends mail and the account has not
// asked too often.
func (h *Handler) sendReset(r *request, login string) error {
	if !r.st.MailEnabled() {
		return nil
	}
	ctx := r.Context()
	u, err := h.store.UserByLogin(ctx, login)
	if errors.Is(err, model.ErrNotFound) {
		u, err = h.store.UserByEmail(ctx, login)
	}
	if errors.Is(err, model.ErrNotFound) || (err == nil && u.Email == "") {
		return nil
	}
	if err != nil {
		return err
	}
	key := randomToken()
	now := h.now()
	msg, err := h.composer.Compose(r.st, mail.Letter{Kind: model.MailReset, To: u.Email, ToName: u.DisplayName,
		Lang: r.p.Lang(), Template: "reset.html", Subject: "mail.reset.subject", SubjectArgs: []any{r.st.Title},
		Data: map[string]string{"Name": u.DisplayName, "Login": u.Login,
			"URL": h.composer.Link("/admin/reset", url.Values{"t": {key}})}}, now)
	if err != nil {
		return err
	}
	created, err := h.store.CreatePasswordReset(ctx, u.ID, resetHash(key), now, now.Add(resetValid), now.Add(-time.Hour),
		resetsPerHour, func(tx *store.Tx) error { return tx.EnqueueMail(msg) })
	if err != nil {
		return err
	}
	if created {
		h.audit(ctx, r, "user.reset_asked", "user", u.ID, u.Login)
		if h.mailer != nil {
			h.mailer.Nudge()
		}
	}
	return nil
}

func (h *Handler) showReset(w http.ResponseWriter, r *request) error {
	d := resetData{Token: h.preToken(w, r), Key: r.URL.Query().Get("t")}
	if _, err := h.store.PasswordResetUser(r.Context(), resetHash(d.Key), h.now()); err != nil {
		if errors.Is(err, model.ErrNotFound) {
			h.renderError(w, r, http.StatusNotFound, "admin.reset.err.link")
			return nil
		}
		return err
	}
	return h.render(w, http.StatusOK, "reset.html", h.newView(r, r.p.T("admin.reset.title"), "", d))
}

func (h *Handler) postReset(w http.ResponseWriter, r *request) error {
	d := resetData{Token: h.preToken(w, r), Key: r.PostFormValue("t")}
	v := h.newView(r, r.p.T("admin.reset.title"), "", d)
	if !checkPreToken(r) {
		v.Errors = map[string]string{"password": "admin.err.csrf"}
		return h.render(w, http.StatusForbidden, "reset.html", v)
	}
	pw := r.PostFormValue("password")
	switch {
	case auth.CheckPasswordRules(pw) != "":
		v.Errors = map[string]string{"password": auth.CheckPasswordRules(pw)}
	case pw != r.PostFormValue("password2"):
		v.Errors = map[string]string{"password2": "admin.err.password_mismatch"}
	}
	if v.Errors != nil {
		return h.render(w, http.StatusUnprocessableEntity, "reset.html", v)
	}
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return err
	}
	id, err := h.store.ResetPassword(r.Context(), resetHash(d.Key), hash, h.now())
	if errors.Is(err, model.ErrNotFound) {
		h.renderError(w, r, http.StatusNotFound, "admin.reset.err.link")
		return nil
	}
	if err != nil {
		return err
	}
	h.audit(r.Context(), r, "user.reset_done", "user", id, "")
	http.Redirect(w, r.Request, "/admin/login?notice=reset_done", http.StatusSeeOther)
	return nil
}

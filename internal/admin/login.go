package admin

import (
	"crypto/subtle"
	"errors"
	"math"
	"net/http"
	"strings"
	"time"

	"warta/internal/auth"
	"warta/internal/httpx"
	"warta/internal/locale"
	"warta/internal/model"
)

// preCookie carries the CSRF token of the forms shown before signing in
// (sign-in, setup): the form repeats it, and another site can neither read
// nor set it.
const preCookie = "warta_login"

type loginData struct {
	Login, Next, Token string
	// Wait and Until say, after too many failures, how long to wait and
	// until what time of day ("15 menit", "10.42").
	Wait, Until string
}

// waitText says d in whole minutes, rounded up, or in hours and minutes
// from two hours on: "15 menit", "1 minute", "2 jam 30 menit".
func waitText(p *locale.Printer, d time.Duration) string {
	m := int(math.Ceil(d.Minutes()))
	if m < 1 {
		m = 1
	}
	if m < 120 {
		return p.Plural("admin.wait.minutes", m)
	}
	h, m := m/60, m%60
	s := p.Plural("admin.wait.hours", h)
	if m > 0 {
		s += " " + p.Plural("admin.wait.minutes", m)
	}
	return s
}

// preToken returns the pre-session token of the request, setting a new
// cookie when there is none.
func (h *Handler) preToken(w http.ResponseWriter, r *request) string {
	if c, err := r.Cookie(preCookie); err == nil && len(c.Value) >= 32 {
		return c.Value
	}
	t := randomToken()
	http.SetCookie(w, &http.Cookie{Name: preCookie, Value: t, Path: "/admin/", HttpOnly: true,
		Secure: h.secure, SameSite: http.SameSiteStrictMode})
	return t
}

func checkPreToken(r *request) bool {
	c, err := r.Cookie(preCookie)
	return err == nil && c.Value != "" &&
		subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.PostFormValue("csrf"))) == 1
}

// safeNext keeps a redirect after sign-in inside the newsroom.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/admin/") || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") {
		return "/admin/"
	}
	return next
}

func (h *Handler) showLogin(w http.ResponseWriter, r *request) error {
	if r.ses != nil {
		http.Redirect(w, r.Request, "/admin/", http.StatusSeeOther)
		return nil
	}
	d := loginData{Next: safeNext(r.URL.Query().Get("next")), Token: h.preToken(w, r)}
	v := h.newView(r, r.p.T("admin.login.title"), "", d)
	if v.Notice == "" && h.SetupURL() != "" {
		// No administrator yet: the setup link is printed by `warta serve`.
		v.Notice = "admin.login.needs_setup"
	}
	return h.render(w, http.StatusOK, "login.html", v)
}

func (h *Handler) postLogin(w http.ResponseWriter, r *request) error {
	d := loginData{Login: r.PostFormValue("login"), Next: safeNext(r.PostFormValue("next")), Token: h.preToken(w, r)}
	v := h.newView(r, r.p.T("admin.login.title"), "", d)
	if !checkPreToken(r) {
		v.Errors = map[string]string{"login": "admin.err.csrf"}
		return h.render(w, http.StatusForbidden, "login.html", v)
	}
	u, err := auth.SignIn(r.Context(), h.store, h.throttle, d.Login, r.PostFormValue("password"), httpx.ClientIP(r.Request), h.now())
	var throttled *auth.ThrottledError
	switch {
	case errors.As(err, &throttled):
		d.Wait = waitText(r.p, throttled.Wait)
		// Rounded up to the minute, as the wait is.
		d.Until = h.now().Add(throttled.Wait).In(r.st.Location()).Add(time.Minute - time.Nanosecond).Truncate(time.Minute).Format(r.p.T("admin.wait.clock"))
		v.Data = d
		v.Errors = map[string]string{"login": "admin.login.locked"}
		w.Header().Set("Retry-After", itoa(int(math.Ceil(throttled.Wait.Seconds()))))
		return h.render(w, http.StatusTooManyRequests, "login.html", v)
	case errors.Is(err, model.ErrForbidden):
		v.Errors = map[string]string{"login": "admin.login.wrong"}
		return h.render(w, http.StatusUnprocessableEntity, "login.html", v)
	case err != nil:
		return err
	}
	k, err := h.store.TOTP(r.Context(), u.ID)
	if err != nil && !errors.Is(err, model.ErrNotFound) {
		return err
	}
	if k.Confirmed() {
		return h.askSecondFactor(w, r, u, d.Next)
	}
	if needsTwoFactor(r.st, u.Role) {
		// The site requires two factors; a user whose second is a passkey
		// signs in with it, not with the password alone.
		keys, err := h.store.Passkeys(r.Context(), u.ID)
		if err != nil {
			return err
		}
		if len(keys) > 0 {
			v.Errors = map[string]string{"login": "admin.passkey.err.use_passkey"}
			return h.render(w, http.StatusUnprocessableEntity, "login.html", v)
		}
	}
	return h.startSession(w, r, u, d.Next)
}

// startSession signs u in and sends the browser to next.
func (h *Handler) startSession(w http.ResponseWriter, r *request, u *model.User, next string) error {
	if err := h.beginSession(w, r, u, ""); err != nil {
		return err
	}
	http.Redirect(w, r.Request, next, http.StatusSeeOther)
	return nil
}

// beginSession signs u in (by how: "" for the password, "passkey") and
// sets the session's cookie.
func (h *Handler) beginSession(w http.ResponseWriter, r *request, u *model.User, how string) error {
	ses, cookie, err := auth.StartSession(r.Context(), h.store, u, httpx.ClientIP(r.Request), r.UserAgent(), h.now())
	if err != nil {
		return err
	}
	auth.SetCookie(w, cookie, h.secure || r.TLS != nil)
	r.ses = ses
	h.audit(r.Context(), r, "user.sign_in", "user", u.ID, how)
	// Sign-ins are rare enough to sweep expired sessions on the way.
	if err := h.store.DeleteExpiredSessions(r.Context(), h.now()); err != nil {
		h.log.Error("expired sessions", "err", err)
	}
	return nil
}

func (h *Handler) postLogout(w http.ResponseWriter, r *request) error {
	if err := h.store.DeleteSession(r.Context(), r.ses.ID); err != nil {
		return err
	}
	auth.ClearCookie(w, h.secure || r.TLS != nil)
	http.Redirect(w, r.Request, "/admin/login?notice=signedout", http.StatusSeeOther)
	return nil
}

type setupData struct {
	Token, Pre, Login, Email, Name string
}

// validSetupToken reports whether t is the live setup token.
func (h *Handler) validSetupToken(t string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.setupToken != "" && subtle.ConstantTimeCompare([]byte(t), []byte(h.setupToken)) == 1
}

// setupOpen reports whether tok is the live setup token and the site still
// has no administrator (one may have been added with warta user add since).
func (h *Handler) setupOpen(r *request, tok string) (bool, error) {
	if !h.validSetupToken(tok) {
		return false, nil
	}
	n, err := h.store.CountAdministrators(r.Context())
	if err != nil {
		return false, err
	}
	if n > 0 {
		h.mu.Lock()
		h.setupToken = ""
		h.mu.Unlock()
		return false, nil
	}
	return true, nil
}

func (h *Handler) showSetup(w http.ResponseWriter, r *request) error {
	tok := r.URL.Query().Get("token")
	if ok, err := h.setupOpen(r, tok); err != nil || !ok {
		return cmpErr(err, model.ErrNotFound)
	}
	d := setupData{Token: tok, Pre: h.preToken(w, r)}
	return h.render(w, http.StatusOK, "setup.html", h.newView(r, r.p.T("admin.setup.title"), "", d))
}

func (h *Handler) postSetup(w http.ResponseWriter, r *request) error {
	tok := r.PostFormValue("token")
	if ok, err := h.setupOpen(r, tok); err != nil || !ok {
		return cmpErr(err, model.ErrNotFound)
	}
	d := setupData{Token: tok, Pre: h.preToken(w, r), Login: r.PostFormValue("login"), Email: r.PostFormValue("email"), Name: r.PostFormValue("name")}
	v := h.newView(r, r.p.T("admin.setup.title"), "", d)
	if !checkPreToken(r) {
		v.Errors = map[string]string{"login": "admin.err.csrf"}
		return h.render(w, http.StatusForbidden, "setup.html", v)
	}
	pw := r.PostFormValue("password")
	if pw != r.PostFormValue("password2") {
		v.Errors = map[string]string{"password": "admin.err.password_mismatch"}
		return h.render(w, http.StatusUnprocessableEntity, "setup.html", v)
	}
	u, err := auth.CreateUser(r.Context(), h.store, auth.NewUser{Login: d.Login, Email: d.Email, DisplayName: d.Name,
		Password: pw, Role: model.RoleAdministrator})
	var verr *model.ValidationError
	if errors.As(err, &verr) {
		v.Errors = verr.Fields
		return h.render(w, http.StatusUnprocessableEntity, "setup.html", v)
	}
	if err != nil {
		return err
	}
	h.mu.Lock()
	h.setupToken = ""
	h.mu.Unlock()
	ses, cookie, err := auth.StartSession(r.Context(), h.store, u, httpx.ClientIP(r.Request), r.UserAgent(), h.now())
	if err != nil {
		return err
	}
	r.ses = ses
	auth.SetCookie(w, cookie, h.secure || r.TLS != nil)
	h.audit(r.Context(), r, "user.setup", "user", u.ID, u.Login)
	http.Redirect(w, r.Request, "/admin/?notice=welcome", http.StatusSeeOther)
	return nil
}

// cmpErr returns err when there is one, else fallback.
func cmpErr(err, fallback error) error {
	if err != nil {
		return err
	}
	return fallback
}

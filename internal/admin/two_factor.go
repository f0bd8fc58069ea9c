package admin

import (
	"encoding/base64"
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"warta/internal/auth"
	"warta/internal/httpx"
	"warta/internal/model"
)

// Two-factor sign-in (TOTP with recovery codes, see auth/totp.go). A user
// whose key is confirmed signs in in two steps: the password form, then
// /admin/login/code, which a short-lived signed cookie (twoFactorCookie)
// ties to the account the password proved; only then does a session
// start. A user sets it up under /admin/profile/two-factor by scanning a
// QR code and typing a code, and gets ten recovery codes, shown once. With
// Settings → "Require two-factor sign-in" editors and administrators
// without it are sent to set it up before anything else.

const (
	twoFactorCookie  = "warta_2fa"
	twoFactorPurpose = "two-factor sign-in"
	// twoFactorWindow is how long the code may be typed after the password.
	twoFactorWindow = 5 * time.Minute
	twoFactorPath   = "/admin/profile/two-factor"
)

func init() {
	notices["2fa_required"] = "admin.2fa.notice.required"
	notices["2fa_off"] = "admin.2fa.notice.off"
	notices["2fa_late"] = "admin.2fa.notice.late"
}

func (h *Handler) twoFactorRoutes(mux httpx.Mux) {
	mux.Handle("GET /admin/login/code", h.public(h.showLoginCode))
	mux.Handle("POST /admin/login/code", h.public(h.postLoginCode))
	mux.Handle("GET "+twoFactorPath, h.page(h.showTwoFactor))
	mux.Handle("GET "+twoFactorPath+"/qr.png", h.page(h.twoFactorQR))
	mux.Handle("POST "+twoFactorPath, h.page(h.confirmTwoFactor))
	mux.Handle("POST "+twoFactorPath+"/recovery", h.page(h.newRecoveryCodes))
	mux.Handle("POST "+twoFactorPath+"/off", h.page(h.turnOffTwoFactor))
}

// needsTwoFactor reports whether the site makes role set up two-factor
// sign-in.
func needsTwoFactor(set model.Settings, role model.Role) bool {
	return set.TwoFactorRequired && (role == model.RoleAdministrator || role == model.RoleEditor)
}

// enforceTwoFactor sends a signed-in user whom the site requires to use
// two-factor sign-in, and who has not set it up, to set it up: it answers
// and returns true, unless r is that screen (or signing out).
func (h *Handler) enforceTwoFactor(w http.ResponseWriter, r *request) (bool, error) {
	if !needsTwoFactor(r.st, r.user().Role) || strings.HasPrefix(r.URL.Path, twoFactorPath) ||
		strings.HasPrefix(r.URL.Path, passkeysPath) || r.URL.Path == "/admin/logout" ||
		(r.Method == http.MethodGet && r.URL.Path == "/admin/profile") { // where a passkey is added
		return false, nil
	}
	k, err := h.store.TOTP(r.Context(), r.user().ID)
	if err != nil && !errors.Is(err, model.ErrNotFound) {
		return false, err
	}
	if k.Confirmed() {
		return false, nil
	}
	// A passkey is two factors (and the password alone does not sign in
	// a user who has one: see postLogin).
	if keys, err := h.store.Passkeys(r.Context(), r.user().ID); err != nil || len(keys) > 0 {
		return false, err
	}
	if r.Method == http.MethodGet {
		http.Redirect(w, r.Request, twoFactorPath+"?notice=2fa_required", http.StatusSeeOther)
	} else {
		h.renderError(w, r, http.StatusForbidden, "admin.2fa.notice.required")
	}
	return true, nil
}

// askSecondFactor follows a right password of u, who has two-factor
// sign-in, to the code's form.
func (h *Handler) askSecondFactor(w http.ResponseWriter, r *request, u *model.User, next string) error {
	msg := strconv.FormatInt(u.ID, 10) + "|" + strconv.FormatInt(h.now().Add(twoFactorWindow).Unix(), 10) + "|" +
		base64.RawURLEncoding.EncodeToString([]byte(next))
	v, err := h.signer.Sign(r.Context(), twoFactorPurpose, msg)
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: twoFactorCookie, Value: v, Path: "/admin/", MaxAge: int(twoFactorWindow / time.Second),
		HttpOnly: true, Secure: h.secure || r.TLS != nil, SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r.Request, "/admin/login/code", http.StatusSeeOther)
	return nil
}

// pendingSignIn returns the user whose password r's two-factor cookie
// vouches for and where the sign-in leads; 0 when there is none, or it is
// forged or late.
func (h *Handler) pendingSignIn(r *request) (int64, string) {
	c, err := r.Cookie(twoFactorCookie)
	if err != nil {
		return 0, ""
	}
	msg, ok := h.signer.Verify(r.Context(), twoFactorPurpose, c.Value)
	parts := strings.Split(msg, "|")
	if !ok || len(parts) != 3 {
		return 0, ""
	}
	id, err1 := strconv.ParseInt(parts[0], 10, 64)
	until, err2 := strconv.ParseInt(parts[1], 10, 64)
	next, err3 := base64.RawURLEncoding.DecodeString(parts[2])
	if err1 != nil || err2 != nil || err3 != nil || h.now().Unix() > until {
		return 0, ""
	}
	return id, safeNext(string(next))
}

type loginCodeData struct {
	Token       string
	Wait, Until string
}

func (h *Handler) showLoginCode(w http.ResponseWriter, r *request) error {
	if id, _ := h.pendingSignIn(r); id == 0 {
		http.Redirect(w, r.Request, "/admin/login", http.StatusSeeOther)
		return nil
	}
	v := h.newView(r, r.p.T("admin.2fa.login_title"), "", loginCodeData{Token: h.preToken(w, r)})
	return h.render(w, http.StatusOK, "login_code.html", v)
}

func (h *Handler) postLoginCode(w http.ResponseWriter, r *request) error {
	d := loginCodeData{Token: h.preToken(w, r)}
	v := h.newView(r, r.p.T("admin.2fa.login_title"), "", d)
	id, next := h.pendingSignIn(r)
	if id == 0 {
		// Too late, or no password first: start again.
		http.Redirect(w, r.Request, "/admin/login?notice=2fa_late", http.StatusSeeOther)
		return nil
	}
	if !checkPreToken(r) {
		v.Errors = map[string]string{"code": "admin.err.csrf"}
		return h.render(w, http.StatusForbidden, "login_code.html", v)
	}
	ctx := r.Context()
	u, err := h.store.UserByID(ctx, id)
	if err != nil {
		return err
	}
	k, err := h.store.TOTP(ctx, id)
	if err != nil && !errors.Is(err, model.ErrNotFound) {
		return err
	}
	if k.Confirmed() {
		err = auth.SecondFactor(ctx, h.store, h.throttle, u, k, r.PostFormValue("code"), httpx.ClientIP(r.Request), h.now())
	}
	var throttled *auth.ThrottledError
	switch {
	case errors.As(err, &throttled):
		d.Wait = waitText(r.p, throttled.Wait)
		d.Until = h.now().Add(throttled.Wait).In(r.st.Location()).Add(time.Minute - time.Nanosecond).Truncate(time.Minute).Format(r.p.T("admin.wait.clock"))
		v.Data = d
		v.Errors = map[string]string{"code": "admin.login.locked"}
		w.Header().Set("Retry-After", itoa(int(math.Ceil(throttled.Wait.Seconds()))))
		return h.render(w, http.StatusTooManyRequests, "login_code.html", v)
	case errors.Is(err, model.ErrForbidden):
		v.Errors = map[string]string{"code": "admin.2fa.err.code"}
		return h.render(w, http.StatusUnprocessableEntity, "login_code.html", v)
	case err != nil:
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: twoFactorCookie, Path: "/admin/", MaxAge: -1, HttpOnly: true,
		Secure: h.secure || r.TLS != nil, SameSite: http.SameSiteStrictMode})
	return h.startSession(w, r, u, next)
}

// twoFactorData fills the two-factor screen.
type twoFactorData struct {
	On       bool     // a confirmed key
	Secret   string   // the key being set up, in groups of four, for typing
	Left     int      // recovery codes not used
	Codes    []string // new recovery codes, shown once
	Required bool     // the site requires it of this user
}

// enrolling returns the user's key being set up, making one when there is
// none; nil when their key is confirmed.
func (h *Handler) enrolling(r *request) (*model.TOTP, error) {
	ctx := r.Context()
	k, err := h.store.TOTP(ctx, r.user().ID)
	if err != nil && !errors.Is(err, model.ErrNotFound) {
		return nil, err
	}
	if k.Confirmed() {
		return nil, nil
	}
	if k != nil {
		return k, nil
	}
	secret, err := auth.NewTOTPSecret()
	if err != nil {
		return nil, err
	}
	if err := h.store.StartTOTP(ctx, r.user().ID, secret, h.now()); err != nil {
		return nil, err
	}
	return h.store.TOTP(ctx, r.user().ID)
}

func (h *Handler) renderTwoFactor(w http.ResponseWriter, r *request, status int, d twoFactorData, errs map[string]string) error {
	ctx := r.Context()
	d.Required = needsTwoFactor(r.st, r.user().Role)
	k, err := h.enrolling(r)
	if err != nil {
		return err
	}
	if k == nil {
		d.On = true
		if d.Left, err = h.store.RecoveryCodesLeft(ctx, r.user().ID); err != nil {
			return err
		}
	} else {
		d.Secret = groups(k.Secret, 4)
	}
	v := h.newView(r, r.p.T("admin.2fa.title"), "profile", d)
	v.Errors = errs
	return h.render(w, status, "two_factor.html", v)
}

// groups writes s in groups of n separated by spaces.
func groups(s string, n int) string {
	var b strings.Builder
	for i, c := range s {
		if i > 0 && i%n == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func (h *Handler) showTwoFactor(w http.ResponseWriter, r *request) error {
	return h.renderTwoFactor(w, r, http.StatusOK, twoFactorData{}, nil)
}

// twoFactorQR answers the QR code of the key being set up.
func (h *Handler) twoFactorQR(w http.ResponseWriter, r *request) error {
	k, err := h.enrolling(r)
	if err != nil {
		return err
	}
	if k == nil {
		return model.ErrNotFound
	}
	png, err := auth.TOTPQRCode(k.Secret, r.st.Title, r.user().Login)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/png")
	_, err = w.Write(png)
	return err
}

// confirmTwoFactor turns two-factor sign-in on once the user typed a code
// of the key they scanned, and shows their recovery codes.
func (h *Handler) confirmTwoFactor(w http.ResponseWriter, r *request) error {
	k, err := h.enrolling(r)
	if err != nil {
		return err
	}
	if k == nil {
		http.Redirect(w, r.Request, twoFactorPath, http.StatusSeeOther)
		return nil
	}
	step, ok := auth.CheckTOTP(k.Secret, r.PostFormValue("code"), h.now())
	if !ok {
		return h.renderTwoFactor(w, r, http.StatusUnprocessableEntity, twoFactorData{}, map[string]string{"code": "admin.2fa.err.code"})
	}
	codes, hashes, err := auth.NewRecoveryCodes()
	if err != nil {
		return err
	}
	if err := h.store.ConfirmTOTP(r.Context(), r.user().ID, step, hashes, h.now()); err != nil {
		return err
	}
	h.audit(r.Context(), r, "user.2fa_on", "user", r.user().ID, "")
	return h.renderTwoFactor(w, r, http.StatusOK, twoFactorData{Codes: codes}, nil)
}

// checkCurrentPassword reports whether the form's current password is the
// signed-in user's.
func (h *Handler) checkCurrentPassword(r *request) (bool, error) {
	ok, err := auth.VerifyPassword(r.user().PasswordHash, r.PostFormValue("current"))
	if err != nil && !errors.Is(err, auth.ErrBadHash) {
		return false, err
	}
	return ok, nil
}

func (h *Handler) newRecoveryCodes(w http.ResponseWriter, r *request) error {
	if ok, err := h.checkCurrentPassword(r); err != nil || !ok {
		if err != nil {
			return err
		}
		return h.renderTwoFactor(w, r, http.StatusUnprocessableEntity, twoFactorData{}, map[string]string{"current": "admin.err.current_password"})
	}
	codes, hashes, err := auth.NewRecoveryCodes()
	if err != nil {
		return err
	}
	if err := h.store.ReplaceRecoveryCodes(r.Context(), r.user().ID, hashes); err != nil {
		return err
	}
	h.audit(r.Context(), r, "user.2fa_codes", "user", r.user().ID, "")
	return h.renderTwoFactor(w, r, http.StatusOK, twoFactorData{Codes: codes}, nil)
}

func (h *Handler) turnOffTwoFactor(w http.ResponseWriter, r *request) error {
	if needsTwoFactor(r.st, r.user().Role) {
		return h.renderTwoFactor(w, r, http.StatusUnprocessableEntity, twoFactorData{}, map[string]string{"current": "admin.2fa.err.required"})
	}
	if ok, err := h.checkCurrentPassword(r); err != nil || !ok {
		if err != nil {
			return err
		}
		return h.renderTwoFactor(w, r, http.StatusUnprocessableEntity, twoFactorData{}, map[string]string{"current": "admin.err.current_password"})
	}
	if err := h.store.DeleteTOTP(r.Context(), r.user().ID); err != nil {
		return err
	}
	h.audit(r.Context(), r, "user.2fa_off", "user", r.user().ID, "")
	http.Redirect(w, r.Request, "/admin/profile?notice=2fa_off", http.StatusSeeOther)
	return nil
}

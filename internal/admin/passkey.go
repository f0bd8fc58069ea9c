package admin

import (
	"context"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"warta/internal/auth"
	"warta/internal/httpx"
	"warta/internal/model"
)

// Passkeys (auth/passkey.go) on the newsroom's screens. On the profile a
// user names and adds a passkey, lists and deletes theirs; the sign-in
// page offers "Sign in with a passkey". Both ceremonies run in the
// browser's script (admin.js), shown only where the browser offers
// WebAuthn; without it the page says so and the password form works as
// ever. The server's half of a ceremony waits in a short-lived signed
// cookie. A passkey sign-in needs no code afterwards: the authenticator
// verified the user, so it counts as two factors, and a user with a
// passkey meets Settings → "Require two-factor sign-in" (signing in with
// the password alone is then refused unless they also have a TOTP app).

const (
	passkeyCookie   = "warta_passkey"
	passkeyMaxName  = 60
	passkeysPath    = "/admin/profile/passkeys"
	passkeyLoginURL = "/admin/login/passkey"
)

func init() {
	notices["passkey_added"] = "admin.passkey.notice.added"
	notices["passkey_deleted"] = "admin.passkey.notice.deleted"
}

func (h *Handler) passkeyRoutes(mux httpx.Mux) {
	mux.Handle("POST "+passkeysPath+"/options", h.page(h.passkeyOptions))
	mux.Handle("POST "+passkeysPath, h.page(h.addPasskey))
	mux.Handle("POST "+passkeysPath+"/{id}/delete", h.page(h.deletePasskey))
	mux.Handle("POST "+passkeyLoginURL+"/options", h.public(h.passkeyLoginOptions))
	mux.Handle("POST "+passkeyLoginURL, h.public(h.passkeyLogin))
}

// passkeys returns the ceremonies of the site, named by its title.
func (h *Handler) passkeys(r *request) (*auth.Passkeys, error) {
	return auth.NewPasskeys(h.baseURL, r.st.Title)
}

// jsonAnswer writes v as the JSON answer to the script.
func jsonAnswer(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(v)
}

// passkeyRefused answers the script with the problem's message.
func passkeyRefused(w http.ResponseWriter, r *request, status int, key string) error {
	return jsonAnswer(w, status, map[string]string{"error": r.p.T(key)})
}

// keepCeremony signs state for purpose into the ceremony's cookie.
func (h *Handler) keepCeremony(ctx context.Context, w http.ResponseWriter, r *request, purpose string, state []byte) error {
	v, err := h.signer.Sign(ctx, purpose, base64.RawURLEncoding.EncodeToString(state))
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: passkeyCookie, Value: v, Path: "/admin/", MaxAge: 300, HttpOnly: true,
		Secure: h.secure || r.TLS != nil, SameSite: http.SameSiteStrictMode})
	return nil
}

// takeCeremony returns the state kept for purpose and clears the cookie:
// a ceremony is answered once.
func (h *Handler) takeCeremony(w http.ResponseWriter, r *request, purpose string) ([]byte, bool) {
	http.SetCookie(w, &http.Cookie{Name: passkeyCookie, Value: "", Path: "/admin/", MaxAge: -1, HttpOnly: true,
		Secure: h.secure || r.TLS != nil, SameSite: http.SameSiteStrictMode})
	c, err := r.Cookie(passkeyCookie)
	if err != nil {
		return nil, false
	}
	msg, ok := h.signer.Verify(r.Context(), purpose, c.Value)
	if !ok {
		return nil, false
	}
	state, err := base64.RawURLEncoding.DecodeString(msg)
	return state, err == nil
}

func registrationPurpose(u *model.User) string {
	return "passkey registration " + strconv.FormatInt(u.ID, 10)
}

const loginPurpose = "passkey sign-in"

// passkeyName checks the name typed for a new passkey.
func passkeyName(s string) (string, string) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return s, "admin.passkey.err.name"
	case utf8.RuneCountInString(s) > passkeyMaxName:
		return s, "admin.passkey.err.name_long"
	}
	return s, ""
}

func (h *Handler) passkeyOptions(w http.ResponseWriter, r *request) error {
	if _, problem := passkeyName(r.URL.Query().Get("name")); problem != "" {
		return passkeyRefused(w, r, http.StatusUnprocessableEntity, problem)
	}
	pk, err := h.passkeys(r)
	if err != nil {
		return passkeyRefused(w, r, http.StatusConflict, "admin.passkey.err.unavailable")
	}
	keys, err := h.store.Passkeys(r.Context(), r.user().ID)
	if err != nil {
		return err
	}
	options, state, err := pk.BeginRegistration(r.user(), keys)
	if err != nil {
		return err
	}
	if err := h.keepCeremony(r.Context(), w, r, registrationPurpose(r.user()), state); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, err = w.Write(options)
	return err
}

func (h *Handler) addPasskey(w http.ResponseWriter, r *request) error {
	name, problem := passkeyName(r.URL.Query().Get("name"))
	if problem != "" {
		return passkeyRefused(w, r, http.StatusUnprocessableEntity, problem)
	}
	state, ok := h.takeCeremony(w, r, registrationPurpose(r.user()))
	pk, err := h.passkeys(r)
	if !ok || err != nil {
		return passkeyRefused(w, r, http.StatusBadRequest, "admin.passkey.err.failed")
	}
	keys, err := h.store.Passkeys(r.Context(), r.user().ID)
	if err != nil {
		return err
	}
	key, err := pk.FinishRegistration(r.user(), keys, state, io.LimitReader(r.Body, 64<<10), name, h.now())
	if errors.Is(err, auth.ErrPasskey) {
		h.log.Info("passkey not added", "user", r.user().ID, "err", err)
		return passkeyRefused(w, r, http.StatusBadRequest, "admin.passkey.err.failed")
	}
	if err != nil {
		return err
	}
	if err := h.store.AddPasskey(r.Context(), key); errors.Is(err, model.ErrConflict) {
		return passkeyRefused(w, r, http.StatusConflict, "admin.passkey.err.known")
	} else if err != nil {
		return err
	}
	h.audit(r.Context(), r, "user.passkey_add", "user", r.user().ID, name)
	return jsonAnswer(w, http.StatusCreated, map[string]string{"redirect": "/admin/profile?notice=passkey_added#passkeys"})
}

func (h *Handler) deletePasskey(w http.ResponseWriter, r *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := h.store.DeletePasskey(r.Context(), r.user().ID, id); err != nil {
		return err
	}
	h.audit(r.Context(), r, "user.passkey_delete", "user", r.user().ID, "")
	http.Redirect(w, r.Request, "/admin/profile?notice=passkey_deleted#passkeys", http.StatusSeeOther)
	return nil
}

// checkPreHeader checks the pre-session token the sign-in page's script
// sends in its header.
func checkPreHeader(r *request) bool {
	c, err := r.Cookie(preCookie)
	return err == nil && c.Value != "" &&
		subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.Header.Get("X-CSRF-Token"))) == 1
}

func (h *Handler) passkeyLoginOptions(w http.ResponseWriter, r *request) error {
	if !checkPreHeader(r) {
		return passkeyRefused(w, r, http.StatusForbidden, "admin.err.csrf")
	}
	pk, err := h.passkeys(r)
	if err != nil {
		return passkeyRefused(w, r, http.StatusConflict, "admin.passkey.err.unavailable")
	}
	options, state, err := pk.BeginLogin()
	if err != nil {
		return err
	}
	if err := h.keepCeremony(r.Context(), w, r, loginPurpose, state); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, err = w.Write(options)
	return err
}

func (h *Handler) passkeyLogin(w http.ResponseWriter, r *request) error {
	if !checkPreHeader(r) {
		return passkeyRefused(w, r, http.StatusForbidden, "admin.err.csrf")
	}
	state, ok := h.takeCeremony(w, r, loginPurpose)
	pk, err := h.passkeys(r)
	if !ok || err != nil {
		return passkeyRefused(w, r, http.StatusBadRequest, "admin.passkey.err.signin")
	}
	u, err := pk.FinishLogin(r.Context(), h.store, state, io.LimitReader(r.Body, 64<<10), h.now())
	if errors.Is(err, auth.ErrPasskey) {
		h.log.Info("passkey sign-in refused", "ip", httpx.ClientIP(r.Request), "err", err)
		return passkeyRefused(w, r, http.StatusUnprocessableEntity, "admin.passkey.err.signin")
	}
	if err != nil {
		return err
	}
	if err := h.beginSession(w, r, u, "passkey"); err != nil {
		return err
	}
	return jsonAnswer(w, http.StatusOK, map[string]string{"redirect": safeNext(r.URL.Query().Get("next"))})
}

package auth

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"
	"time"

	"warta/internal/model"
)

// The newsroom's sessions and readers' sessions differ in their cookie,
// their lifetime and their table; reading, checking and extending one is
// the same, and written once here.

// storedSession is what a session kind's table answers for an id.
type storedSession[O any] struct {
	secretHash        string
	expires, lastSeen time.Time
	owner             O
}

// sessionTable is one kind's rows in the store.
type sessionTable[O any] struct {
	get    func(ctx context.Context, id string) (storedSession[O], error)
	delete func(ctx context.Context, id string) error
	extend func(ctx context.Context, id string, seen, expires time.Time) error
}

// loadCookieSession reads the session named by r's cookie name, checks its
// secret and expiry against the table, and pushes its end back at most
// once an hour. A missing, malformed, unknown, wrong or expired cookie is
// ErrNoSession; a request without the cookie costs no query.
func loadCookieSession[O any](ctx context.Context, r *http.Request, name string, lifetime time.Duration, now time.Time, t sessionTable[O]) (id, secret string, owner O, err error) {
	var zero O
	c, err := r.Cookie(name)
	if err != nil {
		return "", "", zero, ErrNoSession
	}
	id, secret, ok := strings.Cut(c.Value, ".")
	if !ok || id == "" || secret == "" || len(c.Value) > 200 {
		return "", "", zero, ErrNoSession
	}
	ses, err := t.get(ctx, id)
	if errors.Is(err, model.ErrNotFound) {
		return "", "", zero, ErrNoSession
	}
	if err != nil {
		return "", "", zero, err
	}
	if subtle.ConstantTimeCompare([]byte(hashSecret(secret)), []byte(ses.secretHash)) != 1 {
		return "", "", zero, ErrNoSession
	}
	if !now.Before(ses.expires) {
		_ = t.delete(ctx, id)
		return "", "", zero, ErrNoSession
	}
	if now.Sub(ses.lastSeen) > extendAfter {
		if err := t.extend(ctx, id, now, now.Add(lifetime)); err != nil {
			return "", "", zero, err
		}
	}
	return id, secret, ses.owner, nil
}

// setSessionCookie sends a session cookie: HttpOnly, SameSite=Lax, Secure
// when the site is served over HTTPS. An empty value with a negative
// lifetime removes it.
func setSessionCookie(w http.ResponseWriter, name, value string, lifetime time.Duration, secure bool) {
	maxAge := int(lifetime / time.Second)
	if lifetime < 0 {
		maxAge = -1
	}
	http.SetCookie(w, &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode,
	})
}

package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"time"

	"warta/internal/model"
	"warta/internal/store"
)

// CookieName is the newsroom's session cookie; the page cache bypasses
// requests that carry it.
const CookieName = "warta_session"

// SessionLifetime is how long a session lasts without use; each use (at
// most once an hour) pushes its end back.
const SessionLifetime = 14 * 24 * time.Hour

// extendAfter spares a database write on every request.
const extendAfter = time.Hour

// ErrNoSession means the request carries no valid session.
var ErrNoSession = errors.New("auth: not signed in")

// Session is a signed-in request's session.
type Session struct {
	ID     string
	secret string // from the cookie; never stored
	User   *model.User
}

// CSRFToken returns the token every form of this session carries. It is
// derived from the session's secret, which only the browser holding the
// cookie knows, so another site cannot compute it, and it changes with
// every sign-in.
func (s *Session) CSRFToken() string {
	sum := sha256.Sum256([]byte("warta csrf\x00" + s.secret))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// CheckCSRF reports whether token is this session's CSRF token.
func (s *Session) CheckCSRF(token string) bool {
	return subtle.ConstantTimeCompare([]byte(token), []byte(s.CSRFToken())) == 1
}

func randomString(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("auth: random: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// StartSession stores a new session for u and returns it with the cookie
// value ("id.secret") to send.
func StartSession(ctx context.Context, st *store.Store, u *model.User, ip, userAgent string, now time.Time) (*Session, string, error) {
	id, err := randomString(16)
	if err != nil {
		return nil, "", err
	}
	secret, err := randomString(32)
	if err != nil {
		return nil, "", err
	}
	if len(userAgent) > 300 {
		userAgent = userAgent[:300]
	}
	err = st.InsertSession(ctx, &store.Session{
		ID: id, UserID: u.ID, SecretHash: hashSecret(secret),
		CreatedAt: now, ExpiresAt: now.Add(SessionLifetime), LastSeenAt: now,
		IP: ip, UserAgent: userAgent,
	})
	if err != nil {
		return nil, "", err
	}
	return &Session{ID: id, secret: secret, User: u}, id + "." + secret, nil
}

// LoadSession returns the session named by r's cookie, or ErrNoSession when
// there is none, it is unknown, its secret is wrong or it has expired.
func LoadSession(ctx context.Context, st *store.Store, r *http.Request, now time.Time) (*Session, error) {
	id, secret, u, err := loadCookieSession(ctx, r, CookieName, SessionLifetime, now, sessionTable[*model.User]{
		get: func(ctx context.Context, id string) (storedSession[*model.User], error) {
			ses, u, err := st.SessionUser(ctx, id)
			if err != nil {
				return storedSession[*model.User]{}, err
			}
			return storedSession[*model.User]{ses.SecretHash, ses.ExpiresAt, ses.LastSeenAt, u}, nil
		},
		delete: st.DeleteSession,
		extend: st.ExtendSession,
	})
	if err != nil {
		return nil, err
	}
	return &Session{ID: id, secret: secret, User: u}, nil
}

// SetCookie sends the session cookie: HttpOnly, SameSite=Lax, limited to
// the newsroom's paths' site, and Secure when the site is served over HTTPS.
func SetCookie(w http.ResponseWriter, value string, secure bool) {
	setSessionCookie(w, CookieName, value, SessionLifetime, secure)
}

// ClearCookie removes the session cookie from the browser.
func ClearCookie(w http.ResponseWriter, secure bool) {
	setSessionCookie(w, CookieName, "", -1, secure)
}

package auth

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"time"

	"warta/internal/model"
	"warta/internal/store"
)

// Readers sign in with a link mailed to them (no password) and get a
// session of their own, apart from the newsroom's: another cookie, another
// table, and no capability. A reader session lets its holder comment as
// the reader and see or delete the reader's account, nothing else.

// ReaderCookieName is the readers' session cookie; the page cache
// bypasses requests that carry it.
const ReaderCookieName = "warta_reader"

// ReaderSessionLifetime is how long a reader stays signed in without
// coming back; each visit (at most once an hour) pushes the end back.
const ReaderSessionLifetime = 90 * 24 * time.Hour

// Reader sign-in links work once, for ReaderLinkLifetime; an address gets
// at most ReaderLinksPerHour of them.
const (
	ReaderLinkLifetime = 30 * time.Minute
	ReaderLinksPerHour = 5
)

// ReaderSession is a signed-in reader's session.
type ReaderSession struct {
	ID     string
	secret string // from the cookie; never stored
	Reader *model.Reader
}

// CSRFToken returns the token the reader's account forms carry, derived
// from the session's secret as the newsroom's is.
func (s *ReaderSession) CSRFToken() string {
	sum := sha256.Sum256([]byte("warta reader csrf\x00" + s.secret))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// CheckCSRF reports whether token is this session's CSRF token.
func (s *ReaderSession) CheckCSRF(token string) bool {
	return subtle.ConstantTimeCompare([]byte(token), []byte(s.CSRFToken())) == 1
}

// NewLinkSecret returns a new sign-in link's secret and the hash the
// store keeps of it.
func NewLinkSecret() (secret, hash string, err error) {
	secret, err = randomString(32)
	if err != nil {
		return "", "", err
	}
	return secret, HashLinkSecret(secret), nil
}

// HashLinkSecret is the hash the store keeps of a link's secret.
func HashLinkSecret(secret string) string { return hashSecret(secret) }

// UseReaderLink signs in with the link whose secret is secret: the link is
// used up, the reader's account is made on their first sign-in (in lang),
// and a new session is returned with the cookie value to send and the
// path the link leads to. An unknown, used or expired link is
// model.ErrNotFound.
func UseReaderLink(ctx context.Context, st *store.Store, secret, lang string, now time.Time) (*ReaderSession, string, string, error) {
	id, err := randomString(16)
	if err != nil {
		return nil, "", "", err
	}
	sessionSecret, err := randomString(32)
	if err != nil {
		return nil, "", "", err
	}
	row := &store.ReaderSession{ID: id, SecretHash: hashSecret(sessionSecret), CreatedAt: now,
		ExpiresAt: now.Add(ReaderSessionLifetime), LastSeenAt: now}
	rd, next, err := st.UseReaderLink(ctx, HashLinkSecret(secret), lang, row)
	if err != nil {
		return nil, "", "", err
	}
	return &ReaderSession{ID: id, secret: sessionSecret, Reader: rd}, id + "." + sessionSecret, next, nil
}

// LoadReaderSession returns the reader session named by r's cookie, or
// ErrNoSession when there is none, it is unknown, its secret is wrong or
// it has expired. A request without the cookie costs no query.
func LoadReaderSession(ctx context.Context, st *store.Store, r *http.Request, now time.Time) (*ReaderSession, error) {
	id, secret, rd, err := loadCookieSession(ctx, r, ReaderCookieName, ReaderSessionLifetime, now, sessionTable[*model.Reader]{
		get: func(ctx context.Context, id string) (storedSession[*model.Reader], error) {
			ses, rd, err := st.ReaderSessionReader(ctx, id)
			if err != nil {
				return storedSession[*model.Reader]{}, err
			}
			return storedSession[*model.Reader]{ses.SecretHash, ses.ExpiresAt, ses.LastSeenAt, rd}, nil
		},
		delete: st.DeleteReaderSession,
		extend: st.ExtendReaderSession,
	})
	if err != nil {
		return nil, err
	}
	return &ReaderSession{ID: id, secret: secret, Reader: rd}, nil
}

// SetReaderCookie sends the reader session cookie: HttpOnly, SameSite=Lax,
// Secure when the site is served over HTTPS.
func SetReaderCookie(w http.ResponseWriter, value string, secure bool) {
	setSessionCookie(w, ReaderCookieName, value, ReaderSessionLifetime, secure)
}

// ClearReaderCookie removes the reader session cookie from the browser.
func ClearReaderCookie(w http.ResponseWriter, secure bool) {
	setSessionCookie(w, ReaderCookieName, "", -1, secure)
}

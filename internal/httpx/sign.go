package httpx

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"
)

// Signer signs short values that a client keeps for the site and sends
// back (a cookie, a form field), so that the site can tell its own from
// forged ones. A value is its message, a dot and a MAC of the message
// under a purpose, so that a value signed for one use is refused for
// another. It does not encrypt: the client reads the message.
type Signer struct {
	load func(context.Context) ([]byte, error)

	mu  sync.Mutex
	key []byte
}

// NewSigner returns a Signer whose secret load returns; it is called at
// the first use, and again after a failure, never once it has succeeded.
func NewSigner(load func(context.Context) ([]byte, error)) *Signer {
	return &Signer{load: load}
}

func (s *Signer) secret(ctx context.Context) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.key == nil {
		k, err := s.load(ctx)
		if err != nil {
			return nil, fmt.Errorf("httpx: signing key: %w", err)
		}
		if len(k) == 0 {
			return nil, fmt.Errorf("httpx: signing key is empty")
		}
		s.key = k
	}
	return s.key, nil
}

func (s *Signer) mac(key []byte, purpose, msg string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(purpose + "\x00" + msg))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}

// Sign returns msg signed for purpose. msg may hold any text; a value the
// client must send back in a cookie should keep to cookie-safe bytes.
func (s *Signer) Sign(ctx context.Context, purpose, msg string) (string, error) {
	key, err := s.secret(ctx)
	if err != nil {
		return "", err
	}
	return msg + "." + s.mac(key, purpose, msg), nil
}

// Verify returns the message of v and true when Sign made v for purpose;
// "" and false for anything else (forged, altered, another purpose, no
// key).
func (s *Signer) Verify(ctx context.Context, purpose, v string) (string, bool) {
	i := strings.LastIndexByte(v, '.')
	if i < 0 {
		return "", false
	}
	key, err := s.secret(ctx)
	if err != nil {
		return "", false
	}
	msg := v[:i]
	if !hmac.Equal([]byte(s.mac(key, purpose, msg)), []byte(v[i+1:])) {
		return "", false
	}
	return msg, true
}

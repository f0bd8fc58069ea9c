package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"warta/internal/model"
	"warta/internal/store"
)

// AppPasswordLen is the length of an application password, as WordPress
// makes them: 24 letters and digits.
const AppPasswordLen = 24

// MaxAppPasswordName bounds the name given to an application password.
const MaxAppPasswordName = 100

const appPasswordChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// FormatAppPassword groups a password in blocks of four, as WordPress shows
// it ("abcd efgh …"); the spaces are optional when it is typed back.
func FormatAppPassword(pw string) string {
	var b strings.Builder
	for i, r := range pw {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// normalAppPassword drops the spaces a grouped password is shown with.
func normalAppPassword(pw string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' {
			return -1
		}
		return r
	}, pw)
}

func hashAppPassword(pw string) string {
	sum := sha256.Sum256([]byte("warta app password\x00" + pw))
	return hex.EncodeToString(sum[:])
}

func newUUID() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("auth: random: %w", err)
	}
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 4122 variant
	h := hex.EncodeToString(b)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:], nil
}

// CreateAppPassword makes a new application password named name for u and
// returns it with the password itself, which is never stored and cannot be
// shown again. An empty or too long name → a ValidationError on "name".
func CreateAppPassword(ctx context.Context, st *store.Store, u *model.User, name string, now time.Time) (*model.AppPassword, string, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > MaxAppPasswordName {
		v := &model.ValidationError{}
		v.Add("name", "apppw.err.name")
		return nil, "", v
	}
	raw := make([]byte, AppPasswordLen)
	if _, err := rand.Read(raw); err != nil {
		return nil, "", fmt.Errorf("auth: random: %w", err)
	}
	pw := make([]byte, AppPasswordLen)
	for i, c := range raw {
		// 256 is not a multiple of 62: the first 8 characters are a
		// little likelier, which costs well under a bit of the ~142.
		pw[i] = appPasswordChars[int(c)%len(appPasswordChars)]
	}
	id, err := newUUID()
	if err != nil {
		return nil, "", err
	}
	p := &model.AppPassword{UUID: id, UserID: u.ID, Name: name, Hash: hashAppPassword(string(pw)), CreatedAt: now.UTC()}
	if err := st.InsertAppPassword(ctx, p); err != nil {
		return nil, "", err
	}
	_ = st.InsertAudit(ctx, &store.AuditEntry{UserID: u.ID, Action: "user.app_password.create", ObjectType: "user", ObjectID: u.ID, Detail: name})
	return p, string(pw), nil
}

// RevokeAppPassword deletes u's application password uuid
// (model.ErrNotFound when u has none by that uuid).
func RevokeAppPassword(ctx context.Context, st *store.Store, u *model.User, uuid string) error {
	if err := st.DeleteAppPassword(ctx, u.ID, uuid); err != nil {
		return err
	}
	_ = st.InsertAudit(ctx, &store.AuditEntry{UserID: u.ID, Action: "user.app_password.revoke", ObjectType: "user", ObjectID: u.ID, Detail: uuid})
	return nil
}

// Errors of CheckAppPassword, as WordPress tells them apart.
var (
	// ErrUnknownUser: no account has that login or email.
	ErrUnknownUser = errors.New("auth: unknown user")
	// ErrWrongAppPassword: the account exists, the password is not one
	// of its application passwords.
	ErrWrongAppPassword = errors.New("auth: wrong application password")
)

// CheckAppPassword signs a REST client in with a login (or email) and an
// application password, never the account's own password. Failures count
// against th like failed sign-ins; a throttled attempt is a
// *ThrottledError. On success the password's last use and address are
// recorded (at most once a day for the same address).
func CheckAppPassword(ctx context.Context, st *store.Store, th *Throttle, login, password, ip string, now time.Time) (*model.User, error) {
	u, subject, err := admit(ctx, st, th, login, ip, now)
	if err != nil {
		return nil, err
	}
	if u == nil {
		if err := th.Fail(ctx, subject, ip, now); err != nil {
			return nil, err
		}
		return nil, ErrUnknownUser
	}
	list, err := st.AppPasswords(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	want := []byte(hashAppPassword(normalAppPassword(password)))
	for _, p := range list {
		if subtle.ConstantTimeCompare(want, []byte(p.Hash)) == 1 {
			if err := th.Succeed(ctx, subject); err != nil {
				return nil, err
			}
			// As WordPress: one write a day per address, not one a request.
			if p.LastIP != ip || now.Sub(p.LastUsedAt) >= 24*time.Hour {
				if err := st.AppPasswordUsed(ctx, p.ID, now, ip); err != nil {
					return nil, err
				}
			}
			return u, nil
		}
	}
	if err := th.Fail(ctx, subject, ip, now); err != nil {
		return nil, err
	}
	return nil, ErrWrongAppPassword
}

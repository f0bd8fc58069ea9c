package model

import "time"

// Role is a user's place in the newsroom, after WordPress's roles.
type Role string

// Roles, from the most to the least capable.
const (
	RoleAdministrator Role = "administrator"
	RoleEditor        Role = "editor"
	RoleAuthor        Role = "author"
	RoleContributor   Role = "contributor"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	switch r {
	case RoleAdministrator, RoleEditor, RoleAuthor, RoleContributor:
		return true
	}
	return false
}

// User is a member of the newsroom. PasswordHash is empty for users who must
// still set a password (imported authors, for example).
type User struct {
	ID           int64
	Login        string
	Email        string
	DisplayName  string
	Slug         string // the author archive: /author/{slug}/
	Bio          string
	URL          string
	Role         Role
	PasswordHash string
	CreatedAt    time.Time
}

// AppPassword is an application password: a secret a REST client signs in
// with over HTTP Basic instead of the account's password. Only a hash of
// the secret is kept; the secret is shown once, when it is made.
type AppPassword struct {
	ID         int64
	UUID       string
	UserID     int64
	Name       string
	Hash       string
	CreatedAt  time.Time
	LastUsedAt time.Time // zero: never used
	LastIP     string
}

// TOTP is a newsroom user's key for two-factor sign-in (RFC 6238).
type TOTP struct {
	UserID      int64
	Secret      string // base32, as authenticator apps take it
	CreatedAt   time.Time
	ConfirmedAt time.Time // zero while the user is enrolling
	LastStep    int64     // the time step of the last code accepted
}

// Confirmed reports whether the key is asked at sign-in.
func (k *TOTP) Confirmed() bool { return k != nil && !k.ConfirmedAt.IsZero() }

package model

import "time"

// Passkey is a newsroom user's WebAuthn credential: signing in with it
// proves both something the user has (the authenticator) and, as warta
// asks the authenticator to verify the user, something they know or are.
type Passkey struct {
	ID           int64
	UserID       int64
	CredentialID []byte // the authenticator's id of the credential
	Name         string // what the user called it
	// Credential is the credential as the WebAuthn library keeps it (JSON).
	Credential string
	CreatedAt  time.Time
	LastUsedAt time.Time // zero until it was used to sign in
}

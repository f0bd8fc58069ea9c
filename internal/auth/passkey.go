package auth

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"warta/internal/model"
	"warta/internal/store"
)

// Passkeys (WebAuthn, through github.com/go-webauthn/webauthn) for
// newsroom users. The relying party is the site: its ID is the host of
// the site's base URL and the only origin accepted is that URL's. Both
// ceremonies require the authenticator to verify the user (a PIN or a
// fingerprint), so a passkey proves something the user has and something
// they know or are: it counts as two factors. Sign-in uses discoverable
// credentials: the browser offers the site's passkeys without a login
// typed first.

// ceremonyTimeout is how long the browser gives the user, and how long
// the server's half of the ceremony stays good.
const ceremonyTimeout = 5 * time.Minute

// ErrPasskey is a ceremony that did not prove anything: a wrong or
// expired challenge, an unknown or foreign credential, a bad signature.
var ErrPasskey = errors.New("auth: the passkey was not accepted")

// Passkeys runs WebAuthn ceremonies for one site.
type Passkeys struct{ wa *webauthn.WebAuthn }

// NewPasskeys returns the ceremonies of the site at baseURL, named name
// in the browser's prompts.
func NewPasskeys(baseURL, name string) (*Passkeys, error) {
	u, err := url.Parse(baseURL)
	if err != nil || u.Hostname() == "" {
		return nil, fmt.Errorf("auth: passkeys need a base URL with a host, not %q", baseURL)
	}
	timeout := webauthn.TimeoutConfig{Enforce: true, Timeout: ceremonyTimeout, TimeoutUVD: ceremonyTimeout}
	wa, err := webauthn.New(&webauthn.Config{RPID: u.Hostname(), RPDisplayName: name,
		RPOrigins: []string{u.Scheme + "://" + u.Host},
		AuthenticatorSelection: protocol.AuthenticatorSelection{
			ResidentKey: protocol.ResidentKeyRequirementRequired, RequireResidentKey: protocol.ResidentKeyRequired(),
			UserVerification: protocol.VerificationRequired},
		Timeouts: webauthn.TimeoutsConfig{Login: timeout, Registration: timeout}})
	if err != nil {
		return nil, fmt.Errorf("auth: passkeys: %w", err)
	}
	return &Passkeys{wa: wa}, nil
}

// passkeyUser is a newsroom user as the WebAuthn library sees it. The
// user handle is the user's id: not personal, and stable.
type passkeyUser struct {
	u     *model.User
	creds []webauthn.Credential
}

func (p passkeyUser) WebAuthnID() []byte                         { return userHandle(p.u.ID) }
func (p passkeyUser) WebAuthnName() string                       { return p.u.Login }
func (p passkeyUser) WebAuthnDisplayName() string                { return p.u.DisplayName }
func (p passkeyUser) WebAuthnCredentials() []webauthn.Credential { return p.creds }

func userHandle(id int64) []byte { return []byte("warta-user-" + strconv.FormatInt(id, 10)) }

func loadPasskeyUser(u *model.User, keys []*model.Passkey) (passkeyUser, error) {
	pu := passkeyUser{u: u}
	for _, k := range keys {
		var c webauthn.Credential
		if err := json.Unmarshal([]byte(k.Credential), &c); err != nil {
			return pu, fmt.Errorf("auth: passkey %d: %w", k.ID, err)
		}
		pu.creds = append(pu.creds, c)
	}
	return pu, nil
}

// BeginRegistration starts adding a passkey for u, who has keys already
// (the browser will not make a second one on the same authenticator). It
// returns the options for navigator.credentials.create (JSON) and the
// state FinishRegistration needs, for the caller to keep (signed) until
// then.
func (p *Passkeys) BeginRegistration(u *model.User, keys []*model.Passkey) (options, state []byte, err error) {
	pu, err := loadPasskeyUser(u, keys)
	if err != nil {
		return nil, nil, err
	}
	creation, session, err := p.wa.BeginRegistration(pu,
		webauthn.WithExclusions(webauthn.Credentials(pu.creds).CredentialDescriptors()))
	if err != nil {
		return nil, nil, fmt.Errorf("auth: begin passkey registration: %w", err)
	}
	return marshalCeremony(creation, session)
}

// FinishRegistration checks the browser's answer body to the options of
// state, for u, and returns the new passkey named name, to be stored.
// Anything wrong with it is ErrPasskey.
func (p *Passkeys) FinishRegistration(u *model.User, keys []*model.Passkey, state []byte, body io.Reader, name string, now time.Time) (*model.Passkey, error) {
	pu, err := loadPasskeyUser(u, keys)
	if err != nil {
		return nil, err
	}
	var session webauthn.SessionData
	if err := json.Unmarshal(state, &session); err != nil {
		return nil, ErrPasskey
	}
	parsed, err := protocol.ParseCredentialCreationResponseBody(body)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrPasskey, err)
	}
	c, err := p.wa.CreateCredential(pu, session, parsed)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrPasskey, err)
	}
	b, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	return &model.Passkey{UserID: u.ID, CredentialID: c.ID, Name: name, Credential: string(b), CreatedAt: now}, nil
}

// BeginLogin starts a sign-in with any of the site's passkeys. It returns
// the options for navigator.credentials.get (JSON) and the state
// FinishLogin needs.
func (p *Passkeys) BeginLogin() (options, state []byte, err error) {
	assertion, session, err := p.wa.BeginDiscoverableLogin(webauthn.WithUserVerification(protocol.VerificationRequired))
	if err != nil {
		return nil, nil, fmt.Errorf("auth: begin passkey sign-in: %w", err)
	}
	return marshalCeremony(assertion, session)
}

// FinishLogin checks the browser's answer body to the options of state
// and returns the user it signs in, after recording the passkey's use at
// now. Anything wrong with it (an unknown passkey, another user's handle,
// a bad signature) is ErrPasskey.
func (p *Passkeys) FinishLogin(ctx context.Context, st *store.Store, state []byte, body io.Reader, now time.Time) (*model.User, error) {
	var session webauthn.SessionData
	if err := json.Unmarshal(state, &session); err != nil {
		return nil, ErrPasskey
	}
	parsed, err := protocol.ParseCredentialRequestResponseBody(body)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrPasskey, err)
	}
	var key *model.Passkey
	var user *model.User
	c, err := p.wa.ValidateDiscoverableLogin(func(rawID, handle []byte) (webauthn.User, error) {
		k, err := st.PasskeyByCredentialID(ctx, rawID)
		if err != nil {
			return nil, err
		}
		if !bytes.Equal(handle, userHandle(k.UserID)) {
			return nil, ErrPasskey
		}
		u, err := st.UserByID(ctx, k.UserID)
		if err != nil {
			return nil, err
		}
		keys, err := st.Passkeys(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		key, user = k, u
		return loadPasskeyUser(u, keys)
	}, session, parsed)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrPasskey, err)
	}
	b, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	if err := st.UsePasskey(ctx, key.ID, string(b), now); err != nil {
		return nil, err
	}
	return user, nil
}

func marshalCeremony(options any, session *webauthn.SessionData) ([]byte, []byte, error) {
	o, err := json.Marshal(options)
	if err != nil {
		return nil, nil, err
	}
	s, err := json.Marshal(session)
	if err != nil {
		return nil, nil, err
	}
	return o, s, nil
}

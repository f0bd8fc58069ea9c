package cli

import (
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"

	"warta/internal/auth"
	"warta/internal/locale"
	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/tools/testenv"
)

// TestBrowserPasskey: in Chromium with a virtual authenticator (CTAP2,
// built in, holding resident keys and verifying its user), an editor on
// a site that requires two-factor sign-in adds a passkey on her profile,
// which meets the requirement; signs out; is refused the password alone;
// signs in with the passkey, no code asked; and deletes it.
func TestBrowserPasskey(t *testing.T) {
	ctx := testenv.Browser(t)
	dir := t.TempDir()
	st, err := store.Open(t.Context(), "", dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	set, err := st.Settings(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	set.Title, set.TwoFactorRequired = "Warta Uji", true
	if err := st.SaveSettings(t.Context(), set); err != nil {
		t.Fatal(err)
	}
	const password = "sandi-yang-cukup-panjang"
	sari, err := auth.CreateUser(t.Context(), st, auth.NewUser{Login: "sari", Email: "sari@redaksi.test",
		DisplayName: "Sari", Password: password, Role: model.RoleEditor})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	// WebAuthn takes a host name, not an IP address, as the site's ID.
	base, _ := startServeDir(t, dir, "--no-demo", "--listen", "localhost:0")
	if u, _ := url.Parse(base); u.Hostname() != "localhost" {
		t.Fatalf("serving at %s, not at localhost", base)
	}
	b := &tab{t: t, ctx: ctx, base: base}

	if _, err := chromedp.Call(ctx, webauthn.Enable, webauthn.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	va, err := chromedp.Call(ctx, webauthn.AddVirtualAuthenticator, webauthn.AddVirtualAuthenticatorParams{
		Options: &webauthn.VirtualAuthenticatorOptions{Protocol: webauthn.AuthenticatorProtocolCtap2,
			Transport: webauthn.AuthenticatorTransportInternal, HasResidentKey: true, HasUserVerification: true,
			IsUserVerified: true, AutomaticPresenceSimulation: true}})
	if err != nil {
		t.Fatal(err)
	}
	location := func() string {
		t.Helper()
		loc, err := chromedp.Run(ctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		u, _ := url.Parse(loc)
		return u.Path
	}
	oneOf := func(got, key string) bool {
		return got == locale.New("id").T(key) || got == locale.New("en").T(key)
	}

	b.signIn("sari", password)
	if p := location(); p != "/admin/profile/two-factor" {
		t.Fatalf("with two factors required and none set up, the newsroom opened at %s", p)
	}
	b.do("add a passkey on the profile",
		chromedp.Navigate(base+"/admin/profile"),
		visible("#passkey-add"), // the browser offers passkeys: the form shows
		keys("#f-passkey-name", "Laptop uji"),
		click("#passkey-add button"),
		visible("#passkeys li strong"),
	)
	if got := b.text("#passkeys li strong"); got != "Laptop uji" {
		t.Errorf("the passkey is listed as %q", got)
	}
	creds, err := chromedp.Call(ctx, webauthn.GetCredentials, webauthn.GetCredentialsParams{AuthenticatorID: va.AuthenticatorID})
	if err != nil {
		t.Fatal(err)
	}
	if len(creds.Credentials) != 1 || !creds.Credentials[0].IsResidentCredential || creds.Credentials[0].RpID != "localhost" {
		t.Fatalf("the authenticator holds %+v, want one resident credential for localhost", creds.Credentials)
	}
	b.do("the passkey meets the requirement", chromedp.Navigate(base+"/admin/"), visible("nav.nav"))
	if p := location(); p != "/admin/" {
		t.Errorf("with a passkey, the newsroom still sends the editor to %s", p)
	}

	b.do("sign out, then try the password alone",
		chromedp.Evaluate[chromedp.Void](`document.querySelector('form[action="/admin/logout"]').submit()`),
		visible("#f-login"),
		keys("#f-login", "sari"),
		keys("#f-password", password),
		click(`form[action="/admin/login"] button`),
		visible(".problems li a"),
	)
	if got := strings.TrimSpace(b.text(".problems li a")); !oneOf(got, "admin.passkey.err.use_passkey") {
		t.Errorf("the password alone: %q", got)
	}
	b.do("sign in with the passkey",
		visible("#passkey-signin"),
		click("#passkey-signin"),
		visible("nav.nav"),
	)
	if p := location(); p != "/admin/" {
		t.Errorf("after the passkey sign-in the browser is at %s", p)
	}
	st, err = store.Open(t.Context(), "", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	keysOf, err := st.Passkeys(t.Context(), sari.ID)
	if err != nil || len(keysOf) != 1 || keysOf[0].LastUsedAt.IsZero() {
		t.Fatalf("Sari's passkeys after signing in: %+v, %v", keysOf, err)
	}

	b.do("delete the passkey",
		chromedp.Navigate(base+"/admin/profile"),
		click("#passkeys li form button"),
		visible("#passkeys-none"),
	)
	if keysOf, _ = st.Passkeys(t.Context(), sari.ID); len(keysOf) != 0 {
		t.Errorf("%d passkeys left after deleting", len(keysOf))
	}
}

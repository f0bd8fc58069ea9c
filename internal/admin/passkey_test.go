package admin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/tools/scenario"
)

// TestPasskeyScreens: the profile lists a user's passkeys and says what a
// passkey needs; the script's endpoints answer JSON (a name is required,
// the sign-in page's token is checked, an answer without its ceremony is
// refused); a user deletes only their own passkeys. The ceremonies
// themselves run in Chromium (cli: TestBrowserPasskey).
func TestPasskeyScreens(t *testing.T) {
	// A passkey's site is a host name, not an IP address.
	scenario.Engines(t, scenario.Options{BaseURL: "http://warta.test"}, func(t *testing.T, s *scenario.Site) {
		sari, budi := s.User(t, "sari", model.RoleEditor), s.User(t, "budi", model.RoleAuthor)
		key := &model.Passkey{UserID: sari.ID, CredentialID: []byte("laptop"), Name: "Laptop kantor", Credential: "{}", CreatedAt: time.Now()}
		if err := s.Store.AddPasskey(t.Context(), key); err != nil {
			t.Fatal(err)
		}
		del := "/admin/profile/passkeys/" + strconv.FormatInt(key.ID, 10) + "/delete"
		b := s.As(t, budi)
		b.Run(t,
			scenario.Scenario{Name: "without passkeys", URL: "/admin/profile", ExpectedStatus: http.StatusOK,
				ExpectedContent:    []string{`id="passkeys-none"`, `id="passkey-unsupported"`, `<form id="passkey-add" hidden`},
				NotExpectedContent: []string{"Laptop kantor"}},
			scenario.Scenario{Name: "another's passkey cannot be deleted", Method: http.MethodPost, URL: del,
				Form: url.Values{}, ExpectedStatus: http.StatusNotFound},
			scenario.Scenario{Name: "a passkey needs a name", Method: http.MethodPost, URL: "/admin/profile/passkeys/options?name=+",
				Headers: map[string]string{"X-CSRF-Token": b.CSRF()}, JSON: map[string]string{}, ExpectedStatus: http.StatusUnprocessableEntity,
				ExpectedJSON: map[string]any{"error": "Give the passkey a name."}},
			scenario.Scenario{Name: "the registration's options", Method: http.MethodPost, URL: "/admin/profile/passkeys/options?name=Ponsel",
				Headers: map[string]string{"X-CSRF-Token": b.CSRF()}, JSON: map[string]string{}, ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{`"challenge":`, `"residentKey":"required"`, `"userVerification":"required"`}},
			scenario.Scenario{Name: "an answer that is no credential", Method: http.MethodPost, URL: "/admin/profile/passkeys?name=Ponsel",
				Headers: map[string]string{"X-CSRF-Token": b.CSRF()}, JSON: map[string]string{"id": "x"}, ExpectedStatus: http.StatusBadRequest,
				ExpectedJSON: map[string]any{"error": "The passkey could not be added. Try again."}},
		)
		sa := s.As(t, sari)
		page := sa.Do(t, scenario.Scenario{Name: "the passkey is listed", URL: "/admin/profile", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"<strong>Laptop kantor</strong>", `action="` + del + `"`}})
		if strings.Contains(page.Body, `id="passkeys-none"`) {
			t.Error("the profile says there is no passkey")
		}
		sa.Run(t,
			scenario.Scenario{Name: "its owner deletes it", Method: http.MethodPost, URL: del, Form: url.Values{},
				ExpectedStatus: http.StatusSeeOther, ExpectedHeaders: map[string]string{"Location": "/admin/profile?notice=passkey_deleted#passkeys"}},
			scenario.Scenario{Name: "it is gone", URL: "/admin/profile", ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{`id="passkeys-none"`}},
		)
		anon := s.Browser()
		anon.Do(t, scenario.Scenario{Name: "the sign-in page offers a passkey to the script", URL: "/admin/login", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{`<div class="card narrow" id="passkey-login" hidden`, `id="passkey-signin"`}})
		anon.Run(t,
			scenario.Scenario{Name: "the sign-in options need the page's token", Method: http.MethodPost, URL: "/admin/login/passkey/options",
				JSON: map[string]string{}, ExpectedStatus: http.StatusForbidden},
			scenario.Scenario{Name: "an answer without its ceremony", Method: http.MethodPost, URL: "/admin/login/passkey",
				Headers: map[string]string{"X-CSRF-Token": anon.CSRF()}, JSON: map[string]string{}, ExpectedStatus: http.StatusBadRequest},
		)
	})
}

package admin_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"warta/internal/model"
	"warta/internal/tools/scenario"
	"warta/internal/tools/testenv"
)

var (
	totpSecret    = regexp.MustCompile(`id="totp-secret">([A-Z2-7 ]+)</code>`)
	recoveryCodes = regexp.MustCompile(`<li><code>([a-z0-9-]+)</code></li>`)
)

// code is the authenticator app's code for secret at now+offset, computed
// here as an app computes it.
func code(t testing.TB, secret string, offset time.Duration) string {
	t.Helper()
	c, err := totp.GenerateCode(secret, time.Now().Add(offset))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// wrong returns a six-digit code that is not c.
func wrong(c string) string {
	b := []byte(c)
	b[0] = '0' + (b[0]-'0'+5)%10
	return string(b)
}

// passwordStep signs c in with the password form and expects to be sent
// to the code form.
func passwordStep(t testing.TB, c *scenario.Client, login string) string {
	t.Helper()
	c.Do(t, scenario.Scenario{Name: "the login form", URL: "/admin/login", ExpectedStatus: http.StatusOK})
	c.Do(t, scenario.Scenario{Name: "the password of " + login, Method: http.MethodPost, URL: "/admin/login",
		Form: url.Values{"login": {login}, "password": {scenario.Password(login)}}, ExpectedStatus: http.StatusSeeOther,
		ExpectedHeaders: map[string]string{"Location": "/admin/login/code"}})
	c.Do(t, scenario.Scenario{Name: "the password alone opens nothing", URL: "/admin/articles/", ExpectedStatus: http.StatusSeeOther})
	return c.Do(t, scenario.Scenario{Name: "the code form", URL: "/admin/login/code", ExpectedStatus: http.StatusOK,
		ExpectedContent: []string{"type the six-digit code"}}).Body
}

func TestTwoFactorSignIn(t *testing.T) {
	engine := 0
	scenario.Engines(t, scenario.Options{}, func(t *testing.T, s *scenario.Site) {
		engine++
		docs := map[string]string{}
		ed := s.As(t, s.User(t, "meja", model.RoleEditor))
		page := ed.Do(t, scenario.Scenario{Name: "the set-up screen shows a QR code and the key", URL: "/admin/profile/two-factor",
			ExpectedStatus: http.StatusOK, ExpectedContent: []string{`src="/admin/profile/two-factor/qr.png"`, "Scan this QR code"}})
		m := totpSecret.FindStringSubmatch(page.Body)
		if m == nil {
			t.Fatalf("no key on the page:\n%s", page.Body)
		}
		secret := strings.ReplaceAll(m[1], " ", "")
		docs["set up"] = page.Body
		var codes []string
		ed.Run(t,
			scenario.Scenario{Name: "the QR code is an image", URL: "/admin/profile/two-factor/qr.png", ExpectedStatus: http.StatusOK,
				ExpectedHeaders: map[string]string{"Content-Type": "image/png"},
				AfterTest: func(t testing.TB, _ *scenario.Site, r *scenario.Response) {
					if !strings.HasPrefix(r.Body, "\x89PNG") {
						t.Error("not a PNG")
					}
				}},
			scenario.Scenario{Name: "the screen keeps the same key until it is confirmed", URL: "/admin/profile/two-factor",
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{m[1]}},
			scenario.Scenario{Name: "a wrong code is refused", Method: http.MethodPost, URL: "/admin/profile/two-factor",
				Form: url.Values{"code": {wrong(code(t, secret, 0))}}, ExpectedStatus: http.StatusUnprocessableEntity,
				ExpectedContent: []string{"That code is not right", m[1]}},
			scenario.Scenario{Name: "the app's code turns it on and shows ten recovery codes once", Method: http.MethodPost,
				URL: "/admin/profile/two-factor", Form: url.Values{"code": {code(t, secret, 0)}}, ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{"Your recovery codes", "10 recovery codes are left."},
				AfterTest: func(t testing.TB, _ *scenario.Site, r *scenario.Response) {
					for _, c := range recoveryCodes.FindAllStringSubmatch(r.Body, -1) {
						codes = append(codes, c[1])
					}
					if len(codes) != 10 {
						t.Fatalf("%d recovery codes", len(codes))
					}
					docs["recovery codes"] = r.Body
				}},
			scenario.Scenario{Name: "the codes are not shown again", URL: "/admin/profile/two-factor", ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{"Two-factor sign-in is on"},
				AfterTest: func(t testing.TB, _ *scenario.Site, r *scenario.Response) {
					if strings.Contains(r.Body, codes[0]) {
						t.Error("a recovery code is shown again")
					}
				}},
		)

		// A later step's code: the one just typed may not sign in again.
		next := code(t, secret, 30*time.Second)
		b := s.Browser()
		docs["code form"] = passwordStep(t, b, "meja")
		b.Run(t,
			scenario.Scenario{Name: "a wrong code is refused", Method: http.MethodPost, URL: "/admin/login/code",
				Form: url.Values{"code": {wrong(next)}}, ExpectedStatus: http.StatusUnprocessableEntity,
				ExpectedContent: []string{"That code is not right"}},
			scenario.Scenario{Name: "the app's code signs in", Method: http.MethodPost, URL: "/admin/login/code",
				Form: url.Values{"code": {next}}, ExpectedStatus: http.StatusSeeOther,
				ExpectedHeaders: map[string]string{"Location": "/admin/"}},
			scenario.Scenario{Name: "the newsroom opens", URL: "/admin/articles/", ExpectedStatus: http.StatusOK},
		)
		again := s.Browser()
		passwordStep(t, again, "meja")
		again.Run(t,
			scenario.Scenario{Name: "a code cannot sign in twice", Method: http.MethodPost, URL: "/admin/login/code",
				Form: url.Values{"code": {next}}, ExpectedStatus: http.StatusUnprocessableEntity},
			scenario.Scenario{Name: "a recovery code signs in", Method: http.MethodPost, URL: "/admin/login/code",
				Form: url.Values{"code": {strings.ToUpper(codes[3])}}, ExpectedStatus: http.StatusSeeOther},
		)
		third := s.Browser()
		passwordStep(t, third, "meja")
		third.Run(t,
			scenario.Scenario{Name: "a recovery code works once", Method: http.MethodPost, URL: "/admin/login/code",
				Form: url.Values{"code": {codes[3]}}, ExpectedStatus: http.StatusUnprocessableEntity},
		)
		s.Browser().Run(t,
			scenario.Scenario{Name: "the code form without the password leads back to it", URL: "/admin/login/code",
				ExpectedStatus: http.StatusSeeOther, ExpectedHeaders: map[string]string{"Location": "/admin/login"}},
		)
		ed.Run(t,
			scenario.Scenario{Name: "nine recovery codes are left", URL: "/admin/profile/two-factor", ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{"9 recovery codes are left."}},
			scenario.Scenario{Name: "turning it off needs the password", Method: http.MethodPost, URL: "/admin/profile/two-factor/off",
				Form: url.Values{"current": {"salah"}}, ExpectedStatus: http.StatusUnprocessableEntity,
				ExpectedContent: []string{"The current password is wrong."}},
			scenario.Scenario{Name: "it is turned off", Method: http.MethodPost, URL: "/admin/profile/two-factor/off",
				Form: url.Values{"current": {scenario.Password("meja")}}, ExpectedStatus: http.StatusSeeOther},
		)
		s.SignIn(t, "meja", scenario.Password("meja")) // the password alone again
		if engine == 1 {
			testenv.ValidateHTML(t, docs)
		}
	})
}

func TestTwoFactorRequired(t *testing.T) {
	scenario.Engines(t, scenario.Options{}, func(t *testing.T, s *scenario.Site) {
		adm := s.As(t, s.User(t, "kepala", model.RoleAdministrator))
		ed := s.As(t, s.User(t, "meja", model.RoleEditor))
		au := s.As(t, s.User(t, "penulis", model.RoleAuthor))
		adm.Run(t,
			scenario.Scenario{Name: "the administrator requires two-factor sign-in", Method: http.MethodPost, URL: "/admin/settings",
				Form:           withField(settingsForm("/%year%/%monthnum%/%day%/%postname%/", ""), "two_factor_required", "1"),
				ExpectedStatus: http.StatusSeeOther},
			scenario.Scenario{Name: "and is sent to set it up first", URL: "/admin/articles/", ExpectedStatus: http.StatusSeeOther,
				ExpectedHeaders: map[string]string{"Location": "/admin/profile/two-factor?notice=2fa_required"}},
		)
		ed.Run(t,
			scenario.Scenario{Name: "an editor without it is sent to set it up", URL: "/admin/articles/", ExpectedStatus: http.StatusSeeOther,
				ExpectedHeaders: map[string]string{"Location": "/admin/profile/two-factor?notice=2fa_required"}},
			scenario.Scenario{Name: "the set-up screen says why", URL: "/admin/profile/two-factor?notice=2fa_required",
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{"This site requires two-factor sign-in"}},
		)
		page := ed.Do(t, scenario.Scenario{Name: "the key", URL: "/admin/profile/two-factor", ExpectedStatus: http.StatusOK})
		secret := strings.ReplaceAll(totpSecret.FindStringSubmatch(page.Body)[1], " ", "")
		ed.Run(t,
			scenario.Scenario{Name: "a form elsewhere is refused meanwhile", Method: http.MethodPost, URL: "/admin/profile",
				Form: url.Values{"name": {"Meja"}, "email": {"meja@warta.test"}}, ExpectedStatus: http.StatusForbidden},
			scenario.Scenario{Name: "the editor sets it up", Method: http.MethodPost, URL: "/admin/profile/two-factor",
				Form: url.Values{"code": {code(t, secret, 0)}}, ExpectedStatus: http.StatusOK},
			scenario.Scenario{Name: "and works again", URL: "/admin/articles/", ExpectedStatus: http.StatusOK},
			scenario.Scenario{Name: "it cannot be turned off while required", Method: http.MethodPost, URL: "/admin/profile/two-factor/off",
				Form: url.Values{"current": {scenario.Password("meja")}}, ExpectedStatus: http.StatusUnprocessableEntity,
				ExpectedContent: []string{"it cannot be turned off"}},
		)
		au.Run(t,
			scenario.Scenario{Name: "an author is not required to", URL: "/admin/articles/", ExpectedStatus: http.StatusOK},
		)
	})
}

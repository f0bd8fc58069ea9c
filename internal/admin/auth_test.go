package admin_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
)

func TestSetupSignInAndOut(t *testing.T) {
	s := newSite(t, storetest.New(t))
	setup := s.Admin.SetupURL()
	if !strings.Contains(setup, "/admin/setup?token=") {
		t.Fatalf("no setup link on a site without administrator: %q", setup)
	}
	b := s.Browser()
	path := strings.TrimPrefix(setup, s.URL)
	token := strings.TrimPrefix(path, "/admin/setup?token=")
	b.Run(t,
		scenario.Scenario{Name: "setup with a wrong token", URL: "/admin/setup?token=wrong", ExpectedStatus: http.StatusNotFound},
		scenario.Scenario{Name: "the setup form", URL: path, ExpectedStatus: http.StatusOK},
		scenario.Scenario{Name: "the failed setup form", Method: http.MethodPost, URL: "/admin/setup",
			Form: url.Values{"token": {token}, "login": {"redaksi"}, "email": {"bukan-email"},
				"name": {"Redaksi"}, "password": {"pendek"}, "password2": {"pendek"}},
			ExpectedStatus:  http.StatusUnprocessableEntity,
			ExpectedContent: []string{`value="redaksi"`, "Enter a valid email address", "at least 10 characters"}},
	)
	b.Do(t, scenario.Scenario{Name: "setup", Method: http.MethodPost, URL: "/admin/setup",
		Form: url.Values{"token": {token}, "login": {"redaksi"}, "email": {"redaksi@warta.test"},
			"name": {"Redaksi"}, "password": {"kata-sandi-panjang"}, "password2": {"kata-sandi-panjang"}},
		ExpectedStatus: http.StatusSeeOther,
		AfterTest: func(t testing.TB, s *scenario.Site, r *scenario.Response) {
			cookie := r.Header.Get("Set-Cookie")
			for _, want := range []string{"warta_session=", "HttpOnly", "SameSite=Lax"} {
				if !strings.Contains(cookie, want) {
					t.Errorf("session cookie %q lacks %s", cookie, want)
				}
			}
			if s.Admin.SetupURL() != "" {
				t.Error("the setup link still works after the administrator was created")
			}
		}})
	b.Do(t, scenario.Scenario{Name: "the used setup link", URL: path, ExpectedStatus: http.StatusNotFound})
	b.Do(t, scenario.Scenario{Name: "after setup the newsroom is open", URL: "/admin/articles/", ExpectedStatus: http.StatusOK,
		ExpectedContent: []string{"Sign out (Redaksi)"}})

	t.Run("sign out ends the session", func(t *testing.T) {
		b.Do(t, scenario.Scenario{Name: "sign out", Method: http.MethodPost, URL: "/admin/logout", Form: url.Values{},
			ExpectedStatus: http.StatusSeeOther})
		b.Do(t, scenario.Scenario{Name: "after sign out", URL: "/admin/articles/", ExpectedStatus: http.StatusSeeOther,
			AfterTest: func(t testing.TB, _ *scenario.Site, r *scenario.Response) {
				if !strings.HasPrefix(r.Location(), "/admin/login") {
					t.Errorf("after sign out: Location %s", r.Location())
				}
			}})
	})

	t.Run("a form without the CSRF token is refused", func(t *testing.T) {
		s.SignIn(t, "redaksi", "kata-sandi-panjang").Run(t,
			scenario.Scenario{Name: "a forged token", Method: http.MethodPost, URL: "/admin/articles/new",
				Form: url.Values{"csrf": {"forged"}, "title": {"Palsu"}, "status": {"draft"}}, ExpectedStatus: http.StatusForbidden},
			scenario.Scenario{Name: "no token", Method: http.MethodPost, URL: "/admin/articles/new",
				Form: url.Values{"csrf": {""}, "title": {"Palsu"}, "status": {"draft"}}, ExpectedStatus: http.StatusForbidden},
		)
		if n, _ := s.Store.CountArticles(t.Context()); n != 0 {
			t.Errorf("%d articles written by forged forms", n)
		}
	})

	t.Run("password change needs the current one and ends other sessions", func(t *testing.T) {
		other := s.SignIn(t, "redaksi", "kata-sandi-panjang")
		b := s.SignIn(t, "redaksi", "kata-sandi-panjang")
		b.Do(t, scenario.Scenario{Name: "the profile", URL: "/admin/profile", ExpectedStatus: http.StatusOK})
		b.Do(t, scenario.Scenario{Name: "a wrong current password", Method: http.MethodPost, URL: "/admin/profile/password",
			Form:           url.Values{"current": {"salah"}, "new": {"sandi-baru-yang-panjang"}, "new2": {"sandi-baru-yang-panjang"}},
			ExpectedStatus: http.StatusUnprocessableEntity, ExpectedContent: []string{"The current password is wrong."}})
		b.Do(t, scenario.Scenario{Name: "change", Method: http.MethodPost, URL: "/admin/profile/password",
			Form:           url.Values{"current": {"kata-sandi-panjang"}, "new": {"sandi-baru-yang-panjang"}, "new2": {"sandi-baru-yang-panjang"}},
			ExpectedStatus: http.StatusSeeOther})
		b.Do(t, scenario.Scenario{Name: "the session that changed the password goes on", URL: "/admin/profile", ExpectedStatus: http.StatusOK})
		other.Do(t, scenario.Scenario{Name: "another session ends with the password change", URL: "/admin/profile", ExpectedStatus: http.StatusSeeOther})
	})
	t.Run("a wrong password keeps the login and says so; repeated failures are throttled", func(t *testing.T) {
		b := s.Browser()
		b.Do(t, scenario.Scenario{Name: "the login form", URL: "/admin/login", ExpectedStatus: http.StatusOK})
		for i := range 5 {
			b.Do(t, scenario.Scenario{Name: "the failed sign-in", Method: http.MethodPost, URL: "/admin/login",
				Form:           url.Values{"login": {"redaksi"}, "password": {"salah-sandi-" + string(rune('a'+i))}},
				ExpectedStatus: http.StatusUnprocessableEntity, ExpectedContent: []string{"Wrong login or password.", `value="redaksi"`}})
		}
		r := b.Do(t, scenario.Scenario{Name: "the 6th attempt, with the right password", Method: http.MethodPost, URL: "/admin/login",
			Form:            url.Values{"login": {"redaksi"}, "password": {"kata-sandi-panjang"}},
			ExpectedStatus:  http.StatusTooManyRequests,
			ExpectedHeaders: map[string]string{"Retry-After": scenario.AnyValue},
			ExpectedContent: []string{"Too many failed sign-in attempts.", `value="redaksi"`}})
		// The form says how long to wait and until when, in the site's
		// time zone, in the user's language.
		until := time.Now().Add(15 * time.Minute).In(siteLoc(t, s))
		wantWait := regexp.MustCompile(`Try again in 1[45] minutes, at (\d\d:\d\d)\.`)
		if m := wantWait.FindStringSubmatch(r.Body); m == nil {
			t.Errorf("the locked form does not say how long to wait:\n%s", r.Body)
		} else if m[1] != until.Format("15:04") && m[1] != until.Add(time.Minute).Format("15:04") {
			t.Errorf("the form says to wait until %s; the lock ends about %s", m[1], until.Format("15:04"))
		}
		b.Do(t, scenario.Scenario{Name: "switch to Indonesian", URL: "/admin/language?lang=id&back=/admin/login", ExpectedStatus: http.StatusSeeOther})
		b.Do(t, scenario.Scenario{Name: "the locked form in Indonesian", Method: http.MethodPost, URL: "/admin/login",
			Form: url.Values{"login": {"redaksi"}, "password": {"kata-sandi-panjang"}}, ExpectedStatus: http.StatusTooManyRequests,
			AfterTest: func(t testing.TB, _ *scenario.Site, r *scenario.Response) {
				if !regexp.MustCompile(`Coba lagi dalam 1[45] menit, pukul \d\d\.\d\d\.`).MatchString(r.Body) {
					t.Errorf("the locked form in Indonesian:\n%s", r.Body)
				}
			}})
	})
}

func TestRolesSeeTheirScreens(t *testing.T) {
	s := newSite(t, storetest.New(t))
	contributor := s.As(t, s.User(t, "kontri", model.RoleContributor))
	var refused []scenario.Scenario
	for _, p := range []string{"/admin/media/", "/admin/users/", "/admin/settings", "/admin/categories/", "/admin/audit", "/admin/import"} {
		refused = append(refused, scenario.Scenario{Name: "contributor GET " + p, URL: p, ExpectedStatus: http.StatusForbidden})
	}
	contributor.Run(t, append(refused, scenario.Scenario{Name: "contributor adding an administrator", Method: http.MethodPost, URL: "/admin/users/",
		Form:           url.Values{"login": {"penyusup"}, "email": {"p@warta.test"}, "role": {"administrator"}, "password": {"rahasia-sekali-123"}},
		ExpectedStatus: http.StatusForbidden})...)
	admin := s.As(t, s.User(t, "kepala", model.RoleAdministrator))
	var open []scenario.Scenario
	for _, p := range []string{"/admin/media/", "/admin/users/", "/admin/settings", "/admin/categories/", "/admin/tags/", "/admin/audit", "/admin/pages/", "/admin/profile", "/admin/import"} {
		open = append(open, scenario.Scenario{Name: "administrator GET " + p, URL: p, ExpectedStatus: http.StatusOK})
	}
	admin.Run(t, open...)
	admin.Do(t, scenario.Scenario{Name: "administrator adding an author", Method: http.MethodPost, URL: "/admin/users/",
		Form:           url.Values{"login": {"budi"}, "email": {"budi@warta.test"}, "name": {"Budi"}, "role": {"author"}, "password": {"rahasia-sekali-123"}},
		ExpectedStatus: http.StatusSeeOther})
	s.SignIn(t, "budi", "rahasia-sekali-123")
}

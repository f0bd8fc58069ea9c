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
)

func TestSetupSignInAndOut(t *testing.T) {
	s := newSite(t, storetest.New(t))
	setup := s.admin.SetupURL()
	if !strings.Contains(setup, "/admin/setup?token=") {
		t.Fatalf("no setup link on a site without administrator: %q", setup)
	}
	b := s.browser(t)
	if r := b.get("/admin/setup?token=wrong"); r.status != http.StatusNotFound {
		t.Errorf("setup with a wrong token: %d", r.status)
	}
	path := strings.TrimPrefix(setup, s.srv.URL)
	b.get(path)
	token := strings.TrimPrefix(path, "/admin/setup?token=")
	r := b.post("/admin/setup", url.Values{"token": {token}, "login": {"redaksi"}, "email": {"bukan-email"},
		"name": {"Redaksi"}, "password": {"pendek"}, "password2": {"pendek"}})
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("setup with bad input: %d", r.status)
	}
	mustContain(t, "the failed setup form", r.body, `value="redaksi"`, "Enter a valid email address", "at least 10 characters")
	r = b.post("/admin/setup", url.Values{"token": {token}, "login": {"redaksi"}, "email": {"redaksi@warta.test"},
		"name": {"Redaksi"}, "password": {"kata-sandi-panjang"}, "password2": {"kata-sandi-panjang"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("setup: %d\n%s", r.status, r.body)
	}
	cookie := r.header.Get("Set-Cookie")
	for _, want := range []string{"warta_session=", "HttpOnly", "SameSite=Lax"} {
		if !strings.Contains(cookie, want) {
			t.Errorf("session cookie %q lacks %s", cookie, want)
		}
	}
	if s.admin.SetupURL() != "" {
		t.Error("the setup link still works after the administrator was created")
	}
	if r := b.get(path); r.status != http.StatusNotFound {
		t.Errorf("the used setup link answers %d", r.status)
	}
	if r := b.get("/admin/articles/"); r.status != http.StatusOK || !strings.Contains(r.body, "Sign out (Redaksi)") {
		t.Fatalf("after setup the newsroom is not open: %d", r.status)
	}

	t.Run("sign out ends the session", func(t *testing.T) {
		if r := b.post("/admin/logout", url.Values{}); r.status != http.StatusSeeOther {
			t.Fatalf("sign out: %d", r.status)
		}
		if r := b.get("/admin/articles/"); r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/admin/login") {
			t.Errorf("after sign out: %d %s", r.status, r.header.Get("Location"))
		}
	})

	t.Run("a form without the CSRF token is refused", func(t *testing.T) {
		b := s.browser(t)
		b.signIn("redaksi", "kata-sandi-panjang")
		r := b.post("/admin/articles/new", url.Values{"csrf": {"forged"}, "title": {"Palsu"}, "status": {"draft"}})
		if r.status != http.StatusForbidden {
			t.Errorf("forged token: %d", r.status)
		}
		r = b.post("/admin/articles/new", url.Values{"csrf": {""}, "title": {"Palsu"}, "status": {"draft"}})
		if r.status != http.StatusForbidden {
			t.Errorf("no token: %d", r.status)
		}
		if n, _ := s.st.CountArticles(t.Context()); n != 0 {
			t.Errorf("%d articles written by forged forms", n)
		}
	})

	t.Run("password change needs the current one and ends other sessions", func(t *testing.T) {
		other := s.browser(t)
		other.signIn("redaksi", "kata-sandi-panjang")
		b := s.browser(t)
		b.signIn("redaksi", "kata-sandi-panjang")
		b.get("/admin/profile")
		r := b.post("/admin/profile/password", url.Values{"current": {"salah"}, "new": {"sandi-baru-yang-panjang"}, "new2": {"sandi-baru-yang-panjang"}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "The current password is wrong.") {
			t.Fatalf("wrong current password: %d", r.status)
		}
		r = b.post("/admin/profile/password", url.Values{"current": {"kata-sandi-panjang"}, "new": {"sandi-baru-yang-panjang"}, "new2": {"sandi-baru-yang-panjang"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("change: %d\n%s", r.status, r.body)
		}
		if r := b.get("/admin/profile"); r.status != http.StatusOK {
			t.Errorf("the session that changed the password ended: %d", r.status)
		}
		if r := other.get("/admin/profile"); r.status != http.StatusSeeOther {
			t.Errorf("another session survived the password change: %d", r.status)
		}
	})
	t.Run("a wrong password keeps the login and says so; repeated failures are throttled", func(t *testing.T) {
		b := s.browser(t)
		b.get("/admin/login")
		for i := range 5 {
			r := b.post("/admin/login", url.Values{"login": {"redaksi"}, "password": {"salah-sandi-" + string(rune('a'+i))}})
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("failure %d: status %d", i+1, r.status)
			}
			mustContain(t, "the failed sign-in", r.body, "Wrong login or password.", `value="redaksi"`)
		}
		r := b.post("/admin/login", url.Values{"login": {"redaksi"}, "password": {"kata-sandi-panjang"}})
		if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") == "" {
			t.Errorf("6th attempt, right password: status %d, Retry-After %q", r.status, r.header.Get("Retry-After"))
		}
		// The form says how long to wait and until when, in the site's
		// time zone, in the user's language.
		until := time.Now().Add(15 * time.Minute).In(siteLoc(t, s))
		wantWait := regexp.MustCompile(`Try again in 1[45] minutes, at (\d\d:\d\d)\.`)
		if m := wantWait.FindStringSubmatch(r.body); m == nil {
			t.Errorf("the locked form does not say how long to wait:\n%s", r.body)
		} else if m[1] != until.Format("15:04") && m[1] != until.Add(time.Minute).Format("15:04") {
			t.Errorf("the form says to wait until %s; the lock ends about %s", m[1], until.Format("15:04"))
		}
		mustContain(t, "the locked form", r.body, "Too many failed sign-in attempts.", `value="redaksi"`)
		b.get("/admin/language?lang=id&back=/admin/login")
		r = b.post("/admin/login", url.Values{"login": {"redaksi"}, "password": {"kata-sandi-panjang"}})
		if r.status != http.StatusTooManyRequests || !regexp.MustCompile(`Coba lagi dalam 1[45] menit, pukul \d\d\.\d\d\.`).MatchString(r.body) {
			t.Errorf("the locked form in Indonesian: %d\n%s", r.status, r.body)
		}
	})

}

func TestRolesSeeTheirScreens(t *testing.T) {
	s := newSite(t, storetest.New(t))
	contributor := s.browser(t).as(s.user(t, "kontri", model.RoleContributor))
	for _, p := range []string{"/admin/media/", "/admin/users/", "/admin/settings", "/admin/categories/", "/admin/audit", "/admin/import"} {
		if r := contributor.get(p); r.status != http.StatusForbidden {
			t.Errorf("contributor GET %s: %d", p, r.status)
		}
	}
	r := contributor.post("/admin/users/", url.Values{"login": {"penyusup"}, "email": {"p@warta.test"}, "role": {"administrator"}, "password": {"rahasia-sekali-123"}})
	if r.status != http.StatusForbidden {
		t.Errorf("contributor adding an administrator: %d", r.status)
	}
	admin := s.browser(t).as(s.user(t, "kepala", model.RoleAdministrator))
	for _, p := range []string{"/admin/media/", "/admin/users/", "/admin/settings", "/admin/categories/", "/admin/tags/", "/admin/audit", "/admin/pages/", "/admin/profile", "/admin/import"} {
		if r := admin.get(p); r.status != http.StatusOK {
			t.Errorf("administrator GET %s: %d", p, r.status)
		}
	}
	r = admin.post("/admin/users/", url.Values{"login": {"budi"}, "email": {"budi@warta.test"}, "name": {"Budi"}, "role": {"author"}, "password": {"rahasia-sekali-123"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("administrator adding an author: %d\n%s", r.status, r.body)
	}
	s.browser(t).signIn("budi", "rahasia-sekali-123")
}

// siteLoc returns the site's time zone.
func siteLoc(t *testing.T, s *site) *time.Location {
	t.Helper()
	st, err := s.st.Settings(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return st.Location()
}

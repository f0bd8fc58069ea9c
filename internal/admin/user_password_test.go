package admin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"warta/internal/model"
	"warta/internal/store/storetest"
)

func TestAdministratorSetsAPassword(t *testing.T) {
	s := newSite(t, storetest.New(t))
	admin := s.user(t, "kepala", model.RoleAdministrator)
	penulis := s.user(t, "penulis", model.RoleAuthor)
	adm := s.browser(t).as(admin)
	old := s.browser(t).as(penulis)

	// The author forgets the password and locks the account.
	locked := s.browser(t)
	locked.get("/admin/login")
	for i := range 5 {
		locked.post("/admin/login", url.Values{"login": {"penulis"}, "password": {"lupa-lupa-ingat-" + strconv.Itoa(i)}})
	}
	if r := locked.post("/admin/login", url.Values{"login": {"penulis"}, "password": {"penulis-sandi-rahasia"}}); r.status != http.StatusTooManyRequests {
		t.Fatalf("the account is not locked: %d", r.status)
	}

	path := "/admin/users/" + strconv.FormatInt(penulis.ID, 10) + "/password"
	mustContain(t, "the users list", adm.get("/admin/users/").body, `href="`+path+`"`)
	r := adm.get(path)
	mustContain(t, "the form", r.body, "A new password for Penulis (penulis).")
	r = adm.post(path, url.Values{"password": {"sandi baru yang panjang"}, "password2": {"sandi baru yang lain"}})
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("mismatched passwords: %d", r.status)
	}
	mustContain(t, "the mismatch", r.body, "The two passwords differ.")
	r = adm.post(path, url.Values{"password": {"pendek"}, "password2": {"pendek"}})
	mustContain(t, "a short password", r.body, "at least 10 characters")
	old.get("/admin/articles/")
	if r := old.post(path, url.Values{}); r.status != http.StatusForbidden {
		t.Errorf("an author setting a password: %d", r.status)
	}

	r = adm.post(path, url.Values{"password": {"sandi baru yang panjang"}, "password2": {"sandi baru yang panjang"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("set: %d\n%s", r.status, r.body)
	}
	if r := old.get("/admin/articles/"); r.status == http.StatusOK {
		t.Error("the user's old session survived the new password")
	}
	// The lockout is lifted, and the new password works at once.
	s.browser(t).signIn("penulis", "sandi baru yang panjang")
	mustContain(t, "the audit log", adm.get("/admin/audit").body, "Set another user&#39;s password")
	if r := adm.get("/admin/users/" + strconv.FormatInt(admin.ID, 10) + "/password"); r.status != http.StatusSeeOther || r.header.Get("Location") != "/admin/profile" {
		t.Errorf("one's own password is set in the profile: %d %s", r.status, r.header.Get("Location"))
	}
}

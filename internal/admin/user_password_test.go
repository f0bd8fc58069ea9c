package admin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"warta/internal/model"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
)

func TestAdministratorSetsAPassword(t *testing.T) {
	s := newSite(t, storetest.New(t))
	admin := s.User(t, "kepala", model.RoleAdministrator)
	penulis := s.User(t, "penulis", model.RoleAuthor)
	adm := s.As(t, admin)
	old := s.As(t, penulis)

	// The author forgets the password and locks the account.
	locked := s.Browser()
	locked.Do(t, scenario.Scenario{Name: "the login form", URL: "/admin/login", ExpectedStatus: http.StatusOK})
	for i := range 5 {
		locked.Do(t, scenario.Scenario{Name: "a forgotten password", Method: http.MethodPost, URL: "/admin/login",
			Form: url.Values{"login": {"penulis"}, "password": {"lupa-lupa-ingat-" + strconv.Itoa(i)}}, ExpectedStatus: http.StatusUnprocessableEntity})
	}
	locked.Do(t, scenario.Scenario{Name: "the account is locked", Method: http.MethodPost, URL: "/admin/login",
		Form: url.Values{"login": {"penulis"}, "password": {"penulis-sandi-rahasia"}}, ExpectedStatus: http.StatusTooManyRequests})

	path := "/admin/users/" + strconv.FormatInt(penulis.ID, 10) + "/password"
	adm.Run(t,
		scenario.Scenario{Name: "the users list links the form", URL: "/admin/users/", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{`href="` + path + `"`}},
		scenario.Scenario{Name: "the form names the user", URL: path, ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"A new password for Penulis (penulis)."}},
		scenario.Scenario{Name: "mismatched passwords", Method: http.MethodPost, URL: path,
			Form:           url.Values{"password": {"sandi baru yang panjang"}, "password2": {"sandi baru yang lain"}},
			ExpectedStatus: http.StatusUnprocessableEntity, ExpectedContent: []string{"The two passwords differ."}},
		scenario.Scenario{Name: "a short password", Method: http.MethodPost, URL: path,
			Form:           url.Values{"password": {"pendek"}, "password2": {"pendek"}},
			ExpectedStatus: http.StatusUnprocessableEntity, ExpectedContent: []string{"at least 10 characters"}},
	)
	old.Do(t, scenario.Scenario{Name: "the author's newsroom", URL: "/admin/articles/", ExpectedStatus: http.StatusOK})
	old.Do(t, scenario.Scenario{Name: "an author setting a password", Method: http.MethodPost, URL: path, Form: url.Values{},
		ExpectedStatus: http.StatusForbidden})

	adm.Do(t, scenario.Scenario{Name: "set", Method: http.MethodPost, URL: path,
		Form: url.Values{"password": {"sandi baru yang panjang"}, "password2": {"sandi baru yang panjang"}}, ExpectedStatus: http.StatusSeeOther})
	old.Do(t, scenario.Scenario{Name: "the user's old session ends with the new password", URL: "/admin/articles/",
		ExpectedStatus: http.StatusSeeOther})
	// The lockout is lifted, and the new password works at once.
	s.SignIn(t, "penulis", "sandi baru yang panjang")
	adm.Run(t,
		scenario.Scenario{Name: "the audit log", URL: "/admin/audit", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"Set another user&#39;s password"}},
		scenario.Scenario{Name: "one's own password is set in the profile", URL: "/admin/users/" + strconv.FormatInt(admin.ID, 10) + "/password",
			ExpectedStatus: http.StatusSeeOther, ExpectedHeaders: map[string]string{"Location": "/admin/profile"}},
	)
}

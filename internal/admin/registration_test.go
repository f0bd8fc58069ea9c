package admin_test

import (
	"net/http"
	"testing"

	"warta/internal/model"
	"warta/internal/tools/scenario"
)

func TestCommentRegistrationSetting(t *testing.T) {
	scenario.Engines(t, scenario.Options{}, func(t *testing.T, s *scenario.Site) {
		adm := s.As(t, s.User(t, "kepala", model.RoleAdministrator))
		adm.Run(t,
			scenario.Scenario{Name: "the settings offer sign-in before commenting", URL: "/admin/settings",
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`name="comment_registration"`,
					"Only signed-in readers may comment (they sign in with a link by email)"}},
			scenario.Scenario{Name: "without an SMTP server it is refused, saying why", Method: http.MethodPost, URL: "/admin/settings",
				Form: withField(settingsForm("/%year%/%monthnum%/%day%/%postname%/", ""), "comment_registration", "1"), ExpectedStatus: http.StatusUnprocessableEntity,
				ExpectedContent: []string{"Readers sign in with a link by email: set an SMTP server first"},
				AfterTest: func(t testing.TB, s *scenario.Site, _ *scenario.Response) {
					if set, _ := s.Store.Settings(t.Context()); set.CommentRegistration {
						t.Error("the setting was saved")
					}
				}},
			scenario.Scenario{Name: "with one it is saved", Method: http.MethodPost, URL: "/admin/settings",
				BeforeTest: func(t testing.TB, s *scenario.Site) {
					set, _ := s.Store.Settings(t.Context())
					set.SMTPHost, set.SMTPPort, set.SMTPFrom = "127.0.0.1", 2525, "redaksi@warta.test"
					if err := s.Store.SaveSettings(t.Context(), set); err != nil {
						t.Fatal(err)
					}
				},
				Form: withField(settingsForm("/%year%/%monthnum%/%day%/%postname%/", ""), "comment_registration", "1"), ExpectedStatus: http.StatusSeeOther,
				AfterTest: func(t testing.TB, s *scenario.Site, _ *scenario.Response) {
					if set, _ := s.Store.Settings(t.Context()); !set.CommentRegistration {
						t.Error("the setting was not saved")
					}
				}},
			scenario.Scenario{Name: "the box shows ticked", URL: "/admin/settings", ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{`name="comment_registration" value="1" checked`}},
		)
	})
}

package admin_test

import (
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
	"warta/internal/tools/testenv"
)

// withField returns a copy of form with field set to value.
func withField(form url.Values, field, value string) url.Values {
	out := url.Values{}
	for k, v := range form {
		out[k] = append([]string(nil), v...)
	}
	out.Set(field, value)
	return out
}

func TestMailSettings(t *testing.T) {
	mp := testenv.StartMailpit(t)
	s := newSite(t, storetest.New(t))
	adm := s.As(t, s.User(t, "kepala", model.RoleAdministrator))
	ed := s.As(t, s.User(t, "meja", model.RoleEditor))
	form := url.Values{"smtp_host": {mp.SMTPHost}, "smtp_port": {strconv.Itoa(mp.SMTPPort)}, "smtp_security": {"none"},
		"smtp_user": {"kabar"}, "smtp_password": {"rahasia-smtp"}, "smtp_from": {"redaksi@warta.test"}}

	adm.Run(t,
		scenario.Scenario{Name: "the settings say the site sends no email and lead to the email screen", URL: "/admin/settings",
			ExpectedStatus: http.StatusOK, ExpectedContent: []string{"The site sends no email", `href="/admin/settings/mail"`}},
		scenario.Scenario{Name: "the email screen", URL: "/admin/settings/mail", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"The site sends no email", `name="smtp_host"`, "Send the test message"}},
		scenario.Scenario{Name: "a server without a sender address is refused, the rest kept", Method: http.MethodPost,
			URL: "/admin/settings/mail", Form: withField(form, "smtp_from", ""), ExpectedStatus: http.StatusUnprocessableEntity,
			ExpectedContent: []string{"Give the sender address", `value="` + mp.SMTPHost + `"`}},
		scenario.Scenario{Name: "a DKIM key that does not parse is refused", Method: http.MethodPost, URL: "/admin/settings/mail",
			Form:           withField(form, "dkim_key", "-----BEGIN PRIVATE KEY-----\nbukan kunci\n-----END PRIVATE KEY-----"),
			ExpectedStatus: http.StatusUnprocessableEntity, ExpectedContent: []string{"This key cannot be read"}},
		scenario.Scenario{Name: "a test mail before there is a server says so", Method: http.MethodPost, URL: "/admin/settings/mail/test",
			Form: url.Values{"to": {"kepala@warta.test"}}, ExpectedStatus: http.StatusUnprocessableEntity,
			ExpectedContent: []string{"Set and save an SMTP server first."}},
		scenario.Scenario{Name: "the server is saved", Method: http.MethodPost, URL: "/admin/settings/mail", Form: form,
			ExpectedStatus: http.StatusSeeOther, AfterTest: func(t testing.TB, s *scenario.Site, _ *scenario.Response) {
				st, _ := s.Store.Settings(t.Context())
				if st.SMTPHost != mp.SMTPHost || st.SMTPPort != mp.SMTPPort || st.SMTPSecurity != model.SMTPPlain ||
					st.SMTPPassword != "rahasia-smtp" || st.SMTPFrom != "redaksi@warta.test" {
					t.Errorf("stored: %+v", st)
				}
			}},
		scenario.Scenario{Name: "the stored password never goes back to the browser", URL: "/admin/settings/mail",
			ExpectedStatus: http.StatusOK, ExpectedContent: []string{"The site sends email through the server below."},
			NotExpectedContent: []string{"rahasia-smtp"}},
		scenario.Scenario{Name: "saving with the password field empty keeps it", Method: http.MethodPost, URL: "/admin/settings/mail",
			Form: withField(form, "smtp_password", ""), ExpectedStatus: http.StatusSeeOther,
			AfterTest: func(t testing.TB, s *scenario.Site, _ *scenario.Response) {
				if st, _ := s.Store.Settings(t.Context()); st.SMTPPassword != "rahasia-smtp" {
					t.Errorf("the password became %q", st.SMTPPassword)
				}
			}},
		scenario.Scenario{Name: "saving the other settings leaves the server alone", Method: http.MethodPost, URL: "/admin/settings",
			Form: url.Values{"title": {"Kabar Uji"}, "language": {"id"}, "time_zone": {"Asia/Jakarta"},
				"permalink": {"/%year%/%monthnum%/%day%/%postname%/"}, "posts_per_page": {"10"}, "comments_per_page": {"50"},
				"thread_depth": {"5"}, "comment_order": {"asc"}, "comment_moderation": {"first"}, "comments_close_days": {"0"},
				"comment_min_seconds": {"3"}, "comment_max_links": {"2"}, "comment_rate_ip": {"10"}, "comment_rate_email": {"5"},
				"spam_threshold": {"90"}, "spam_purge_days": {"30"}, "comment_ip_retain_days": {"30"}},
			ExpectedStatus: http.StatusSeeOther, AfterTest: func(t testing.TB, s *scenario.Site, _ *scenario.Response) {
				if st, _ := s.Store.Settings(t.Context()); st.SMTPHost != mp.SMTPHost {
					t.Errorf("the SMTP server became %q", st.SMTPHost)
				}
			}},
		scenario.Scenario{Name: "the test mail goes at once", Method: http.MethodPost, URL: "/admin/settings/mail/test",
			Form: url.Values{"to": {"kepala@warta.test"}}, ExpectedStatus: http.StatusSeeOther,
			ExpectedHeaders: map[string]string{"Location": "/admin/settings/mail?notice=mail_sent"}},
	)
	t.Run("the test mail arrives", func(t *testing.T) {
		got := mp.WaitTo(t, "kepala@warta.test", 10*time.Second)
		if got.Subject != "Test message from Kabar Uji" || !strings.Contains(got.Text, "If you can read it") {
			t.Errorf("subject %q, text %q", got.Subject, got.Text)
		}
	})
	t.Run("a server that cannot be reached: the page says why and lists the message", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		closed := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
		ln.Close()
		adm.Do(t, scenario.Scenario{Name: "a closed port", Method: http.MethodPost, URL: "/admin/settings/mail",
			Form: withField(form, "smtp_port", closed), ExpectedStatus: http.StatusSeeOther})
		adm.Do(t, scenario.Scenario{Name: "the test mail fails", Method: http.MethodPost, URL: "/admin/settings/mail/test",
			Form: url.Values{"to": {"kepala@warta.test"}}, ExpectedStatus: http.StatusUnprocessableEntity,
			ExpectedContent: []string{"The test message was not sent: connect to 127.0.0.1:" + closed, `id="mail-waiting"`,
				"Waiting: 1 · Sent (last 30 days): 1 · Failed: 0"}})
	})
	t.Run("a message given up can be tried again", func(t *testing.T) {
		waiting, err := s.Store.MailByStatus(t.Context(), model.MailQueued, 10)
		if err != nil || len(waiting) != 1 {
			t.Fatalf("waiting: %v %v", waiting, err)
		}
		// Given up for good, as after its last attempt.
		claimed, err := s.Store.ClaimMailByID(t.Context(), waiting[0].ID, "test", time.Now(), time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Store.MarkMailFailed(t.Context(), claimed.ID, "test", "550 mailbox unavailable", false, time.Now()); err != nil {
			t.Fatal(err)
		}
		adm.Do(t, scenario.Scenario{Name: "the failure is listed", URL: "/admin/settings/mail", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{`id="mail-failed"`, "550 mailbox unavailable", "Failed: 1"}})
		adm.Do(t, scenario.Scenario{Name: "the server works again", Method: http.MethodPost, URL: "/admin/settings/mail",
			Form: form, ExpectedStatus: http.StatusSeeOther})
		adm.Do(t, scenario.Scenario{Name: "try again", Method: http.MethodPost,
			URL: "/admin/settings/mail/" + strconv.FormatInt(claimed.ID, 10) + "/retry", Form: url.Values{},
			ExpectedStatus: http.StatusSeeOther})
		mp.WaitCount(t, 2, 10*time.Second)
	})
	ed.Run(t,
		scenario.Scenario{Name: "an editor may not see the email settings", URL: "/admin/settings/mail",
			ExpectedStatus: http.StatusForbidden},
		scenario.Scenario{Name: "nor send a test mail", Method: http.MethodPost, URL: "/admin/settings/mail/test",
			Form: url.Values{"to": {"meja@warta.test"}}, ExpectedStatus: http.StatusForbidden},
	)
}

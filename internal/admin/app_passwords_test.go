package admin_test

import (
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"warta/internal/auth"
	"warta/internal/model"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
)

var shownPassword = regexp.MustCompile(`<code class="app-password" id="new-app-password">((?:[A-Za-z0-9]{4} ){5}[A-Za-z0-9]{4})</code>`)

func TestAppPasswordsOnProfile(t *testing.T) {
	scenario.Engines(t, scenario.Options{}, func(t *testing.T, s *scenario.Site) {
		ctx := t.Context()
		sari := s.User(t, "sari", model.RoleContributor)
		b := s.As(t, sari)

		b.Run(t,
			scenario.Scenario{Name: "the profile", URL: "/admin/profile", ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{"Application passwords", "No application passwords yet.", `action="/admin/profile/app-passwords"`}},
			// No name: the form says so, nothing is made.
			scenario.Scenario{Name: "a nameless password", Method: http.MethodPost, URL: "/admin/profile/app-passwords",
				Form: url.Values{"app_name": {"   "}}, ExpectedStatus: http.StatusUnprocessableEntity,
				ExpectedContent: []string{"Give this application password a name"}},
			// Without the CSRF token: refused.
			scenario.Scenario{Name: "a forged form", Method: http.MethodPost, URL: "/admin/profile/app-passwords",
				Form: url.Values{"app_name": {"Ponsel"}, "csrf": {"palsu"}}, ExpectedStatus: http.StatusForbidden},
		)
		if list, _ := s.Store.AppPasswords(ctx, sari.ID); len(list) != 0 {
			t.Fatalf("refused forms made %d passwords", len(list))
		}

		r := b.Do(t, scenario.Scenario{Name: "create", Method: http.MethodPost, URL: "/admin/profile/app-passwords",
			Form: url.Values{"app_name": {"Aplikasi <ponsel>"}}, ExpectedStatus: http.StatusOK,
			ExpectedHeaders: map[string]string{"Cache-Control": "no-store"},
			ExpectedContent: []string{"Aplikasi &lt;ponsel&gt;", "it will not be shown again"}})
		m := shownPassword.FindStringSubmatch(r.Body)
		if m == nil {
			t.Fatalf("create: no password shown\n%s", r.Body)
		}
		if u, err := auth.CheckAppPassword(ctx, s.Store, auth.NewThrottle(s.Store), "sari", m[1], "192.0.2.3", time.Now()); err != nil || u.ID != sari.ID {
			t.Fatalf("the shown password does not sign in: %v", err)
		}
		// Shown once: the profile lists it by name, last use and
		// address, never the password.
		b.Do(t, scenario.Scenario{Name: "the list", URL: "/admin/profile", ExpectedStatus: http.StatusOK,
			ExpectedContent:    []string{"Aplikasi &lt;ponsel&gt;", "192.0.2.3"},
			NotExpectedContent: []string{m[1], strings.ReplaceAll(m[1], " ", "")}})

		// Another user cannot revoke it; its owner can.
		list, _ := s.Store.AppPasswords(ctx, sari.ID)
		revoke := "/admin/profile/app-passwords/" + list[0].UUID + "/revoke"
		s.As(t, s.User(t, "budi", model.RoleEditor)).Run(t,
			scenario.Scenario{Name: "another user's profile", URL: "/admin/profile", ExpectedStatus: http.StatusOK},
			scenario.Scenario{Name: "someone else's revoke", Method: http.MethodPost, URL: revoke, Form: url.Values{}, ExpectedStatus: http.StatusNotFound},
		)
		b.Do(t, scenario.Scenario{Name: "the profile", URL: "/admin/profile", ExpectedStatus: http.StatusOK})
		r = b.Do(t, scenario.Scenario{Name: "revoke", Method: http.MethodPost, URL: revoke, Form: url.Values{}, ExpectedStatus: http.StatusSeeOther,
			AfterTest: func(t testing.TB, _ *scenario.Site, r *scenario.Response) {
				if !strings.HasPrefix(r.Location(), "/admin/profile?notice=apppw_revoked") {
					t.Fatalf("revoke: Location %q", r.Location())
				}
			}})
		b.Do(t, scenario.Scenario{Name: "after revoking", URL: r.Location(), ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"Application password revoked.", "No application passwords yet."}})
		if _, err := auth.CheckAppPassword(ctx, s.Store, auth.NewThrottle(s.Store), "sari", m[1], "192.0.2.3", time.Now()); !errors.Is(err, auth.ErrWrongAppPassword) {
			t.Errorf("a revoked password: %v", err)
		}
	})
}

func TestAnonymousRESTCommentsSetting(t *testing.T) {
	s := newSite(t, storetest.New(t))
	adm := s.As(t, s.User(t, "kepala", model.RoleAdministrator))
	adm.Do(t, scenario.Scenario{Name: "the settings", URL: "/admin/settings", ExpectedStatus: http.StatusOK,
		ExpectedContent: []string{`name="rest_anonymous_comments"`, "Allow comments without signing in through the REST API"}})
	set, _ := s.Store.Settings(t.Context())
	form := url.Values{"title": {set.Title}, "tagline": {set.Tagline}, "language": {set.Language}, "time_zone": {set.TimeZone},
		"permalink": {set.PermalinkStructure}, "posts_per_page": {"10"}, "comments_per_page": {"50"}, "thread_depth": {"5"},
		"comment_order": {"asc"}, "comment_moderation": {"first"}, "comments_close_days": {"0"}, "comment_min_seconds": {"3"},
		"comment_max_links": {"2"}, "comment_rate_ip": {"10"}, "comment_rate_email": {"5"}, "spam_threshold": {"90"},
		"spam_purge_days": {"30"}, "comment_ip_retain_days": {"30"}, "smtp_port": {"587"}, "rest_anonymous_comments": {"1"}}
	adm.Do(t, scenario.Scenario{Name: "save with the box ticked", Method: http.MethodPost, URL: "/admin/settings", Form: form,
		ExpectedStatus: http.StatusSeeOther, AfterTest: func(t testing.TB, s *scenario.Site, _ *scenario.Response) {
			if got, _ := s.Store.Settings(t.Context()); !got.RESTAnonymousComments {
				t.Error("the box was ticked but the setting is off")
			}
		}})
	adm.Do(t, scenario.Scenario{Name: "the settings page shows the box ticked", URL: "/admin/settings", ExpectedStatus: http.StatusOK,
		ExpectedContent: []string{`name="rest_anonymous_comments" value="1" checked`}})
	form.Del("rest_anonymous_comments")
	adm.Do(t, scenario.Scenario{Name: "the settings", URL: "/admin/settings", ExpectedStatus: http.StatusOK})
	adm.Do(t, scenario.Scenario{Name: "save with the box cleared", Method: http.MethodPost, URL: "/admin/settings", Form: form,
		ExpectedStatus: http.StatusSeeOther, AfterTest: func(t testing.TB, s *scenario.Site, _ *scenario.Response) {
			if got, _ := s.Store.Settings(t.Context()); got.RESTAnonymousComments {
				t.Error("the box was cleared but the setting is on")
			}
		}})
}

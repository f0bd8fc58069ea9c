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
)

var shownPassword = regexp.MustCompile(`<code class="app-password" id="new-app-password">((?:[A-Za-z0-9]{4} ){5}[A-Za-z0-9]{4})</code>`)

func TestAppPasswordsOnProfile(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			s := newSite(t, eng.New(t))
			ctx := t.Context()
			sari := s.user(t, "sari", model.RoleContributor)
			b := s.browser(t).as(sari)

			r := b.get("/admin/profile")
			mustContain(t, "profile", r.body, "Application passwords", "No application passwords yet.", `action="/admin/profile/app-passwords"`)

			// No name: the form says so, nothing is made.
			r = b.post("/admin/profile/app-passwords", url.Values{"app_name": {"   "}})
			if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Give this application password a name") {
				t.Errorf("nameless: %d", r.status)
			}
			// Without the CSRF token: refused.
			if r := b.post("/admin/profile/app-passwords", url.Values{"app_name": {"Ponsel"}, "csrf": {"palsu"}}); r.status != http.StatusForbidden {
				t.Errorf("forged form: %d", r.status)
			}
			if list, _ := s.st.AppPasswords(ctx, sari.ID); len(list) != 0 {
				t.Fatalf("refused forms made %d passwords", len(list))
			}

			r = b.post("/admin/profile/app-passwords", url.Values{"app_name": {"Aplikasi <ponsel>"}})
			m := shownPassword.FindStringSubmatch(r.body)
			if r.status != http.StatusOK || m == nil || r.header.Get("Cache-Control") != "no-store" {
				t.Fatalf("create: %d %q\n%s", r.status, r.header.Get("Cache-Control"), r.body)
			}
			mustContain(t, "created", r.body, "Aplikasi &lt;ponsel&gt;", "it will not be shown again")
			if u, err := auth.CheckAppPassword(ctx, s.st, auth.NewThrottle(s.st), "sari", m[1], "192.0.2.3", time.Now()); err != nil || u.ID != sari.ID {
				t.Fatalf("the shown password does not sign in: %v", err)
			}
			// Shown once: the profile lists it by name, last use and
			// address, never the password.
			r = b.get("/admin/profile")
			if strings.Contains(r.body, m[1]) || strings.Contains(r.body, strings.ReplaceAll(m[1], " ", "")) {
				t.Error("the profile shows the password again")
			}
			mustContain(t, "list", r.body, "Aplikasi &lt;ponsel&gt;", "192.0.2.3")

			// Another user cannot revoke it; its owner can.
			list, _ := s.st.AppPasswords(ctx, sari.ID)
			other := s.browser(t).as(s.user(t, "budi", model.RoleEditor))
			other.get("/admin/profile")
			if r := other.post("/admin/profile/app-passwords/"+list[0].UUID+"/revoke", url.Values{}); r.status != http.StatusNotFound {
				t.Errorf("someone else's revoke: %d", r.status)
			}
			b.get("/admin/profile")
			r = b.post("/admin/profile/app-passwords/"+list[0].UUID+"/revoke", url.Values{})
			if r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/admin/profile?notice=apppw_revoked") {
				t.Fatalf("revoke: %d %q", r.status, r.header.Get("Location"))
			}
			mustContain(t, "after revoking", b.get(r.header.Get("Location")).body, "Application password revoked.", "No application passwords yet.")
			if _, err := auth.CheckAppPassword(ctx, s.st, auth.NewThrottle(s.st), "sari", m[1], "192.0.2.3", time.Now()); !errors.Is(err, auth.ErrWrongAppPassword) {
				t.Errorf("a revoked password: %v", err)
			}
		})
	}
}

func TestAnonymousRESTCommentsSetting(t *testing.T) {
	s := newSite(t, storetest.New(t))
	adm := s.browser(t).as(s.user(t, "kepala", model.RoleAdministrator))
	r := adm.get("/admin/settings")
	mustContain(t, "settings", r.body, `name="rest_anonymous_comments"`, "Allow comments without signing in through the REST API")
	set, _ := s.st.Settings(t.Context())
	form := url.Values{"title": {set.Title}, "tagline": {set.Tagline}, "language": {set.Language}, "time_zone": {set.TimeZone},
		"permalink": {set.PermalinkStructure}, "posts_per_page": {"10"}, "comments_per_page": {"50"}, "thread_depth": {"5"},
		"comment_order": {"asc"}, "comment_moderation": {"first"}, "comments_close_days": {"0"}, "comment_min_seconds": {"3"},
		"comment_max_links": {"2"}, "comment_rate_ip": {"10"}, "comment_rate_email": {"5"}, "spam_threshold": {"90"},
		"spam_purge_days": {"30"}, "comment_ip_retain_days": {"30"}, "smtp_port": {"587"}, "rest_anonymous_comments": {"1"}}
	if r := adm.post("/admin/settings", form); r.status != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", r.status, r.body)
	}
	if got, _ := s.st.Settings(t.Context()); !got.RESTAnonymousComments {
		t.Error("the box was ticked but the setting is off")
	}
	if !strings.Contains(adm.get("/admin/settings").body, `name="rest_anonymous_comments" value="1" checked`) {
		t.Error("the settings page does not show the box ticked")
	}
	form.Del("rest_anonymous_comments")
	adm.get("/admin/settings")
	adm.post("/admin/settings", form)
	if got, _ := s.st.Settings(t.Context()); got.RESTAnonymousComments {
		t.Error("the box was cleared but the setting is on")
	}
}

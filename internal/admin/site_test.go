package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
)

func TestHouseScreens(t *testing.T) {
	s := newSite(t, storetest.New(t))
	ctx := context.Background()
	adm := s.As(t, s.User(t, "kepala", model.RoleAdministrator))

	t.Run("settings change the site and refuse bad values", func(t *testing.T) {
		adm.Do(t, scenario.Scenario{Name: "the settings", URL: "/admin/settings", ExpectedStatus: http.StatusOK})
		form := url.Values{"title": {"Kabar Pesisir"}, "tagline": {"Dari muara"}, "language": {"en"}, "time_zone": {"Asia/Makassar"},
			"permalink": {"/%year%/%monthnum%/%day%/%postname%/"}, "posts_per_page": {"abc"}, "comments_per_page": {"50"},
			"thread_depth": {"5"}, "comment_order": {"desc"}, "comment_moderation": {"always"}, "comments_close_days": {"14"},
			"comment_min_seconds": {"3"}, "comment_max_links": {"2"}, "comment_rate_ip": {"10"}, "comment_rate_email": {"5"},
			"spam_threshold": {"90"}, "spam_purge_days": {"30"}, "comment_ip_retain_days": {"30"},
			"comment_blocklist": {"obat murah\r\n@spam.example"}, "moderator_emails": {"meja@warta.test, kepala@warta.test"}}
		adm.Do(t, scenario.Scenario{Name: "a bad number", Method: http.MethodPost, URL: "/admin/settings", Form: form,
			ExpectedStatus: http.StatusUnprocessableEntity, ExpectedContent: []string{`value="Kabar Pesisir"`, "Enter a number"}})
		form.Set("posts_per_page", "7")
		adm.Do(t, scenario.Scenario{Name: "save settings", Method: http.MethodPost, URL: "/admin/settings", Form: form,
			ExpectedStatus: http.StatusSeeOther})
		st, _ := s.Store.Settings(ctx)
		if st.Title != "Kabar Pesisir" || st.PostsPerPage != 7 || st.TimeZone != "Asia/Makassar" || st.CommentOrder != "desc" ||
			st.CommentModeration != model.ModerateAlways || st.CommentsCloseDays != 14 || st.CommentBlocklist != "obat murah\n@spam.example" ||
			st.ModeratorEmails != "meja@warta.test, kepala@warta.test" {
			t.Errorf("stored settings: %+v", st)
		}
		adm.Do(t, scenario.Scenario{Name: "a bad moderator address", Method: http.MethodPost, URL: "/admin/settings",
			Form: withField(form, "moderator_emails", "bukan alamat"), ExpectedStatus: http.StatusUnprocessableEntity,
			ExpectedContent: []string{"Enter a valid email address"}})
		s.Browser().Do(t, scenario.Scenario{Name: "the front page", URL: "/", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"Kabar Pesisir"}})
	})

	t.Run("categories nest; tags and categories can be renamed away", func(t *testing.T) {
		adm.Do(t, scenario.Scenario{Name: "the categories", URL: "/admin/categories/", ExpectedStatus: http.StatusOK})
		adm.Do(t, scenario.Scenario{Name: "a category", Method: http.MethodPost, URL: "/admin/terms/",
			Form: url.Values{"taxonomy": {"category"}, "name": {"Daerah"}}, ExpectedStatus: http.StatusSeeOther})
		parent, err := s.Store.TermBySlug(ctx, model.TaxonomyCategory, "daerah")
		if err != nil {
			t.Fatal(err)
		}
		adm.Do(t, scenario.Scenario{Name: "a child category", Method: http.MethodPost, URL: "/admin/terms/",
			Form:           url.Values{"taxonomy": {"category"}, "name": {"Banyuwening Utara"}, "parent": {strconv.FormatInt(parent.ID, 10)}},
			ExpectedStatus: http.StatusSeeOther})
		child, err := s.Store.TermBySlug(ctx, model.TaxonomyCategory, "banyuwening-utara")
		if err != nil || child.ParentID != parent.ID {
			t.Fatalf("child category: %+v %v", child, err)
		}
		adm.Run(t,
			scenario.Scenario{Name: "a duplicate slug", Method: http.MethodPost, URL: "/admin/terms/",
				Form:           url.Values{"taxonomy": {"category"}, "name": {"Daerah Lain"}, "slug": {"daerah"}},
				ExpectedStatus: http.StatusUnprocessableEntity, ExpectedContent: []string{"This slug is already taken."}},
			scenario.Scenario{Name: "the categories screen", URL: "/admin/categories/", ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{`class="depth-1"><a href="/category/banyuwening-utara/">Banyuwening Utara`}},
			scenario.Scenario{Name: "delete the child", Method: http.MethodPost, URL: "/admin/terms/" + strconv.FormatInt(child.ID, 10) + "/delete",
				Form: url.Values{}, ExpectedStatus: http.StatusSeeOther,
				AfterTest: func(t testing.TB, s *scenario.Site, _ *scenario.Response) {
					if _, err := s.Store.TermByID(ctx, child.ID); err == nil {
						t.Error("the deleted category is still there")
					}
				}},
		)
	})

	t.Run("pages are written and shown at their slug", func(t *testing.T) {
		adm.Do(t, scenario.Scenario{Name: "a new page", URL: "/admin/pages/new", ExpectedStatus: http.StatusOK})
		id := savedID(t, adm.Do(t, scenario.Scenario{Name: "publish a page", Method: http.MethodPost, URL: "/admin/articles/new",
			Form:           url.Values{"type": {"page"}, "title": {"Tentang Redaksi"}, "body": {"Kami menulis dari pesisir."}, "status": {"published"}},
			ExpectedStatus: http.StatusSeeOther}))
		s.Browser().Do(t, scenario.Scenario{Name: "the page", URL: "/tentang-redaksi/", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"Kami menulis dari pesisir."}})
		adm.Do(t, scenario.Scenario{Name: "the pages list", URL: "/admin/pages/", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{"/admin/articles/" + strconv.FormatInt(id, 10)}})
		author := s.As(t, s.User(t, "penulis", model.RoleAuthor))
		author.Run(t,
			scenario.Scenario{Name: "the editor", URL: "/admin/articles/new", ExpectedStatus: http.StatusOK},
			scenario.Scenario{Name: "an author writing a page", Method: http.MethodPost, URL: "/admin/articles/new",
				Form: url.Values{"type": {"page"}, "title": {"Halaman Penulis"}, "status": {"draft"}}, ExpectedStatus: http.StatusForbidden},
		)
	})

	t.Run("roles change, but the last administrator stays", func(t *testing.T) {
		u := s.User(t, "calon", model.RoleContributor)
		me, _ := s.Store.UserByLogin(ctx, "kepala")
		adm.Run(t,
			scenario.Scenario{Name: "the users", URL: "/admin/users/", ExpectedStatus: http.StatusOK},
			scenario.Scenario{Name: "a role change", Method: http.MethodPost, URL: "/admin/users/" + strconv.FormatInt(u.ID, 10) + "/role",
				Form: url.Values{"role": {"editor"}}, ExpectedStatus: http.StatusSeeOther,
				AfterTest: func(t testing.TB, s *scenario.Site, _ *scenario.Response) {
					if got, _ := s.Store.UserByID(ctx, u.ID); got.Role != model.RoleEditor {
						t.Errorf("role after change: %s", got.Role)
					}
				}},
			scenario.Scenario{Name: "the last administrator stepping down", Method: http.MethodPost, URL: "/admin/users/" + strconv.FormatInt(me.ID, 10) + "/role",
				Form:           url.Values{"role": {"author"}},
				ExpectedStatus: http.StatusUnprocessableEntity, ExpectedContent: []string{"The last administrator cannot give up the role."}},
			scenario.Scenario{Name: "the audit log", URL: "/admin/audit", ExpectedStatus: http.StatusOK,
				ExpectedContent:    []string{"Changed a role", "Changed the settings", "Signed in", "Tentang Redaksi"},
				NotExpectedContent: []string{"user.role", "settings.save"}},
		)
		// A change made with the warta command on the server says so.
		if err := s.Store.InsertAudit(ctx, &store.AuditEntry{Action: "user.password_set", ObjectType: "user", ObjectID: u.ID,
			Detail: "calon", Via: store.AuditViaCLI}); err != nil {
			t.Fatal(err)
		}
		if err := s.Store.InsertAudit(ctx, &store.AuditEntry{UserID: u.ID, Action: "user.app_password.create", ObjectType: "user",
			ObjectID: u.ID, Detail: "Aplikasi Ponsel"}); err != nil {
			t.Fatal(err)
		}
		adm.Do(t, scenario.Scenario{Name: "the audit log in words", URL: "/admin/audit", ExpectedStatus: http.StatusOK,
			ExpectedContent:    []string{"The warta command on the server", "Set another user", "Created an application password"},
			NotExpectedContent: []string{"app_password"}})
	})

	t.Run("the newsroom speaks the language the user picks", func(t *testing.T) {
		s.SignIn(t, "kepala", "kepala-sandi-rahasia").Run(t,
			scenario.Scenario{Name: "switch", URL: "/admin/language?lang=id&back=" + url.QueryEscape("/admin/articles/"),
				ExpectedStatus: http.StatusSeeOther, ExpectedHeaders: map[string]string{"Location": "/admin/articles/"}},
			scenario.Scenario{Name: "the list after switching to Indonesian", URL: "/admin/articles/", ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{`<html lang="id">`, "Tulis artikel baru", "Keluar"}},
			scenario.Scenario{Name: "the switch keeps the browser on the site", URL: "/admin/language?lang=en&back=" + url.QueryEscape("//evil.example/"),
				ExpectedStatus: http.StatusSeeOther, ExpectedHeaders: map[string]string{"Location": "/admin/"}},
		)
	})
}

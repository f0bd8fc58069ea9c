package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
)

func TestHouseScreens(t *testing.T) {
	s := newSite(t, storetest.New(t))
	ctx := context.Background()
	adm := s.browser(t).as(s.user(t, "kepala", model.RoleAdministrator))

	t.Run("settings change the site and refuse bad values", func(t *testing.T) {
		adm.get("/admin/settings")
		form := url.Values{"title": {"Kabar Pesisir"}, "tagline": {"Dari muara"}, "language": {"en"}, "time_zone": {"Asia/Makassar"},
			"permalink": {"/%year%/%monthnum%/%day%/%postname%/"}, "posts_per_page": {"abc"}, "comments_per_page": {"50"},
			"thread_depth": {"5"}, "comment_order": {"desc"}, "comment_moderation": {"always"}, "comments_close_days": {"14"},
			"comment_min_seconds": {"3"}, "comment_max_links": {"2"}, "comment_rate_ip": {"10"}, "comment_rate_email": {"5"},
			"spam_threshold": {"90"}, "spam_purge_days": {"30"}, "comment_ip_retain_days": {"30"},
			"comment_blocklist": {"obat murah\r\n@spam.example"}, "moderator_emails": {"meja@warta.test, kepala@warta.test"},
			"smtp_host": {"smtp.warta.test"}, "smtp_port": {"587"}, "smtp_user": {"kabar"}, "smtp_password": {"rahasia-smtp"},
			"smtp_from": {"redaksi@warta.test"}}
		r := adm.post("/admin/settings", form)
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `value="Kabar Pesisir"`) || !strings.Contains(r.body, "Enter a number") {
			t.Fatalf("bad number: %d", r.status)
		}
		form.Set("posts_per_page", "7")
		if r := adm.post("/admin/settings", form); r.status != http.StatusSeeOther {
			t.Fatalf("save settings: %d\n%s", r.status, r.body)
		}
		st, _ := s.st.Settings(ctx)
		if st.Title != "Kabar Pesisir" || st.PostsPerPage != 7 || st.TimeZone != "Asia/Makassar" || st.CommentOrder != "desc" ||
			st.CommentModeration != model.ModerateAlways || st.CommentsCloseDays != 14 || st.CommentBlocklist != "obat murah\n@spam.example" ||
			st.SMTPHost != "smtp.warta.test" || st.SMTPPassword != "rahasia-smtp" || st.ModeratorEmails != "meja@warta.test, kepala@warta.test" {
			t.Errorf("stored settings: %+v", st)
		}
		// The stored SMTP password never goes back to the browser, and an
		// empty field keeps it.
		if body := adm.get("/admin/settings").body; strings.Contains(body, "rahasia-smtp") {
			t.Error("the settings page shows the SMTP password")
		}
		form.Set("smtp_password", "")
		form.Set("smtp_from", "bukan alamat")
		if r := adm.post("/admin/settings", form); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Enter a valid email address") {
			t.Errorf("a bad sender address: %d", r.status)
		}
		form.Set("smtp_from", "redaksi@warta.test")
		adm.post("/admin/settings", form)
		if st, _ := s.st.Settings(ctx); st.SMTPPassword != "rahasia-smtp" {
			t.Errorf("saving without a password changed it to %q", st.SMTPPassword)
		}
		mustContain(t, "the front page", s.browser(t).get("/").body, "Kabar Pesisir")
	})

	t.Run("categories nest; tags and categories can be renamed away", func(t *testing.T) {
		adm.get("/admin/categories/")
		adm.post("/admin/terms/", url.Values{"taxonomy": {"category"}, "name": {"Daerah"}})
		parent, err := s.st.TermBySlug(ctx, model.TaxonomyCategory, "daerah")
		if err != nil {
			t.Fatal(err)
		}
		adm.post("/admin/terms/", url.Values{"taxonomy": {"category"}, "name": {"Banyuwening Utara"}, "parent": {strconv.FormatInt(parent.ID, 10)}})
		child, err := s.st.TermBySlug(ctx, model.TaxonomyCategory, "banyuwening-utara")
		if err != nil || child.ParentID != parent.ID {
			t.Fatalf("child category: %+v %v", child, err)
		}
		r := adm.post("/admin/terms/", url.Values{"taxonomy": {"category"}, "name": {"Daerah Lain"}, "slug": {"daerah"}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "This slug is already taken.") {
			t.Errorf("duplicate slug: %d", r.status)
		}
		mustContain(t, "the categories screen", adm.get("/admin/categories/").body, `class="depth-1"><a href="/category/banyuwening-utara/">Banyuwening Utara`)
		adm.post("/admin/terms/"+strconv.FormatInt(child.ID, 10)+"/delete", url.Values{})
		if _, err := s.st.TermByID(ctx, child.ID); err == nil {
			t.Error("the deleted category is still there")
		}
	})

	t.Run("pages are written and shown at their slug", func(t *testing.T) {
		adm.get("/admin/pages/new")
		id := articleID(t, adm.post("/admin/articles/new", url.Values{"type": {"page"}, "title": {"Tentang Redaksi"},
			"body": {"Kami menulis dari pesisir."}, "status": {"published"}}))
		r := s.browser(t).get("/tentang-redaksi/")
		if r.status != http.StatusOK || !strings.Contains(r.body, "Kami menulis dari pesisir.") {
			t.Errorf("the page: %d", r.status)
		}
		mustContain(t, "the pages list", adm.get("/admin/pages/").body, "/admin/articles/"+strconv.FormatInt(id, 10))
		author := s.browser(t).as(s.user(t, "penulis", model.RoleAuthor))
		author.get("/admin/articles/new")
		if r := author.post("/admin/articles/new", url.Values{"type": {"page"}, "title": {"Halaman Penulis"}, "status": {"draft"}}); r.status != http.StatusForbidden {
			t.Errorf("an author writing a page: %d", r.status)
		}
	})

	t.Run("roles change, but the last administrator stays", func(t *testing.T) {
		u := s.user(t, "calon", model.RoleContributor)
		adm.get("/admin/users/")
		adm.post("/admin/users/"+strconv.FormatInt(u.ID, 10)+"/role", url.Values{"role": {"editor"}})
		if got, _ := s.st.UserByID(ctx, u.ID); got.Role != model.RoleEditor {
			t.Errorf("role after change: %s", got.Role)
		}
		me, _ := s.st.UserByLogin(ctx, "kepala")
		r := adm.post("/admin/users/"+strconv.FormatInt(me.ID, 10)+"/role", url.Values{"role": {"author"}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "The last administrator cannot give up the role.") {
			t.Errorf("last administrator stepping down: %d", r.status)
		}
		mustContain(t, "the audit log", adm.get("/admin/audit").body, "Changed a role", "Changed the settings", "Signed in", "Tentang Redaksi")
		if body := adm.get("/admin/audit").body; strings.Contains(body, "user.role") || strings.Contains(body, "settings.save") {
			t.Error("the audit log shows action codes instead of words")
		}
		// A change made with the warta command on the server says so.
		if err := s.st.InsertAudit(ctx, &store.AuditEntry{Action: "user.password_set", ObjectType: "user", ObjectID: u.ID,
			Detail: "calon", Via: store.AuditViaCLI}); err != nil {
			t.Fatal(err)
		}
		if err := s.st.InsertAudit(ctx, &store.AuditEntry{UserID: u.ID, Action: "user.app_password.create", ObjectType: "user",
			ObjectID: u.ID, Detail: "Aplikasi Ponsel"}); err != nil {
			t.Fatal(err)
		}
		body := adm.get("/admin/audit").body
		mustContain(t, "the audit log", body, "The warta command on the server", "Set another user", "Created an application password")
		if strings.Contains(body, "app_password") {
			t.Error("the audit log shows an application password's action code instead of words")
		}
	})

	t.Run("the newsroom speaks the language the user picks", func(t *testing.T) {
		b := s.browser(t)
		b.signIn("kepala", "kepala-sandi-rahasia")
		r := b.get("/admin/language?lang=id&back=" + url.QueryEscape("/admin/articles/"))
		if r.status != http.StatusSeeOther || r.header.Get("Location") != "/admin/articles/" {
			t.Fatalf("switch: %d %s", r.status, r.header.Get("Location"))
		}
		mustContain(t, "the list after switching to Indonesian", b.get("/admin/articles/").body, `<html lang="id">`, "Tulis artikel baru", "Keluar")
		r = b.get("/admin/language?lang=en&back=" + url.QueryEscape("//evil.example/"))
		if r.header.Get("Location") != "/admin/" {
			t.Errorf("the switch sent the browser off the site: %s", r.header.Get("Location"))
		}
	})
}

package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
	"warta/internal/tools/testenv"
)

var signInLink = regexp.MustCompile(`https?://[^\s"<>]+/account/link\?t=[A-Za-z0-9_-]+`)

// mailSite is a site in English that sends mail to mp and takes comments
// only from signed-in readers.
func mailSite(mp *testenv.Mailpit) scenario.Options {
	return scenario.Options{Settings: func(s *model.Settings) {
		s.Title, s.Language = "Kabar Uji", "en"
		s.SMTPHost, s.SMTPPort, s.SMTPFrom, s.SMTPSecurity = mp.SMTPHost, mp.SMTPPort, "redaksi@warta.test", model.SMTPPlain
		s.CommentRegistration = true
		s.CommentModeration = model.ModerateNever
	}}
}

// editSettings changes the stored settings.
func editSettings(t testing.TB, st *store.Store, edit func(*model.Settings)) {
	t.Helper()
	set, err := st.Settings(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	edit(&set)
	if err := st.SaveSettings(t.Context(), set); err != nil {
		t.Fatal(err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func mustID(t testing.TB, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatalf("id %q: %v", s, err)
	}
	return n
}

// articlePath is the path of a under the site's settings.
func articlePath(t testing.TB, st *store.Store, a *model.Article) string {
	t.Helper()
	set, err := st.Settings(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return a.Path(model.NewPermalinks(set, nil))
}

func TestReaderSignInByLink(t *testing.T) {
	mp := testenv.StartMailpit(t)
	engine := 0
	scenario.Engines(t, mailSite(mp), func(t *testing.T, s *scenario.Site) {
		engine++
		addr := "rina" + string(rune('0'+engine)) + "@pembaca.test"
		a := storetest.Post(t, s.Store, func(a *model.Article) { a.Title = "Banjir di Kota" })
		path := articlePath(t, s.Store, a)
		reader := s.Browser()
		// The pages a reader meets, for the Nu Html Checker.
		docs := map[string]string{}
		keep := func(name string) func(testing.TB, *scenario.Site, *scenario.Response) {
			return func(_ testing.TB, _ *scenario.Site, r *scenario.Response) { docs[name] = r.Body }
		}
		reader.Run(t,
			scenario.Scenario{Name: "an anonymous reader is asked to sign in instead of a form", URL: path,
				AfterTest: keep("article-anonymous"), ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{"This site takes comments from signed-in readers.",
					`href="/account/sign-in?next=` + url.QueryEscape(path+"#respond") + `"`},
				NotExpectedContent: []string{`id="commentform"`}},
			scenario.Scenario{Name: "an anonymous comment is refused with its text kept", Method: http.MethodPost, URL: "/comments",
				Form:      url.Values{"article_id": {itoa(a.ID)}, "name": {"Rina"}, "email": {addr}, "comment": {"Air sudah surut."}},
				AfterTest: keep("comment-refused"), ExpectedStatus: http.StatusUnprocessableEntity,
				ExpectedContent: []string{"Only signed-in readers may comment here.", "Air sudah surut.", "Sign in with your email to comment"}},
			scenario.Scenario{Name: "the account page sends a stranger to sign in", URL: "/account/",
				ExpectedStatus: http.StatusSeeOther, ExpectedHeaders: map[string]string{"Location": "/account/sign-in?next=/account/"}},
			scenario.Scenario{Name: "the sign-in form", URL: "/account/sign-in?next=" + url.QueryEscape(path),
				AfterTest: keep("sign-in"), ExpectedStatus: http.StatusOK, ExpectedContent: []string{"No password is needed.", `name="next" value="` + path + `"`}},
			scenario.Scenario{Name: "a mistyped address is refused and kept", Method: http.MethodPost, URL: "/account/sign-in",
				Form: url.Values{"email": {"rina@pembaca"}}, AfterTest: keep("sign-in-422"), ExpectedStatus: http.StatusUnprocessableEntity,
				ExpectedContent: []string{"Enter a valid email address.", `value="rina@pembaca"`}},
			scenario.Scenario{Name: "an address gets a link", Method: http.MethodPost, URL: "/account/sign-in",
				Form: url.Values{"email": {addr}, "next": {path + "#respond"}}, ExpectedStatus: http.StatusSeeOther,
				ExpectedHeaders: map[string]string{"Location": "/account/sign-in?sent=1"}},
			scenario.Scenario{Name: "the reader is told to check their mail", URL: "/account/sign-in?sent=1",
				AfterTest: keep("sent"), ExpectedStatus: http.StatusOK, ExpectedContent: []string{"It works once, for 30 minutes."}},
		)

		msg := mp.WaitTo(t, addr, 20*time.Second)
		if msg.Subject != "Your sign-in link for Kabar Uji" {
			t.Errorf("subject %q", msg.Subject)
		}
		h := mp.Headers(t, msg.ID)
		if len(h["List-Unsubscribe"]) != 0 {
			t.Errorf("a sign-in link carries List-Unsubscribe: %v", h["List-Unsubscribe"])
		}
		if got := h["Auto-Submitted"]; len(got) != 1 || got[0] != "auto-generated" {
			t.Errorf("Auto-Submitted %v", got)
		}
		link := signInLink.FindString(msg.Text)
		if link == "" {
			t.Fatalf("no sign-in link in the message:\n%s", msg.Text)
		}
		link = strings.Replace(link, s.BaseURL, "", 1)
		token := link[strings.Index(link, "t=")+2:]

		reader.Run(t,
			scenario.Scenario{Name: "opening the link asks before signing in, for mail scanners", URL: link,
				AfterTest: keep("link"), ExpectedStatus: http.StatusOK, ExpectedContent: []string{"Sign in as " + addr + " on this device?"}},
			scenario.Scenario{Name: "the link still works after being opened", URL: link, ExpectedStatus: http.StatusOK},
			scenario.Scenario{Name: "the button signs in and leads back to the form", Method: http.MethodPost, URL: "/account/link",
				Form: url.Values{"t": {token}}, ExpectedStatus: http.StatusSeeOther,
				ExpectedHeaders: map[string]string{"Location": path + "#respond"}},
			scenario.Scenario{Name: "the link works once", Method: http.MethodPost, URL: "/account/link",
				Form: url.Values{"t": {token}}, Client: s.Browser(), AfterTest: keep("link-dead"), ExpectedStatus: http.StatusNotFound,
				ExpectedContent: []string{"This link no longer works"}},
			scenario.Scenario{Name: "a mangled link is refused", URL: "/account/link?t=" + token + "x",
				ExpectedStatus: http.StatusNotFound},
			scenario.Scenario{Name: "the signed-in reader gets the form with their address and nobody else's page",
				URL: path, AfterTest: keep("article-signed-in"), ExpectedStatus: http.StatusOK,
				ExpectedContent:    []string{`id="commentform"`, "You are signed in as " + addr},
				NotExpectedContent: []string{`id="reply-email"`, "This site takes comments from signed-in readers."},
				ExpectedHeaders:    map[string]string{"Cache-Control": "private, no-store"}},
			scenario.Scenario{Name: "a reader session opens nothing in the newsroom", URL: "/admin/articles/",
				ExpectedStatus: http.StatusSeeOther},
		)

		// The time trap: a token fetched just now is too fresh for anyone
		// else (CommentMinSeconds), but a signed-in reader skips it.
		tok := reader.Do(t, scenario.Scenario{Name: "the time trap's token", URL: "/comments/token", ExpectedStatus: http.StatusOK}).Body
		var first, second int64
		reader.Run(t,
			scenario.Scenario{Name: "an anonymous comment with a fresh token is too fast", Method: http.MethodPost, URL: "/comments",
				Client: s.Browser(), BeforeTest: func(t testing.TB, s *scenario.Site) {
					editSettings(t, s.Store, func(set *model.Settings) { set.CommentRegistration = false })
				},
				Form:           url.Values{"article_id": {itoa(a.ID)}, "name": {"Budi"}, "email": {"budi@pembaca.test"}, "comment": {"Cepat sekali."}, "token": {tok}},
				ExpectedStatus: http.StatusUnprocessableEntity, ExpectedContent: []string{"You are commenting too quickly."}},
			scenario.Scenario{Name: "the reader's comment skips the time trap and, moderation off, shows at once",
				Method: http.MethodPost, URL: "/comments",
				BeforeTest: func(t testing.TB, s *scenario.Site) {
					editSettings(t, s.Store, func(set *model.Settings) { set.CommentRegistration = true })
				},
				Form:           url.Values{"article_id": {itoa(a.ID)}, "name": {"Rina Pembaca"}, "comment": {"Air sudah surut di Kampung Melayu."}, "token": {tok}},
				ExpectedStatus: http.StatusSeeOther,
				AfterTest: func(t testing.TB, s *scenario.Site, r *scenario.Response) {
					if strings.Contains(r.Location(), "unapproved") || !strings.Contains(r.Location(), "#comment-") {
						t.Fatalf("Location %q, want the visible comment", r.Location())
					}
					first = mustID(t, r.Location()[strings.LastIndex(r.Location(), "-")+1:])
					c, err := s.Store.Comment(t.Context(), first)
					if err != nil {
						t.Fatal(err)
					}
					if c.AuthorEmail != addr || c.AuthorName != "Rina Pembaca" || c.Status != model.CommentApproved {
						t.Errorf("stored %q %q %s", c.AuthorEmail, c.AuthorName, c.Status)
					}
				}},
			scenario.Scenario{Name: "the name is remembered on the form", URL: path, ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{`name="name" type="text" value="Rina Pembaca"`, "Air sudah surut di Kampung Melayu."}},
			scenario.Scenario{Name: "the reader's comment still goes through moderation",
				BeforeTest: func(t testing.TB, s *scenario.Site) {
					editSettings(t, s.Store, func(set *model.Settings) { set.CommentModeration = model.ModerateAlways })
				},
				Method: http.MethodPost, URL: "/comments",
				Form:           url.Values{"article_id": {itoa(a.ID)}, "name": {"Rina P."}, "comment": {"Satu lagi dari saya."}},
				ExpectedStatus: http.StatusSeeOther,
				AfterTest: func(t testing.TB, s *scenario.Site, r *scenario.Response) {
					if !strings.Contains(r.Location(), "?unapproved=") {
						t.Fatalf("Location %q, want the moderation notice", r.Location())
					}
					second = mustID(t, r.Location()[strings.LastIndex(r.Location(), "-")+1:])
				}},
		)

		reader.Run(t,
			scenario.Scenario{Name: "the account page shows the reader's data", URL: "/account/", ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{addr, `value="Rina P."`, "Banjir di Kota", "Air sudah surut di Kampung Melayu.",
					"Satu lagi dari saya.", "Your comment is awaiting moderation.", "We send you no email besides sign-in links."}},
			scenario.Scenario{Name: "a form without the session's token is refused", Method: http.MethodPost, URL: "/account/name",
				Form: url.Values{"name": {"Orang Lain"}, "csrf": {"palsu"}}, ExpectedStatus: http.StatusForbidden},
			scenario.Scenario{Name: "the reader renames themselves", URL: "/account/", ExpectedStatus: http.StatusOK},
			scenario.Scenario{Name: "the name is saved", Method: http.MethodPost, URL: "/account/name",
				Form: url.Values{"name": {"Rina Wulandari"}}, ExpectedStatus: http.StatusSeeOther},
			scenario.Scenario{Name: "the page shows the new name", URL: "/account/", AfterTest: keep("account"), ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{`value="Rina Wulandari"`}},
			scenario.Scenario{Name: "deleting needs the box ticked", Method: http.MethodPost, URL: "/account/delete",
				Form: url.Values{}, AfterTest: keep("account-422"), ExpectedStatus: http.StatusUnprocessableEntity,
				ExpectedContent: []string{"Tick the box to confirm the deletion."}},
			scenario.Scenario{Name: "the reader deletes their account", Method: http.MethodPost, URL: "/account/delete",
				Form: url.Values{"confirm": {"yes"}}, ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{"your comments are now anonymous"},
				AfterTest: func(t testing.TB, s *scenario.Site, _ *scenario.Response) {
					for _, id := range []int64{first, second} {
						c, err := s.Store.Comment(t.Context(), id)
						if err != nil {
							t.Fatal(err)
						}
						if c.AuthorName != "Anonymous" || c.AuthorEmail != "" {
							t.Errorf("comment %d kept %q %q", id, c.AuthorName, c.AuthorEmail)
						}
					}
					if left, _ := s.Store.Comments(t.Context(), store.CommentFilter{Email: addr}); len(left) != 0 {
						t.Errorf("%d comments still carry the address", len(left))
					}
				}},
			scenario.Scenario{Name: "the reader is signed out", URL: "/account/", ExpectedStatus: http.StatusSeeOther},
			scenario.Scenario{Name: "the anonymised comment still reads on the article", URL: path, ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{"Air sudah surut di Kampung Melayu.", "Anonymous"}, NotExpectedContent: []string{"Rina"}},
		)
		if engine == 1 {
			testenv.ValidateHTML(t, docs)
		}
	})
}

func TestReaderSignInWithoutMail(t *testing.T) {
	scenario.Engines(t, scenario.Options{Settings: func(s *model.Settings) { s.Language = "en" }}, func(t *testing.T, s *scenario.Site) {
		s.Browser().Run(t,
			scenario.Scenario{Name: "the page says plainly that the site sends no email", URL: "/account/sign-in",
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{"This site sends no email, so readers cannot sign in."},
				NotExpectedContent: []string{`name="email"`}},
			scenario.Scenario{Name: "a sign-in asked anyway is refused, not lost", Method: http.MethodPost, URL: "/account/sign-in",
				Form: url.Values{"email": {"rina@pembaca.test"}}, ExpectedStatus: http.StatusUnprocessableEntity,
				ExpectedContent: []string{"This site sends no email, so readers cannot sign in."}},
		)
	})
}

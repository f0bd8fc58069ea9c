package admin_test

import (
	"net/http"
	"net/url"
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

// subscribe makes email a confirmed subscriber (or, with confirm false,
// one who never confirmed) and returns it.
func subscribe(t testing.TB, st *store.Store, email string, confirm bool) *model.Subscriber {
	t.Helper()
	now := time.Now()
	sub, _, err := st.Subscribe(t.Context(), email, "en", "tok-"+strings.NewReplacer("@", "-", ".", "-").Replace(email),
		now, now.Add(-24*time.Hour), func(*model.Subscriber) store.Hook { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if confirm {
		if sub, err = st.ConfirmSubscriber(t.Context(), sub.Token, now); err != nil {
			t.Fatal(err)
		}
	}
	return sub
}

func TestBreakingNewsAlert(t *testing.T) {
	scenario.Engines(t, scenario.Options{Settings: func(s *model.Settings) { s.Title = "Kabar Uji" }}, func(t *testing.T, s *scenario.Site) {
		// The server takes only addresses at example.id: any other is
		// refused for good at RCPT TO, a hard bounce.
		mp := testenv.StartMailpit(t, "--smtp-allowed-recipients", `@example\.id$`)
		set, _ := s.Store.Settings(t.Context())
		set.SMTPHost, set.SMTPPort, set.SMTPSecurity, set.SMTPFrom = mp.SMTPHost, mp.SMTPPort, model.SMTPPlain, "redaksi@warta.test"
		set.NewsletterRate = 50
		if err := s.Store.SaveSettings(t.Context(), set); err != nil {
			t.Fatal(err)
		}
		for _, e := range []string{"ani@example.id", "budi@example.id", "citra@example.id"} {
			subscribe(t, s.Store, e, true)
		}
		quiet := subscribe(t, s.Store, "dewi@example.id", true)
		if _, err := s.Store.SetSubscriberChoices(t.Context(), quiet.Token, model.DigestWeekly, false, nil); err != nil {
			t.Fatal(err)
		}
		subscribe(t, s.Store, "eko@example.id", false)
		gone := subscribe(t, s.Store, "fajar@ditolak.test", true)

		a := storetest.Post(t, s.Store, func(a *model.Article) { a.Title = "Gempa di Cianjur"; a.Excerpt = "Warga diminta tenang." })
		draft := storetest.Post(t, s.Store, func(a *model.Article) { a.Status = model.StatusDraft })
		ed := s.As(t, s.User(t, "meja", model.RoleEditor))
		path := "/admin/articles/" + strconv.FormatInt(a.ID, 10) + "/alert"
		ed.Run(t,
			scenario.Scenario{Name: "the editor links to the alert of a published article",
				URL: "/admin/articles/" + strconv.FormatInt(a.ID, 10), ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{`href="` + path + `"`}},
			scenario.Scenario{Name: "the alert screen", URL: path, ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{"Gempa di Cianjur", "Send the alert now"}},
			scenario.Scenario{Name: "a draft cannot be sent", Method: http.MethodPost,
				URL: "/admin/articles/" + strconv.FormatInt(draft.ID, 10) + "/alert", Form: url.Values{}, ExpectedStatus: http.StatusUnprocessableEntity,
				ExpectedContent: []string{"Only a published article can be sent as an alert."}},
			scenario.Scenario{Name: "the alert is queued", URL: path, ExpectedStatus: http.StatusOK},
			scenario.Scenario{Name: "the alert is sent", Method: http.MethodPost, URL: path, Form: url.Values{}, ExpectedStatus: http.StatusSeeOther},
			scenario.Scenario{Name: "an alert goes once", Method: http.MethodPost, URL: path, Form: url.Values{}, ExpectedStatus: http.StatusConflict,
				ExpectedContent: []string{"alert was sent already."}},
		)
		mp.WaitCount(t, 3, 20*time.Second)
		deadline := time.Now().Add(20 * time.Second)
		for {
			i, err := s.Store.IssueByPrefix(t.Context(), "alert-"+strconv.FormatInt(a.ID, 10)+"-")
			if err != nil {
				t.Fatal(err)
			}
			if i.Filled() && i.Waiting == 0 {
				if i.Audience != 4 || i.Queued != 4 || i.Sent != 3 || i.Failed != 1 || i.Bounced != 1 {
					t.Errorf("issue %+v, want 4 queued, 3 sent, 1 failed and bounced", i)
				}
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("still queuing or sending: %+v", i)
			}
			time.Sleep(50 * time.Millisecond)
		}
		ed.Run(t, scenario.Scenario{Name: "the screen counts them", URL: path, ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{`id="alert-sent">3<`, `id="alert-failed">1<`, `id="alert-bounced">1<`}})

		msgs := mp.Messages(t)
		if len(msgs) != 3 {
			t.Fatalf("Mailpit holds %d messages, want 3 (alerts asked, confirmed, not refused)", len(msgs))
		}
		for _, m := range msgs {
			if to := m.To[0].Address; to == "dewi@example.id" || to == "eko@example.id" {
				t.Errorf("an alert went to %s", to)
			}
		}
		full := mp.Message(t, msgs[0].ID)
		h := mp.Headers(t, msgs[0].ID)
		if full.Subject != "Breaking: Gempa di Cianjur" || !strings.Contains(full.Text, "/newsletter/manage?t=") ||
			!strings.Contains(strings.Join(h["List-Unsubscribe"], ""), "/newsletter/unsubscribe?t=") ||
			strings.Join(h["List-Unsubscribe-Post"], "") != "List-Unsubscribe=One-Click" {
			t.Errorf("the alert: subject %q, headers %v\n%s", full.Subject, h, full.Text)
		}
		// The one-click unsubscribe of the header, as a mail client posts it
		// (RFC 8058), counts against the alert.
		unsub := strings.Trim(strings.Join(h["List-Unsubscribe"], ""), "<>")
		res, err := http.Post(s.URL+strings.TrimPrefix(unsub, s.BaseURL), "application/x-www-form-urlencoded",
			strings.NewReader("List-Unsubscribe=One-Click"))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("one-click unsubscribe: %s", res.Status)
		}
		ed.Run(t,
			scenario.Scenario{Name: "the alert counts the subscriber who left through it", URL: path, ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{`id="alert-unsubscribed">1<`}},
			scenario.Scenario{Name: "the newsletter's issues", URL: "/admin/newsletter", ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{"Breaking news: <a href=\"" + path + "\">Gempa di Cianjur</a>",
					`<td class="issue-queued">4</td>`, `<td class="issue-sent">3</td>`, `<td class="issue-waiting">0</td>`,
					`<td class="issue-bounced">1</td>`, `<td class="issue-unsubscribed">1</td>`}},
		)
		s.As(t, s.User(t, "penulis", model.RoleAuthor)).Run(t, scenario.Scenario{Name: "an author does not see the issues",
			URL: "/admin/newsletter", ExpectedStatus: http.StatusForbidden})
		if got, err := s.Store.SubscriberByEmail(t.Context(), gone.Email); err != nil || got.Receives() || got.BouncedAt.IsZero() {
			t.Errorf("the refused address still receives: %+v %v", got, err)
		}
	})
}

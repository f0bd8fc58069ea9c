package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
	"warta/internal/tools/testenv"
)

var confirmLink = regexp.MustCompile(`https?://[^\s"<>]+/newsletter/confirm\?t=[A-Za-z0-9_-]+`)

func TestNewsletterDoubleOptIn(t *testing.T) {
	mp := testenv.StartMailpit(t)
	engine := 0
	scenario.Engines(t, mailSite(mp), func(t *testing.T, s *scenario.Site) {
		engine++
		addr := "langganan" + itoa(int64(engine)) + "@pembaca.test"
		cat := storetest.Term(t, s.Store, model.TaxonomyCategory, "Ekonomi")
		a := storetest.Post(t, s.Store, nil)
		path := articlePath(t, s.Store, a)
		docs := map[string]string{}
		keep := func(name string) func(testing.TB, *scenario.Site, *scenario.Response) {
			return func(_ testing.TB, _ *scenario.Site, r *scenario.Response) { docs[name] = r.Body }
		}
		reader := s.Browser()
		reader.Run(t,
			scenario.Scenario{Name: "the article offers the newsletter at its end and in the footer", URL: path,
				ExpectedStatus:  http.StatusOK,
				ExpectedContent: []string{`id="subscribe-end"`, `id="subscribe-footer"`, `action="/newsletter/subscribe"`},
				AfterTest:       keep("article")},
			scenario.Scenario{Name: "a mistyped address is refused and kept", Method: http.MethodPost, URL: "/newsletter/subscribe",
				Form: url.Values{"email": {"langganan@"}}, ExpectedStatus: http.StatusUnprocessableEntity,
				ExpectedContent: []string{"Enter a valid email address.", `value="langganan@"`}, AfterTest: keep("422")},
			scenario.Scenario{Name: "an address asks", Method: http.MethodPost, URL: "/newsletter/subscribe",
				Form: url.Values{"email": {strings.ToUpper(addr)}}, ExpectedStatus: http.StatusSeeOther,
				ExpectedHeaders: map[string]string{"Location": "/newsletter/?sent=1"}},
			scenario.Scenario{Name: "nothing is sent but the confirmation", URL: "/newsletter/?sent=1", ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{"Nothing is sent until you do."}, AfterTest: keep("sent")},
		)
		msg := mp.WaitTo(t, addr, 20*time.Second)
		if msg.Subject != "Confirm your subscription to Kabar Uji" {
			t.Errorf("subject %q", msg.Subject)
		}
		h := mp.Headers(t, msg.ID)
		unsub := strings.Trim(strings.Join(h["List-Unsubscribe"], ""), "<>")
		if !strings.Contains(unsub, "/newsletter/unsubscribe?t=") || strings.Join(h["List-Unsubscribe-Post"], "") != "List-Unsubscribe=One-Click" {
			t.Errorf("List-Unsubscribe %q, List-Unsubscribe-Post %q", unsub, h["List-Unsubscribe-Post"])
		}
		link := confirmLink.FindString(msg.Text)
		if link == "" {
			t.Fatalf("no confirmation link:\n%s", msg.Text)
		}
		link = strings.Replace(link, s.BaseURL, "", 1)
		token := link[strings.Index(link, "t=")+2:]
		subscriber := func(t testing.TB) *model.Subscriber {
			sub, err := s.Store.SubscriberByEmail(t.Context(), addr)
			if err != nil {
				t.Fatal(err)
			}
			return sub
		}
		reader.Run(t,
			scenario.Scenario{Name: "asking again the same day sends nothing more", Method: http.MethodPost, URL: "/newsletter/subscribe",
				Form: url.Values{"email": {addr}}, ExpectedStatus: http.StatusSeeOther},
			scenario.Scenario{Name: "the link asks before confirming", URL: link, ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{"Send the newsletter to " + addr + "?"}, AfterTest: func(t testing.TB, _ *scenario.Site, r *scenario.Response) {
					docs["confirm"] = r.Body
					if subscriber(t).Receives() {
						t.Error("opening the link confirmed")
					}
				}},
			scenario.Scenario{Name: "the button confirms and offers the choices", Method: http.MethodPost, URL: "/newsletter/confirm",
				Form: url.Values{"t": {token}}, ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{addr + " is subscribed.", "Every week", "Ekonomi"},
				AfterTest: func(t testing.TB, _ *scenario.Site, r *scenario.Response) {
					docs["manage"] = r.Body
					if !subscriber(t).Receives() {
						t.Error("not confirmed")
					}
				}},
			scenario.Scenario{Name: "a frequency that is not offered is refused", Method: http.MethodPost, URL: "/newsletter/manage",
				Form: url.Values{"t": {token}, "frequency": {"hourly"}}, ExpectedStatus: http.StatusUnprocessableEntity,
				ExpectedContent: []string{"Choose how often you want the digest."}},
			scenario.Scenario{Name: "the subscriber chooses a daily digest of one section, without alerts", Method: http.MethodPost,
				URL: "/newsletter/manage", Form: url.Values{"t": {token}, "frequency": {"daily"}, "section": {itoa(cat.ID)}},
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{"Your choices are saved."},
				AfterTest: func(t testing.TB, _ *scenario.Site, _ *scenario.Response) {
					sub := subscriber(t)
					if sub.Frequency != model.DigestDaily || sub.Breaking || len(sub.Sections) != 1 || sub.Sections[0] != cat.ID {
						t.Errorf("choices %s %v %v", sub.Frequency, sub.Breaking, sub.Sections)
					}
				}},
			scenario.Scenario{Name: "the manage link shows the choices", URL: "/newsletter/manage?t=" + token, ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{`value="daily" checked`, `value="` + itoa(cat.ID) + `" checked`}},
			scenario.Scenario{Name: "the header's one-click unsubscribe needs nothing but its URL", Method: http.MethodPost,
				URL: strings.Replace(unsub, s.BaseURL, "", 1), Client: s.Client(),
				Body:           strings.NewReader("List-Unsubscribe=One-Click"),
				Headers:        map[string]string{"Content-Type": "application/x-www-form-urlencoded"},
				ExpectedStatus: http.StatusOK, AfterTest: func(t testing.TB, _ *scenario.Site, _ *scenario.Response) {
					if subscriber(t).Receives() {
						t.Error("still subscribed")
					}
				}},
			scenario.Scenario{Name: "an unknown token is not found", URL: "/newsletter/manage?t=nope", ExpectedStatus: http.StatusNotFound},
		)
		var confirmations int
		for _, st := range []model.MailStatus{model.MailQueued, model.MailSent, model.MailFailed} {
			list, err := s.Store.MailByStatus(t.Context(), st, 100)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range list {
				if m.To == addr || strings.EqualFold(m.To, addr) {
					confirmations++
				}
			}
		}
		if confirmations != 1 {
			t.Errorf("%d messages to %s, want one confirmation", confirmations, addr)
		}
		if engine == 1 {
			testenv.ValidateHTML(t, docs)
		}
	})
}

package cli

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"warta/internal/auth"
	"warta/internal/model"
	"warta/internal/newsletter"
	"warta/internal/store"
	"warta/internal/tools/testenv"
)

// TestBrowserReaderSignIn: on a site that takes comments only from
// signed-in readers, a reader in Chromium follows the form's sign-in link,
// asks for a link, follows it from the message Mailpit received, signs in
// and comments under their account.
func TestBrowserReaderSignIn(t *testing.T) {
	mp := testenv.StartMailpit(t)
	ctx := testenv.Browser(t)
	dir := t.TempDir()
	article := prepareMailSite(t, dir, mp)
	st, err := store.Open(t.Context(), "", dir)
	if err != nil {
		t.Fatal(err)
	}
	set, err := st.Settings(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	set.CommentRegistration = true
	if err := st.SaveSettings(t.Context(), set); err != nil {
		t.Fatal(err)
	}
	st.Close()
	base, _ := startServeDir(t, dir, "--no-demo", "--mail-poll", "100ms")
	b := &tab{t: t, ctx: ctx, base: base}

	b.do("ask for a sign-in link from the comment form",
		chromedp.Navigate(base+article),
		click("#reply-sign-in a"),
		visible("#account-email"),
		keys("#account-email", "rina@pembaca.test"),
		click(`form[action="/account/sign-in"] button`),
		visible(`p[role="status"]`),
	)
	msg := mp.WaitTo(t, "rina@pembaca.test", 15*time.Second)
	link := regexp.MustCompile(`https?://\S+/account/link\?t=[\w-]+`).FindString(msg.Text)
	if link == "" || !strings.HasPrefix(link, base) {
		t.Fatalf("no sign-in link to %s in:\n%s", base, msg.Text)
	}
	b.do("follow the link, sign in and comment",
		chromedp.Navigate(link),
		click(`form[action="/account/link"] button`),
		visible(".logged-in-as"),
		keys("#reply-comment", "Jalan di Kemang sudah bisa dilewati."),
		keys("#reply-name", "Rina"),
		click(`#commentform button[type="submit"]`),
		visible(".comment-list"),
	)
	if got := b.text(".comment-list"); !strings.Contains(got, "Jalan di Kemang sudah bisa dilewati.") || !strings.Contains(got, "Rina") {
		t.Errorf("the comment list reads %q", got)
	}
	b.do("the account page lists it",
		chromedp.Navigate(base+"/account/"),
		visible("#account-address"),
	)
	if got := b.text("#account-address"); got != "rina@pembaca.test" {
		t.Errorf("account address %q", got)
	}
}

// TestBrowserTOTP: a newsroom user sets up two-factor sign-in in Chromium
// with a code computed from the key on the page, as an app would, and
// then signs in with the password and a later code.
func TestBrowserTOTP(t *testing.T) {
	ctx := testenv.Browser(t)
	dir := t.TempDir()
	st, err := store.Open(t.Context(), "", dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := auth.CreateUser(t.Context(), st, auth.NewUser{Login: "sari", Email: "sari@redaksi.test",
		DisplayName: "Sari", Password: "sandi-yang-panjang-sekali", Role: model.RoleEditor}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	base, _ := startServeDir(t, dir, "--no-demo")
	b := &tab{t: t, ctx: ctx, base: base}
	b.signIn("sari", "sandi-yang-panjang-sekali")
	b.do("open the two-factor screen from the profile",
		chromedp.Navigate(base+"/admin/profile"),
		click(`#two-factor a`),
		visible("#totp-secret"),
	)
	secret := strings.ReplaceAll(b.text("#totp-secret"), " ", "")
	now, err := totp.GenerateCode(secret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	b.do("type the app's code",
		keys("#f-code", now),
		click(`form[action="/admin/profile/two-factor"] button`),
		visible("#recovery-codes"),
	)
	later, err := totp.GenerateCode(secret, time.Now().Add(30*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	b.do("sign out, and in with the password and a code",
		chromedp.Evaluate[chromedp.Void](`document.querySelector('form[action="/admin/logout"]').submit()`),
		visible("#f-login"),
		keys("#f-login", "sari"),
		keys("#f-password", "sandi-yang-panjang-sekali"),
		click(`form[action="/admin/login"] button`),
		visible("#f-code"),
		keys("#f-code", later),
		click(`form[action="/admin/login/code"] button`),
		visible("nav.nav"),
	)
}

// TestBrowserNewsletterOptIn: a reader subscribes from the form at the end
// of an article in Chromium, follows the confirmation's link from the
// message Mailpit received, confirms and picks a daily digest.
func TestBrowserNewsletterOptIn(t *testing.T) {
	mp := testenv.StartMailpit(t)
	ctx := testenv.Browser(t)
	dir := t.TempDir()
	article := prepareMailSite(t, dir, mp)
	base, _ := startServeDir(t, dir, "--no-demo", "--mail-poll", "100ms")
	b := &tab{t: t, ctx: ctx, base: base}
	b.do("subscribe at the end of the article",
		chromedp.Navigate(base+article),
		keys("#subscribe-end-email", "budi@pembaca.test"),
		click(`#subscribe-end button`),
		visible(`p[role="status"]`),
	)
	msg := mp.WaitTo(t, "budi@pembaca.test", 15*time.Second)
	link := regexp.MustCompile(`https?://\S+/newsletter/confirm\?t=[\w-]+`).FindString(msg.Text)
	if link == "" || !strings.HasPrefix(link, base) {
		t.Fatalf("no confirmation link to %s in:\n%s", base, msg.Text)
	}
	b.do("confirm and choose a daily digest",
		chromedp.Navigate(link),
		click(`form[action="/newsletter/confirm"] button`),
		visible("#newsletter-freq-daily"),
		click("#newsletter-freq-daily"),
		click(`form[action="/newsletter/manage"] button[type="submit"]`),
		visible(`p[role="status"]`),
	)
	st, err := store.Open(t.Context(), "", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// The confirmation page already shows a status line, so the wait above
	// can end before the choice is saved: give the save a few seconds.
	var sub *model.Subscriber
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		sub, err = st.SubscriberByEmail(t.Context(), "budi@pembaca.test")
		if err != nil {
			t.Fatal(err)
		}
		if sub.Frequency == model.DigestDaily || time.Now().After(deadline) {
			break
		}
	}
	if !sub.Receives() || sub.Frequency != model.DigestDaily {
		t.Errorf("subscriber receives %v, frequency %s", sub.Receives(), sub.Frequency)
	}

	// A breaking-news alert reaches them, its unsubscribe link (in the
	// message and in List-Unsubscribe, the same) names the issue; following
	// it in Chromium unsubscribes them, counted against that issue.
	list, _, err := st.PublishedArticles(t.Context(), store.ListQuery{Limit: 1})
	if err != nil || len(list) == 0 {
		t.Fatalf("no article: %v", err)
	}
	issue, err := newsletter.Alert(t.Context(), st, &list[0], time.Now())
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	var alert testenv.MailpitMessage
	for {
		for _, m := range mp.Messages(t) {
			if strings.HasPrefix(m.MessageID, issue.Prefix) {
				alert = mp.Message(t, m.ID)
			}
		}
		if alert.ID != "" || time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if alert.ID == "" {
		t.Fatal("the alert did not arrive")
	}
	unsub := regexp.MustCompile(`https?://\S+/newsletter/unsubscribe\?t=[\w-]+&i=\d+`).FindString(alert.Text)
	h := mp.Headers(t, alert.ID)
	if unsub == "" || !strings.HasPrefix(unsub, base) || strings.Trim(strings.Join(h["List-Unsubscribe"], ""), "<>") != unsub ||
		strings.Join(h["List-Unsubscribe-Post"], "") != "List-Unsubscribe=One-Click" {
		t.Fatalf("the alert's unsubscribe link %q, headers %v", unsub, h)
	}
	b.do("unsubscribe from the alert's link",
		chromedp.Navigate(unsub),
		click(`form[action="/newsletter/unsubscribe"] button`),
		visible(`p[role="status"]`),
	)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if sub, err = st.SubscriberByEmail(t.Context(), "budi@pembaca.test"); err != nil {
			t.Fatal(err)
		}
		if !sub.Receives() || time.Now().After(deadline) {
			break
		}
	}
	got, err := st.Issue(t.Context(), issue.ID)
	if err != nil {
		t.Fatal(err)
	}
	if sub.Receives() || got.Unsubscribed != 1 || got.Sent != 1 {
		t.Errorf("after unsubscribing: receives %v, the issue %+v (want 1 sent, 1 unsubscribed)", sub.Receives(), got)
	}
}

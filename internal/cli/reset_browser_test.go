package cli

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"warta/internal/auth"
	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/tools/testenv"
)

// TestBrowserPasswordReset: a newsroom user who forgot their password asks
// for a link on the sign-in page in Chromium, follows the link from the
// message Mailpit received, chooses a new password and signs in with it;
// the link does not work a second time; asking for an account that does
// not exist answers exactly the same and sends nothing.
func TestBrowserPasswordReset(t *testing.T) {
	mp := testenv.StartMailpit(t)
	ctx := testenv.Browser(t)
	dir := t.TempDir()
	prepareMailSite(t, dir, mp)
	st, err := store.Open(t.Context(), "", dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := auth.CreateUser(t.Context(), st, auth.NewUser{Login: "sari", Email: "sari@redaksi.test",
		DisplayName: "Sari", Password: "sandi-lama-yang-panjang", Role: model.RoleEditor}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	base, _ := startServeDir(t, dir, "--no-demo", "--mail-poll", "100ms")
	b := &tab{t: t, ctx: ctx, base: base}

	b.do("ask for a link from the sign-in page",
		chromedp.Navigate(base+"/admin/login"),
		click("#forgot"),
		visible(`form[action="/admin/forgot"]`),
		keys("#f-login", "sari"),
		click(`form[action="/admin/forgot"] button`),
		visible(`form[action="/admin/login"]`),
	)
	msg := mp.WaitTo(t, "sari@redaksi.test", 15*time.Second)
	link := regexp.MustCompile(`https?://\S+/admin/reset\?t=[\w-]+`).FindString(msg.Text)
	if link == "" || !strings.HasPrefix(link, base) {
		t.Fatalf("no reset link to %s in:\n%s", base, msg.Text)
	}
	b.do("follow the link and choose a new password",
		chromedp.Navigate(link),
		visible("#f-password"),
		keys("#f-password", "sandi-baru-yang-panjang"),
		keys("#f-password2", "sandi-baru-yang-panjang"),
		click(`form[action="/admin/reset"] button`),
		visible(`form[action="/admin/login"]`),
	)
	b.signIn("sari", "sandi-baru-yang-panjang")

	t.Run("the link works once", func(t *testing.T) {
		res, err := http.Get(link)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("the used link answered %d", res.StatusCode)
		}
	})
	t.Run("an unknown account gets the same answer and no mail", func(t *testing.T) {
		answer := func(login string) (int, string) {
			c := noRedirects()
			res, err := c.Get(base + "/admin/forgot")
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			m := csrfValue.FindSubmatch(b)
			if m == nil {
				t.Fatal("no CSRF token on the forgot page")
			}
			res, err = c.PostForm(base+"/admin/forgot", url.Values{"login": {login}, "csrf": {string(m[1])}})
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			return res.StatusCode, res.Header.Get("Location")
		}
		before := mp.Count(t)
		s1, l1 := answer("tidak-ada")
		s2, l2 := answer("sari@redaksi.test")
		if s1 != s2 || l1 != l2 || s1 != http.StatusSeeOther {
			t.Errorf("unknown account: %d %q; known: %d %q", s1, l1, s2, l2)
		}
		mp.WaitCount(t, before+1, 15*time.Second)
		time.Sleep(300 * time.Millisecond)
		if n := mp.Count(t); n != before+1 {
			t.Errorf("%d messages after asking for an unknown and a known account, want %d", n, before+1)
		}
	})
}

package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"warta/internal/tools/testenv"
)

// tabTo presses Tab until the element matching sel has the focus, as a
// keyboard user would, and fails the test when it is not reached within
// limit presses.
func (b *tab) tabTo(sel string, limit int) {
	b.t.Helper()
	for range limit {
		b.do("press Tab", chromedp.KeyEvent("\t"))
		if b.eval(`String(document.activeElement.matches(`+jsString(sel)+`))`) == "true" {
			return
		}
	}
	b.t.Fatalf("%d presses of Tab did not reach %s; the focus is on %s", limit, sel,
		b.eval(`document.activeElement.outerHTML.slice(0, 120)`))
}

// typeKeys types into whatever has the focus.
func (b *tab) typeKeys(step, text string) {
	b.t.Helper()
	b.do(step, chromedp.KeyEvent(text))
}

func TestBrowserNewsroomByKeyboard(t *testing.T) {
	ctx := testenv.Browser(t)
	dataDir := t.TempDir()
	addEditor(t, dataDir, "")
	base, _ := serveAt(t, dataDir, "")
	b := &tab{t: t, ctx: ctx, base: base}

	b.do("open the sign-in page", chromedp.Navigate(base+"/admin/login"), visible("#f-login"))
	// The skip link comes first; the login field holds the focus on
	// arrival (autofocus) or is a Tab or two away.
	if b.eval(`document.activeElement.id`) != "f-login" {
		b.tabTo("#f-login", 5)
	}
	b.typeKeys("type the login", "jadwal")
	b.tabTo("#f-password", 1)
	b.typeKeys("type the password", "sandi redaktur jadwal")
	b.do("press Enter", chromedp.KeyEvent("\r"), visible("nav.nav"))

	b.do("open the article list", chromedp.Navigate(base+"/admin/articles/"), visible("h1"))
	b.tabTo(`main a[href="/admin/articles/new"]`, 40)
	b.do("follow the link with Enter", chromedp.KeyEvent("\r"), visible("#f-title"))
	b.tabTo("#f-title", 40)
	const title = "Warga Menanam Seribu Pohon di Bantaran Sungai"
	b.typeKeys("type the title", title)
	b.tabTo("#f-body-rich", 5)
	b.typeKeys("type the body", "Kegiatan dimulai pukul tujuh pagi.")
	// Autosave keeps the draft without a click, and says so.
	b.do("wait for autosave", chromedp.Poll[chromedp.Void](
		`document.getElementById("autosave-status").textContent.length > 0`, chromedp.WithPollingTimeout(20*time.Second)))
	if s := b.text("#autosave-status"); !strings.Contains(s, "Draft saved at") && !strings.Contains(s, "Draf tersimpan pukul") {
		t.Errorf("autosave status %q", s)
	}
	list := b.eval(`fetch("/admin/articles/?status=draft").then(r => r.text())`)
	if !strings.Contains(list, title) {
		t.Errorf("the autosaved draft is not in the drafts list")
	}

	b.tabTo(`button[name=status][value=published]`, 80)
	b.do("publish with Enter", chromedp.KeyEvent("\r"), visible(".notice"))
	if s := b.text(".meta .status"); s != "Published" && s != "Terbit" {
		t.Errorf("after publishing by keyboard the status is %q", s)
	}
	path := b.attr(`.meta a[href^="/20"]`, "href")
	b.do("read it", chromedp.Navigate(base+path), visible("h1"))
	if h := b.text("h1"); h != title {
		t.Errorf("the published heading is %q", h)
	}
}

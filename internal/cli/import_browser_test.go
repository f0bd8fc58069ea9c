package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"warta/internal/tools/testenv"
)

// TestBrowserImportScreen uploads WordPress exports through the newsroom's
// import form in Chromium: a malformed one is refused with its line and
// column, a good one is reported and, with its permalinks kept, its old
// links show their articles.
func TestBrowserImportScreen(t *testing.T) {
	ctx := testenv.Browser(t)
	base, _, out := startServeOut(t, "--no-demo")
	m := setupLink.FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("serve printed no setup link:\n%s", out.String())
	}
	b := &tab{t: t, ctx: ctx, base: base}
	b.do("first-run setup",
		chromedp.Navigate(m[1]),
		keys("#f-login", "redaksi"),
		keys("#f-name", "Meja Redaksi"),
		keys("#f-email", "redaksi@warta.test"),
		keys("#f-password", "kata sandi yang panjang"),
		keys("#f-password2", "kata sandi yang panjang"),
		click(`main button[type=submit]`),
		visible(`nav.nav`),
	)
	malformed, _ := filepath.Abs("../wxr/testdata/malformed.wxr")
	good, _ := filepath.Abs("../wxr/testdata/permalinks.wxr")

	b.do("open the import screen from the navigation",
		click(`nav.nav a[href="/admin/import"]`),
		visible("#f-file"),
	)
	b.do("upload a malformed export",
		chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{malformed}),
		click(`form[action="/admin/import"] button[type=submit]`),
		visible(`.notice.error`),
	)
	if msg := b.text(".notice.error"); !strings.Contains(msg, "malformed.wxr") || !strings.Contains(msg, "86") {
		t.Errorf("the refusal says %q", msg)
	}

	b.do("upload a good export, keeping its permalinks",
		chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{good}),
		click("#f-keep"),
		click(`form[action="/admin/import"] button[type=submit]`),
		visible("#report-title"),
	)
	if report := b.text("main"); !strings.Contains(report, "/%year%/%category%/%postname%.html") || !strings.Contains(report, "permalinks.wxr") {
		t.Errorf("the report:\n%s", report)
	}
	t.Run("the report is valid HTML and has no serious axe violations", func(t *testing.T) {
		page := b.eval(`document.documentElement.outerHTML`)
		testenv.ValidateHTML(t, map[string]string{"/admin/import (report)": "<!DOCTYPE html>\n" + page})
		b.do("load axe", chromedp.Evaluate[chromedp.Void](testenv.AxeSource(t)))
		violations, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]axeViolation](
			`axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations)`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range violations {
			if v.Impact == "serious" || v.Impact == "critical" {
				t.Errorf("%s (%s): %s %v", v.ID, v.Impact, v.Help, v.Nodes)
			}
		}
	})
	b.do("follow an old link", chromedp.Navigate(base+"/2024/berita/daerah/banjir-rob-surut.html"), visible("h1"))
	if h := b.text("h1"); h != "Banjir rob mulai surut" {
		t.Errorf("the old link shows %q", h)
	}
}

package cli

import (
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeSource returns axe-core's script; .ci/run installs it from npm
// (axe-core) and exports WARTA_TEST_AXE_JS. Without it the test skips on a
// developer machine and fails under CI=true.
func axeSource(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("WARTA_TEST_AXE_JS"); p != "" {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("WARTA_TEST_AXE_JS: %v", err)
		}
		return string(b)
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("WARTA_TEST_AXE_JS is not set; .ci/run installs axe-core")
	}
	t.Skip("set WARTA_TEST_AXE_JS to axe.min.js (npm install axe-core) to check accessibility")
	return ""
}

// axeViolation is the part of an axe-core result the test reports.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any `json:"target"`
	} `json:"nodes"`
}

func TestPublicPagesAreAccessible(t *testing.T) {
	axe := axeSource(t)
	ctx := newBrowser(t)
	base, _ := startServe(t)
	articles, archives := demoPaths(t, base)
	paths := append([]string{"/", "/page/2/", "/tentang-kami/", "/halaman-yang-tidak-ada/"}, archives...)
	paths = append(paths, articles[0], findVideoArticle(t, base))

	for _, p := range paths {
		t.Run(p+" has no serious or critical axe-core violations", func(t *testing.T) {
			// DevTools evaluation is not subject to the page's CSP, so axe
			// runs without loosening the policy the site sends.
			if err := chromedp.Do(ctx, chromedp.Navigate(base+p), chromedp.WaitReady(chromedp.CSS("body")),
				chromedp.Evaluate[chromedp.Void](axe)); err != nil {
				t.Fatal(err)
			}
			violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](
				`axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations)`,
				chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range violations {
				if v.Impact == "serious" || v.Impact == "critical" {
					var where []string
					for _, n := range v.Nodes {
						for _, tg := range n.Target {
							if s, ok := tg.(string); ok {
								where = append(where, s)
							}
						}
					}
					t.Errorf("%s (%s): %s at %s", v.ID, v.Impact, v.Help, strings.Join(where, ", "))
				}
			}
		})
	}
}

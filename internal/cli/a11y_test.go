package cli

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"warta/internal/tools/testenv"

	"github.com/chromedp/chromedp"
)

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
	axe := testenv.AxeSource(t)
	ctx := testenv.Browser(t)
	base, dataDir := startServe(t)
	articles, archives := demoPaths(t, base)
	// The page a story taken down leaves at its URL (410).
	addEditor(t, dataDir, "")
	gone := articles[len(articles)-1]
	takeDownStory(t, base, signInHTTP(t, base, "jadwal", "sandi redaktur jadwal"), gone)
	articles = articles[:len(articles)-1]
	paths := append([]string{"/", "/page/2/", "/tentang-kami/", "/halaman-yang-tidak-ada/", "/search?q=banjir+tanggul", "/account/sign-in", "/ralat/", "/pedoman-media-siber/"}, archives...)
	// The first article carries a correction; the bus story is being verified.
	paths = append(paths, articles[0], findVideoArticle(t, base), findArticle(t, articles, "koridor-5-trans-wening-beroperasi"), gone)

	for _, p := range paths {
		t.Run(p+" has no serious or critical axe-core violations", func(t *testing.T) {
			if err := chromedp.Do(ctx, chromedp.Navigate(base+p), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
				t.Fatal(err)
			}
			seriousAxe(t, ctx, axe)
		})
	}
}

// The newsroom's media library (searched), a media item's page and the
// comment queue, on a desktop and at 390 pixels, a phone's width.
func TestNewsroomScreensAreAccessible(t *testing.T) {
	axe := testenv.AxeSource(t)
	base, dataDir := startServe(t)
	addEditor(t, dataDir, "")
	b := newTab(t, base)
	b.signIn("jadwal", "sandi redaktur jadwal")
	b.do("open the library", chromedp.Navigate(base+"/admin/media/"), visible(".library a[href^='/admin/media/']"))
	item := b.eval(`document.querySelector(".library a[href^='/admin/media/']").getAttribute("href")`)
	// A word of the first file's name, which the search then finds.
	word := b.eval(`document.querySelector(".library a[href^='/admin/media/']").textContent.split("/").pop().split(/[^a-z]/)[0]`)
	if word == "" {
		t.Fatalf("no word in the first file's name (%s)", item)
	}
	for _, width := range []int64{1280, 390} {
		for _, p := range []string{"/admin/media/?q=" + word, item, "/admin/comments/"} {
			t.Run(fmt.Sprintf("%s at %d pixels has no serious or critical axe-core violations", p, width), func(t *testing.T) {
				b.t = t
				b.do("open "+p, chromedp.EmulateViewport(width, 844), chromedp.Navigate(base+p), visible("h1"))
				seriousAxe(t, b.ctx, axe)
			})
		}
	}
}

// seriousAxe runs axe-core on the page the browser shows and fails t for
// each serious or critical violation. DevTools evaluation is not subject
// to the page's CSP, so axe runs without loosening the policy the site
// sends.
func seriousAxe(t *testing.T, ctx context.Context, axe string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](axe)); err != nil {
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
}

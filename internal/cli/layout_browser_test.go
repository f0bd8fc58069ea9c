package cli

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"warta/internal/tools/testenv"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// layoutShifts, run before any page script, adds up the page's layout
// shifts (CLS) as they happen in window.__cls, and names what moved, from
// where to where, in window.__moved.
const layoutShifts = `window.__cls = 0; window.__moved = [];
new PerformanceObserver((list) => { for (const e of list.getEntries()) { if (e.hadRecentInput) continue;
	window.__cls += e.value;
	for (const s of e.sources || []) {
		const n = s.node && s.node.nodeType === 3 ? s.node.parentElement : s.node, r = (b) => [b.x, b.y, b.width, b.height].map(Math.round).join(",");
		window.__moved.push((n ? (n.nodeName + (n.className ? "." + String(n.className).trim().replace(/\s+/g, ".") : "")) : "?") +
			" at " + Math.round(e.startTime) + " ms: " + r(s.previousRect) + " -> " + r(s.currentRect));
	} } })
	.observe({type: "layout-shift", buffered: true});`

// artifactDir is where a test keeps the files a person may want to look at
// (screenshots): WARTA_TEST_ARTIFACTS/<test> when that is set (CI keeps
// the folder), else go test's own artifact folder (kept with -artifacts).
func artifactDir(t *testing.T) string {
	dir := t.ArtifactDir()
	if root := os.Getenv("WARTA_TEST_ARTIFACTS"); root != "" {
		dir = filepath.Join(root, t.Name())
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("screenshots in %s", dir)
	return dir
}

// The theme as a reader sees it at a desktop's 1366 pixels and a phone's
// 390: the front page's lead image dwarfs a grid card's, the reading column
// is centred, the phone's header is short with its menu closed, nothing
// runs off the side, and the web fonts, however late they come, never move
// what is already laid out. The screenshots are kept as the test's
// artifacts (see artifactDir).
func TestBrowserLayout(t *testing.T) {
	ctx := testenv.Browser(t)
	base, _ := startServe(t)
	articles, _ := demoPaths(t, base)
	shots := artifactDir(t)
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument,
		page.AddScriptToEvaluateOnNewDocumentParams{Source: layoutShifts}); err != nil {
		t.Fatal(err)
	}
	for _, width := range []int{1366, 390} {
		name := map[int]string{1366: "desktop", 390: "phone"}[width]
		open := func(t *testing.T, path string) {
			t.Helper()
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), 900), chromedp.Navigate(base+path),
				chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
				t.Fatalf("open %s: %v", path, err)
			}
		}
		num := func(t *testing.T, js string) float64 {
			t.Helper()
			v, err := chromedp.Run(ctx, chromedp.Evaluate[float64](js))
			if err != nil {
				t.Fatalf("%s: %v", js, err)
			}
			return v
		}
		moved := func(t *testing.T) string {
			v, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__moved`))
			if err != nil {
				return err.Error()
			}
			return strings.Join(v, "; ")
		}
		shot := func(t *testing.T, file string) {
			img, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // PNG
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(shots, file), img, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		noOverflow := func(t *testing.T, path string) {
			if over := num(t, `document.documentElement.scrollWidth - document.documentElement.clientWidth`); over > 0 {
				t.Errorf("%s is %v pixels wider than the %d-pixel window", path, over, width)
			}
		}
		t.Run(name+": the front page leads with a large image", func(t *testing.T) {
			open(t, "/")
			lead := num(t, `document.querySelector(".lead .lead-image").getBoundingClientRect().width`)
			card := num(t, `document.querySelector(".front-grid .tile-image").getBoundingClientRect().width`)
			if lead < 2*card {
				t.Errorf("the lead image is %v pixels wide, a grid card's %v: want at least twice", lead, card)
			}
			noOverflow(t, "/")
			shot(t, "front-"+name+".png")
		})
		t.Run(name+": the reading column is centred", func(t *testing.T) {
			open(t, articles[0])
			off := num(t, `(() => { const r = document.querySelector("article.article").getBoundingClientRect();
				return (r.left + r.width / 2) - document.documentElement.clientWidth / 2 })()`)
			if math.Abs(off) > 0.02*float64(width) {
				t.Errorf("the article's centre is %v pixels off the page's, more than 2%%", off)
			}
			noOverflow(t, articles[0])
			shot(t, "article-"+name+".png")
		})
		if width == 390 {
			t.Run(name+": the header is short and its menu opens without script", func(t *testing.T) {
				open(t, articles[0])
				if h := num(t, `document.querySelector(".site-header").getBoundingClientRect().height`); h > 120 {
					t.Errorf("the phone's header is %v pixels high with the menu closed, want at most 120", h)
				}
				if shown := num(t, `document.querySelector(".site-nav").getBoundingClientRect().height`); shown != 0 {
					t.Errorf("the closed menu takes %v pixels", shown)
				}
				if err := chromedp.Do(ctx, chromedp.Click(".nav-button", chromedp.NodeVisible)); err != nil {
					t.Fatal(err)
				}
				if links := num(t, `document.querySelectorAll(".site-nav a").length`); links < 3 ||
					num(t, `document.querySelector(".site-nav").getBoundingClientRect().height`) == 0 {
					t.Errorf("the menu did not open: %v links", links)
				}
				shot(t, "menu-"+name+".png")
			})
		}
		t.Run(name+": the web fonts are used and, arriving late, move nothing", func(t *testing.T) {
			for _, path := range []string{"/", articles[0]} {
				open(t, path)
				if err := chromedp.Do(ctx, chromedp.Sleep(500*time.Millisecond)); err != nil {
					t.Fatal(err)
				}
				if n := num(t, `[...document.fonts].filter(f => f.family.startsWith("Source") && f.status === "loaded").length`); n < 2 {
					t.Errorf("%s: %v of the theme's web fonts loaded, want the two preloaded at least", path, n)
				}
				if cls := num(t, `window.__cls`); cls != 0 {
					t.Errorf("%s: layout shift %v, want 0; moved: %s", path, cls, moved(t))
				}
			}
			// Fonts a second and a half late, as on a slow phone network:
			// the text laid out in the fallback stays where it is.
			slow := []*network.Conditions{{URLPattern: base + "/static/*.woff2", Latency: 1500, DownloadThroughput: -1, UploadThroughput: -1}}
			if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule,
				network.EmulateNetworkConditionsByRuleParams{MatchedNetworkConditions: slow}); err != nil {
				t.Fatal(err)
			}
			defer chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{MatchedNetworkConditions: []*network.Conditions{}})
			for _, path := range []string{"/", articles[0]} {
				// A new browser cache each time: the fonts must come over the slow line.
				if _, err := chromedp.Call(ctx, network.ClearBrowserCache, cdp.Empty{}); err != nil {
					t.Fatal(err)
				}
				open(t, path)
				if err := chromedp.Do(ctx, chromedp.Sleep(2500*time.Millisecond)); err != nil {
					t.Fatal(err)
				}
				if n := num(t, `[...document.fonts].filter(f => f.family.startsWith("Source") && f.status === "loaded").length`); n < 2 {
					t.Errorf("%s: %v web fonts arrived over the slow line; the test did not wait for them", path, n)
				}
				if cls := num(t, `window.__cls`); cls != 0 {
					t.Errorf("%s: the late fonts shifted the layout by %v, want 0; moved: %s", path, cls, moved(t))
				}
			}
		})
		t.Run(name+": the footer stays at the bottom of a short page", func(t *testing.T) {
			// A window taller than the 404 page, so that the page is short.
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), 3000), chromedp.Navigate(base+"/halaman-yang-tidak-ada/"),
				chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
				t.Fatal(err)
			}
			gap := num(t, `window.innerHeight - document.querySelector(".site-footer").getBoundingClientRect().bottom`)
			if math.Abs(gap) > 1 {
				t.Errorf("the footer ends %v pixels above the window's bottom", gap)
			}
		})
	}
}

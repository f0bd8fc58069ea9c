package cli

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"warta/internal/tools/testenv"

	"github.com/chromedp/chromedp"
)

// The theme as a reader sees it at a desktop's 1366 pixels and a phone's
// 390: the front page's lead image dwarfs a grid card's, the reading column
// is centred, the phone's header is short with its menu closed, nothing
// runs off the side. The screenshots are kept as the test's artifacts
// (go test -artifacts).
func TestBrowserLayout(t *testing.T) {
	ctx := testenv.Browser(t)
	base, _ := startServe(t)
	articles, _ := demoPaths(t, base)
	shots := t.ArtifactDir()
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
		shot := func(t *testing.T, file string) {
			img, err := chromedp.Run(ctx, chromedp.FullScreenshot(90))
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
			shot(t, "front-"+name+".jpg")
		})
		t.Run(name+": the reading column is centred", func(t *testing.T) {
			open(t, articles[0])
			off := num(t, `(() => { const r = document.querySelector("article.article").getBoundingClientRect();
				return (r.left + r.width / 2) - document.documentElement.clientWidth / 2 })()`)
			if math.Abs(off) > 0.02*float64(width) {
				t.Errorf("the article's centre is %v pixels off the page's, more than 2%%", off)
			}
			noOverflow(t, articles[0])
			shot(t, "article-"+name+".jpg")
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
				shot(t, "menu-"+name+".jpg")
			})
		}
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

package hostile_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"warta/internal/hostile"
	"warta/internal/store/storetest"
	"warta/internal/testenv"
)

// TestHostileContentInChromium stores every payload through every surface,
// then loads each page that shows them in headless Chromium twice: once
// with the Content-Security-Policy bypassed, so that only escaping and
// sanitizing stand between a payload and execution, and once as a reader
// gets it, where no policy violation may occur at all (a violation means
// either a payload survived as markup or the theme itself has inline
// script or style). Either way no __pwn may run and no hostile markup may
// be alive in the DOM.
func TestHostileContentInChromium(t *testing.T) {
	st := storetest.New(t)
	base, paths := hostileSite(t, st)
	checkInChromium(t, base, paths, surfaceOf)
}

// checkInChromium loads each page of paths under base in headless
// Chromium twice: once with the Content-Security-Policy bypassed, so that
// only escaping and sanitizing stand between a payload and execution, and
// once as a reader gets it, where no policy violation may occur. No __pwn
// may run and no hostile markup may be alive; origin names the surface a
// payload's number came from.
func checkInChromium(t *testing.T, base string, paths []string, origin func(n string) string) {
	t.Helper()
	browser := testenv.Browser(t)
	if err := chromedp.Do(browser); err != nil { // starts Chromium
		t.Fatal(err)
	}

	for _, mode := range []struct {
		name      string
		bypassCSP bool
	}{
		{"with the policy bypassed, escaping alone holds", true},
		{"as served, with no policy violation", false},
	} {
		t.Run(mode.name, func(t *testing.T) {
			tab, cancel := chromedp.NewContext(browser)
			defer cancel()
			if _, err := chromedp.Call(tab, page.AddScriptToEvaluateOnNewDocument,
				page.AddScriptToEvaluateOnNewDocumentParams{Source: hostile.BrowserInit}); err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Call(tab, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: mode.bypassCSP}); err != nil {
				t.Fatal(err)
			}
			eval := func(expr string) []string {
				v, err := chromedp.Run(tab, chromedp.Evaluate[[]string](expr))
				if err != nil {
					t.Fatalf("evaluate %.40s: %v", expr, err)
				}
				return v
			}
			for _, path := range paths {
				err := chromedp.Do(tab,
					chromedp.Navigate(base+path),
					chromedp.WaitReady(chromedp.CSS("body")),
					// Handlers fire on load, focus and animation start.
					chromedp.Sleep(200*time.Millisecond),
				)
				if err != nil {
					t.Fatalf("%s: %v", path, err)
				}
				pwned, bad, csp := eval(`window.__pwned || []`), eval(hostile.DOMCheck), eval(`window.__csp || []`)
				for _, n := range pwned {
					t.Errorf("%s: payload %s ran, planted through the %s", path, n, origin(n))
				}
				for _, b := range bad {
					t.Errorf("%s: hostile markup alive: %s", path, b)
				}
				if !mode.bypassCSP {
					for _, v := range csp {
						if blocksScript(v) {
							t.Errorf("%s: Content-Security-Policy violation: %s", path, v)
						} else {
							// An image from another host: the policy
							// doing its job on a URL field, not markup.
							t.Logf("%s: blocked by the policy: %s", path, v)
						}
					}
				}
			}
			if t.Failed() {
				return
			}
			t.Logf("%d pages clean", len(paths))
		})
	}
}

// TestTemplateSyntaxStaysText checks that template syntax typed into a
// field is shown as the reader typed it, never evaluated.
func TestTemplateSyntaxStaysText(t *testing.T) {
	st := storetest.New(t)
	base, paths := hostileSite(t, st)
	var front string
	for _, p := range paths {
		if p == "/" {
			resp, err := http.Get(base + p)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			front = string(b)
		}
	}
	// The title surface's Go-template payload, HTML-escaped by the theme.
	if !strings.Contains(front, "{{template &#34;layout&#34; .}}{{printf &#34;%s&#34; &#34;pwn-") {
		t.Fatalf("template syntax in a title was not shown as typed")
	}
	if strings.Contains(front, "pwn-3027</") || strings.Contains(front, ">pwn-") {
		t.Fatalf("template syntax in a title was evaluated")
	}
}

// blocksScript reports whether a violation report names a directive that
// guards script, style, plugins, frames, forms or the base URL: a payload
// alive as markup, or inline code in the theme.
func blocksScript(report string) bool {
	directive, _, _ := strings.Cut(report, " ")
	for _, prefix := range []string{"script-src", "style-src", "object-src", "frame-src", "child-src", "base-uri", "form-action", "default-src"} {
		if strings.HasPrefix(directive, prefix) {
			return true
		}
	}
	return false
}

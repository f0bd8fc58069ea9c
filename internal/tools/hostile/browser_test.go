package hostile_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"warta/internal/store/storetest"
	"warta/internal/tools/hostile"
	"warta/internal/tools/testenv"
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
	site := hostileSite(t, st)
	for _, mode := range []struct {
		name      string
		bypassCSP bool
	}{
		{"with the policy bypassed, escaping alone holds", true},
		{"as served, with no policy violation", false},
	} {
		// Each part has a Chromium of its own, and so its own time limit.
		for i, paths := range chunks(site.paths, 30) {
			t.Run(fmt.Sprintf("%s/public pages, part %d", mode.name, i+1), func(t *testing.T) {
				c := newChromium(t, site.app.base, mode.bypassCSP)
				for _, path := range paths {
					c.load(path)
					// A feed is shown as text, in Chromium's own viewer:
					// nothing in it can run (TestHostileFeeds reads its HTML).
					domCheck := hostile.DOMCheck
					if html, err := chromedp.Run(c.tab, chromedp.Evaluate[bool](`document.contentType === 'text/html'`)); err != nil {
						t.Fatal(err)
					} else if !html {
						domCheck = `[]`
					}
					c.check(path, domCheck)
				}
				if !t.Failed() {
					t.Logf("%d pages clean", len(paths))
				}
			})
		}
		t.Run(mode.name+"/the comment form sent from an article", func(t *testing.T) {
			c := newChromium(t, site.app.base, mode.bypassCSP)
			// A reader types the payloads into the comment form and sends
			// it: the refusal shows the form again with the text kept.
			for _, sub := range site.submits {
				c.load(sub.page)
				for name, v := range sub.fields {
					js, _ := json.Marshal(v)
					if _, err := chromedp.Run(c.tab, chromedp.Evaluate[bool](`(function (el) { el.value = `+string(js)+`; return true; })(document.querySelector('#commentform [name="`+name+`"]'))`)); err != nil {
						t.Fatalf("fill %s on %s: %v", name, sub.page, err)
					}
				}
				err := chromedp.Do(c.tab,
					chromedp.Submit(chromedp.CSS("#commentform")),
					chromedp.Sleep(500*time.Millisecond),
					chromedp.WaitReady(chromedp.CSS("body")),
				)
				if err != nil {
					t.Fatalf("send the comment form on %s: %v", sub.page, err)
				}
				errs, err := chromedp.Run(c.tab, chromedp.Evaluate[int](`document.querySelectorAll('[id$="-error"]').length`))
				if err != nil {
					t.Fatal(err)
				}
				if errs == 0 {
					t.Fatalf("the comment form sent from %s was not refused and shown again", sub.page)
				}
				c.check("the comment form refused on "+sub.page, hostile.DOMCheck)
			}
			if !t.Failed() {
				t.Logf("%d refused forms clean", len(site.submits))
			}
		})
		t.Run(mode.name+"/the newsroom, signed in as an editor", func(t *testing.T) {
			c := newChromium(t, site.app.base, mode.bypassCSP)
			u, _ := url.Parse(site.app.base)
			httpOnly := true
			if _, err := chromedp.Call(c.tab, network.SetCookie, network.SetCookieParams{Name: "warta_session",
				Value: site.editor.session(), Domain: u.Hostname(), Path: "/", HTTPOnly: &httpOnly}); err != nil {
				t.Fatal(err)
			}
			for _, path := range site.adminPaths {
				c.load(path)
				if signIn, err := chromedp.Run(c.tab, chromedp.Evaluate[bool](`location.pathname === '/admin/login'`)); err != nil || signIn {
					t.Fatalf("%s: not signed in in Chromium (%v)", path, err)
				}
				c.check(path, hostile.AdminDOMCheck)
			}
			if !t.Failed() {
				t.Logf("%d newsroom pages clean", len(site.adminPaths))
			}
		})
	}
}

// chunks cuts paths into parts of at most n.
func chunks(paths []string, n int) [][]string {
	var out [][]string
	for len(paths) > n {
		out = append(out, paths[:n])
		paths = paths[n:]
	}
	return append(out, paths)
}

// chromium is a tab of a headless Chromium of its own that records every
// __pwn call and policy violation of the pages it loads.
type chromium struct {
	t         *testing.T
	tab       context.Context
	base      string
	bypassCSP bool
	origin    func(n string) string // names the surface a payload came through
}

func newChromium(t *testing.T, base string, bypassCSP bool) *chromium {
	t.Helper()
	tab := testenv.Browser(t)
	if _, err := chromedp.Call(tab, page.AddScriptToEvaluateOnNewDocument,
		page.AddScriptToEvaluateOnNewDocumentParams{Source: hostile.BrowserInit}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(tab, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: bypassCSP}); err != nil {
		t.Fatal(err)
	}
	return &chromium{t: t, tab: tab, base: base, bypassCSP: bypassCSP, origin: surfaceOf}
}

func (c *chromium) load(path string) {
	c.t.Helper()
	err := chromedp.Do(c.tab,
		chromedp.Navigate(c.base+path),
		chromedp.WaitReady(chromedp.CSS("body")),
		// Handlers fire on load, focus and animation start.
		chromedp.Sleep(200*time.Millisecond),
	)
	if err != nil {
		c.t.Fatalf("%s: %v", path, err)
	}
}

func (c *chromium) eval(expr string) []string {
	c.t.Helper()
	v, err := chromedp.Run(c.tab, chromedp.Evaluate[[]string](expr))
	if err != nil {
		c.t.Fatalf("evaluate %.40s: %v", expr, err)
	}
	return v
}

// check looks at the page the tab shows, named what, with domCheck.
func (c *chromium) check(what, domCheck string) {
	c.t.Helper()
	pwned, bad, csp := c.eval(`window.__pwned || []`), c.eval(domCheck), c.eval(`window.__csp || []`)
	for _, n := range pwned {
		c.t.Errorf("%s: payload %s ran, planted through the %s", what, n, c.origin(n))
	}
	for _, b := range bad {
		c.t.Errorf("%s: hostile markup alive: %s", what, b)
	}
	if c.bypassCSP {
		return
	}
	for _, v := range csp {
		if blocksScript(v) {
			c.t.Errorf("%s: Content-Security-Policy violation: %s", what, v)
		} else {
			// An image from another host: the policy doing its job on a
			// URL field, not markup.
			c.t.Logf("%s: blocked by the policy: %s", what, v)
		}
	}
}

// checkInChromium loads each page of paths under base in headless
// Chromium twice: once with the Content-Security-Policy bypassed, so that
// only escaping and sanitizing stand between a payload and execution, and
// once as a reader gets it, where no policy violation may occur. origin
// names the surface a payload's number came from.
func checkInChromium(t *testing.T, base string, paths []string, origin func(n string) string) {
	t.Helper()
	for _, bypass := range []bool{true, false} {
		for i, part := range chunks(paths, 30) {
			t.Run(fmt.Sprintf("policy bypassed %v, part %d", bypass, i+1), func(t *testing.T) {
				c := newChromium(t, base, bypass)
				c.origin = origin
				for _, path := range part {
					c.load(path)
					c.check(path, hostile.DOMCheck)
				}
				if !t.Failed() {
					t.Logf("%d pages clean", len(part))
				}
			})
		}
	}
}

// TestTemplateSyntaxStaysText checks that template syntax typed into a
// field is shown as the reader typed it, never evaluated.
func TestTemplateSyntaxStaysText(t *testing.T) {
	st := storetest.New(t)
	site := hostileSite(t, st)
	var front string
	for _, p := range site.paths {
		if p == "/" {
			resp, err := http.Get(site.app.base + p)
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

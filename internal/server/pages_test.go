package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"warta/internal/ratelimit"
	"warta/internal/tools/testenv"
)

// limitPages serves the 413 and 429 pages in both languages.
func limitPages(t *testing.T) (http.Handler, map[string]*http.Request) {
	t.Helper()
	rule := RateRule{
		Name:    "search",
		Match:   func(r *http.Request) bool { return r.URL.Path == "/search" },
		Limiter: ratelimit.New(time.Hour, 1, 100),
	}
	h := New(echoMux(), pinger{}, quietLogger(), WithRateRules(rule)).Handler()
	serve(h, httptest.NewRequest("GET", "/search", nil)) // spends the budget
	reqs := map[string]*http.Request{}
	for _, lang := range []string{"id", "en"} {
		big := httptest.NewRequest("POST", "/comments", strings.NewReader(strings.Repeat("x", MaxBodyBytes+1)))
		big.Header.Set("Accept-Language", lang)
		reqs["413 "+lang] = big
		many := httptest.NewRequest("GET", "/search", nil)
		many.Header.Set("Accept-Language", lang)
		reqs["429 "+lang] = many
	}
	return h, reqs
}

func TestLimitPagesAreValidHTML(t *testing.T) {
	h, reqs := limitPages(t)
	docs := map[string]string{}
	for name, r := range reqs {
		docs[name] = serve(h, r).Body.String()
	}
	testenv.ValidateHTML(t, docs)
}

func TestLimitPagesAreAccessible(t *testing.T) {
	axe := testenv.AxeSource(t)
	ctx := testenv.Browser(t)
	h, reqs := limitPages(t)
	// Chromium loads each recorded answer from a server that replays it.
	bodies := map[string]string{}
	for name, r := range reqs {
		bodies["/"+strings.ReplaceAll(name, " ", "-")] = serve(h, r).Body.String()
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(bodies[r.URL.Path]))
	}))
	defer srv.Close()
	for path := range bodies {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+path), chromedp.WaitReady(chromedp.CSS("body")),
			chromedp.Evaluate[chromedp.Void](axe)); err != nil {
			t.Fatal(err)
		}
		impacts, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
			`axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v => v.impact + " " + v.id))`,
			chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range impacts {
			if strings.HasPrefix(v, "serious") || strings.HasPrefix(v, "critical") {
				t.Errorf("%s: axe-core: %s", path, v)
			}
		}
	}
}

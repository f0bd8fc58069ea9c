package web_test

import (
	"net/http"
	"strings"
	"testing"

	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
)

// A browser that asks for /favicon.ico (pages without an icon link do) is
// sent to the theme's icon, which is there.
func TestFavicon(t *testing.T) {
	c := newSite(t, storetest.New(t), nil).Client()
	res := c.Do(t, scenario.Scenario{Name: "the browser asks for /favicon.ico", URL: "/favicon.ico", ExpectedStatus: http.StatusFound})
	loc := res.Location()
	if !strings.HasPrefix(loc, "/static/favicon.") || !strings.HasSuffix(loc, ".svg") {
		t.Fatalf("/favicon.ico: sent to %q, want the hashed favicon.svg", loc)
	}
	c.Do(t, scenario.Scenario{Name: "the icon is there", URL: loc, ExpectedStatus: http.StatusOK,
		ExpectedHeaders: map[string]string{"Content-Type": "image/svg+xml"}, ExpectedContent: []string{"<svg"}})
}

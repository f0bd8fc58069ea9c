package web

import (
	"net/http"
	"strings"
	"testing"

	"warta/internal/store/storetest"
)

// A browser that asks for /favicon.ico (pages without an icon link do) is
// sent to the theme's icon, which is there.
func TestFavicon(t *testing.T) {
	s := newSite(t, storetest.New(t), "", nil)
	res := s.get(t, "/favicon.ico")
	loc := res.header.Get("Location")
	if res.code != http.StatusFound || !strings.HasPrefix(loc, "/static/favicon.") || !strings.HasSuffix(loc, ".svg") {
		t.Fatalf("/favicon.ico: %d to %q, want 302 to the hashed favicon.svg", res.code, loc)
	}
	icon := s.get(t, loc)
	if icon.code != http.StatusOK || icon.header.Get("Content-Type") != "image/svg+xml" || !strings.Contains(icon.body, "<svg") {
		t.Errorf("%s: %d %s", loc, icon.code, icon.header.Get("Content-Type"))
	}
}

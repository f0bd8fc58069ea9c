package httpx_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"warta/internal/httpx"
)

// defaultPolicy is the policy every answer carried before editors could
// allow ad origins, written out whole: with no origin allowed it must stay
// exactly this.
const defaultPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
	"connect-src 'self'; media-src 'self'; frame-src https://www.youtube-nocookie.com https://player.vimeo.com " +
	"https://platform.twitter.com https://www.instagram.com https://www.tiktok.com https://www.facebook.com; " +
	"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"

func policyOf(t *testing.T, handler http.HandlerFunc) string {
	t.Helper()
	w := httptest.NewRecorder()
	httpx.SecurityHeaders(handler).ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
	return w.Header().Get("Content-Security-Policy")
}

func TestPolicyWithoutAdOrigins(t *testing.T) {
	for name, h := range map[string]http.HandlerFunc{
		"a plain answer":                     func(w http.ResponseWriter, r *http.Request) {},
		"a page whose site allows no origin": func(w http.ResponseWriter, r *http.Request) { httpx.AllowOrigins(w, nil) },
	} {
		if got := policyOf(t, h); got != defaultPolicy {
			t.Errorf("%s: policy changed:\n got %s\nwant %s", name, got, defaultPolicy)
		}
	}
	framed := policyOf(t, func(w http.ResponseWriter, r *http.Request) { httpx.AllowFraming(w) })
	if want := strings.Replace(defaultPolicy, "frame-ancestors 'self'", "frame-ancestors *", 1); framed != want {
		t.Errorf("embeddable answer:\n got %s\nwant %s", framed, want)
	}
}

func TestPolicyWithAdOrigins(t *testing.T) {
	origins := []string{"https://ads.example", "https://*.cdn.example"}
	got := policyOf(t, func(w http.ResponseWriter, r *http.Request) { httpx.AllowOrigins(w, origins) })
	both := " https://ads.example https://*.cdn.example"
	for _, want := range []string{
		"script-src 'self'" + both + ";",
		"img-src 'self' data:" + both + ";",
		"connect-src 'self'" + both + ";",
		"frame-src https://www.youtube-nocookie.com https://player.vimeo.com https://platform.twitter.com " +
			"https://www.instagram.com https://www.tiktok.com https://www.facebook.com" + both + ";",
		// What ads get no say in stays the site's own.
		"default-src 'self';", "style-src 'self';", "font-src 'self';", "media-src 'self';", "object-src 'none';",
		"form-action 'self';", "frame-ancestors 'self'",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("policy lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "unsafe-") {
		t.Errorf("policy loosened beyond the origins: %s", got)
	}
}

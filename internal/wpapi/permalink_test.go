package wpapi_test

import (
	"net/http"
	"testing"

	"warta/internal/tools/scenario"
)

// TestLinksFollowThePermalinkStructure: a post's link in the REST API is
// its URL under the site's structure, and that URL shows the post.
func TestLinksFollowThePermalinkStructure(t *testing.T) {
	s := newAPISite(t)
	set, err := s.Store.Settings(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	set.ChangePermalink("/%category%/%postname%/")
	if err := s.Store.SaveSettings(t.Context(), set); err != nil {
		t.Fatal(err)
	}
	const want = "https://warta.example/ekonomi/perikanan/harga-ikan-naik/"
	s.c.Run(t,
		scenario.Scenario{Name: "the post's link", URL: "/wp-json/wp/v2/posts?slug=harga-ikan-naik", ExpectedStatus: http.StatusOK,
			ExpectedHeaders: jsonType, ExpectedJSON: map[string]any{"0.link": want},
			AfterTest: func(t testing.TB, _ *scenario.Site, r *scenario.Response) {
				if len(r.List()) != 1 {
					t.Fatalf("%d posts, want 1", len(r.List()))
				}
			}},
		scenario.Scenario{Name: "GET the link", URL: "/ekonomi/perikanan/harga-ikan-naik/", ExpectedStatus: http.StatusOK},
	)
}

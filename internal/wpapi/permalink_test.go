package wpapi

import (
	"net/http"
	"testing"
)

// TestLinksFollowThePermalinkStructure: a post's link in the REST API is
// its URL under the site's structure, and that URL shows the post.
func TestLinksFollowThePermalinkStructure(t *testing.T) {
	s := newAPISite(t)
	set, err := s.st.Settings(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	set.ChangePermalink("/%category%/%postname%/")
	if err := s.st.SaveSettings(t.Context(), set); err != nil {
		t.Fatal(err)
	}
	var posts []struct {
		Link string `json:"link"`
	}
	s.get(t, "/wp-json/wp/v2/posts?slug=harga-ikan-naik", http.StatusOK, &posts)
	const want = "https://warta.example/ekonomi/perikanan/harga-ikan-naik/"
	if len(posts) != 1 || posts[0].Link != want {
		t.Fatalf("links %+v, want %s", posts, want)
	}
	if r := s.do(t, http.MethodGet, "/ekonomi/perikanan/harga-ikan-naik/"); r.code != http.StatusOK {
		t.Errorf("GET the link: %d", r.code)
	}
}

package cli

import (
	"net/http"
	"testing"

	"warta/internal/tools/testenv"
)

func TestPublicPagesAreValidHTML(t *testing.T) {
	base, _ := startServe(t)
	articles, archives := demoPaths(t, base)
	paths := append([]string{"/", "/page/2/", "/tentang-kami/", "/about/", "/halaman-yang-tidak-ada/", "/ralat/", "/pedoman-media-siber/"}, archives...)
	paths = append(paths, articles...)

	docs := map[string]string{}
	for _, p := range paths {
		status, _, body := get(t, base, p)
		if status != http.StatusOK && status != http.StatusNotFound {
			t.Fatalf("GET %s: status %d", p, status)
		}
		docs[p] = body
	}
	testenv.ValidateHTML(t, docs)
}

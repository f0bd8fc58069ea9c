package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"warta/internal/model"
	"warta/internal/store/storetest"
	"warta/internal/view"
)

// FuzzPublicRequest sends arbitrary paths and query strings through the
// public router over a real store holding a few articles: whatever a
// client asks, the answer is never a server error (a query broken by its
// input shows up as a 500 here) and never a panic.
func FuzzPublicRequest(f *testing.F) {
	for _, seed := range [][2]string{
		{"/", ""},
		{"/page/2/", ""},
		{"/page/99999999999999999999/", ""},
		{"/category/berita/page/-1/", ""},
		{"/2024/04/26/banjir/", ""},
		{"/2024/13/45/banjir'--/", ""},
		{"/author/x%27%20OR%201=1--/", ""},
		{"/tag/%00/", ""},
		{"/", "s=%27%29%20OR%201%3D1--&p=1%20OR%201=1"},
		{"/tentang-kami", "p=-1"},
	} {
		f.Add(seed[0], seed[1])
	}
	st := storetest.New(f)
	author := storetest.User(f, st, "Rina Wartawan")
	cat := storetest.Term(f, st, model.TaxonomyCategory, "Berita")
	for range 3 {
		a := storetest.Post(f, st, func(a *model.Article) {
			a.Bylines = []model.Byline{{User: *author}}
			a.Categories = []model.Term{*cat}
		})
		storetest.Comment(f, st, a.ID, nil)
	}
	v, err := view.New("")
	if err != nil {
		f.Fatal(err)
	}
	// A direct mux, not the scenario runner's site: the fuzzer sends paths
	// an HTTP client would refuse to send or would normalize, and runs
	// thousands of inputs a second, which a loopback connection each would
	// cut to a few.
	mux := http.NewServeMux()
	New(st, v, Options{BaseURL: "https://warta.example"}).Routes(mux)

	f.Fuzz(func(t *testing.T, path, query string) {
		if !strings.HasPrefix(path, "/") {
			path = "/" + path
		}
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.URL.Path = path
		r.URL.RawQuery = query
		r.RequestURI = r.URL.RequestURI()
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		if w.Code >= 500 {
			t.Fatalf("GET %s?%s: %d\n%s", path, query, w.Code, w.Body.String())
		}
	})
}

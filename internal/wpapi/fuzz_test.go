package wpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"warta/internal/media"
	"warta/internal/store/storetest"
	"warta/internal/wxr"
)

// fuzzRoutes are the routes whose query parameters the fuzzer explores;
// the fuzzer picks one by number and writes the query string.
var fuzzRoutes = []string{
	"/wp/v2/posts", "/wp/v2/pages", "/wp/v2/posts/1", "/wp/v2/categories", "/wp/v2/tags",
	"/wp/v2/users", "/wp/v2/comments", "/wp/v2/media", "/wp/v2/search", "/wp/v2/types/post",
	"/wp/v2/taxonomies", "/wp/v2/statuses", "/", "/wp/v2",
}

// FuzzQuery sends arbitrary query strings (and item paths) to the REST
// API over a real store holding an imported WordPress site. Whatever a
// client sends, the answer is well-formed JSON; a refusal is a 4xx
// carrying WordPress's error object with the same status in data.status
// (rest_invalid_param for a bad parameter, rest_post_invalid_page_number
// past the last page…), never a 5xx and never a panic.
func FuzzQuery(f *testing.F) {
	for _, seed := range []struct {
		route uint8
		path  string
		query string
	}{
		{0, "", "search=banjir&per_page=5&page=2&orderby=title&order=asc"},
		{0, "", "categories=1,2&tags[]=3&exclude=4&include=5,6&author=2&after=2024-01-01T00:00:00&before=2025-01-01"},
		{0, "", "per_page=0&page=-1&offset=99999999999999999999"},
		{0, "", "slug=%27%20OR%201=1--&status=draft&sticky=maybe"},
		{0, "", "_fields=id,title.rendered&_embed=1&context=embed"},
		{0, "", "after=2024-13-45&before=%00&orderby=relevance"},
		{3, "", "hide_empty=true&orderby=count&order=desc&parent=0&post=1"},
		{6, "", "post=1&parent=0&search=x&status=spam"},
		{8, "", "search=pasar&type=term&subtype=category,post_tag"},
		{2, "/wp/v2/posts/99999999999999999999", "context=edit"},
		{2, "/wp/v2/posts/1", "_envelope=1&_jsonp=x"},
	} {
		f.Add(seed.route, seed.path, seed.query)
	}
	st := storetest.New(f)
	if _, err := wxr.Import(context.Background(), st, "../wxr/testdata/full.wxr",
		wxr.Options{UploadsDir: "../wxr/testdata/uploads", Media: media.NewFolder(f.TempDir())}); err != nil {
		f.Fatal(err)
	}
	mux := http.NewServeMux()
	New(st, "https://warta.example", nil).Routes(mux)

	f.Fuzz(func(t *testing.T, route uint8, path, query string) {
		p := fuzzRoutes[int(route)%len(fuzzRoutes)]
		// An item path of the fuzzer's own, when it wrote one.
		if strings.HasPrefix(path, "/wp/v2/") {
			p = path
		}
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.URL.Path = "/wp-json" + p
		r.URL.RawQuery = query
		r.RequestURI = r.URL.RequestURI()
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		if w.Code >= 500 {
			t.Fatalf("GET %s?%s: %d\n%s", r.URL.Path, query, w.Code, w.Body.String())
		}
		body := w.Body.Bytes()
		if w.Code == http.StatusMovedPermanently || w.Code == http.StatusNotModified {
			return
		}
		if strings.HasPrefix(w.Header().Get("Content-Type"), "application/javascript") {
			return // JSONP: a script wrapping the JSON
		}
		if !json.Valid(body) {
			t.Fatalf("GET %s?%s: %d with a body that is not JSON:\n%s", r.URL.Path, query, w.Code, body)
		}
		if w.Code < 400 {
			return
		}
		var e struct {
			Code    string `json:"code"`
			Message string `json:"message"`
			Data    struct {
				Status int `json:"status"`
			} `json:"data"`
		}
		if err := json.Unmarshal(body, &e); err != nil || e.Code == "" || e.Message == "" || e.Data.Status != w.Code {
			t.Fatalf("GET %s?%s: %d without WordPress's error object:\n%s", r.URL.Path, query, w.Code, body)
		}
		if !strings.HasPrefix(e.Code, "rest_") {
			t.Fatalf("GET %s?%s: %d with code %q, not one of WordPress's rest_ codes", r.URL.Path, query, w.Code, e.Code)
		}
	})
}

package web_test

import (
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"warta/internal/media"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
	"warta/internal/tools/testenv"
)

func TestMediaFromAFolder(t *testing.T) {
	testMediaServing(t, media.NewFolder(filepath.Join(t.TempDir(), "media")))
}

func TestMediaFromABucket(t *testing.T) {
	weed := testenv.StartSeaweed(t)
	files, err := media.Open(t.Context(), "s3://"+weed.Bucket(t)+"/media", "", weed.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	testMediaServing(t, files)
}

// testMediaServing checks what a browser and a CDN see of /media/ over
// files: the type, validators, ranges and caching of a stored image, and
// nothing of what is not one.
func testMediaServing(t *testing.T, files media.Storage) {
	body := "\x89PNG\r\n\x1a\n" + strings.Repeat("piksel ", 100)
	if err := files.Put(t.Context(), "2026/12/foto-1a2b3c.png", strings.NewReader(body), int64(len(body)), "image/png", false); err != nil {
		t.Fatal(err)
	}
	st := storetest.New(t)
	c := scenario.New(t, st, scenario.Options{Media: files}).Client()
	const photo = "/media/2026/12/foto-1a2b3c.png"

	r := c.Do(t, scenario.Scenario{Name: "the whole image", URL: photo, ExpectedStatus: http.StatusOK,
		ExpectedHeaders: map[string]string{"Content-Type": "image/png", "ETag": scenario.AnyValue,
			"Last-Modified": scenario.AnyValue, "Accept-Ranges": "bytes", "Cache-Control": "public, max-age=300"}})
	if r.Body != body {
		t.Fatalf("whole image: %d bytes, want the %d stored", len(r.Body), len(body))
	}
	etag := r.Header.Get("ETag")

	r = c.Do(t, scenario.Scenario{Name: "bytes 8 to 13", URL: photo, Headers: map[string]string{"Range": "bytes=8-13"},
		ExpectedStatus:  http.StatusPartialContent,
		ExpectedHeaders: map[string]string{"Content-Range": "bytes 8-13/" + strconv.Itoa(len(body))}})
	if r.Body != body[8:14] {
		t.Errorf("range 8-13: %q, want %q", r.Body, body[8:14])
	}
	r = c.Do(t, scenario.Scenario{Name: "the last 7 bytes", URL: photo, Headers: map[string]string{"Range": "bytes=-7"},
		ExpectedStatus: http.StatusPartialContent})
	if r.Body != body[len(body)-7:] {
		t.Errorf("the last 7 bytes: %q", r.Body)
	}
	r = c.Do(t, scenario.Scenario{Name: "revalidation with the ETag", URL: photo, Headers: map[string]string{"If-None-Match": etag},
		ExpectedStatus: http.StatusNotModified})
	if r.Body != "" {
		t.Errorf("a 304 with %d bytes", len(r.Body))
	}
	r = c.Do(t, scenario.Scenario{Name: "a range of another version", URL: photo,
		Headers: map[string]string{"Range": "bytes=0-3", "If-Range": `"another"`}, ExpectedStatus: http.StatusOK})
	if r.Body != body {
		t.Errorf("a range of another version: %d bytes, want the whole image", len(r.Body))
	}

	for _, path := range []string{"/media/2026/12/nope.png", "/media/2026/12/", "/media/2026/12/.tmp-foto.png", "/media/", "/warta.db"} {
		c.Run(t, scenario.Scenario{Name: path + " is an uncached 404", URL: path, ExpectedStatus: http.StatusNotFound,
			ExpectedHeaders: map[string]string{"Cache-Control": scenario.NoHeader}})
	}
	// A path climbing out of /media/ never reaches the files: the router
	// sends it to the clean path, which is not found (just above).
	c.Run(t, scenario.Scenario{Name: "a path out of the media folder is cleaned first", URL: "/media/../warta.db",
		ExpectedStatus: http.StatusTemporaryRedirect, ExpectedHeaders: map[string]string{"Location": "/warta.db"}})

	// A WordPress site's address of the file, held by search engines and
	// other sites, is one permanent redirect away; a file that did not
	// come across is a 404 there too.
	c.Run(t, scenario.Scenario{Name: "the file at its WordPress address", URL: "/wp-content/uploads/2026/12/foto-1a2b3c.png",
		ExpectedStatus: http.StatusMovedPermanently, ExpectedHeaders: map[string]string{"Location": photo}})
	c.Run(t, scenario.Scenario{Name: "a WordPress address of a file not here", URL: "/wp-content/uploads/2026/12/nope.png",
		ExpectedStatus: http.StatusNotFound})

	// With a public address, warta answers with a redirect there.
	cdn := scenario.New(t, st, scenario.Options{Media: files, MediaPublicURL: "https://cdn.warta.example/situs/"}).Client()
	cdn.Do(t, scenario.Scenario{Name: "with a public URL the file is sent to the CDN", URL: "/media/2026/12/foto%20baru.png",
		ExpectedStatus:  http.StatusFound,
		ExpectedHeaders: map[string]string{"Location": "https://cdn.warta.example/situs/2026/12/foto%20baru.png"}})
	cdn.Do(t, scenario.Scenario{Name: "with a public URL a WordPress address goes to the CDN in one hop",
		URL: "/wp-content/uploads/2026/12/foto-1a2b3c.png", ExpectedStatus: http.StatusMovedPermanently,
		ExpectedHeaders: map[string]string{"Location": "https://cdn.warta.example/situs/2026/12/foto-1a2b3c.png"}})
}

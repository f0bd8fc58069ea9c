package admin_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"regexp"
	"strconv"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/tools/scenario"
)

// The newsroom's handler tests run declared scenarios (internal/tools/scenario)
// against the whole site: public pages, REST API and newsroom on one mux
// behind the server's middleware, over a real store. What is left here
// builds test data and reads answers.

// newSite is the whole site over st, titled "Kabar Uji".
func newSite(t *testing.T, st *store.Store) *scenario.Site {
	t.Helper()
	return scenario.New(t, st, scenario.Options{Settings: func(s *model.Settings) { s.Title = "Kabar Uji" }})
}

// savedID reads the article id from the redirect a save answers with,
// /admin/articles/{id}?…, and fails the test without one.
func savedID(t testing.TB, r *scenario.Response) int64 {
	t.Helper()
	m := regexp.MustCompile(`^/admin/articles/(\d+)`).FindStringSubmatch(r.Location())
	if r.Status != http.StatusSeeOther || m == nil {
		t.Fatalf("save: status %d, Location %q\n%s", r.Status, r.Location(), r.Body)
	}
	return mustID(t, m[1])
}

func mustID(t testing.TB, s string) int64 {
	t.Helper()
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// publicPath is where the site shows article id.
func publicPath(t testing.TB, s *scenario.Site, id int64) string {
	t.Helper()
	a, err := s.Store.ArticleByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := s.Store.Settings(context.Background())
	return a.Path(model.Permalinks{Loc: st.Location()})
}

// siteLoc returns the site's time zone.
func siteLoc(t testing.TB, s *scenario.Site) *time.Location {
	t.Helper()
	st, err := s.Store.Settings(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return st.Location()
}

// pngImage draws a w×h picture.
func pngImage(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		for y := range h {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 120, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

package admin_test

import (
	"bytes"
	"encoding/binary"
	"image/png"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"warta/internal/model"
	"warta/internal/tools/scenario"
)

// An editor uploads the site's logo and icon on the front page screen:
// the header shows the logo named by the site's title, the head names the
// icons in their sizes, /favicon.ico holds them, and removing them brings
// back the title and the theme's icon.
func TestLogoAndFavicon(t *testing.T) {
	scenario.Engines(t, scenario.Options{PageCache: true}, func(t *testing.T, s *scenario.Site) {
		ed := s.As(t, s.User(t, "meja", model.RoleEditor))
		reader := s.Client()
		ed.Run(t,
			scenario.Scenario{Name: "a file that is no image is refused and named", Method: http.MethodPost, URL: "/admin/brand",
				Files:          map[string]map[string][]byte{"logo": {"logo.png": []byte("not an image")}},
				ExpectedStatus: http.StatusUnprocessableEntity, ExpectedContent: []string{`id="e-logo"`}},
			scenario.Scenario{Name: "the logo and the icon are uploaded", Method: http.MethodPost, URL: "/admin/brand",
				Files:          map[string]map[string][]byte{"logo": {"logo.png": pngImage(t, 600, 120)}, "favicon": {"ikon.png": pngImage(t, 400, 300)}},
				ExpectedStatus: http.StatusSeeOther},
		)
		s.Follow(t)
		set, err := s.Store.Settings(t.Context())
		if err != nil || set.LogoMedia == 0 || set.FaviconMedia == 0 {
			t.Fatalf("settings: logo %d, icon %d (%v)", set.LogoMedia, set.FaviconMedia, err)
		}
		icon := "/icons/" + strconv.Itoa(set.FaviconMedia)
		reader.Run(t,
			scenario.Scenario{Name: "the header shows the logo, named by the site's title; the head names the icons", URL: "/",
				ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{`<h1 class="site-title"><a href="/" rel="home"><img class="site-logo" src="/media/`, `alt="Warta" width="`,
					`<link rel="icon" href="` + icon + `-32.png" sizes="32x32" type="image/png">`,
					`<link rel="apple-touch-icon" href="` + icon + `-180.png">`},
				NotExpectedContent: []string{"favicon.svg"}},
			scenario.Scenario{Name: "an icon is a square PNG of its size, cached for long", URL: icon + "-192.png", ExpectedStatus: http.StatusOK,
				ExpectedHeaders: map[string]string{"Content-Type": "image/png", "Cache-Control": "public, max-age=31536000, immutable"},
				AfterTest: func(t testing.TB, _ *scenario.Site, r *scenario.Response) {
					img, err := png.Decode(strings.NewReader(r.Body))
					if err != nil || img.Bounds().Dx() != 192 || img.Bounds().Dy() != 192 {
						t.Errorf("icon: %v, %v", img.Bounds(), err)
					}
				}},
			scenario.Scenario{Name: "a size not offered is not found", URL: icon + "-100.png", ExpectedStatus: http.StatusNotFound},
			scenario.Scenario{Name: "another media item is no icon", URL: "/icons/" + strconv.Itoa(set.LogoMedia) + "-32.png", ExpectedStatus: http.StatusNotFound},
			scenario.Scenario{Name: "/favicon.ico holds the icon at 16, 32 and 48 pixels", URL: "/favicon.ico", ExpectedStatus: http.StatusOK,
				ExpectedHeaders: map[string]string{"Content-Type": "image/x-icon"},
				AfterTest: func(t testing.TB, _ *scenario.Site, r *scenario.Response) {
					b := []byte(r.Body)
					if len(b) < 6+3*16 || binary.LittleEndian.Uint16(b[2:]) != 1 || binary.LittleEndian.Uint16(b[4:]) != 3 {
						t.Fatalf("not an icon file of three images: % x", b[:min(len(b), 16)])
					}
					for i, want := range []int{16, 32, 48} {
						e := b[6+16*i:]
						size, off := binary.LittleEndian.Uint32(e[8:]), binary.LittleEndian.Uint32(e[12:])
						img, err := png.Decode(bytes.NewReader(b[off : off+size]))
						if int(e[0]) != want || err != nil || img.Bounds().Dx() != want {
							t.Errorf("image %d: entry says %d pixels, PNG %v (%v)", i, e[0], img, err)
						}
					}
				}},
		)
		ed.Run(t, scenario.Scenario{Name: "both are removed", Method: http.MethodPost, URL: "/admin/brand",
			Files:          map[string]map[string][]byte{"remove": {"x.txt": nil}},
			Form:           map[string][]string{"remove_logo": {"1"}, "remove_favicon": {"1"}},
			ExpectedStatus: http.StatusSeeOther})
		s.Follow(t)
		reader.Run(t, scenario.Scenario{Name: "the title and the theme's icon are back", URL: "/", ExpectedStatus: http.StatusOK,
			ExpectedContent: []string{`<a href="/" rel="home">Warta</a>`, "favicon."}, NotExpectedContent: []string{"site-logo", "/icons/"}},
			scenario.Scenario{Name: "/favicon.ico leads to the theme's icon", URL: "/favicon.ico", ExpectedStatus: http.StatusFound})
	})
}

package wpapi_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"slices"
	"strconv"
	"testing"

	"warta/internal/auth"
	"warta/internal/media"
	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
	"warta/internal/tools/scenario"
	"warta/internal/wxr"
)

// The REST API's handler tests run declared scenarios
// (internal/tools/scenario) against the whole site at
// https://warta.example: REST API, public pages and newsroom on one mux
// behind the server's middleware, over a real store. What is left here
// builds the sites and test data.

// baseURL is the address the test sites believe they have.
const baseURL = "https://warta.example"

// jsonType is the Content-Type of every REST answer.
var jsonType = map[string]string{"Content-Type": "application/json; charset=UTF-8"}

// writeSite is a site with one user of each role, each holding an
// application password.
type writeSite struct {
	*scenario.Site
	users   map[model.Role]*model.User
	clients map[model.Role]*scenario.Client
	anon    *scenario.Client
}

func newWriteSite(t *testing.T, st *store.Store) *writeSite {
	t.Helper()
	s := &writeSite{Site: scenario.New(t, st, scenario.Options{BaseURL: baseURL}),
		users: map[model.Role]*model.User{}, clients: map[model.Role]*scenario.Client{}}
	s.anon = s.Client()
	for _, role := range []model.Role{model.RoleAdministrator, model.RoleEditor, model.RoleAuthor, model.RoleContributor} {
		u, err := auth.CreateUser(t.Context(), st, auth.NewUser{Login: string(role), Email: string(role) + "@redaksi.example",
			DisplayName: "Nama " + string(role), Role: role, Password: "sandi akun " + string(role)})
		if err != nil {
			t.Fatal(err)
		}
		s.users[role], s.clients[role] = u, s.AppPassword(t, u)
	}
	return s
}

// as is the REST client of role, signed in with its application password;
// "" is an anonymous client.
func (s *writeSite) as(role model.Role) *scenario.Client {
	if role == "" {
		return s.anon
	}
	return s.clients[role]
}

// pw is role's application password.
func (s *writeSite) pw(role model.Role) string { return s.clients[role].AppPassword() }

// forEngine runs fn on a fresh site on each storage engine.
func forEngine(t *testing.T, fn func(t *testing.T, s *writeSite)) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			t.Parallel()
			fn(t, newWriteSite(t, eng.New(t)))
		})
	}
}

// apiSite is a site holding the WordPress site of wxr/testdata/full.wxr.
type apiSite struct {
	*scenario.Site
	c *scenario.Client // anonymous
}

func newAPISite(t *testing.T) *apiSite {
	t.Helper()
	return importedSite(t, scenario.Options{BaseURL: baseURL})
}

// importedSite is newAPISite with other options.
func importedSite(t *testing.T, opts scenario.Options) *apiSite {
	t.Helper()
	st := storetest.New(t)
	s := scenario.New(t, st, opts)
	if _, err := wxr.Import(context.Background(), st, "../wxr/testdata/full.wxr",
		wxr.Options{UploadsDir: "../wxr/testdata/uploads", Media: media.NewFolder(s.MediaDir)}); err != nil {
		t.Fatal(err)
	}
	return &apiSite{Site: s, c: s.Client()}
}

// wpID is the id warta gave the imported post wp.
func (s *apiSite) wpID(t *testing.T, wp string) string {
	id, err := s.Store.ImportedID(context.Background(), "https://kabar.example", "post", wp)
	if err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(id, 10)
}

// rawBody is a body sent as is, with its Content-Type and other headers.
type rawBody struct {
	data        []byte
	contentType string
	header      map[string]string
}

// in sends b as sc's body.
func (b rawBody) in(sc scenario.Scenario) scenario.Scenario {
	sc.Body = bytes.NewReader(b.data)
	sc.Headers = map[string]string{"Content-Type": b.contentType}
	for k, v := range b.header {
		sc.Headers[k] = v
	}
	return sc
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// pngBytes is a small real PNG image.
func pngBytes(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		for y := range h {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 90, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

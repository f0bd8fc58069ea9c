package wpapi

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"warta/internal/auth"
	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
	"warta/internal/view"
	"warta/internal/web"
)

// writeSite is a site with one user of each role, each holding an
// application password, answering the REST API and the public pages.
type writeSite struct {
	st    *store.Store
	mux   *http.ServeMux
	users map[model.Role]*model.User
	pw    map[model.Role]string
	media string
}

func newWriteSite(t *testing.T, st *store.Store) *writeSite {
	t.Helper()
	ctx := t.Context()
	s := &writeSite{st: st, users: map[model.Role]*model.User{}, pw: map[model.Role]string{}, media: t.TempDir()}
	for _, role := range []model.Role{model.RoleAdministrator, model.RoleEditor, model.RoleAuthor, model.RoleContributor} {
		u, err := auth.CreateUser(ctx, st, auth.NewUser{Login: string(role), Email: string(role) + "@redaksi.example",
			DisplayName: "Nama " + string(role), Role: role, Password: "sandi akun " + string(role)})
		if err != nil {
			t.Fatal(err)
		}
		_, pw, err := auth.CreateAppPassword(ctx, st, u, "tes", time.Now())
		if err != nil {
			t.Fatal(err)
		}
		s.users[role], s.pw[role] = u, auth.FormatAppPassword(pw)
	}
	v, err := view.New("")
	if err != nil {
		t.Fatal(err)
	}
	s.mux = http.NewServeMux()
	api := New(st, "https://warta.example", nil, WithMediaDir(s.media))
	api.Routes(s.mux)
	web.New(st, v, web.Options{BaseURL: "https://warta.example", RESTRoute: api, MediaDir: s.media}).Routes(s.mux)
	return s
}

// forEngine runs fn on a fresh site on each storage engine.
func forEngine(t *testing.T, fn func(t *testing.T, s *writeSite)) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			t.Parallel()
			fn(t, newWriteSite(t, eng.New(t)))
		})
	}
}

// answer is a decoded API answer.
type answer struct {
	code   int
	header http.Header
	raw    string
	obj    map[string]any
	list   []map[string]any
}

func (a answer) str(k string) string {
	s, _ := a.obj[k].(string)
	return s
}

func (a answer) id() int64 {
	f, _ := a.obj["id"].(float64)
	return int64(f)
}

// rendered is obj[k]["rendered"] (or another part).
func (a answer) part(k, p string) string {
	m, _ := a.obj[k].(map[string]any)
	s, _ := m[p].(string)
	return s
}

// call sends method target as role ("" for anonymous) with body: a value
// sent as JSON, or a *http.Request-ready io.Reader with contentType.
func (s *writeSite) call(t *testing.T, method, target string, role model.Role, body any) answer {
	t.Helper()
	var rd io.Reader
	ct := ""
	switch b := body.(type) {
	case nil:
	case rawBody:
		rd, ct = bytes.NewReader(b.data), b.contentType
	default:
		j, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd, ct = bytes.NewReader(j), "application/json"
	}
	req := httptest.NewRequest(method, target, rd)
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if rb, ok := body.(rawBody); ok {
		for k, v := range rb.header {
			req.Header.Set(k, v)
		}
	}
	if role != "" {
		req.SetBasicAuth(s.users[role].Login, s.pw[role])
	}
	return s.send(t, req)
}

func (s *writeSite) send(t *testing.T, req *http.Request) answer {
	t.Helper()
	rec := httptest.NewRecorder()
	s.mux.ServeHTTP(rec, req)
	b, _ := io.ReadAll(rec.Result().Body)
	a := answer{code: rec.Code, header: rec.Result().Header, raw: string(b)}
	if strings.HasPrefix(a.raw, "[") {
		json.Unmarshal(b, &a.list)
	} else {
		json.Unmarshal(b, &a.obj)
	}
	return a
}

// rawBody is a body sent as is.
type rawBody struct {
	data        []byte
	contentType string
	header      map[string]string
}

// wantError checks a WordPress error answer.
func wantError(t *testing.T, what string, a answer, status int, code string) {
	t.Helper()
	data, _ := a.obj["data"].(map[string]any)
	if a.code != status || a.str("code") != code || a.str("message") == "" || data == nil || data["status"] != float64(status) {
		t.Errorf("%s: %d %s, want %d %s", what, a.code, a.raw, status, code)
	}
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

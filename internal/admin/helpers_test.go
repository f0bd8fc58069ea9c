package admin_test

import (
	"context"
	"html"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"warta/internal/admin"
	"warta/internal/auth"
	"warta/internal/model"
	"warta/internal/moderation"
	"warta/internal/server"
	"warta/internal/store"
	"warta/internal/view"
	"warta/internal/web"
)

// site is the real router — public site and newsroom on one mux behind the
// server's middleware — on a real store.
type site struct {
	st       *store.Store
	admin    *admin.Handler
	srv      *httptest.Server
	mediaDir string
}

func newSite(t *testing.T, st *store.Store) *site {
	t.Helper()
	ctx := context.Background()
	s := model.DefaultSettings()
	s.Title = "Kabar Uji"
	if err := st.SaveSettings(ctx, s); err != nil {
		t.Fatal(err)
	}
	views, err := view.New("")
	if err != nil {
		t.Fatal(err)
	}
	mediaDir := t.TempDir()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	mux := http.NewServeMux()
	var handler http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	base := srv.URL
	mod := moderation.New(st, moderation.Options{BaseURL: base, Logger: logger})
	web.New(st, views, web.Options{BaseURL: base, MediaDir: mediaDir, Logger: logger, Moderation: mod}).Routes(mux)
	h, err := admin.New(ctx, st, admin.Options{BaseURL: base, MediaDir: mediaDir, Logger: logger, Moderator: mod})
	if err != nil {
		t.Fatal(err)
	}
	h.Routes(mux)
	handler = server.New(mux, st, logger).Handler()
	t.Cleanup(srv.Close)
	return &site{st: st, admin: h, srv: srv, mediaDir: mediaDir}
}

// user adds a user with a password through the same rules the CLI uses.
func (s *site) user(t *testing.T, login string, role model.Role) *model.User {
	t.Helper()
	u, err := auth.CreateUser(context.Background(), s.st, auth.NewUser{Login: login, Email: login + "@warta.test",
		DisplayName: strings.ToUpper(login[:1]) + login[1:], Role: role, Password: login + "-sandi-rahasia"})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// browser is an HTTP client with cookies that does not follow redirects.
type browser struct {
	t    *testing.T
	s    *site
	c    *http.Client
	csrf string
}

func (s *site) browser(t *testing.T) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, s: s, c: &http.Client{Jar: jar, Timeout: 20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type resp struct {
	status int
	header http.Header
	body   string
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (b *browser) do(req *http.Request) resp {
	b.t.Helper()
	req.Header.Set("Accept-Language", "en")
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if m := csrfField.FindStringSubmatch(string(body)); m != nil {
		b.csrf = html.UnescapeString(m[1])
	}
	return resp{res.StatusCode, res.Header, string(body)}
}

func (b *browser) get(path string) resp {
	b.t.Helper()
	req, _ := http.NewRequest("GET", b.s.srv.URL+path, nil)
	return b.do(req)
}

// post sends a form, adding the page's CSRF token unless the form has one.
func (b *browser) post(path string, form url.Values) resp {
	b.t.Helper()
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", b.csrf)
	}
	req, _ := http.NewRequest("POST", b.s.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// postMultipart sends a multipart form with files (field → name → bytes).
func (b *browser) postMultipart(path string, form url.Values, files map[string]map[string][]byte) resp {
	b.t.Helper()
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", b.csrf)
	}
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		for k, vs := range form {
			for _, v := range vs {
				mw.WriteField(k, v)
			}
		}
		for field, byName := range files {
			for name, data := range byName {
				w, _ := mw.CreateFormFile(field, name)
				w.Write(data)
			}
		}
		mw.Close()
		pw.Close()
	}()
	req, _ := http.NewRequest("POST", b.s.srv.URL+path, pr)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.do(req)
}

// signIn signs in through the form and fails the test if it does not work.
func (b *browser) signIn(login, password string) {
	b.t.Helper()
	b.get("/admin/login")
	r := b.post("/admin/login", url.Values{"login": {login}, "password": {password}})
	if r.status != http.StatusSeeOther {
		b.t.Fatalf("sign in as %s: status %d\n%s", login, r.status, r.body)
	}
	b.get("/admin/articles/")
}

func (b *browser) as(u *model.User) *browser {
	b.signIn(u.Login, u.Login+"-sandi-rahasia")
	return b
}

func mustContain(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

// articleID reads the id from a redirect to /admin/articles/{id}?….
func articleID(t *testing.T, r resp) int64 {
	t.Helper()
	loc := r.header.Get("Location")
	m := regexp.MustCompile(`^/admin/articles/(\d+)`).FindStringSubmatch(loc)
	if r.status != http.StatusSeeOther || m == nil {
		t.Fatalf("save: status %d, Location %q\n%s", r.status, loc, r.body)
	}
	var id int64
	for _, c := range m[1] {
		id = id*10 + int64(c-'0')
	}
	return id
}

package hostile_test

import (
	"context"
	"html"
	"io"
	"log/slog"
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
	"warta/internal/feed"
	"warta/internal/media"
	"warta/internal/model"
	"warta/internal/moderation"
	"warta/internal/server"
	"warta/internal/store"
	"warta/internal/view"
	"warta/internal/web"
	"warta/internal/wpapi"
)

// app is the whole site as `warta serve` mounts it — public pages, feeds,
// the REST API and the newsroom on one mux behind the server's middleware
// chain — over a real store, without rate limits so that every payload
// reaches its handler.
type app struct {
	st       *store.Store
	base     string
	mod      *moderation.Moderator
	mediaDir string
}

func newApp(t *testing.T, st *store.Store) *app {
	t.Helper()
	views, err := view.New("")
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	var handler http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	a := &app{st: st, base: srv.URL, mediaDir: t.TempDir()}
	a.mod = moderation.New(st, moderation.Options{BaseURL: a.base, Logger: logger})
	mux := http.NewServeMux()
	feeds := feed.New(st, feed.Options{BaseURL: a.base, Logger: logger})
	feeds.Routes(mux)
	api := wpapi.New(st, a.base, logger)
	api.Routes(mux)
	web.New(st, views, web.Options{BaseURL: a.base, Media: media.NewFolder(a.mediaDir), Logger: logger, Moderation: a.mod,
		CommentFeed: feeds.ArticleComments, RESTRoute: api}).Routes(mux)
	newsroom, err := admin.New(context.Background(), st, admin.Options{BaseURL: a.base, Media: media.NewFolder(a.mediaDir),
		Logger: logger, Moderator: a.mod})
	if err != nil {
		t.Fatal(err)
	}
	newsroom.Routes(mux)
	handler = server.New(mux, st, logger, server.WithRateRules()).Handler()
	return a
}

// user adds a newsroom user whose password is their login twice.
func (a *app) user(t *testing.T, login string, role model.Role) *model.User {
	t.Helper()
	u, err := auth.CreateUser(t.Context(), a.st, auth.NewUser{Login: login, Email: login + "@redaksi.test",
		DisplayName: "Redaksi " + login, Role: role, Password: login + "-" + login + "-sandi"})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// client is a browser without JavaScript: cookies kept, redirects not
// followed, the CSRF token of the last page remembered.
type client struct {
	t    *testing.T
	a    *app
	c    *http.Client
	csrf string
}

func (a *app) client(t *testing.T) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, a: a, c: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type answer struct {
	status   int
	location string
	header   http.Header
	body     string
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (c *client) do(req *http.Request) answer {
	c.t.Helper()
	res, err := c.c.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if m := csrfField.FindStringSubmatch(string(b)); m != nil {
		c.csrf = html.UnescapeString(m[1])
	}
	return answer{res.StatusCode, res.Header.Get("Location"), res.Header, string(b)}
}

func (c *client) get(target string) answer {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.a.base+target, nil)
	return c.do(req)
}

// post sends a form as a browser on the site's own pages does, with the
// last page's CSRF token unless the form has one.
func (c *client) post(path string, form url.Values) answer {
	c.t.Helper()
	if _, ok := form["csrf"]; !ok && c.csrf != "" {
		form.Set("csrf", c.csrf)
	}
	req, _ := http.NewRequest(http.MethodPost, c.a.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.do(req)
}

// signIn signs u in through the sign-in form.
func (c *client) signIn(u *model.User) *client {
	c.t.Helper()
	c.get("/admin/login")
	r := c.post("/admin/login", url.Values{"login": {u.Login}, "password": {u.Login + "-" + u.Login + "-sandi"}})
	if r.status != http.StatusSeeOther {
		c.t.Fatalf("sign in as %s: %d\n%s", u.Login, r.status, r.body)
	}
	return c
}

// session returns the session cookie's value, for Chromium.
func (c *client) session() string {
	u, _ := url.Parse(c.a.base)
	for _, ck := range c.c.Jar.Cookies(u) {
		if ck.Name == "warta_session" {
			return ck.Value
		}
	}
	c.t.Fatal("no session cookie after signing in")
	return ""
}

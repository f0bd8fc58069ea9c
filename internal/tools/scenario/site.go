package scenario

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"warta/internal/admin"
	"warta/internal/auth"
	"warta/internal/feed"
	"warta/internal/httpx"
	"warta/internal/mail"
	"warta/internal/media"
	"warta/internal/metrics"
	"warta/internal/model"
	"warta/internal/moderation"
	"warta/internal/newsletter"
	"warta/internal/pagecache"
	"warta/internal/server"
	"warta/internal/store"
	"warta/internal/store/storetest"
	"warta/internal/view"
	"warta/internal/web"
	"warta/internal/wpapi"
)

// Site is warta's whole HTTP surface — public site, feeds, REST API and
// newsroom on one mux behind the server's middleware, as `warta serve`
// mounts them, without the page cache unless Options.PageCache asks for
// it — over a real store, answering on a real loopback port. Loopback is a
// trusted proxy, so a scenario names the reader's address with an
// X-Forwarded-For header (rate limits and comment rules see that address).
type Site struct {
	Store *store.Store
	Admin *admin.Handler
	Web   *web.Handler
	// Moderator applies the comment rules for the public form, the REST
	// API and the newsroom.
	Moderator *moderation.Moderator
	// Cache is the page cache with Options.PageCache, else nil; Follow
	// hands it the store's changes.
	Cache *pagecache.Cache
	// Metrics is what GET /metrics serves (to loopback clients).
	Metrics *metrics.Metrics
	last    int64 // the last change Follow handed on
	// Mail is the site's mail worker, running as in `warta serve` (it
	// sends once the settings name an SMTP server).
	Mail *mail.Worker
	// Newsletter fills the newsletter's issues into the outbox.
	Newsletter *newsletter.Sender
	URL        string // where the test server answers: http://127.0.0.1:port
	BaseURL    string // the address the site believes it has (Options.BaseURL, or URL)
	// Media is where the site keeps its media: Options.Media, or a folder
	// in the test's temporary directory, which MediaDir then names ("" for
	// a bucket).
	Media    media.Storage
	MediaDir string
	// Handler is the server's handler the test server runs, for the rare
	// check that must see what a handler writes beneath HTTP (the body of
	// an answer to HEAD, which the server drops).
	Handler http.Handler
	// Logs holds what the site logged, in slog's text format.
	Logs *Logs
}

// Options adjust a Site. The zero value is a site at the test server's own
// address, with the default settings.
type Options struct {
	// BaseURL is the address the site is told it has, when its links must
	// not depend on the test server's port ("https://warta.example").
	// Requests still go to the test server. Empty: the test server's URL.
	BaseURL string
	// Settings, when set, changes the stored settings before the handlers
	// are built (the site title, the language…).
	Settings func(*model.Settings)
	// Media, when set, is the site's media storage (an S3 bucket); nil: a
	// folder in the test's temporary directory.
	Media media.Storage
	// MediaPublicURL, when set, is where /media/ redirects to (a CDN in
	// front of the media).
	MediaPublicURL string
	// CacheLayout has the public site keep its settings, navigation and
	// repeated fragments between changes, as serve runs it, without the
	// page cache; Site.Follow hands it the changes.
	CacheLayout bool
	// PageCache runs the site as `warta serve` does by default: the public
	// site keeps its layout and fragments, pages are answered from the
	// page cache (stale-while-revalidate on), and its counters are in
	// /metrics. Nothing follows the store's changes by itself: call
	// Site.Follow after a change, as serve's follower would.
	PageCache bool
	// Now, when set, is the clock of the comment rules (the time trap,
	// rate limits), for a test that moves time.
	Now func() time.Time
}

// New builds the site over st, which the test owns. The server is closed
// when the test ends.
func New(t testing.TB, st *store.Store, opts Options) *Site {
	t.Helper()
	ctx := context.Background()
	if opts.Settings != nil {
		set, err := st.Settings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		opts.Settings(&set)
		if err := st.SaveSettings(ctx, set); err != nil {
			t.Fatal(err)
		}
	}
	views, err := view.New("")
	if err != nil {
		t.Fatal(err)
	}
	logs := &Logs{}
	logger := slog.New(slog.NewTextHandler(logs, nil))
	// The handlers need the base URL before the server exists, and the
	// server's port is known only once it listens: the server answers
	// through a handler set just below.
	var handler http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	base := opts.BaseURL
	if base == "" {
		base = srv.URL
	}
	s := &Site{Store: st, URL: srv.URL, BaseURL: base, Media: opts.Media, Logs: logs}
	if s.Media == nil {
		s.MediaDir = t.TempDir()
		s.Media = media.NewFolder(s.MediaDir)
	}

	// The site's one router, held to model's table of route prefixes.
	mux := &httpx.Router{}
	composer, err := mail.NewComposer(base)
	if err != nil {
		t.Fatal(err)
	}
	s.Mail = mail.NewWorker(st, mail.WorkerOptions{Logger: logger, Poll: 100 * time.Millisecond})
	mailCtx, stopMail := context.WithCancel(context.Background())
	mailDone := make(chan struct{})
	go func() { defer close(mailDone); s.Mail.Run(mailCtx) }()
	t.Cleanup(func() { stopMail(); <-mailDone })
	mod := moderation.New(st, moderation.Options{BaseURL: base, Logger: logger, Mail: composer, MailQueued: s.Mail.Nudge})
	if opts.Now != nil {
		mod.SetClock(opts.Now)
	}
	s.Moderator = mod
	feeds := feed.New(st, feed.Options{BaseURL: base, Logger: logger})
	feeds.Routes(mux)
	api := wpapi.New(st, base, logger, wpapi.WithModerator(mod), wpapi.WithMedia(s.Media))
	api.Routes(mux)
	s.Web = web.New(st, views, web.Options{BaseURL: base, Media: s.Media, MediaPublicURL: opts.MediaPublicURL, Logger: logger,
		Mail: composer, MailQueued: s.Mail.Nudge,
		Moderation: mod, CommentFeed: feeds.ArticleComments, DateFeed: feeds.DateArchive, TermFeed: feeds.WPTerm, RESTRoute: api,
		CacheLayout: opts.CacheLayout || opts.PageCache})
	s.Web.Routes(mux)
	// The newsletter's issues are filled in the background, as serve does.
	s.Newsletter = newsletter.New(st, composer, newsletter.Options{Logger: logger, MailQueued: s.Mail.Nudge,
		Poll: 100 * time.Millisecond})
	lettersDone := make(chan struct{})
	go func() { defer close(lettersDone); s.Newsletter.Run(mailCtx) }()
	t.Cleanup(func() { stopMail(); <-lettersDone })
	s.Admin, err = admin.New(ctx, st, admin.Options{BaseURL: base, Media: s.Media, Logger: logger, Moderator: mod,
		Mail: composer, MailWorker: s.Mail, NewsletterQueued: s.Newsletter.Nudge})
	if err != nil {
		t.Fatal(err)
	}
	s.Admin.Routes(mux)
	s.Metrics = metrics.New()
	loopback := []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	srvOpts := []server.Option{server.WithMetrics(s.Metrics), server.WithTrustedProxies(loopback)}
	if opts.PageCache {
		// As serve builds it (cli/serve_cache.go), without a size limit.
		s.Cache = pagecache.New(pagecache.Options{Logger: logger, RequireTags: true, ServeStale: true})
		t.Cleanup(s.Cache.Close)
		s.Metrics.PageCache(func() metrics.CacheStats { return metrics.CacheStats(s.Cache.Stats()) })
		srvOpts = append(srvOpts, server.WithInner(func(h http.Handler) http.Handler {
			return s.Cache.Middleware(web.CacheKey, web.BypassCache, h)
		}))
		s.Follow(t)
	}
	handler = server.New(mux, st, logger, srvOpts...).Handler()
	s.Handler = handler
	return s
}

// Follow hands the changes the store logged since the last call to the
// public site and the page cache, as serve's follower does: the site
// forgets what it kept, the cache drops (or marks stale) the pages tagged
// with what changed, and a changed navigation drops every page.
func (s *Site) Follow(t testing.TB) {
	t.Helper()
	ctx := context.Background()
	var tags []string
	for {
		list, err := s.Store.ChangesSince(ctx, s.last, 1000)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range list {
			tags = append(tags, c.Tags...)
			s.last = c.ID
		}
		if len(list) < 1000 {
			break
		}
	}
	s.Web.Invalidate()
	if s.Cache == nil {
		return
	}
	s.Cache.Invalidate(tags...)
	changed, err := s.Web.CheckNav(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if changed {
		s.Cache.Invalidate(web.TagNav)
	}
}

// Engines runs fn, as a subtest named after the engine, on a new site over
// a fresh store of every engine storetest offers: SQLite always, PostgreSQL
// when WARTA_TEST_POSTGRES_URL is set.
func Engines(t *testing.T, opts Options, fn func(t *testing.T, s *Site)) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) { fn(t, New(t, eng.New(t), opts)) })
	}
}

// Password is the password User gives login.
func Password(login string) string { return login + "-sandi-rahasia" }

// User adds a user through the rules the newsroom and the command line
// use, with the email login@warta.test, the display name login with a
// capital, and the password Password(login).
func (s *Site) User(t testing.TB, login string, role model.Role) *model.User {
	t.Helper()
	u, err := auth.CreateUser(context.Background(), s.Store, auth.NewUser{Login: login, Email: login + "@warta.test",
		DisplayName: strings.ToUpper(login[:1]) + login[1:], Role: role, Password: Password(login)})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// Client is one visitor: a browser with its own cookies that does not
// follow redirects and keeps the CSRF token of the last form it was shown,
// or a REST client signed in with an application password.
type Client struct {
	site   *Site
	http   *http.Client
	csrf   string
	header http.Header // sent with every request
	login  string      // basic auth, with password
	pass   string
}

// Browser returns a new visitor that asks for English pages (so that
// tests can read what the newsroom says) and holds no session.
func (s *Site) Browser() *Client {
	c := s.Client()
	c.header.Set("Accept-Language", "en")
	return c
}

// Client returns a new visitor that sends no header of its own: what a
// script or a REST client is.
func (s *Site) Client() *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{site: s, header: http.Header{}, http: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// SignIn signs a new Browser in through the login form, and fails the test
// unless the newsroom lets it in.
func (s *Site) SignIn(t testing.TB, login, password string) *Client {
	t.Helper()
	c := s.Browser()
	c.SignIn(t, login, password)
	return c
}

// As signs a new Browser in as u, who was made by User.
func (s *Site) As(t testing.TB, u *model.User) *Client {
	t.Helper()
	return s.SignIn(t, u.Login, Password(u.Login))
}

// SignIn signs c in through the login form and opens the article list, so
// c holds a session and a CSRF token. It fails the test unless the form
// answers 303 See Other.
func (c *Client) SignIn(t testing.TB, login, password string) {
	t.Helper()
	c.Do(t, Scenario{Name: "the login form", URL: "/admin/login", ExpectedStatus: http.StatusOK})
	c.Do(t, Scenario{Name: "sign in as " + login, Method: http.MethodPost, URL: "/admin/login",
		Form: map[string][]string{"login": {login}, "password": {password}}, ExpectedStatus: http.StatusSeeOther})
	c.Do(t, Scenario{Name: "the article list", URL: "/admin/articles/", ExpectedStatus: http.StatusOK})
}

// AppPassword returns a new Client that sends u's login and a new
// application password of u's with every request, as WordPress clients do.
func (s *Site) AppPassword(t testing.TB, u *model.User) *Client {
	t.Helper()
	_, pw, err := auth.CreateAppPassword(context.Background(), s.Store, u, "scenario", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	c := s.Client()
	c.login, c.pass = u.Login, auth.FormatAppPassword(pw)
	return c
}

// AppPassword returns the application password c signs in with, as
// WordPress shows it (six groups of four), or "" for a Browser.
func (c *Client) AppPassword() string { return c.pass }

// CSRF returns the token of the last form c was shown.
func (c *Client) CSRF() string { return c.csrf }

// Logs collects what a site logs. It is safe for concurrent use.
type Logs struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (l *Logs) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// Tail returns the last n lines logged, or "(nothing)".
func (l *Logs) Tail(n int) string {
	lines := strings.Split(strings.TrimRight(l.String(), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	if len(lines) == 1 && lines[0] == "" {
		return "(nothing)"
	}
	return strings.Join(lines, "\n")
}

// String returns everything logged so far.
func (l *Logs) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

var _ io.Writer = (*Logs)(nil)

// Package admin is the newsroom under /admin/: sign-in and first-run setup,
// the article and page lists, the editor with live preview and autosave,
// revisions, the media library, users, categories and tags, settings and
// the audit log. Pages are rendered on the server and work without
// JavaScript; a small script of our own adds the live preview, autosave and
// drag-and-drop uploads.
package admin

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"warta/internal/auth"
	"warta/internal/httpx"
	"warta/internal/locale"
	"warta/internal/mail"
	"warta/internal/media"
	"warta/internal/model"
	"warta/internal/moderation"
	"warta/internal/store"
	"warta/internal/view"
)

// Options configure the newsroom.
type Options struct {
	BaseURL string // the site's public origin; https:// makes cookies Secure
	// Media stores the uploads (a folder or an S3 bucket); required.
	Media   media.Storage
	DataDir string // the data directory: uploaded WXR files are spooled under it; "" uses the system's temporary folder
	Logger  *slog.Logger
	// Moderator applies the comment queue's decisions and the editors'
	// replies; nil: one is made over the store.
	Moderator *moderation.Moderator
	// Mail composes the newsroom's messages; nil: one is made for BaseURL.
	Mail *mail.Composer
	// MailWorker, when set, sends the test mail at once so the screen
	// shows the server's answer; nil leaves it to the worker of another
	// process.
	MailWorker *mail.Worker
	// NewsletterQueued, when set, is called when a newsletter issue was
	// created (the newsletter sender's Nudge), so that it is filled at once.
	NewsletterQueued func()
	// MaxUploadBytes is the largest upload the media library takes; 0:
	// media.DefaultMaxBytes.
	MaxUploadBytes int64
}

// Handler serves /admin/. Build it with New; it is safe for concurrent use.
type Handler struct {
	store     *store.Store
	theme     *view.Engine // the newsroom's templates and assets
	media     media.Storage
	dataDir   string
	baseURL   string
	secure    bool
	throttle  *auth.Throttle
	signer    *httpx.Signer // the two-factor sign-in's cookie
	previews  *httpx.Signer // the preview links the editor shares
	moderator *moderation.Moderator
	composer  *mail.Composer
	mailer    *mail.Worker
	// newsletterQueued tells the newsletter sender of a new issue.
	newsletterQueued func()
	log              *slog.Logger
	now              func() time.Time

	imports importJobs // the WordPress imports started here (import_job.go)

	maxUploadBytes int64 // Options.MaxUploadBytes (media.go)

	mu         sync.Mutex
	setupToken string // "" once an administrator exists
}

// New builds the newsroom over st. When the site has no administrator yet it
// makes a one-time setup token; SetupURL tells where to use it.
func New(ctx context.Context, st *store.Store, opts Options) (*Handler, error) {
	theme, err := loadTheme()
	if err != nil {
		return nil, err
	}
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	h := &Handler{
		store: st, theme: theme, dataDir: opts.DataDir, media: opts.Media, maxUploadBytes: opts.MaxUploadBytes,
		baseURL: strings.TrimRight(opts.BaseURL, "/"), secure: strings.HasPrefix(opts.BaseURL, "https://"),
		throttle: auth.NewThrottle(st), moderator: opts.Moderator, log: log, now: time.Now,
		signer:   httpx.NewSigner(func(ctx context.Context) ([]byte, error) { return st.Secret(ctx, "two_factor") }),
		previews: httpx.NewSigner(func(ctx context.Context) ([]byte, error) { return st.Secret(ctx, httpx.PreviewSecret) }),
	}
	if h.moderator == nil {
		h.moderator = moderation.New(st, moderation.Options{BaseURL: opts.BaseURL, Logger: log})
	}
	h.composer, h.mailer, h.newsletterQueued = opts.Mail, opts.MailWorker, opts.NewsletterQueued
	if h.composer == nil {
		if h.composer, err = mail.NewComposer(opts.BaseURL); err != nil {
			return nil, err
		}
	}
	n, err := st.CountAdministrators(ctx)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		h.setupToken = randomToken()
	}
	return h, nil
}

// SetupURL returns the one-time link that creates the first administrator,
// or "" when the site has one.
func (h *Handler) SetupURL() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.setupToken == "" {
		return ""
	}
	return h.baseURL + "/admin/setup?token=" + h.setupToken
}

func randomToken() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Routes registers the newsroom on mux.
func (h *Handler) Routes(mux httpx.Mux) {
	mux.Handle("GET /admin/{$}", h.page(h.showDashboard))
	mux.Handle("GET /admin/assets/{file}", h.theme.StaticHandler())
	mux.Handle("GET /admin/login", h.public(h.showLogin))
	mux.Handle("POST /admin/login", h.public(h.postLogin))
	mux.Handle("GET /admin/setup", h.public(h.showSetup))
	mux.Handle("POST /admin/setup", h.public(h.postSetup))
	mux.Handle("POST /admin/logout", h.page(h.postLogout))
	mux.Handle("GET /admin/language", h.public(h.switchLanguage))

	mux.Handle("GET /admin/articles/{$}", h.page(h.listArticles(model.TypePost)))
	mux.Handle("GET /admin/pages/{$}", h.page(h.listArticles(model.TypePage)))
	mux.Handle("GET /admin/articles/new", h.page(h.newArticle(model.TypePost)))
	mux.Handle("GET /admin/pages/new", h.page(h.newArticle(model.TypePage)))
	mux.Handle("POST /admin/articles/new", h.page(h.saveArticle))
	mux.Handle("GET /admin/articles/{id}", h.page(h.editArticle))
	mux.Handle("POST /admin/articles/{id}", h.page(h.saveArticle))
	mux.Handle("POST /admin/articles/{id}/trash", h.page(h.trashArticle))
	mux.Handle("POST /admin/articles/{id}/restore", h.page(h.restoreArticle))
	mux.Handle("POST /admin/autosave", h.page(h.autosave))
	mux.Handle("POST /admin/preview", h.page(h.preview))
	mux.Handle("GET /admin/articles/{id}/revisions", h.page(h.listRevisions))
	mux.Handle("POST /admin/articles/{id}/lock", h.page(h.renewLock))
	mux.Handle("POST /admin/revisions/{id}/restore", h.page(h.restoreRevision))

	h.mediaRoutes(mux)
	mux.Handle("GET /admin/media/picker", h.page(h.mediaPicker))

	mux.Handle("GET /admin/import", h.page(h.showImport))
	mux.Handle("POST /admin/import", h.handle(true, h.postImport, streamedCSRF))
	mux.Handle("GET /admin/import/{id}", h.page(h.showImportJob))
	mux.Handle("GET /admin/import/{id}/report.txt", h.page(h.downloadImportSkips))
	mux.Handle("GET /admin/profile", h.page(h.showProfile))
	mux.Handle("POST /admin/profile", h.page(h.saveProfile))
	mux.Handle("POST /admin/profile/password", h.page(h.changePassword))
	mux.Handle("POST /admin/profile/app-passwords", h.page(h.createAppPassword))
	mux.Handle("POST /admin/profile/app-passwords/{uuid}/revoke", h.page(h.revokeAppPassword))

	h.moreRoutes(mux)
	h.commentRoutes(mux)
	h.userDeleteRoutes(mux)
	h.mediaFocalRoutes(mux)
	h.guidelineRoutes(mux)
	h.userPasswordRoutes(mux)
	h.mailRoutes(mux)
	h.frontRoutes(mux)
	h.adsRoutes(mux)
	h.menuRoutes(mux)
	h.brandRoutes(mux)
	h.resetRoutes(mux)
	h.twoFactorRoutes(mux)
	h.passkeyRoutes(mux)
	h.alertRoutes(mux)
	h.newsletterRoutes(mux)
}

// request is what a newsroom handler knows about the request.
type request struct {
	*http.Request
	ses *auth.Session // nil on the sign-in and setup pages
	p   *locale.Printer
	st  model.Settings
	// pending is the number of comments waiting, for moderators.
	pending int
}

// user returns the signed-in user.
func (r *request) user() *model.User { return r.ses.User }

// can reports whether the signed-in user has capability c.
func (r *request) can(c auth.Capability) bool { return r.ses != nil && auth.Can(r.ses.User.Role, c) }

type handlerFunc func(w http.ResponseWriter, r *request) error

// errSignIn sends the browser to the sign-in page.
var errSignIn = errors.New("admin: sign in first")

// page wraps a handler that needs a signed-in user: it loads the session,
// checks the CSRF token of every POST, and turns errors into pages.
func (h *Handler) page(fn handlerFunc) http.Handler {
	return h.handle(true, fn, formCSRF)
}

// public wraps the pages used before signing in.
func (h *Handler) public(fn handlerFunc) http.Handler {
	return h.handle(false, fn, formCSRF)
}

// Where a POST's CSRF token is checked: by handle, from the header or the
// parsed form; or by the handler itself, from the first part of a
// multipart body it streams (a form too large to parse first).
const (
	formCSRF = iota
	streamedCSRF
)

func (h *Handler) handle(signedIn bool, fn handlerFunc, csrf int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Newsroom pages are private and change with every save.
		w.Header().Set("Cache-Control", "no-store")
		ctx := r.Context()
		settings, err := h.store.Settings(ctx)
		if err != nil {
			h.fail(w, r, nil, err)
			return
		}
		req := &request{Request: r, st: settings}
		ses, err := auth.LoadSession(ctx, h.store, r, h.now())
		switch {
		case err == nil:
			req.ses = ses
		case errors.Is(err, auth.ErrNoSession):
		default:
			h.fail(w, r, req, err)
			return
		}
		req.p = h.printer(r, settings)
		if signedIn {
			if req.ses == nil {
				if r.Method == http.MethodGet {
					http.Redirect(w, r, "/admin/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				} else {
					h.renderError(w, req, http.StatusForbidden, "admin.err.signed_out")
				}
				return
			}
			if !auth.Can(req.ses.User.Role, auth.ReadAdmin) {
				h.renderError(w, req, http.StatusForbidden, "admin.err.forbidden")
				return
			}
			if r.Method == http.MethodPost && csrf == formCSRF && !req.ses.CheckCSRF(csrfFrom(r)) {
				h.renderError(w, req, http.StatusForbidden, "admin.err.csrf")
				return
			}
			if answered, err := h.enforceTwoFactor(w, req); answered || err != nil {
				if err != nil {
					h.fail(w, r, req, err)
				}
				return
			}
		}
		if req.can(auth.ModerateComments) {
			// The navigation shows how many comments wait.
			if req.pending, err = h.store.CountPendingComments(ctx); err != nil {
				h.fail(w, r, req, err)
				return
			}
		}
		if err := fn(w, req); err != nil {
			h.fail(w, r, req, err)
		}
	})
}

// csrfFrom reads the CSRF token of a POST: the X-CSRF-Token header (the
// script's requests) or the csrf form field. Reading the field parses the
// form, multipart included.
func csrfFrom(r *http.Request) string {
	if t := r.Header.Get("X-CSRF-Token"); t != "" {
		return t
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		if err := r.ParseMultipartForm(multipartMemory); err != nil {
			return ""
		}
	}
	return r.PostFormValue("csrf")
}

// multipartMemory is how much of an upload is held in memory before the
// rest goes to a temporary file.
const multipartMemory = 4 << 20

func (h *Handler) fail(w http.ResponseWriter, r *http.Request, req *request, err error) {
	status := httpx.Status(err)
	if status == http.StatusInternalServerError {
		h.log.Error("newsroom", "path", r.URL.Path, "err", err)
	}
	if req == nil || req.p == nil {
		http.Error(w, http.StatusText(status), status)
		return
	}
	key := map[int]string{
		http.StatusNotFound:              "admin.err.not_found",
		http.StatusForbidden:             "admin.err.forbidden",
		http.StatusConflict:              "admin.err.conflict",
		http.StatusRequestEntityTooLarge: "admin.err.too_large",
		http.StatusUnprocessableEntity:   "admin.err.invalid",
	}[status]
	if key == "" {
		key = "admin.err.server"
	}
	h.renderError(w, req, status, key)
}

// printer picks the newsroom's language: the user's choice (a cookie set
// by the language switch), else the browser's preference, else the site's.
func (h *Handler) printer(r *http.Request, st model.Settings) *locale.Printer {
	if c, err := r.Cookie(langCookie); err == nil && locale.Supported(c.Value) {
		return locale.New(c.Value)
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		base, _, _ := strings.Cut(strings.ToLower(tag), "-")
		if locale.Supported(base) {
			return locale.New(base)
		}
	}
	return locale.New(st.Language)
}

const langCookie = "warta_admin_lang"

// switchLanguage remembers the newsroom language the user picked, in a
// cookie of this browser: a preference, which changes nothing on the
// server, so a plain link sets it (as WordPress's ?wp_lang= does).
func (h *Handler) switchLanguage(w http.ResponseWriter, r *request) error {
	lang := r.URL.Query().Get("lang")
	if !locale.Supported(lang) {
		lang = locale.Default
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: lang, Path: "/admin/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: h.secure, SameSite: http.SameSiteLaxMode})
	back := r.URL.Query().Get("back")
	if !strings.HasPrefix(back, "/admin/") || strings.HasPrefix(back, "//") {
		back = "/admin/"
	}
	http.Redirect(w, r.Request, back, http.StatusSeeOther)
	return nil
}

func (h *Handler) audit(ctx context.Context, r *request, action, objType string, id int64, detail string) {
	var uid int64
	if r.ses != nil {
		uid = r.ses.User.ID
	}
	if err := h.store.InsertAudit(ctx, &store.AuditEntry{UserID: uid, Action: action, ObjectType: objType,
		ObjectID: id, Detail: detail}); err != nil {
		h.log.Error("audit log", "err", err)
	}
}

package admin

import (
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"warta/internal/auth"
	"warta/internal/locale"
	"warta/internal/model"
	"warta/internal/view"
)

// The newsroom's templates and assets live beside its handlers; view's
// engine parses and renders them with the funcs every template shares,
// plus the few below that only the newsroom needs.
//
//go:embed templates/*.html assets/*
var themeFS embed.FS

// newsroomFuncs are the newsroom's own template funcs, beside view's.
var newsroomFuncs = template.FuncMap{
	// stamp is a time as the newsroom's tables show it, in the site's zone.
	"stamp": func(t time.Time, loc *time.Location) string {
		if t.IsZero() {
			return ""
		}
		return t.In(loc).Format("2006-01-02 15:04")
	},
	"percent": func(f float64) float64 { return f * 100 },
	// spamLevel puts the spam filter's probability in words: the filter
	// says 0.5 when it has learned nothing about the words, which is
	// "unknown", not a warning.
	"spamLevel": func(f float64) string {
		switch {
		case f >= 0.8:
			return "spam"
		case f <= 0.2:
			return "ham"
		}
		return "unknown"
	},
	// list passes several values to a template: {{template "num" (list . "a" 1)}}.
	"list": func(v ...any) []any { return v },
	// atoi reads a count kept as text (0 when it is none).
	"atoi": func(s string) int { n, _ := strconv.Atoi(s); return n },
	"kb":   func(n int64) string { return fmt.Sprintf("%.0f KB", float64(n)/1024) },
	"thumb": func(m *model.Media) string {
		if len(m.Variants) > 0 {
			return m.Variants[0].URL()
		}
		return m.URL()
	},
	"in": func(id int64, ids []int64) bool { return slices.Contains(ids, id) },
}

// loadTheme parses the newsroom's templates and hashes its assets, served
// under /admin/assets/.
func loadTheme() (*view.Engine, error) {
	return view.Load(view.Theme{FS: themeFS, Templates: "templates", Static: "assets",
		StaticPrefix: "/admin/assets/", Funcs: newsroomFuncs})
}

// screen is what every newsroom page's template receives.
type screen struct {
	P        *locale.Printer
	Title    string
	Nav      string // the active section
	User     *model.User
	CSRF     string
	Path     string // the request's path, for the language switch
	Loc      *time.Location
	Links    model.Permalinks // builds the public URLs of articles
	Site     model.Settings
	CSS, JS  string
	Notice   string // a message key shown once at the top
	NoticeAt string // a time the notice names ("Scheduled for …"), in words
	Errors   map[string]string
	// ErrArgs are the values a field's problem names ("at most %d MB").
	ErrArgs  map[string][]any
	Pending  int // comments waiting for moderation
	Data     any
	canCheck func(auth.Capability) bool
}

// Can reports whether the signed-in user has the capability named c.
func (v screen) Can(c string) bool { return v.canCheck != nil && v.canCheck(auth.Capability(c)) }

// Err returns the translated problem with field, or "".
func (v screen) Err(field string) string {
	if k, ok := v.Errors[field]; ok {
		return v.P.T(k, v.ErrArgs[field]...)
	}
	return ""
}

// ErrorList lists the problems in a stable order, for the summary at the
// top of a form.
func (v screen) ErrorList() []fieldProblem {
	var list []fieldProblem
	for _, f := range fieldOrder {
		if k, ok := v.Errors[f]; ok {
			list = append(list, fieldProblem{Field: f, Message: v.P.T(k, v.ErrArgs[f]...)})
		}
	}
	// The rest in the order of their names, so the summary does not
	// shuffle between two submits of the same form.
	var rest []string
	for f := range v.Errors {
		if !slices.Contains(fieldOrder, f) {
			rest = append(rest, f)
		}
	}
	slices.Sort(rest)
	for _, f := range rest {
		list = append(list, fieldProblem{Field: f, Message: v.P.T(v.Errors[f], v.ErrArgs[f]...)})
	}
	return list
}

type fieldProblem struct{ Field, Message string }

var fieldOrder = []string{"login", "password", "title", "slug", "body", "publish_at", "categories", "bylines",
	"featured", "embed0", "embed1", "embed2", "source_url", "translation_of", "file", "alt", "email", "name", "role"}

func (h *Handler) newView(r *request, title, nav string, data any) screen {
	v := screen{P: r.p, Title: title, Nav: nav, Path: r.URL.RequestURI(), Loc: r.st.Location(), Site: r.st,
		CSS: h.assetURL("admin.css"), JS: h.assetURL("admin.js"), Data: data, Notice: noticeKey(r.URL.Query().Get("notice"))}
	links, err := h.store.PermalinksFor(r.Context(), r.st)
	if err != nil {
		// The "view" links then show a category's slug without its parents.
		h.log.ErrorContext(r.Context(), "admin: permalinks", "err", err)
	}
	v.Links = links
	if r.ses != nil {
		v.User = r.ses.User
		v.CSRF = r.ses.CSRFToken()
		v.canCheck = r.can
		v.Pending = r.pending
	}
	return v
}

// render writes page name with v and status, rendering into a buffer first.
func (h *Handler) render(w http.ResponseWriter, status int, name string, v screen) error {
	return h.theme.Render(w, status, name, v)
}

// assetURL is the hashed URL of one of the newsroom's assets.
func (h *Handler) assetURL(name string) string {
	u, err := h.theme.StaticPath(name)
	if err != nil {
		h.log.Error("admin: asset", "err", err) // the embedded assets are known; a typo here is a bug
	}
	return u
}

func (h *Handler) renderError(w http.ResponseWriter, r *request, status int, key string) {
	v := h.newView(r, r.p.T("admin.error.title"), "", key)
	if err := h.render(w, status, "error.html", v); err != nil {
		h.log.Error("newsroom error page", "err", err)
		http.Error(w, http.StatusText(status), status)
	}
}

// notices are the one-time messages a redirect may ask for (?notice=saved).
var notices = map[string]string{
	"apppw_revoked": "apppw.notice.revoked", "saved": "admin.notice.saved", "published": "admin.notice.published", "scheduled": "admin.notice.scheduled",
	"pending": "admin.notice.pending", "trashed": "admin.notice.trashed", "restored": "admin.notice.restored",
	"uploaded": "admin.notice.uploaded", "password": "admin.notice.password", "revision": "admin.notice.revision",
	"updated": "admin.notice.updated", "draft": "admin.notice.draft", "signedout": "admin.notice.signed_out", "welcome": "admin.notice.welcome", "user": "admin.notice.user",
	"settings": "admin.notice.settings", "mail_sent": "admin.mail.notice.sent", "mail_queued": "admin.mail.notice.queued",
	"mail_retry": "admin.mail.notice.retry", "term": "admin.notice.term", "comments": "admin.notice.comments",
}

func noticeKey(s string) string { return notices[s] }

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// inputTime writes t for the publish-time field in loc, year first so it
// reads the same in every language and browser: to the minute, or to the
// second when it has seconds.
func inputTime(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(loc)
	if t.Second() != 0 {
		return t.Format("2006-01-02 15:04:05")
	}
	return t.Format("2006-01-02 15:04")
}

// inputLayouts are what the publish-time field accepts: what inputTime
// writes, and the same with a "T" as scripts and older forms send it.
var inputLayouts = []string{"2006-01-02 15:04", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02T15:04:05"}

// parseInputTime reads the publish-time field as a time in loc.
func parseInputTime(s string, loc *time.Location) (time.Time, error) {
	var err error
	for _, l := range inputLayouts {
		var t time.Time
		if t, err = time.ParseInLocation(l, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, err
}

// Printer and Location make a screen the view.Localizer of the shared
// funcs, so newsroom templates may write {{t $ "key"}} and {{date $ .T}}.
func (v screen) Printer() *locale.Printer { return v.P }

// Location is the site's time zone.
func (v screen) Location() *time.Location { return v.Loc }

package admin

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"warta/internal/auth"
	"warta/internal/locale"
	"warta/internal/model"
	"warta/internal/publishing"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed assets/*
var assetFS embed.FS

type templates struct {
	pages map[string]*template.Template
}

var funcs = template.FuncMap{
	"datetime": func(t time.Time, loc *time.Location) string {
		if t.IsZero() {
			return ""
		}
		return t.In(loc).Format("2006-01-02 15:04")
	},
	"isodate":   func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"inputtime": inputTime,
	"duration":  publishing.FormatDuration,
	"add":       func(a, b int) int { return a + b },
	"percent":   func(f float64) float64 { return f * 100 },
	"args":      func(v ...any) []any { return v },
	// atoi reads a count kept as text (0 when it is none).
	"atoi": func(s string) int { n, _ := strconv.Atoi(s); return n },
	"kb":   func(n int64) string { return fmt.Sprintf("%.0f KB", float64(n)/1024) },
	"srcset": func(m *model.Media) string {
		parts := []string{}
		for _, v := range m.Variants {
			parts = append(parts, v.URL()+" "+fmt.Sprint(v.Width)+"w")
		}
		parts = append(parts, m.URL()+" "+fmt.Sprint(m.Width)+"w")
		return strings.Join(parts, ", ")
	},
	"thumb": func(m *model.Media) string {
		if len(m.Variants) > 0 {
			return m.Variants[0].URL()
		}
		return m.URL()
	},
	"in": func(id int64, ids []int64) bool {
		for _, x := range ids {
			if x == id {
				return true
			}
		}
		return false
	},
}

func parseTemplates() (*templates, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	base := template.New("admin").Funcs(funcs)
	var pages []string
	for _, n := range names {
		name := path.Base(n)
		if name == "layout.html" || strings.HasPrefix(name, "_") {
			b, _ := fs.ReadFile(templateFS, n)
			if _, err := base.New(name).Parse(string(b)); err != nil {
				return nil, fmt.Errorf("admin: parse %s: %w", name, err)
			}
			continue
		}
		pages = append(pages, name)
	}
	t := &templates{pages: map[string]*template.Template{}}
	for _, name := range pages {
		clone, err := base.Clone()
		if err != nil {
			return nil, err
		}
		b, _ := fs.ReadFile(templateFS, "templates/"+name)
		if _, err := clone.Funcs(funcs).New(name).Parse(string(b)); err != nil {
			return nil, fmt.Errorf("admin: parse %s: %w", name, err)
		}
		t.pages[name] = clone
	}
	return t, nil
}

// view is what every newsroom page's template receives.
type view struct {
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
	Errors   map[string]string
	Pending  int // comments waiting for moderation
	Data     any
	canCheck func(auth.Capability) bool
}

// Can reports whether the signed-in user has the capability named c.
func (v view) Can(c string) bool { return v.canCheck != nil && v.canCheck(auth.Capability(c)) }

// Err returns the translated problem with field, or "".
func (v view) Err(field string) string {
	if k, ok := v.Errors[field]; ok {
		return v.P.T(k)
	}
	return ""
}

// ErrorList lists the problems in a stable order, for the summary at the
// top of a form.
func (v view) ErrorList() []fieldProblem {
	var list []fieldProblem
	for _, f := range fieldOrder {
		if k, ok := v.Errors[f]; ok {
			list = append(list, fieldProblem{Field: f, Message: v.P.T(k)})
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
		list = append(list, fieldProblem{Field: f, Message: v.P.T(v.Errors[f])})
	}
	return list
}

type fieldProblem struct{ Field, Message string }

var fieldOrder = []string{"login", "password", "title", "slug", "body", "publish_at", "categories", "bylines",
	"featured", "embed0", "embed1", "embed2", "source_url", "translation_of", "file", "alt", "email", "name", "role"}

func (h *Handler) newView(r *request, title, nav string, data any) view {
	v := view{P: r.p, Title: title, Nav: nav, Path: r.URL.RequestURI(), Loc: r.st.Location(), Site: r.st,
		CSS: h.assets.url("admin.css"), JS: h.assets.url("admin.js"), Data: data, Notice: noticeKey(r.URL.Query().Get("notice"))}
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
func (h *Handler) render(w http.ResponseWriter, status int, name string, v view) error {
	t, ok := h.tpl.pages[name]
	if !ok {
		return fmt.Errorf("admin: no template %s", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		return fmt.Errorf("admin: render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := buf.WriteTo(w)
	return err
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
	"signedout": "admin.notice.signed_out", "welcome": "admin.notice.welcome", "user": "admin.notice.user",
	"settings": "admin.notice.settings", "term": "admin.notice.term", "comments": "admin.notice.comments",
}

func noticeKey(s string) string { return notices[s] }

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// assets serves the newsroom's own CSS and script under content-hashed
// names, cached for a year.
type assets struct {
	files  map[string][]byte // by hashed name
	hashed map[string]string // plain name → hashed name
}

func loadAssets() *assets {
	a := &assets{files: map[string][]byte{}, hashed: map[string]string{}}
	entries, _ := fs.ReadDir(assetFS, "assets")
	for _, e := range entries {
		b, _ := fs.ReadFile(assetFS, "assets/"+e.Name())
		sum := sha256.Sum256(b)
		ext := path.Ext(e.Name())
		hashed := strings.TrimSuffix(e.Name(), ext) + "." + hex.EncodeToString(sum[:])[:12] + ext
		a.files[hashed] = b
		a.hashed[e.Name()] = hashed
	}
	return a
}

func (a *assets) url(name string) string { return "/admin/assets/" + a.hashed[name] }

func (a *assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	b, ok := a.files[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	ct := "text/css; charset=utf-8"
	if strings.HasSuffix(name, ".js") {
		ct = "text/javascript; charset=utf-8"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(b))
}

// inputTime writes t for a datetime-local field in loc: to the minute, or
// to the second when it has seconds.
func inputTime(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(loc)
	if t.Second() != 0 {
		return t.Format("2006-01-02T15:04:05")
	}
	return t.Format("2006-01-02T15:04")
}

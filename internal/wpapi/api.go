// Package wpapi serves the WordPress REST API (wp/v2) over warta's data, at
// /wp-json/ and /?rest_route=/, so WordPress clients and headless front
// ends keep working: WordPress 6's field names, shapes and contexts, its
// collection parameters and headers, and its error objects.
//
// Anyone may read what is public: published articles and pages, approved
// comments on them, terms, authors with published articles and media.
// Password-protected content is withheld as WordPress withholds it.
// Clients that sign in over HTTP Basic with an application password also
// write (posts, pages, media, comments) with the rights of their role, and
// read drafts and the edit context where their role allows.
package wpapi

import (
	"encoding/json"
	"errors"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"warta/internal/auth"
	"warta/internal/httpx"
	"warta/internal/media"
	"warta/internal/model"
	"warta/internal/moderation"
	"warta/internal/store"
)

// Handler answers the REST API.
type Handler struct {
	store    *store.Store
	baseURL  string
	log      *slog.Logger
	mod      *moderation.Moderator
	media    media.Storage
	throttle *auth.Throttle
	now      func() time.Time

	maxUpload int64 // the largest file POST /wp/v2/media takes (WithMaxUpload)
}

// Option configures a Handler.
type Option func(*Handler)

// WithModerator makes comments posted through the API go through mod, the
// same moderator as the site's comment form (one is made when not given).
func WithModerator(mod *moderation.Moderator) Option { return func(h *Handler) { h.mod = mod } }

// WithMedia is where uploads through POST /wp/v2/media are stored (the
// media library's storage); without it the API takes no uploads.
func WithMedia(files media.Storage) Option { return func(h *Handler) { h.media = files } }

// New returns the API over st; baseURL is the site's public URL.
func New(st *store.Store, baseURL string, log *slog.Logger, opts ...Option) *Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	h := &Handler{store: st, baseURL: strings.TrimRight(baseURL, "/"), log: log, now: time.Now}
	for _, o := range opts {
		o(h)
	}
	if h.mod == nil {
		h.mod = moderation.New(st, moderation.Options{BaseURL: baseURL, Logger: log})
	}
	// Failed application-password sign-ins count against the same
	// budget, kept in the database, as the newsroom's sign-in form.
	h.throttle = auth.NewThrottle(st)
	return h
}

// Routes registers /wp-json/ on mux.
func (h *Handler) Routes(mux httpx.Mux) {
	mux.Handle("/wp-json/", h)
	mux.Handle("/wp-json", http.RedirectHandler("/wp-json/", http.StatusMovedPermanently))
}

// ServeHTTP answers /wp-json/ROUTE, and /?rest_route=ROUTE (the form that
// works without pretty permalinks), which the public site hands over.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	route, isQuery := strings.TrimPrefix(r.URL.Path, "/wp-json"), false
	if !strings.HasPrefix(r.URL.Path, "/wp-json") {
		route, isQuery = r.URL.Query().Get("rest_route"), true
	}
	if route == "" {
		route = "/"
	}
	req := &request{h: h, w: w, r: r, route: route, query: r.URL.Query(), viaQuery: isQuery}
	req.serve()
}

// apiError is WordPress's error object.
type apiError struct {
	Code    string
	Message string
	Status  int
	Data    map[string]any // more of the error's data, beside status
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

func errorf(status int, code, msg string) *apiError {
	return &apiError{Code: code, Message: msg, Status: status}
}

var errNoRoute = errorf(http.StatusNotFound, "rest_no_route", "No route was found matching the URL and request method.")

// request is one API call being answered.
type request struct {
	h        *Handler
	w        http.ResponseWriter
	r        *http.Request
	route    string
	query    url.Values
	viaQuery bool
	header   http.Header // headers of the answer (kept for _envelope)
	settings model.Settings
	loc      *time.Location
	links    model.Permalinks
	who      *model.User    // signed in with an application password; nil: anonymous
	unlocked int64          // the protected article whose ?password= was right
	params   map[string]any // the body's fields (JSON or form), for writes
	status   int            // the answer's status when not 200 (201 for creates)
}

func (q *request) serve() {
	q.header = http.Header{}
	q.header.Set("Access-Control-Expose-Headers", "X-WP-Total, X-WP-TotalPages, Link")
	q.header.Set("Access-Control-Allow-Headers", "Authorization, X-WP-Nonce, Content-Disposition, Content-MD5, Content-Type")
	q.header.Set("X-Content-Type-Options", "nosniff")
	if q.r.Header.Get("Origin") != "" {
		// Everything served is public and no cookie is read, so any site's
		// scripts may read it (headless front ends on another origin).
		q.header.Set("Access-Control-Allow-Origin", "*")
	}
	var body any
	status := http.StatusOK
	settings, err := q.h.store.Settings(q.r.Context())
	if err == nil {
		q.settings, q.loc = settings, settings.Location()
		q.links, err = q.h.store.PermalinksFor(q.r.Context(), settings)
	}
	if err == nil {
		err = q.authenticate()
	}
	if err == nil {
		var d *routeDef
		var param string
		d, param, err = match(q.route)
		switch {
		case err != nil:
		case q.r.Method == http.MethodOptions:
			// A CORS preflight or a schema request: the route's description.
			methods := d.methods()
			q.header.Set("Allow", strings.Join(methods, ", "))
			q.header.Set("Access-Control-Allow-Methods", strings.Join(append(methods, "OPTIONS"), ", "))
			body = map[string]any{"namespace": "wp/v2", "methods": methods,
				"endpoints": d.endpoints()}
		case q.r.Method == http.MethodGet || q.r.Method == http.MethodHead:
			if err = q.checkContext(d); err == nil {
				body, err = d.fn(q, param)
			}
		default:
			fn := d.write[q.method()]
			if fn == nil {
				err = errNoRoute
				break
			}
			if err = q.readBody(); err == nil {
				body, err = fn(q, param)
			}
		}
	}
	if q.status != 0 && err == nil {
		status = q.status
	}
	if err != nil {
		var ae *apiError
		if !errors.As(err, &ae) {
			if errors.Is(err, model.ErrNotFound) {
				ae = errorf(http.StatusNotFound, "rest_not_found", "Not found.")
			} else if httpx.ClientGone(q.r, err) {
				// The client left (a closed app, a timeout of theirs):
				// nobody is there to answer, and nothing failed here.
				q.h.log.DebugContext(q.r.Context(), "wpapi: client went away", "route", q.route, "err", err)
				return
			} else {
				q.h.log.ErrorContext(q.r.Context(), "wpapi: request failed", "route", q.route, "err", err)
				ae = errorf(http.StatusInternalServerError, "rest_internal_error", "The server could not answer.")
			}
		}
		status = ae.Status
		data := map[string]any{"status": ae.Status}
		for k, v := range ae.Data {
			data[k] = v
		}
		body = map[string]any{"code": ae.Code, "message": ae.Message, "data": data}
	} else {
		body = q.fields(body)
	}
	if _, ok := q.query["_envelope"]; ok {
		hdrs := map[string]any{}
		for k := range q.header {
			hdrs[k] = q.header.Get(k)
		}
		body = map[string]any{"body": body, "status": status, "headers": hdrs}
		status = http.StatusOK
	}
	for k, v := range q.header {
		q.w.Header()[k] = v
	}
	q.w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	q.w.Header().Set("Cache-Control", "no-cache, must-revalidate, max-age=0")
	b, err := json.Marshal(body)
	if err != nil {
		q.h.log.ErrorContext(q.r.Context(), "wpapi: encode", "route", q.route, "err", err)
		http.Error(q.w, `{"code":"rest_internal_error","message":"encode","data":{"status":500}}`, http.StatusInternalServerError)
		return
	}
	q.w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	q.w.WriteHeader(status)
	if q.r.Method != http.MethodHead {
		q.w.Write(b)
	}
}

// method is the request's method, or the one a POST asks for with
// X-HTTP-Method-Override or ?_method= (for clients that can only POST), as
// WordPress allows.
func (q *request) method() string {
	if q.r.Method != http.MethodPost {
		return q.r.Method
	}
	m := q.r.Header.Get("X-HTTP-Method-Override")
	if m == "" {
		m = q.query.Get("_method")
	}
	switch m = strings.ToUpper(m); m {
	case http.MethodPut, http.MethodPatch, http.MethodDelete:
		return m
	}
	return http.MethodPost
}

// routeHandler answers one route with the path parameter (id, slug) it matched.
type routeHandler func(q *request, param string) (any, error)

type routeDef struct {
	pattern string // WordPress's raw pattern, as the index lists it
	prefix  string // the fixed part
	param   string // "", "id" (digits) or "name" (word)
	fn      routeHandler
	write   map[string]routeHandler // POST, PUT, PATCH, DELETE
}

// methods are the HTTP methods the route answers, as the index lists them.
func (d *routeDef) methods() []string {
	out := []string{"GET"}
	for _, m := range []string{"POST", "PUT", "PATCH", "DELETE"} {
		if d.write[m] != nil {
			out = append(out, m)
		}
	}
	return out
}

func match(route string) (*routeDef, string, error) {
	route = strings.TrimSuffix(route, "/")
	if route == "" {
		route = "/"
	}
	for i := range routes {
		d := &routes[i]
		switch d.param {
		case "":
			if route == d.prefix {
				return d, "", nil
			}
		default:
			rest, ok := strings.CutPrefix(route, d.prefix+"/")
			if !ok || rest == "" || strings.Contains(rest, "/") {
				continue
			}
			if d.param == "id" && strings.Trim(rest, "0123456789") != "" {
				continue
			}
			if d.param == "name" && strings.Trim(rest, "abcdefghijklmnopqrstuvwxyz_-0123456789") != "" {
				continue
			}
			return d, rest, nil
		}
	}
	return nil, "", errNoRoute
}

// url is the API URL of route, in the form the request used.
func (q *request) url(route string, params url.Values) string {
	if q.viaQuery {
		v := url.Values{"rest_route": {route}}
		for k, vs := range params {
			v[k] = vs
		}
		return q.h.baseURL + "/?" + v.Encode()
	}
	u := q.h.baseURL + "/wp-json" + route
	if len(params) > 0 {
		u += "?" + params.Encode()
	}
	return u
}

// paginate sets X-WP-Total, X-WP-TotalPages and the Link header of a
// collection page, and fails past the last page as WordPress does.
func (q *request) paginate(route string, page, perPage, total int) error {
	pages := int(math.Ceil(float64(total) / float64(perPage)))
	if page > 1 && page > pages {
		return errorf(http.StatusBadRequest, "rest_post_invalid_page_number",
			"The page number requested is larger than the number of pages available.")
	}
	q.header.Set("X-WP-Total", strconv.Itoa(total))
	q.header.Set("X-WP-TotalPages", strconv.Itoa(pages))
	params := url.Values{}
	for k, v := range q.query {
		if k != "rest_route" && k != "page" {
			params[k] = v
		}
	}
	var links []string
	if page > 1 {
		p := cloneValues(params)
		p.Set("page", strconv.Itoa(page-1))
		links = append(links, `<`+q.url(route, p)+`>; rel="prev"`)
	}
	if page < pages {
		p := cloneValues(params)
		p.Set("page", strconv.Itoa(page+1))
		links = append(links, `<`+q.url(route, p)+`>; rel="next"`)
	}
	if len(links) > 0 {
		q.header.Set("Link", strings.Join(links, ", "))
	}
	return nil
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// fields applies _fields to an object or a list of objects.
func (q *request) fields(body any) any {
	spec := q.query.Get("_fields")
	if spec == "" {
		return body
	}
	keep := map[string]bool{}
	for _, f := range strings.Split(spec, ",") {
		if f = strings.TrimSpace(f); f != "" {
			keep[f] = true
		}
	}
	filter := func(m map[string]any) map[string]any {
		out := map[string]any{}
		for k, v := range m {
			if keep[k] {
				out[k] = v
				continue
			}
			// "title.rendered" keeps only that part of title.
			if sub, ok := v.(map[string]any); ok {
				part := map[string]any{}
				for sk, sv := range sub {
					if keep[k+"."+sk] {
						part[sk] = sv
					}
				}
				if len(part) > 0 {
					out[k] = part
				}
			}
		}
		return out
	}
	switch b := body.(type) {
	case map[string]any:
		return filter(b)
	case []map[string]any:
		out := make([]map[string]any, len(b))
		for i, m := range b {
			out[i] = filter(m)
		}
		return out
	}
	return body
}

// links builds a _links entry: rel → [{href, extra…}].
func link(href string, extra ...any) []map[string]any {
	m := map[string]any{"href": href}
	for i := 0; i+1 < len(extra); i += 2 {
		m[extra[i].(string)] = extra[i+1]
	}
	return []map[string]any{m}
}

var curies = []map[string]any{{"name": "wp", "href": "https://api.w.org/{rel}", "templated": true}}

// wpTime formats t as WordPress's REST dates: local without a zone, or UTC.
func wpTime(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	if loc == nil {
		loc = time.UTC
	}
	return t.In(loc).Format("2006-01-02T15:04:05")
}

// embedFields are the fields of each resource in the embed context, the
// form WordPress uses inside _embedded and for ?context=embed.
var embedFields = map[string][]string{
	"post":    {"id", "date", "slug", "type", "link", "title", "excerpt", "author", "featured_media", "_links", "\x00article"},
	"user":    {"id", "name", "url", "description", "link", "slug", "_links"},
	"term":    {"id", "link", "name", "slug", "taxonomy", "_links"},
	"comment": {"id", "parent", "author", "author_name", "author_url", "date", "content", "link", "type", "_links"},
	"media": {"id", "date", "slug", "type", "link", "title", "author", "featured_media", "caption", "alt_text",
		"media_type", "mime_type", "media_details", "source_url", "_links"},
	"type":     {"name", "slug", "rest_base", "_links"},
	"taxonomy": {"name", "slug", "rest_base", "_links"},
	"status":   {"name", "slug", "_links"},
}

// embedView keeps only the embed context's fields of m.
func embedView(kind string, m map[string]any) map[string]any {
	out := map[string]any{}
	for _, k := range embedFields[kind] {
		if v, ok := m[k]; ok {
			out[k] = v
		}
	}
	return out
}

// view gives m in the context the request asked for.
func (q *request) view(kind string, m map[string]any) map[string]any {
	if q.query.Get("context") == "embed" {
		return embedView(kind, m)
	}
	return m
}

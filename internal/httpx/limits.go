package httpx

import (
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"warta/internal/locale"
)

// WantsJSON reports whether the client of r expects JSON errors: the
// WordPress REST API under /wp-json/ (also reached as /?rest_route=), or an
// Accept header that names JSON and not HTML.
func WantsJSON(r *http.Request) bool {
	if strings.HasPrefix(r.URL.Path, "/wp-json/") || r.URL.Query().Has("rest_route") {
		return true
	}
	accept := r.Header.Get("Accept")
	return strings.Contains(accept, "json") && !strings.Contains(accept, "text/html")
}

// RequestTooLarge answers 413: a short page in the reader's language, or a
// WordPress-style JSON error for API clients. limit is the size allowed.
// The connection is closed after the answer, since the rest of the body is
// not read.
func RequestTooLarge(w http.ResponseWriter, r *http.Request, limit int64) {
	p := locale.New(preferredLang(r))
	w.Header().Set("Connection", "close")
	writeLimit(w, r, http.StatusRequestEntityTooLarge, "rest_request_too_large",
		p.T("limit.too_large.title"), p.T("limit.too_large.body", formatBytes(limit)), p)
}

// TooManyRequests answers 429 with a Retry-After header (whole seconds,
// rounded up): a short page in the reader's language, or a WordPress-style
// JSON error for API clients.
func TooManyRequests(w http.ResponseWriter, r *http.Request, retryAfter time.Duration) {
	secs := max(1, int(math.Ceil(retryAfter.Seconds())))
	p := locale.New(preferredLang(r))
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	writeLimit(w, r, http.StatusTooManyRequests, "rest_too_many_requests",
		p.T("limit.too_many.title"), p.T("limit.too_many.body", secs), p)
}

var limitPage = template.Must(template.New("limit").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
</head>
<body>
<main>
<h1>{{.Title}}</h1>
<p>{{.Body}}</p>
<p><a href="/">{{.Home}}</a></p>
</main>
</body>
</html>
`))

func writeLimit(w http.ResponseWriter, r *http.Request, status int, code, title, body string, p *locale.Printer) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	if WantsJSON(r) {
		h.Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(map[string]any{
			"code":    code,
			"message": body,
			"data":    map[string]int{"status": status},
		})
		return
	}
	h.Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if r.Method == http.MethodHead {
		return
	}
	limitPage.Execute(w, struct{ Lang, Title, Body, Home string }{p.Lang(), title, body, p.T("limit.home")})
}

// preferredLang picks id or en from the Accept-Language header: the first
// of the two the reader lists, else the default language. These answers
// come before the site's settings are read, so the site's language is not
// known here.
func preferredLang(r *http.Request) string {
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		base, _, _ := strings.Cut(strings.ToLower(tag), "-")
		if locale.Supported(base) {
			return base
		}
	}
	return locale.Default
}

func formatBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}

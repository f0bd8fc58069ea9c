package server

import (
	"net/http"
	"strings"
	"time"

	"warta/internal/httpx"
	"warta/internal/ratelimit"
)

// Limits bound what one client may hold of the server: time per request
// phase, header and body sizes.
type Limits struct {
	// ReadHeaderTimeout bounds the time to send the request line and
	// headers: a client trickling them (slow-loris) is cut off after it.
	ReadHeaderTimeout time.Duration
	// ReadTimeout bounds the time to send the whole request, body included.
	ReadTimeout time.Duration
	// WriteTimeout bounds the time from the end of the request headers to
	// the end of the response.
	WriteTimeout time.Duration
	// IdleTimeout closes a kept-alive connection that sends nothing.
	IdleTimeout time.Duration
	// MaxHeaderBytes caps the request line and headers; over it the
	// client gets 431.
	MaxHeaderBytes int
	// MaxBodyBytes caps a request body; over it the client gets 413.
	MaxBodyBytes int64
	// MaxUploadBytes caps bodies sent to the paths in UploadPaths (media
	// uploads through the REST API, featured images sent with an article)
	// instead of MaxBodyBytes.
	MaxUploadBytes int64
	// UploadPaths are the path prefixes that take uploads.
	UploadPaths []string
	// MaxImportBytes caps bodies sent to ImportPaths instead of the limits
	// above: paths whose handlers refuse a body too large themselves,
	// with their own form and before reading it, and spool what they take
	// to disk (whole-site WXR imports, the media library's uploads).
	MaxImportBytes int64
	ImportPaths    []string
}

// DefaultLimits returns the limits warta serves with.
func DefaultLimits() Limits {
	return Limits{
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		MaxBodyBytes:      MaxBodyBytes,
		MaxUploadBytes:    26 << 20, // the media library's 25 MB (--upload-max-mb), and a form around it
		UploadPaths:       []string{"/admin/articles", "/admin/pages", "/wp-json/wp/v2/media"},
		MaxImportBytes:    2 << 30,
		ImportPaths:       []string{"/admin/import", "/admin/media"},
	}
}

// bodyLimit returns the body size allowed for r.
func (l Limits) bodyLimit(r *http.Request) int64 {
	for _, p := range l.ImportPaths {
		if strings.HasPrefix(r.URL.Path, p) {
			return l.MaxImportBytes
		}
	}
	for _, p := range l.UploadPaths {
		if strings.HasPrefix(r.URL.Path, p) {
			return l.MaxUploadBytes
		}
		// The REST API reached as /?rest_route=/wp/v2/media.
		if rest, ok := strings.CutPrefix(p, "/wp-json"); ok && r.URL.Path == "/" &&
			strings.HasPrefix(r.URL.Query().Get("rest_route"), rest) {
			return l.MaxUploadBytes
		}
	}
	return l.MaxBodyBytes
}

// limitBody answers 413 at once when the declared length is over the limit,
// and otherwise caps the body so that reading past the limit fails with
// *http.MaxBytesError, which httpx.Status maps to 413 in every front end.
func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := s.limits.bodyLimit(r)
		if r.ContentLength > n {
			httpx.RequestTooLarge(w, r, n)
			return
		}
		if r.Body != nil && r.Body != http.NoBody {
			r.Body = http.MaxBytesReader(w, r.Body, n)
		}
		next.ServeHTTP(w, r)
	})
}

// RateRule limits the requests Match selects, per client address.
type RateRule struct {
	Name    string // names the rule in metrics and logs
	Match   func(r *http.Request) bool
	Limiter *ratelimit.Limiter
}

// rateKeys bounds the addresses each rule tracks.
const rateKeys = 100_000

// DefaultRateRules returns the limits on the requests that cost the most or
// invite abuse, per client address. The budgets leave a person (or a
// newsroom behind one address) plenty of room: a burst, then a steady rate.
func DefaultRateRules() []RateRule {
	return []RateRule{
		{
			// The newsroom's login form and WordPress's, which clients
			// and bots try, and the forgotten-password and readers'
			// sign-in forms, which would otherwise send mail (or guess
			// links) without limit.
			Name: "sign-in",
			Match: func(r *http.Request) bool {
				return r.Method == http.MethodPost && (r.URL.Path == "/admin/login" || r.URL.Path == "/wp-login.php" ||
					r.URL.Path == "/admin/forgot" || r.URL.Path == "/admin/reset" || r.URL.Path == "/admin/login/code" ||
					r.URL.Path == "/account/sign-in" || r.URL.Path == "/account/link")
			},
			Limiter: ratelimit.New(6*time.Second, 10, rateKeys),
		},
		{
			Name: "comments",
			Match: func(r *http.Request) bool {
				return r.Method == http.MethodPost && r.URL.Path == "/comments"
			},
			Limiter: ratelimit.New(6*time.Second, 10, rateKeys),
		},
		{
			// Every write through the WordPress REST API, by path or by
			// ?rest_route=.
			Name: "rest-write",
			Match: func(r *http.Request) bool {
				switch r.Method {
				case http.MethodGet, http.MethodHead, http.MethodOptions:
					return false
				}
				return strings.HasPrefix(r.URL.Path, "/wp-json/") || r.URL.Query().Has("rest_route")
			},
			Limiter: ratelimit.New(time.Second, 60, rateKeys),
		},
		{
			// Search runs a full-text query that no cache can answer in
			// advance.
			Name: "search",
			Match: func(r *http.Request) bool {
				if r.Method != http.MethodGet && r.Method != http.MethodHead {
					return false
				}
				switch r.URL.Path {
				case "/search", "/search/":
					return true
				case "/":
					return r.URL.Query().Has("s")
				}
				return false
			},
			Limiter: ratelimit.New(500*time.Millisecond, 30, rateKeys),
		},
	}
}

// rateLimit answers 429 with Retry-After to a client over a rule's budget.
func (s *Server) rateLimit(next http.Handler) http.Handler {
	if len(s.rules) == 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, rule := range s.rules {
			if !rule.Match(r) {
				continue
			}
			if ok, wait := rule.Limiter.Allow(httpx.ClientIP(r)); !ok {
				s.metrics.RateLimited(rule.Name)
				s.logger.Warn("rate limited", "rule", rule.Name, "ip", httpx.ClientIP(r), "path", r.URL.Path)
				httpx.TooManyRequests(w, r, wait)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

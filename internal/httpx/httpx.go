// Package httpx holds the small HTTP helpers every front end shares: mapping
// errors to statuses, the client's address, the answers to a body over its
// limit and to too many requests (the server applies the limits), security
// headers, and signing values clients keep for the site.
package httpx

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"syscall"

	"warta/internal/model"
)

// Status maps an error to the HTTP status a client should see:
// model.ErrNotFound → 404, model.ErrForbidden → 403, model.ErrConflict → 409,
// *model.ValidationError → 422, a body over its limit → 413, anything else → 500.
func Status(err error) int {
	var verr *model.ValidationError
	var tooBig *http.MaxBytesError
	switch {
	case err == nil:
		return http.StatusOK
	case errors.Is(err, model.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, model.ErrForbidden):
		return http.StatusForbidden
	case errors.Is(err, model.ErrConflict):
		return http.StatusConflict
	case errors.As(err, &verr):
		return http.StatusUnprocessableEntity
	case errors.As(err, &tooBig):
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusInternalServerError
}

// ClientGone reports whether err is r's client having gone away — the
// request's context cancelled when the connection closed, or a write to a
// closed connection — rather than a fault of the server: nothing can be
// answered any more, and it is no error worth an operator's attention.
func ClientGone(r *http.Request, err error) bool {
	if r.Context().Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		return true
	}
	return errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ECONNRESET)
}

// ClientIP returns the address of the peer that sent r, without the port.
// Forwarding headers are not trusted here: a proxy in front must be
// configured explicitly before they mean anything.
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// FrameSources are the only origins a page may embed, for the video players
// and the posts of other platforms that load after a reader clicks a card
// (web's playerURL). They are frames only: no platform's script is allowed.
var FrameSources = []string{
	"https://www.youtube-nocookie.com",
	"https://player.vimeo.com",
	"https://platform.twitter.com",
	"https://www.instagram.com",
	"https://www.tiktok.com",
	"https://www.facebook.com",
}

// contentSecurityPolicy allows our own scripts, styles and images only: no
// inline script or style, no third-party request until a player is framed.
var contentSecurityPolicy = policy(nil, "'self'")

// policy builds the Content-Security-Policy, the only place it is written:
// the site's own, plus origins for scripts, images, frames and connections
// (the ads and analytics an editor allowed), and frame-ancestors as given.
// With no origins it is the default policy byte for byte.
func policy(origins []string, ancestors string) string {
	extra := ""
	if len(origins) > 0 {
		extra = " " + strings.Join(origins, " ")
	}
	return strings.Join([]string{
		"default-src 'self'",
		"script-src 'self'" + extra,
		"style-src 'self'",
		"img-src 'self' data:" + extra,
		"font-src 'self'",
		"connect-src 'self'" + extra,
		"media-src 'self'",
		"frame-src " + strings.Join(FrameSources, " ") + extra,
		"object-src 'none'",
		"base-uri 'self'",
		"form-action 'self'",
		"frame-ancestors " + ancestors,
	}, "; ")
}

// AllowOrigins widens the policy of the answer w is writing to origins
// (model.Ads.OriginList: origins an editor allowed, already validated) for
// scripts, images, frames and connections; styles, fonts and the rest stay
// the site's own. No origins: the default policy stays. Call it before
// writing the header; a page cache replays the header with the page.
func AllowOrigins(w http.ResponseWriter, origins []string) {
	if len(origins) == 0 {
		return
	}
	w.Header().Set("Content-Security-Policy", policy(origins, "'self'"))
}

// AllowFraming lets any site frame the answer w is writing (an embed card,
// as WordPress's /embed/ pages are framed by the sites that embed a post),
// overriding SecurityHeaders' frame-ancestors and X-Frame-Options. Call it
// before writing the header.
func AllowFraming(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Security-Policy", policy(nil, "*"))
	h.Del("X-Frame-Options")
}

// SecurityHeaders sets the headers every response carries; HSTS only when
// the request arrived over TLS.
func SecurityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()")
		// frame-ancestors for browsers that predate it.
		h.Set("X-Frame-Options", "SAMEORIGIN")
		// A page we link to cannot reach back into ours through window.opener.
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

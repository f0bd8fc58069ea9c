package server

import (
	"net/http"
	"strings"
)

// restCrossOrigin lets other origins call the WordPress REST API as
// WordPress allows them: a request to /wp-json/… or /?rest_route=… that
// carries HTTP Basic credentials (an application password) skips the
// cross-origin protection and gets CORS headers. The REST API signs no
// one in by cookie, so such a request can only act with credentials its
// sender holds: there is nothing a foreign page could forge. Preflights of
// those routes are answered here. Everything else — the newsroom's forms,
// the comment form, REST requests without credentials — keeps cop.
func restCrossOrigin(cop *http.CrossOriginProtection, next http.Handler) http.Handler {
	protected := cop.Handler(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		if !isREST(r) || origin == "" {
			protected.ServeHTTP(w, r)
			return
		}
		h := w.Header()
		h.Add("Vary", "Origin")
		if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
			corsHeaders(h, origin)
			h.Set("Access-Control-Allow-Methods", "OPTIONS, GET, POST, PUT, PATCH, DELETE")
			h.Set("Access-Control-Allow-Headers", "Authorization, X-WP-Nonce, Content-Disposition, Content-MD5, Content-Type")
			h.Set("Access-Control-Max-Age", "600")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		if _, _, basic := r.BasicAuth(); basic {
			corsHeaders(h, origin)
			next.ServeHTTP(w, r)
			return
		}
		// Reads without credentials are public anyway; cop lets safe
		// methods through and refuses cross-origin writes.
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			corsHeaders(h, origin)
		}
		protected.ServeHTTP(w, r)
	})
}

func corsHeaders(h http.Header, origin string) {
	h.Set("Access-Control-Allow-Origin", origin)
	h.Set("Access-Control-Allow-Credentials", "true")
	h.Set("Access-Control-Expose-Headers", "X-WP-Total, X-WP-TotalPages, Link")
}

// isREST reports whether r is for the WordPress REST API.
func isREST(r *http.Request) bool {
	p := r.URL.Path
	if p == "/wp-json" || strings.HasPrefix(p, "/wp-json/") {
		return true
	}
	return p == "/" && r.URL.Query().Has("rest_route")
}

package server

import (
	"crypto/sha256"
	"crypto/subtle"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// MetricsAccess says who may read GET /metrics. Loopback always may; so
// may clients in Allow, and any client presenting Token as a bearer token
// (Authorization: Bearer …). Everyone else gets the site's ordinary 404,
// so the endpoint does not advertise itself. The client is the one
// realClient resolved: behind a trusted proxy, the reader, not the proxy.
type MetricsAccess struct {
	Allow []netip.Prefix
	Token string
}

// WithMetricsAccess replaces the default access to /metrics (loopback only).
func WithMetricsAccess(a MetricsAccess) Option { return func(s *Server) { s.metricsAccess = a } }

func (a MetricsAccess) allowed(r *http.Request) bool {
	if a.Token != "" {
		auth := r.Header.Get("Authorization")
		if len(auth) > 7 && strings.EqualFold(auth[:7], "bearer ") {
			// Hashed first, so the comparison takes the same time whatever
			// the length of the guess.
			got, want := sha256.Sum256([]byte(strings.TrimSpace(auth[7:]))), sha256.Sum256([]byte(a.Token))
			if subtle.ConstantTimeCompare(got[:], want[:]) == 1 {
				return true
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return false
	}
	addr = addr.Unmap()
	if addr.IsLoopback() {
		return true
	}
	for _, p := range a.Allow {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// metricsGate serves GET /metrics to clients a allows and hands every
// other request, /metrics from anyone else included, to next, where no
// /metrics route exists: they get what any unknown address gets.
func (s *Server) metricsGate(next http.Handler) http.Handler {
	if s.metrics == nil {
		return next
	}
	metricsHandler := s.metrics.Registry.Handler()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/metrics" || (r.Method != http.MethodGet && r.Method != http.MethodHead) ||
			!s.metricsAccess.allowed(r) {
			next.ServeHTTP(w, r)
			return
		}
		if n, ok := r.Context().Value(routeNoteKey{}).(*routeNote); ok {
			n.pattern = "GET /metrics"
		}
		w.Header().Set("Cache-Control", "no-store")
		metricsHandler.ServeHTTP(w, r)
	})
}

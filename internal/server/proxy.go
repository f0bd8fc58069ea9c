package server

import (
	"crypto/tls"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// WithTrustedProxies names the reverse proxies (load balancers, CDNs) in
// front of warta. A request whose peer is one of them has its client
// address taken from X-Forwarded-For — the rightmost address that is not
// itself a trusted proxy, since a client can write anything to the left of
// what the proxies append — so rate limits and comment moderation see
// readers, not the proxy. Without it, forwarding headers are ignored.
func WithTrustedProxies(prefixes []netip.Prefix) Option {
	return func(s *Server) { s.proxies = prefixes }
}

// ParseProxies parses a comma-separated list of addresses and CIDR
// prefixes ("10.0.0.0/8, 127.0.0.1"); errors name the entry.
func ParseProxies(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, part := range strings.Split(list, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if strings.Contains(part, "/") {
			p, err := netip.ParsePrefix(part)
			if err != nil {
				return nil, err
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(part)
		if err != nil {
			return nil, err
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}

func (s *Server) trusted(addr netip.Addr) bool {
	addr = addr.Unmap()
	for _, p := range s.proxies {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// realClient rewrites r.RemoteAddr to the client's address when the peer
// is a trusted proxy, and notes a request the proxy received over HTTPS
// (X-Forwarded-Proto), so that HSTS and Secure cookies follow the reader's
// connection rather than the proxy's.
func (s *Server) realClient(next http.Handler) http.Handler {
	if len(s.proxies) == 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.trustedPeer(r.RemoteAddr) {
			next.ServeHTTP(w, r)
			return
		}
		hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
		for i := len(hops) - 1; i >= 0; i-- {
			a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
			if err != nil {
				break // a garbled hop: keep the last good address
			}
			r.RemoteAddr = net.JoinHostPort(a.Unmap().String(), "0")
			if !s.trusted(a) {
				break
			}
		}
		if forwardedHTTPS(r.Header.Get("X-Forwarded-Proto")) && r.TLS == nil {
			// An empty state, no certificates: it only says the reader's
			// connection is encrypted, which is what HSTS and Secure
			// cookies ask of r.TLS.
			r.TLS = &tls.ConnectionState{}
		}
		next.ServeHTTP(w, r)
	})
}

// trustedPeer reports whether the peer at remoteAddr ("host:port") is a
// trusted proxy, whose forwarding headers are believed. realClient and the
// fast path both ask it.
func (s *Server) trustedPeer(remoteAddr string) bool {
	if len(s.proxies) == 0 {
		return false
	}
	host, _, err := net.SplitHostPort(remoteAddr)
	peer, perr := netip.ParseAddr(host)
	return err == nil && perr == nil && s.trusted(peer)
}

// forwardedHTTPS reports whether a trusted proxy's first X-Forwarded-Proto
// line says the reader came over HTTPS.
func forwardedHTTPS(proto string) bool { return strings.EqualFold(proto, "https") }

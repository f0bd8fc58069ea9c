package config

import (
	"flag"
	"net/netip"
	"strings"

	"warta/internal/locale"
)

// Metrics says who may read GET /metrics, which shows traffic and
// internals and so stays off the public site: loopback always, plus the
// addresses in Allow, plus anyone sending Token as a bearer token. Every
// other client gets the site's ordinary 404.
type Metrics struct {
	Allow string // WARTA_METRICS_ALLOW, --metrics-allow: addresses or CIDR prefixes, comma-separated
	Token string // WARTA_METRICS_TOKEN, --metrics-token: Authorization: Bearer token; secret
}

func (m *Metrics) metricsFlags(fs *flag.FlagSet, env Getenv) {
	fs.StringVar(&m.Allow, "metrics-allow", envOr(env, "WARTA_METRICS_ALLOW", m.Allow),
		"cli.flag.metrics_allow")
	fs.StringVar(&m.Token, "metrics-token", envOr(env, "WARTA_METRICS_TOKEN", m.Token),
		"cli.flag.metrics_token")
}

// AllowPrefixes parses Allow; its errors name the flag and the entry.
func (m Metrics) AllowPrefixes() ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, p := range strings.Split(m.Allow, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if pr, err := netip.ParsePrefix(p); err == nil {
			out = append(out, pr.Masked())
			continue
		}
		a, err := netip.ParseAddr(p)
		if err != nil {
			return nil, locale.Errorf("config.err.metrics_allow", p)
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}

package config

import (
	"strings"
	"testing"
)

func TestMetricsAccessSettings(t *testing.T) {
	t.Run("env sets the allow list and the token; the flag wins over env", func(t *testing.T) {
		c, err := parse(t, map[string]string{"WARTA_METRICS_ALLOW": "10.0.0.0/8, 192.0.2.7", "WARTA_METRICS_TOKEN": "rahasia"},
			"--metrics-allow", "10.1.0.0/16,2001:db8::1")
		if err != nil {
			t.Fatal(err)
		}
		if c.Metrics.Token != "rahasia" {
			t.Fatalf("token from env: %q", c.Metrics.Token)
		}
		p, err := c.Metrics.AllowPrefixes()
		if err != nil || len(p) != 2 || p[0].String() != "10.1.0.0/16" || p[1].String() != "2001:db8::1/128" {
			t.Fatalf("allow list %v, %v", p, err)
		}
	})
	t.Run("a bad entry is refused, naming the flag and the entry", func(t *testing.T) {
		_, err := parse(t, map[string]string{"WARTA_METRICS_ALLOW": "10.0.0.0/8, kantor"})
		if err == nil || !strings.Contains(err.Error(), "--metrics-allow") || !strings.Contains(err.Error(), `"kantor"`) {
			t.Fatalf("error %v", err)
		}
	})
	t.Run("the token never shows in the configuration dump", func(t *testing.T) {
		c, _ := parse(t, map[string]string{"WARTA_METRICS_TOKEN": "sangat-rahasia"})
		if strings.Contains(c.String(), "sangat-rahasia") {
			t.Fatalf("dump %q shows the token", c.String())
		}
	})
}

package config

import (
	"flag"
	"io"
	"strings"
	"testing"
)

func envMap(m map[string]string) Getenv {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func parse(t *testing.T, env map[string]string, args ...string) (Config, error) {
	t.Helper()
	c := Default()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c.ServeFlags(fs, envMap(env))
	if err := fs.Parse(args); err != nil {
		t.Fatalf("parse %v: %v", args, err)
	}
	return c, c.Validate()
}

func TestConfig(t *testing.T) {
	t.Run("defaults run SQLite in ./warta-data on 127.0.0.1:8080", func(t *testing.T) {
		c, err := parse(t, nil)
		if err != nil {
			t.Fatal(err)
		}
		if c.Listen != "127.0.0.1:8080" || c.DataDir != "warta-data" || c.DatabaseURL != "" || c.NoDemo {
			t.Fatalf("defaults: %+v", c)
		}
		if c.BaseURL != "http://127.0.0.1:8080" {
			t.Fatalf("base URL derived from listen: %q", c.BaseURL)
		}
	})
	t.Run("environment variables set every option", func(t *testing.T) {
		c, err := parse(t, map[string]string{
			"WARTA_LISTEN": "0.0.0.0:9000", "WARTA_DATA_DIR": "/srv/warta",
			"WARTA_DATABASE_URL": "postgres://u:secret@db/warta", "WARTA_BASE_URL": "https://news.example.com/",
			"WARTA_NO_DEMO": "true",
		})
		if err != nil {
			t.Fatal(err)
		}
		if c.Listen != "0.0.0.0:9000" || c.DataDir != "/srv/warta" || c.DatabaseURL != "postgres://u:secret@db/warta" || !c.NoDemo {
			t.Fatalf("env not applied: %+v", c)
		}
		if c.BaseURL != "https://news.example.com" {
			t.Fatalf("trailing slash kept: %q", c.BaseURL)
		}
	})
	t.Run("the WXR import screen takes 2 GB unless told otherwise", func(t *testing.T) {
		c, err := parse(t, nil)
		if err != nil || c.ImportMaxMB != 2048 {
			t.Fatalf("default import limit %d MB: %v", c.ImportMaxMB, err)
		}
		c, err = parse(t, map[string]string{"WARTA_IMPORT_MAX_MB": "300"})
		if err != nil || c.ImportMaxMB != 300 {
			t.Fatalf("WARTA_IMPORT_MAX_MB: %d MB: %v", c.ImportMaxMB, err)
		}
	})
	t.Run("the memory limit follows the page cache unless it is set", func(t *testing.T) {
		for _, tc := range []struct {
			env  map[string]string
			args []string
			want int
		}{
			{nil, nil, 192},
			{nil, []string{"--cache-size-mb", "256"}, 576},
			{nil, []string{"--cache-size-mb", "8"}, 80},
			{map[string]string{"WARTA_MEMORY_MB": "512"}, nil, 512},
			{map[string]string{"WARTA_MEMORY_MB": "512"}, []string{"--memory-mb", "96"}, 96},
		} {
			c, err := parse(t, tc.env, tc.args...)
			if err != nil || c.MemoryLimitMB() != tc.want {
				t.Errorf("env %v args %v: limit %d MiB, want %d: %v", tc.env, tc.args, c.MemoryLimitMB(), tc.want, err)
			}
		}
		if _, err := parse(t, nil, "--memory-mb", "16"); err == nil || !strings.Contains(err.Error(), "--memory-mb 16") {
			t.Errorf("16 MiB accepted or error does not name the flag: %v", err)
		}
	})
	t.Run("flags win over environment variables", func(t *testing.T) {
		c, err := parse(t, map[string]string{"WARTA_LISTEN": "0.0.0.0:9000"}, "--listen", "127.0.0.1:7000")
		if err != nil {
			t.Fatal(err)
		}
		if c.Listen != "127.0.0.1:7000" || c.BaseURL != "http://127.0.0.1:7000" {
			t.Fatalf("flag lost: %+v", c)
		}
	})
	t.Run("a wildcard listen address gives a localhost base URL", func(t *testing.T) {
		c, err := parse(t, nil, "--listen", ":8080")
		if err != nil {
			t.Fatal(err)
		}
		if c.BaseURL != "http://localhost:8080" {
			t.Fatalf("base URL: %q", c.BaseURL)
		}
	})
	for _, tc := range []struct {
		name, flag, value, want string
	}{
		{"a MySQL URL is refused by name", "--database-url", "mysql://root@localhost/w", "--database-url"},
		{"a listen address without a port is refused", "--listen", "localhost", "--listen"},
		{"a relative base URL is refused", "--base-url", "news.example.com", "--base-url"},
		{"an unknown log format is refused", "--log-format", "xml", "--log-format"},
		{"a certificate without its key is refused", "--tls-cert", "cert.pem", "--tls-key"},
		{"a key without its certificate is refused", "--tls-key", "key.pem", "--tls-cert"},
		{"a trusted proxy that is no address is refused", "--trusted-proxies", "10.0.0.0/8,lb.internal", "--trusted-proxies"},
		{"an import limit under one megabyte is refused", "--import-max-mb", "0", "--import-max-mb"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parse(t, nil, tc.flag, tc.value)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one naming %s", err, tc.want)
			}
		})
	}
	t.Run("the description hides the database password", func(t *testing.T) {
		c, err := parse(t, nil, "--database-url", "postgres://warta:hunter2@db:5432/warta")
		if err != nil {
			t.Fatal(err)
		}
		if s := c.String(); strings.Contains(s, "hunter2") || !strings.Contains(s, "db:5432") {
			t.Fatalf("String() = %q", s)
		}
	})
	t.Run("a certificate and key serve HTTPS and derive an https base URL", func(t *testing.T) {
		c, err := parse(t, map[string]string{"WARTA_TLS_KEY": "/etc/warta/key.pem"}, "--tls-cert", "/etc/warta/cert.pem", "--listen", "127.0.0.1:8443")
		if err != nil {
			t.Fatal(err)
		}
		if !c.TLS() || c.TLSCert != "/etc/warta/cert.pem" || c.TLSKey != "/etc/warta/key.pem" {
			t.Fatalf("TLS not configured: %+v", c)
		}
		if c.BaseURL != "https://127.0.0.1:8443" {
			t.Fatalf("base URL %q, want https://127.0.0.1:8443", c.BaseURL)
		}
	})
}

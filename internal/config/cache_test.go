package config

import (
	"flag"
	"io"
	"strings"
	"testing"
	"time"
)

func TestCacheConfig(t *testing.T) {
	parse := func(env map[string]string, args ...string) (Config, error) {
		c := Default()
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		c.ServeFlags(fs, func(k string) (string, bool) { v, ok := env[k]; return v, ok })
		if err := fs.Parse(args); err != nil {
			return c, err
		}
		return c, c.Validate()
	}
	t.Run("flags override the environment, which overrides the defaults", func(t *testing.T) {
		c, err := parse(map[string]string{"WARTA_CACHE_SIZE_MB": "128", "WARTA_CACHE_S_MAXAGE": "2m"},
			"--cache-s-maxage", "30s", "--purge-webhook", "https://cdn.example/purge")
		if err != nil {
			t.Fatal(err)
		}
		if c.Cache.SizeMB != 128 || c.Cache.SMaxAge != 30*time.Second || c.Cache.StaleWhileRevalidate != 300*time.Second ||
			c.Cache.PurgeWebhook != "https://cdn.example/purge" {
			t.Errorf("cache config = %+v", c.Cache)
		}
	})
	t.Run("bad values are refused, naming the flag", func(t *testing.T) {
		for _, tt := range []struct {
			env  map[string]string
			args []string
			want string
		}{
			{map[string]string{"WARTA_CACHE_SIZE_MB": "lots"}, nil, "--cache-size-mb"},
			{nil, []string{"--cache-size-mb", "0"}, "--cache-size-mb"},
			{nil, []string{"--purge-webhook", "ftp://x"}, "--purge-webhook"},
			{map[string]string{"WARTA_CACHE_POLL": "1ms"}, nil, "--cache-poll"},
		} {
			_, err := parse(tt.env, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("%v %v: error %v, want one naming %s", tt.env, tt.args, err, tt.want)
			}
		}
	})
}

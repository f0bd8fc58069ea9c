// Package config holds warta's settings for one process: where it listens,
// where its data lives and which database it uses. Values come from
// defaults, then WARTA_* environment variables, then command-line flags.
// There is no package state; every command builds its own Config.
package config

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"warta/internal/locale"
)

// Config is the configuration of one warta process.
type Config struct {
	Listen      string // WARTA_LISTEN, --listen
	BaseURL     string // WARTA_BASE_URL, --base-url; derived from Listen when empty
	DataDir     string // WARTA_DATA_DIR, --data-dir
	DatabaseURL string // WARTA_DATABASE_URL, --database-url; empty: SQLite in DataDir
	// MediaURL (WARTA_MEDIA_URL, --media-url) is where uploaded media
	// live: empty for DataDir's media/, s3://BUCKET/PREFIX for an
	// S3-compatible bucket (credentials from AWS_* variables), or a folder.
	MediaURL string
	// MediaPublicURL (WARTA_MEDIA_PUBLIC_URL, --media-public-url), when
	// set, is the public address of the media (a bucket's or a CDN's):
	// /media/KEY redirects to MediaPublicURL/KEY.
	MediaPublicURL string
	ThemeDir       string // WARTA_THEME_DIR, --theme-dir; files laid over the embedded theme
	NoDemo         bool   // WARTA_NO_DEMO, --no-demo
	// Demo (WARTA_DEMO, --demo) writes the demo site into an empty
	// database given by URL too; without it, demo content goes only into
	// an empty SQLite database.
	Demo      bool
	LogFormat string // WARTA_LOG_FORMAT, --log-format: text or json
	Cache     Cache  // the page cache and caching headers (cache.go)
	Mail      Mail   // the mail worker (mail.go)
	TLSCert   string // WARTA_TLS_CERT, --tls-cert: PEM certificate (chain) file; with TLSKey serves HTTPS
	TLSKey    string // WARTA_TLS_KEY, --tls-key: PEM private key file of TLSCert
	// TrustedProxies (WARTA_TRUSTED_PROXIES, --trusted-proxies) lists the
	// reverse proxies, as addresses or CIDR prefixes separated by commas,
	// whose X-Forwarded-For and X-Forwarded-Proto are believed.
	TrustedProxies string
	// ImportMaxMB (WARTA_IMPORT_MAX_MB, --import-max-mb) caps a WXR file
	// uploaded on the newsroom's import screen, in megabytes.
	ImportMaxMB int
	// UploadMaxMB (WARTA_UPLOAD_MAX_MB, --upload-max-mb) caps an upload to
	// the media library (the newsroom's and the REST API's), in megabytes.
	UploadMaxMB int
	// Metrics says who may read /metrics besides loopback (metrics.go).
	Metrics Metrics
	// MemoryMB (WARTA_MEMORY_MB, --memory-mb) is the memory the Go runtime
	// aims to stay under (its soft limit, as GOMEMLIMIT), in MiB; 0 derives
	// it from the page cache's size (MemoryLimitMB).
	MemoryMB int

	ShutdownTimeout time.Duration // how long in-flight requests get on SIGTERM
}

// Default returns a configuration that runs as it is: SQLite under
// ./warta-data, listening on 127.0.0.1:8080.
func Default() Config {
	return Config{
		Listen:          "127.0.0.1:8080",
		DataDir:         "warta-data",
		LogFormat:       "text",
		Cache:           DefaultCache(),
		Mail:            DefaultMail(),
		ImportMaxMB:     2048,
		UploadMaxMB:     25,
		ShutdownTimeout: 10 * time.Second,
	}
}

// Getenv looks up an environment variable; os.LookupEnv fits.
type Getenv func(key string) (string, bool)

// StorageFlags registers --data-dir, --database-url and --media-url, which
// every command takes, with defaults from env over c.
func (c *Config) StorageFlags(fs *flag.FlagSet, env Getenv) {
	fs.StringVar(&c.DataDir, "data-dir", envOr(env, "WARTA_DATA_DIR", c.DataDir),
		"cli.flag.data_dir")
	fs.StringVar(&c.DatabaseURL, "database-url", envOr(env, "WARTA_DATABASE_URL", c.DatabaseURL),
		"cli.flag.database_url")
	fs.StringVar(&c.MediaURL, "media-url", envOr(env, "WARTA_MEDIA_URL", c.MediaURL),
		"cli.flag.media_url")
}

// ServeFlags registers the flags of `warta serve`, with defaults from env over c.
func (c *Config) ServeFlags(fs *flag.FlagSet, env Getenv) {
	c.StorageFlags(fs, env)
	fs.StringVar(&c.Listen, "listen", envOr(env, "WARTA_LISTEN", c.Listen),
		"cli.flag.listen")
	fs.StringVar(&c.BaseURL, "base-url", envOr(env, "WARTA_BASE_URL", c.BaseURL),
		"cli.flag.base_url")
	fs.StringVar(&c.ThemeDir, "theme-dir", envOr(env, "WARTA_THEME_DIR", c.ThemeDir),
		"cli.flag.theme_dir")
	fs.BoolVar(&c.NoDemo, "no-demo", envBool(env, "WARTA_NO_DEMO", c.NoDemo),
		"cli.flag.no_demo")
	fs.BoolVar(&c.Demo, "demo", envBool(env, "WARTA_DEMO", c.Demo),
		"cli.flag.demo")
	fs.StringVar(&c.LogFormat, "log-format", envOr(env, "WARTA_LOG_FORMAT", c.LogFormat),
		"cli.flag.log_format")
	c.Cache.cacheFlags(fs, env)
	c.Mail.mailFlags(fs, env)
	fs.StringVar(&c.TLSCert, "tls-cert", envOr(env, "WARTA_TLS_CERT", c.TLSCert),
		"cli.flag.tls_cert")
	fs.StringVar(&c.TLSKey, "tls-key", envOr(env, "WARTA_TLS_KEY", c.TLSKey),
		"cli.flag.tls_key")
	fs.StringVar(&c.TrustedProxies, "trusted-proxies", envOr(env, "WARTA_TRUSTED_PROXIES", c.TrustedProxies),
		"cli.flag.trusted_proxies")
	fs.IntVar(&c.ImportMaxMB, "import-max-mb", envInt(env, "WARTA_IMPORT_MAX_MB", c.ImportMaxMB),
		"cli.flag.import_max_mb")
	fs.IntVar(&c.UploadMaxMB, "upload-max-mb", envInt(env, "WARTA_UPLOAD_MAX_MB", c.UploadMaxMB),
		"cli.flag.upload_max_mb")
	c.Metrics.metricsFlags(fs, env)
	fs.StringVar(&c.MediaPublicURL, "media-public-url", envOr(env, "WARTA_MEDIA_PUBLIC_URL", c.MediaPublicURL),
		"cli.flag.media_public_url")
	fs.IntVar(&c.MemoryMB, "memory-mb", envInt(env, "WARTA_MEMORY_MB", c.MemoryMB),
		"cli.flag.memory_mb")
}

// MemoryLimitMB is the soft memory limit serve gives the Go runtime:
// MemoryMB, or room for a full page cache, the rest of the live heap and
// as much again to collect in, so a full cache never makes the collector
// run back to back.
func (c Config) MemoryLimitMB() int {
	if c.MemoryMB > 0 {
		return c.MemoryMB
	}
	return 2*c.Cache.SizeMB + 64
}

// TLS reports whether the site is served over HTTPS.
func (c Config) TLS() bool { return c.TLSCert != "" && c.TLSKey != "" }

func envOr(env Getenv, key, def string) string {
	if v, ok := env(key); ok && v != "" {
		return v
	}
	return def
}

func envBool(env Getenv, key string, def bool) bool {
	v, ok := env(key)
	if !ok || v == "" {
		return def
	}
	switch strings.ToLower(v) {
	case "1", "true", "yes", "on":
		return true
	}
	return false
}

// Validate checks the configuration and fills what derives from other
// fields (BaseURL from Listen). Its errors name the flag at fault.
func (c *Config) Validate() error {
	var errs []error
	if c.ImportMaxMB < 1 {
		errs = append(errs, locale.Errorf("config.err.import_max_mb", c.ImportMaxMB))
	}
	if c.UploadMaxMB < 1 || c.UploadMaxMB > 1024 {
		errs = append(errs, locale.Errorf("config.err.upload_max_mb", c.UploadMaxMB))
	}
	if c.MemoryMB != 0 && c.MemoryMB < 32 {
		errs = append(errs, locale.Errorf("config.err.memory_mb", c.MemoryMB))
	}
	if c.DataDir == "" {
		errs = append(errs, locale.Errorf("config.err.data_dir_empty"))
	}
	if c.DatabaseURL != "" && !IsPostgres(c.DatabaseURL) {
		errs = append(errs, locale.Errorf("config.err.database_url", Redact(c.DatabaseURL)))
	}
	if c.Demo && c.NoDemo {
		errs = append(errs, locale.Errorf("config.err.demo_both"))
	}
	if c.MediaPublicURL != "" {
		u, err := url.Parse(c.MediaPublicURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" {
			errs = append(errs, locale.Errorf("config.err.media_public_url", c.MediaPublicURL))
		}
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		errs = append(errs, locale.Errorf("config.err.tls_pair"))
	}
	for _, p := range strings.Split(c.TrustedProxies, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if _, err := netip.ParsePrefix(p); err != nil {
			if _, err := netip.ParseAddr(p); err != nil {
				errs = append(errs, locale.Errorf("config.err.trusted_proxies", p))
			}
		}
	}
	if _, err := c.Metrics.AllowPrefixes(); err != nil {
		errs = append(errs, err)
	}
	host, port, err := net.SplitHostPort(c.Listen)
	if err != nil {
		errs = append(errs, locale.Errorf("config.err.listen", c.Listen))
	}
	if c.BaseURL == "" && err == nil {
		if host == "" || host == "0.0.0.0" || host == "::" {
			host = "localhost"
		}
		scheme := "http://"
		if c.TLS() {
			scheme = "https://"
		}
		c.BaseURL = scheme + net.JoinHostPort(host, port)
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, locale.Errorf("config.err.base_url", c.BaseURL))
		}
		c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	}
	switch c.LogFormat {
	case "text", "json":
	default:
		errs = append(errs, locale.Errorf("config.err.log_format", c.LogFormat))
	}
	if err := c.Cache.validate(); err != nil {
		errs = append(errs, err)
	}
	if err := c.Mail.validate(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// MediaDir is where uploaded and generated media files live.
func (c Config) MediaDir() string { return filepath.Join(c.DataDir, "media") }

// IsPostgres reports whether dsn selects PostgreSQL.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Redact returns dsn with any password replaced, for logs and messages.
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// String describes the configuration with secrets redacted.
func (c Config) String() string {
	db := "sqlite:" + filepath.Join(c.DataDir, "warta.db")
	if c.DatabaseURL != "" {
		db = Redact(c.DatabaseURL)
	}
	s := fmt.Sprintf("listen=%s base_url=%s data_dir=%s database=%s", c.Listen, c.BaseURL, c.DataDir, db)
	if c.MediaURL != "" {
		s += " media=" + c.MediaURL
	}
	return s
}

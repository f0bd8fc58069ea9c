package config

import (
	"errors"
	"flag"
	"net/url"
	"strconv"
	"time"

	"warta/internal/locale"
)

// Cache configures the page cache and the caching headers of one process.
type Cache struct {
	Disabled             bool          // WARTA_CACHE_DISABLED, --cache-disabled: render every request
	SizeMB               int           // WARTA_CACHE_SIZE_MB, --cache-size-mb: memory for cached pages
	SMaxAge              time.Duration // WARTA_CACHE_S_MAXAGE, --cache-s-maxage: how long CDNs keep a page
	StaleWhileRevalidate time.Duration // WARTA_CACHE_STALE_WHILE_REVALIDATE, --cache-stale-while-revalidate
	PurgeWebhook         string        // WARTA_PURGE_WEBHOOK, --purge-webhook: POSTed {"tags":[…]} on changes
	Poll                 time.Duration // WARTA_CACHE_POLL, --cache-poll: SQLite change polling interval
}

// DefaultCache is the cache configuration Default uses.
func DefaultCache() Cache {
	return Cache{SizeMB: 64, SMaxAge: 60 * time.Second, StaleWhileRevalidate: 300 * time.Second, Poll: 200 * time.Millisecond}
}

// cacheFlags registers the page cache's flags, with defaults from env over c.
func (c *Cache) cacheFlags(fs *flag.FlagSet, env Getenv) {
	fs.BoolVar(&c.Disabled, "cache-disabled", envBool(env, "WARTA_CACHE_DISABLED", c.Disabled),
		"cli.flag.cache_disabled")
	fs.IntVar(&c.SizeMB, "cache-size-mb", envInt(env, "WARTA_CACHE_SIZE_MB", c.SizeMB),
		"cli.flag.cache_size_mb")
	fs.DurationVar(&c.SMaxAge, "cache-s-maxage", envDuration(env, "WARTA_CACHE_S_MAXAGE", c.SMaxAge),
		"cli.flag.cache_s_maxage")
	fs.DurationVar(&c.StaleWhileRevalidate, "cache-stale-while-revalidate",
		envDuration(env, "WARTA_CACHE_STALE_WHILE_REVALIDATE", c.StaleWhileRevalidate),
		"cli.flag.cache_stale_while_revalidate")
	fs.StringVar(&c.PurgeWebhook, "purge-webhook", envOr(env, "WARTA_PURGE_WEBHOOK", c.PurgeWebhook),
		"cli.flag.purge_webhook")
	fs.DurationVar(&c.Poll, "cache-poll", envDuration(env, "WARTA_CACHE_POLL", c.Poll),
		"cli.flag.cache_poll")
}

func (c Cache) validate() error {
	var errs []error
	if c.SizeMB < 1 {
		errs = append(errs, locale.Errorf("config.err.cache_size_mb", c.SizeMB))
	}
	if c.SMaxAge < 0 {
		errs = append(errs, locale.Errorf("config.err.cache_s_maxage", c.SMaxAge))
	}
	if c.StaleWhileRevalidate < 0 {
		errs = append(errs, locale.Errorf("config.err.cache_swr", c.StaleWhileRevalidate))
	}
	if c.Poll < 10*time.Millisecond {
		errs = append(errs, locale.Errorf("config.err.cache_poll", c.Poll))
	}
	if c.PurgeWebhook != "" {
		u, err := url.Parse(c.PurgeWebhook)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, locale.Errorf("config.err.purge_webhook", Redact(c.PurgeWebhook)))
		}
	}
	return errors.Join(errs...)
}

// envInt and envDuration read a number or a duration; a value that does
// not parse is kept as the default here and reported by the flag package
// when it is given as a flag. An unparsable environment value falls back
// to -1 (or -1ns), which validation then names.
func envInt(env Getenv, key string, def int) int {
	v, ok := env(key)
	if !ok || v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return -1
	}
	return n
}

func envDuration(env Getenv, key string, def time.Duration) time.Duration {
	v, ok := env(key)
	if !ok || v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return -1
	}
	return d
}

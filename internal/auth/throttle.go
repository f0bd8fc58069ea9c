package auth

import (
	"strings"
	"sync"
	"time"
)

// Throttle limits failed sign-ins per account and per address: after
// MaxPerLogin failures for one login, or MaxPerIP from one address, within
// Window, further attempts are refused until the oldest failure leaves the
// window. A success clears the account's failures. It lives in the
// process: several instances each keep their own count, which multiplies
// the limit by the number of instances but never lets it go unbounded.
type Throttle struct {
	MaxPerLogin int
	MaxPerIP    int
	Window      time.Duration

	mu       sync.Mutex
	failures map[string][]time.Time
}

// NewThrottle returns a throttle with warta's limits: 5 failures per
// account and 20 per address in 15 minutes.
func NewThrottle() *Throttle {
	return &Throttle{MaxPerLogin: 5, MaxPerIP: 20, Window: 15 * time.Minute, failures: map[string][]time.Time{}}
}

func loginKey(login string) string { return "login:" + strings.ToLower(login) }
func ipKey(ip string) string       { return "ip:" + ip }

// recent drops failures older than the window and returns the rest.
func (t *Throttle) recent(key string, now time.Time) []time.Time {
	list := t.failures[key]
	i := 0
	for i < len(list) && now.Sub(list[i]) >= t.Window {
		i++
	}
	list = list[i:]
	if len(list) == 0 {
		delete(t.failures, key)
		return nil
	}
	t.failures[key] = list
	return list
}

// Allowed reports whether a sign-in for login from ip may be tried now and,
// when not, how long until it may.
func (t *Throttle) Allowed(login, ip string, now time.Time) (bool, time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	var wait time.Duration
	check := func(key string, max int) {
		if list := t.recent(key, now); len(list) >= max {
			wait = maxDuration(wait, list[len(list)-max].Add(t.Window).Sub(now))
		}
	}
	check(loginKey(login), t.MaxPerLogin)
	check(ipKey(ip), t.MaxPerIP)
	return wait == 0, wait
}

// maxKeys bounds the memory an attacker trying many logins from many
// addresses can make the throttle hold; past it, expired entries go.
const maxKeys = 50_000

// Fail records a failed sign-in.
func (t *Throttle) Fail(login, ip string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.failures) >= maxKeys {
		for k := range t.failures {
			t.recent(k, now)
		}
	}
	for _, k := range []string{loginKey(login), ipKey(ip)} {
		t.failures[k] = append(t.recent(k, now), now)
	}
}

// Succeed clears the account's failures.
func (t *Throttle) Succeed(login string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.failures, loginKey(login))
}

func maxDuration(a, b time.Duration) time.Duration {
	if a > b {
		return a
	}
	return b
}

// Package ratelimit limits how often one key (a client address, a login
// name) may do something, with a token bucket per key and a bounded number
// of keys, so a flood of distinct keys cannot exhaust memory.
//
// Sign-in, comments, REST writes and search share it: the server applies
// the per-address rules to whole routes (see server.RateRule); a front end
// that limits on something only it knows (the login name typed into a form)
// calls Allow itself and answers with httpx.TooManyRequests.
package ratelimit

import (
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Limiter grants each key burst actions at once, refilled at one action per
// every. It is safe for concurrent use; build it with New.
type Limiter struct {
	every   time.Duration
	burst   float64
	maxKeys int
	now     func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

// New returns a limiter allowing burst actions at once per key and one more
// per every after that, tracking at most maxKeys keys (at least 16).
func New(every time.Duration, burst, maxKeys int) *Limiter {
	if every <= 0 {
		panic("ratelimit: every must be positive")
	}
	if burst < 1 {
		burst = 1
	}
	return &Limiter{
		every:   every,
		burst:   float64(burst),
		maxKeys: max(maxKeys, 16),
		now:     time.Now,
		buckets: make(map[string]*bucket),
	}
}

// Allow takes one action from key's bucket. It reports whether the action
// may go ahead and, when not, how long until it may.
func (l *Limiter) Allow(key string) (ok bool, retryAfter time.Duration) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[key]
	if b == nil {
		if len(l.buckets) >= l.maxKeys {
			l.shrinkLocked(now)
		}
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	} else {
		l.refill(b, now)
	}
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := time.Duration((1 - b.tokens) * float64(l.every))
	return false, wait
}

func (l *Limiter) refill(b *bucket, now time.Time) {
	if elapsed := now.Sub(b.last); elapsed > 0 {
		b.tokens = math.Min(l.burst, b.tokens+float64(elapsed)/float64(l.every))
		b.last = now
	}
}

// shrinkLocked makes room for new keys: it drops every bucket that has
// refilled completely (forgetting it changes nothing), and if the table is
// still over 90% full it drops arbitrary buckets down to that mark. Keys
// dropped that way start again with a full bucket, which lets a client
// among a flood of others through early rather than letting the flood
// lock everyone out or grow the table without bound. Amortized, each Allow
// stays O(1): a shrink frees at least a tenth of the table.
func (l *Limiter) shrinkLocked(now time.Time) {
	for k, b := range l.buckets {
		l.refill(b, now)
		if b.tokens >= l.burst {
			delete(l.buckets, k)
		}
	}
	target := l.maxKeys * 9 / 10
	for k := range l.buckets {
		if len(l.buckets) <= target {
			break
		}
		delete(l.buckets, k)
	}
}

// Len returns the number of keys tracked, for tests and metrics.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}

// SetClock replaces the limiter's clock, for tests.
func (l *Limiter) SetClock(now func() time.Time) { l.now = now }

// RetryAfterSeconds is retryAfter as the whole seconds a Retry-After header
// carries, rounded up and at least 1.
func RetryAfterSeconds(retryAfter time.Duration) int {
	return max(1, int(math.Ceil(retryAfter.Seconds())))
}

// SetRetryAfter sets w's Retry-After header from retryAfter.
func SetRetryAfter(w http.ResponseWriter, retryAfter time.Duration) {
	w.Header().Set("Retry-After", strconv.Itoa(RetryAfterSeconds(retryAfter)))
}

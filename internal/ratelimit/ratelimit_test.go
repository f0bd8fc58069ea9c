package ratelimit

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

func newTest(every time.Duration, burst, maxKeys int) (*Limiter, *clock) {
	c := &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	l := New(every, burst, maxKeys)
	l.SetClock(c.now)
	return l, c
}

func TestLimiter(t *testing.T) {
	t.Run("a key gets its burst, then waits one interval per action", func(t *testing.T) {
		l, c := newTest(10*time.Second, 3, 100)
		for i := range 3 {
			if ok, _ := l.Allow("a"); !ok {
				t.Fatalf("action %d refused within the burst", i+1)
			}
		}
		ok, wait := l.Allow("a")
		if ok || wait != 10*time.Second {
			t.Fatalf("over the burst: ok=%v wait=%s, want refused for 10s", ok, wait)
		}
		c.advance(4 * time.Second)
		if ok, wait := l.Allow("a"); ok || wait != 6*time.Second {
			t.Fatalf("after 4s: ok=%v wait=%s, want refused for 6s", ok, wait)
		}
		c.advance(6 * time.Second)
		if ok, _ := l.Allow("a"); !ok {
			t.Fatal("refused after a full interval")
		}
		if ok, _ := l.Allow("a"); ok {
			t.Fatal("a refill of one granted two")
		}
	})
	t.Run("keys do not share a bucket", func(t *testing.T) {
		l, _ := newTest(time.Minute, 1, 100)
		l.Allow("a")
		if ok, _ := l.Allow("b"); !ok {
			t.Fatal("b limited by a's use")
		}
	})
	t.Run("an idle key refills to its burst, not beyond", func(t *testing.T) {
		l, c := newTest(time.Second, 2, 100)
		l.Allow("a")
		c.advance(time.Hour)
		n := 0
		for {
			if ok, _ := l.Allow("a"); !ok {
				break
			}
			n++
		}
		if n != 2 {
			t.Fatalf("after an hour idle: %d actions, want the burst of 2", n)
		}
	})
	t.Run("a flood of distinct keys stays within the key bound", func(t *testing.T) {
		l, c := newTest(time.Minute, 5, 1000)
		for i := range 100_000 {
			l.Allow(fmt.Sprint("10.0.", i/256, ".", i%256))
			if i%1000 == 0 {
				c.advance(time.Millisecond)
			}
		}
		if n := l.Len(); n > 1000 {
			t.Fatalf("%d keys tracked, bound 1000", n)
		}
	})
	t.Run("a key still limited during a flood stays limited unless pushed out", func(t *testing.T) {
		l, c := newTest(time.Minute, 1, 1000)
		l.Allow("attacker")
		// Full buckets of one-off keys are dropped first.
		for i := range 500 {
			l.Allow(fmt.Sprint("k", i))
		}
		c.advance(2 * time.Minute) // the one-off keys' buckets are full again
		for i := range 600 {
			l.Allow(fmt.Sprint("j", i))
		}
		l.Allow("attacker")
		if ok, _ := l.Allow("attacker"); ok {
			t.Fatal("attacker's empty bucket was dropped while full ones were kept")
		}
	})
	t.Run("concurrent use grants exactly the burst", func(t *testing.T) {
		l := New(time.Hour, 50, 100)
		var wg sync.WaitGroup
		var mu sync.Mutex
		granted := 0
		for range 200 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if ok, _ := l.Allow("shared"); ok {
					mu.Lock()
					granted++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if granted != 50 {
			t.Fatalf("granted %d, want 50", granted)
		}
	})
	t.Run("Retry-After rounds up to whole seconds, at least one", func(t *testing.T) {
		for d, want := range map[time.Duration]int{0: 1, 200 * time.Millisecond: 1, 1500 * time.Millisecond: 2, 10 * time.Second: 10} {
			if got := RetryAfterSeconds(d); got != want {
				t.Errorf("RetryAfterSeconds(%s) = %d, want %d", d, got, want)
			}
		}
	})
}

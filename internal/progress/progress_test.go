package progress

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"

	"warta/internal/locale"
)

// fakeClock is a time the test moves by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }
func newClock() *fakeClock                   { return &fakeClock{time.Date(2026, 12, 4, 1, 0, 0, 0, time.UTC)} }
func (c *fakeClock) tick(r *Reporter, d time.Duration) {
	c.advance(d)
	r.mu.Lock()
	r.update(c.now())
	r.mu.Unlock()
}

func TestLines(t *testing.T) {
	t.Run("a line every interval with the count, percentage, rate and time left", func(t *testing.T) {
		var buf bytes.Buffer
		c := newClock()
		r := newReporter(&buf, Options{Label: "posts", Total: 1000, Style: Lines, Printer: locale.New("en")}, c.now)
		for range 20 { // 4 s at 100 posts a second
			r.Add(20)
			c.tick(r, 200*time.Millisecond)
		}
		if buf.Len() != 0 {
			t.Fatalf("wrote before the 5 s interval: %q", buf.String())
		}
		for range 5 {
			r.Add(20)
			c.tick(r, 200*time.Millisecond)
		}
		want := "posts: 500/1000 (50%), 100/s, 0:05 left\n"
		if buf.String() != want {
			t.Fatalf("got %q, want %q", buf.String(), want)
		}
		r.Set(1000)
		c.advance(5 * time.Second)
		r.Finish()
		lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
		if got, want := lines[len(lines)-1], "posts: 1000, 100/s, done in 0:10"; got != want {
			t.Fatalf("last line %q, want %q", got, want)
		}
	})
	t.Run("a job shorter than one interval writes nothing", func(t *testing.T) {
		var buf bytes.Buffer
		c := newClock()
		r := newReporter(&buf, Options{Label: "posts", Total: 10, Style: Lines}, c.now)
		r.Add(10)
		c.tick(r, time.Second)
		r.Finish()
		if buf.Len() != 0 {
			t.Fatalf("wrote %q", buf.String())
		}
	})
	t.Run("Indonesian words when the printer speaks Indonesian", func(t *testing.T) {
		var buf bytes.Buffer
		c := newClock()
		r := newReporter(&buf, Options{Label: "artikel", Total: 100, Style: Lines, Interval: time.Second, Printer: locale.New("id")}, c.now)
		r.Add(10)
		c.tick(r, time.Second)
		if want := "artikel: 10/100 (10%), 10/s, sisa 0:09\n"; buf.String() != want {
			t.Fatalf("got %q, want %q", buf.String(), want)
		}
		r.Set(100)
		c.advance(9 * time.Second)
		r.Finish()
		if !strings.HasSuffix(buf.String(), "artikel: 100, 10/s, selesai dalam 0:10\n") {
			t.Fatalf("got %q", buf.String())
		}
	})
	t.Run("an unknown total shows the count and rate, no time left", func(t *testing.T) {
		var buf bytes.Buffer
		c := newClock()
		r := newReporter(&buf, Options{Label: "records", Style: Lines, Interval: time.Second, Printer: locale.New("en")}, c.now)
		r.Add(300)
		c.tick(r, time.Second)
		if want := "records: 300, 300/s\n"; buf.String() != want {
			t.Fatalf("got %q, want %q", buf.String(), want)
		}
	})
	t.Run("bytes are shown as sizes", func(t *testing.T) {
		var buf bytes.Buffer
		c := newClock()
		r := newReporter(&buf, Options{Label: "media", Total: 50_000_000, Bytes: true, Style: Lines, Interval: time.Second, Printer: locale.New("en")}, c.now)
		r.Add(2_500_000)
		c.tick(r, time.Second)
		if want := "media: 2.5 MB/50 MB (5%), 2.5 MB/s, 0:19 left\n"; buf.String() != want {
			t.Fatalf("got %q, want %q", buf.String(), want)
		}
	})
}

func TestRateFollowsTheRecentPace(t *testing.T) {
	var buf bytes.Buffer
	c := newClock()
	r := newReporter(&buf, Options{Label: "posts", Total: 100_000, Style: Lines, Interval: time.Hour, Printer: locale.New("en")}, c.now)
	for range 100 { // 20 s at 1000/s
		r.Add(200)
		c.tick(r, 200*time.Millisecond)
	}
	for range 100 { // then 20 s at 100/s
		r.Add(20)
		c.tick(r, 200*time.Millisecond)
	}
	if got := r.rate(c.now(), false); got < 95 || got > 105 {
		t.Fatalf("rate %.0f/s after slowing to 100/s, want about 100 (the average would be 550)", got)
	}
}

func TestBar(t *testing.T) {
	var buf bytes.Buffer
	c := newClock()
	r := newReporter(&buf, Options{Label: "posts", Total: 200, Style: Bar, Width: 60, Printer: locale.New("en")}, c.now)
	r.Add(50)
	c.tick(r, time.Second)
	got := buf.String()
	if !strings.HasPrefix(got, "\rposts ▕") || !strings.HasSuffix(got, "▏ 50/200 (25%), 50/s, 0:03 left\x1b[K") {
		t.Fatalf("bar %q", got)
	}
	if n := len([]rune(strings.TrimSuffix(strings.TrimPrefix(got, "\r"), "\x1b[K"))); n > 59 {
		t.Fatalf("bar is %d columns wide on a 60-column terminal", n)
	}
	if full, empty := strings.Count(got, "█"), strings.Count(got, "░"); full*4 > full+empty || (full+1)*4 <= full+empty {
		t.Fatalf("a quarter done draws %d full and %d empty cells", full, empty)
	}
	buf.Reset()
	r.Set(200)
	c.advance(3 * time.Second)
	r.Finish()
	if got := buf.String(); !strings.HasSuffix(got, "▏ 200, 50/s, done in 0:04\x1b[K\n") || strings.Contains(got, "░") {
		t.Fatalf("final bar %q", got)
	}
}

func TestNarrowTerminalDropsTheBarButKeepsTheNumbers(t *testing.T) {
	var buf bytes.Buffer
	c := newClock()
	r := newReporter(&buf, Options{Label: "posts", Total: 200, Style: Bar, Width: 40, Printer: locale.New("en")}, c.now)
	r.Add(50)
	c.tick(r, time.Second)
	if got, want := buf.String(), "\rposts 50/200 (25%), 50/s, 0:03 left\x1b[K"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

// syncBuffer is a bytes.Buffer the reporter's clock may write to while
// the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestNewOnAPipeWritesLinesOnItsOwnClock(t *testing.T) {
	var buf syncBuffer
	r := New(&buf, Options{Label: "records", Total: 10, Interval: 300 * time.Millisecond, Printer: locale.New("en")})
	r.Add(3)
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(buf.String(), "records: 3/10 (30%)") {
		if time.Now().After(deadline) {
			t.Fatalf("no line after 10 s without a call; got %q", buf.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	r.Add(7)
	r.Finish()
	r.Finish() // a second call does nothing
	out := buf.String()
	if strings.Contains(out, "\r") || strings.Contains(out, "\x1b") {
		t.Fatalf("a buffer is not a terminal, but got control characters: %q", out)
	}
	if !strings.Contains(out, "records: 10, ") {
		t.Fatalf("no final line: %q", out)
	}
}

func TestOffWritesNothing(t *testing.T) {
	var buf syncBuffer
	r := New(&buf, Options{Label: "records", Total: 10, Style: Off, Interval: time.Millisecond})
	r.Add(10)
	time.Sleep(3 * tick)
	r.Finish()
	if got := buf.String(); got != "" {
		t.Fatalf("quiet reporter wrote %q", got)
	}
}

func TestSize(t *testing.T) {
	for _, c := range []struct {
		n      int64
		en, id string
	}{
		{0, "0 B", "0 B"},
		{999, "999 B", "999 B"},
		{3400, "3.4 KB", "3,4 KB"},
		{12_345_678, "12 MB", "12 MB"},
		{1_250_000_000, "1.2 GB", "1,2 GB"},
	} {
		if got := Size(locale.New("en"), c.n); got != c.en {
			t.Errorf("Size(en, %d) = %q, want %q", c.n, got, c.en)
		}
		if got := Size(locale.New("id"), c.n); got != c.id {
			t.Errorf("Size(id, %d) = %q, want %q", c.n, got, c.id)
		}
	}
}

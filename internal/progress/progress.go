// Package progress shows how far a long job has come: on a terminal one
// line that redraws itself (a bar with the count, the rate and the time
// left), elsewhere — a log file, a pipe, systemd's journal — a plain line
// every few seconds, and nothing at all when asked to be quiet.
//
// Every long command (generate, import, export, backup, restore) reports
// through it, so they all look and behave alike. A Reporter is fed counts
// from the job (Add, Set) and draws on its own clock, so a slow step
// still shows its rate falling and its time left growing.
package progress

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/term"

	"warta/internal/locale"
)

// Style is how a Reporter shows progress.
type Style int

const (
	// Auto draws a bar when the writer is a terminal and lines otherwise.
	Auto Style = iota
	// Bar redraws one line in place (carriage return, erase to the end).
	Bar
	// Lines writes a new line every Options.Interval.
	Lines
	// Off shows nothing.
	Off
)

// Options configure a Reporter. The zero value reports in Auto style,
// counts things, and writes a line every 5 seconds when not on a terminal.
type Options struct {
	// Label names what is counted, in the user's language ("artikel",
	// "records", "media files"); it starts every line.
	Label string
	// Total is how many there are; 0 when unknown (no bar, no time left).
	Total int64
	// Bytes formats the count, total and rate as sizes (KB, MB, GB).
	Bytes bool
	// Style chooses bar, lines or nothing; Auto looks at the writer.
	Style Style
	// Interval is the time between two lines in the Lines style; 0 means
	// 5 seconds.
	Interval time.Duration
	// Width is the terminal's width for the Bar style; 0 asks the
	// terminal, or takes 80 columns.
	Width int
	// Printer gives the words ("2:05 left"); nil speaks the default
	// language.
	Printer *locale.Printer
}

// Reporter shows one job's progress. Its methods are safe for concurrent
// use. Finish must be called once the job ends, successfully or not: it
// stops the clock and leaves the last state on the screen.
type Reporter struct {
	w        io.Writer
	opt      Options
	p        *locale.Printer
	done     atomic.Int64
	total    atomic.Int64
	start    time.Time
	now      func() time.Time
	stop     chan struct{}
	finished chan struct{}
	once     sync.Once
	clock    bool // run draws on its own ticker

	mu       sync.Mutex // guards the fields below, drawn by the clock goroutine and Finish
	samples  []sample   // recent counts, for the rate
	lastLine time.Time  // Lines: when the last line was written
	drawn    bool       // something has been written
}

type sample struct {
	at   time.Time
	done int64
}

// tick is how often the clock looks at the count: a terminal redraws this
// often, and lines are written on the first tick past their interval.
const tick = 200 * time.Millisecond

// rateWindow is how far back the rate looks, so it follows a job that
// speeds up or slows down without jumping at every batch.
const rateWindow = 10 * time.Second

// New starts a Reporter writing to w. With Style Auto it draws a bar when
// w is a terminal, lines otherwise.
func New(w io.Writer, opt Options) *Reporter {
	r := newReporter(w, opt, time.Now)
	if opt.Style != Off {
		r.clock = true
		go r.run()
	}
	return r
}

// newReporter returns a Reporter reading the time from now, without its
// clock; tests call update themselves.
func newReporter(w io.Writer, opt Options, now func() time.Time) *Reporter {
	if opt.Style == Auto {
		opt.Style = Lines
		if IsTerminal(w) {
			opt.Style = Bar
		}
	}
	if opt.Interval <= 0 {
		opt.Interval = 5 * time.Second
	}
	if opt.Width <= 0 {
		opt.Width = 80
		if f, ok := w.(*os.File); ok {
			if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 20 {
				opt.Width = cols
			}
		}
	}
	p := opt.Printer
	if p == nil {
		p = locale.New(locale.Default)
	}
	r := &Reporter{w: w, opt: opt, p: p, now: now, stop: make(chan struct{}), finished: make(chan struct{})}
	r.total.Store(opt.Total)
	r.start = now()
	r.lastLine = r.start
	r.samples = []sample{{r.start, 0}}
	return r
}

// IsTerminal reports whether w is a terminal, where a bar can redraw
// itself; a file, a pipe or a buffer is not.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// Add counts n more done.
func (r *Reporter) Add(n int64) { r.done.Add(n) }

// Set says how many are done so far.
func (r *Reporter) Set(done int64) { r.done.Store(done) }

// SetTotal changes the total, for jobs that learn it as they go.
func (r *Reporter) SetTotal(total int64) { r.total.Store(total) }

// Done returns the count so far.
func (r *Reporter) Done() int64 { return r.done.Load() }

// Finish stops the Reporter. In the Bar style it draws the final count
// and ends the line; in the Lines style it writes a last line if it wrote
// any before (a job shorter than one interval stays silent). Calling it
// again does nothing.
func (r *Reporter) Finish() {
	r.once.Do(func() {
		if r.opt.Style == Off {
			return
		}
		if r.clock {
			close(r.stop)
			<-r.finished
		}
		r.mu.Lock()
		defer r.mu.Unlock()
		now := r.now()
		switch r.opt.Style {
		case Bar:
			r.drawBar(now, true)
			io.WriteString(r.w, "\n")
		case Lines:
			if r.drawn {
				io.WriteString(r.w, r.line(now, true)+"\n")
			}
		}
	})
}

func (r *Reporter) run() {
	defer close(r.finished)
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		select {
		case <-r.stop:
			return
		case <-t.C:
			r.mu.Lock()
			r.update(r.now())
			r.mu.Unlock()
		}
	}
}

// update records a sample and draws what the style asks for at now.
func (r *Reporter) update(now time.Time) {
	r.samples = append(r.samples, sample{now, r.done.Load()})
	cut := 0
	for cut < len(r.samples)-2 && now.Sub(r.samples[cut+1].at) >= rateWindow {
		cut++
	}
	r.samples = r.samples[cut:]
	switch r.opt.Style {
	case Bar:
		r.drawBar(now, false)
	case Lines:
		if now.Sub(r.lastLine) >= r.opt.Interval {
			io.WriteString(r.w, r.line(now, false)+"\n")
			r.lastLine = now
			r.drawn = true
		}
	}
}

// rate returns things per second over the recent samples, or over the
// whole job when it has just begun or has finished.
func (r *Reporter) rate(now time.Time, final bool) float64 {
	done := r.done.Load()
	if final || len(r.samples) < 2 {
		el := now.Sub(r.start).Seconds()
		if el <= 0 {
			return 0
		}
		return float64(done) / el
	}
	first := r.samples[0]
	el := now.Sub(first.at).Seconds()
	if el <= 0 {
		return 0
	}
	return float64(done-first.done) / el
}

// status is the part every style shares: "1234/5000 (24%), 512/s, 0:07
// left" while running; "5000, 512/s, done in 0:10" at the end.
func (r *Reporter) status(now time.Time, final bool) string {
	done, total := r.done.Load(), r.total.Load()
	rate := r.rate(now, final)
	var b strings.Builder
	b.WriteString(r.count(done))
	if total > 0 && !(final && done == total) {
		b.WriteString("/" + r.count(total))
		pct := min(100, done*100/total)
		b.WriteString(" (" + strconv.FormatInt(pct, 10) + "%)")
	}
	b.WriteString(", " + r.count(int64(rate+0.5)) + "/s")
	switch {
	case final:
		b.WriteString(", " + r.p.T("progress.finished", locale.Duration(now.Sub(r.start))))
	case total > 0 && rate > 0 && done < total:
		left := time.Duration(float64(total-done) / rate * float64(time.Second))
		b.WriteString(", " + r.p.T("progress.left", locale.Duration(left+time.Second-1)))
	}
	return b.String()
}

func (r *Reporter) line(now time.Time, final bool) string {
	return r.opt.Label + ": " + r.status(now, final)
}

// drawBar redraws the terminal line: "label ▕████░░░░▏ status", the bar
// taking the width the rest leaves (none when the total is unknown).
func (r *Reporter) drawBar(now time.Time, final bool) {
	status := r.status(now, final)
	text := r.opt.Label + " " + status
	if total := r.total.Load(); total > 0 {
		room := r.opt.Width - 1 - len([]rune(r.opt.Label)) - len([]rune(status)) - 4
		if room >= 10 {
			room = min(room, 40)
			fill := int(min(r.done.Load(), total) * int64(room) / total)
			text = r.opt.Label + " ▕" + strings.Repeat("█", fill) + strings.Repeat("░", room-fill) + "▏ " + status
		}
	}
	if n := len([]rune(text)); n > r.opt.Width-1 {
		text = string([]rune(text)[:r.opt.Width-1])
	}
	// \r returns to the line's start and \x1b[K erases what a longer
	// earlier line left behind.
	io.WriteString(r.w, "\r"+text+"\x1b[K")
	r.drawn = true
}

// count formats n as a plain number or, for Bytes, a size.
func (r *Reporter) count(n int64) string {
	if !r.opt.Bytes {
		return strconv.FormatInt(n, 10)
	}
	return Size(r.p, n)
}

// Size formats a byte count the way people read it, with the decimal
// mark of p's language: "512 B", "3.4 KB" (Indonesian "3,4 KB"), "12 MB",
// "1.2 GB" (powers of 1000). A nil p writes a decimal point.
func Size(p *locale.Printer, n int64) string {
	s := size(n)
	if p != nil && p.Lang() == "id" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

func size(n int64) string {
	const unit = 1000
	if n < unit {
		return strconv.FormatInt(n, 10) + " B"
	}
	f := float64(n)
	for _, u := range []string{"KB", "MB", "GB", "TB"} {
		f /= unit
		if f < unit || u == "TB" {
			if f < 10 {
				return fmt.Sprintf("%.1f %s", f, u)
			}
			return fmt.Sprintf("%.0f %s", f, u)
		}
	}
	return "" // not reached
}

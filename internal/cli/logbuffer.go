package cli

import (
	"io"
	"sync"
	"time"
)

// logBuffer gathers the server's log lines and writes them in batches: at
// most every flushEvery, or at once when a batch reaches flushBytes. A busy
// site logs a line per request, and a write system call per line is a
// large share of answering a page from the cache. A line waits at most
// flushEvery, and
// Close writes what is left; a process killed outright loses at most that
// much of its log, never a write of the site.
type logBuffer struct {
	mu      sync.Mutex
	w       io.Writer
	buf     []byte
	pending bool // a flush is scheduled
	closed  bool
}

const (
	flushEvery = 50 * time.Millisecond
	flushBytes = 64 << 10
)

func newLogBuffer(w io.Writer) *logBuffer { return &logBuffer{w: w} }

// Write keeps p (one whole log record, as slog's handlers write them) for
// the next batch.
func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return b.w.Write(p)
	}
	b.buf = append(b.buf, p...)
	switch {
	case len(b.buf) >= flushBytes:
		return len(p), b.flushLocked()
	case !b.pending:
		b.pending = true
		time.AfterFunc(flushEvery, b.flush)
	}
	return len(p), nil
}

func (b *logBuffer) flush() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.pending = false
	_ = b.flushLocked()
}

func (b *logBuffer) flushLocked() error {
	if len(b.buf) == 0 {
		return nil
	}
	_, err := b.w.Write(b.buf)
	b.buf = b.buf[:0]
	if cap(b.buf) > 4*flushBytes {
		b.buf = nil // a burst's large batch is not kept
	}
	return err
}

// Close writes what is gathered; later lines are written straight through.
func (b *logBuffer) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	return b.flushLocked()
}

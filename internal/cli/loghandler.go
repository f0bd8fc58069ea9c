package cli

import (
	"context"
	"io"
	"log/slog"
	"strconv"
	"sync"
	"time"
)

// requestLineHandler is slog's text handler with a short way for the line
// logged for every request (server's "request" record: id, method, path,
// route, status, bytes, took). Through Logger.LogAttrs and slog's text
// handler that line costs about 1.6 µs of CPU, a large share of answering
// a cached page at the connection; written directly (server.RequestLogger)
// it costs a fraction of that. The bytes are the text handler's own: any
// other record, and a request line with a value the short way is not sure
// how slog would quote, goes to the text handler itself
// (TestRequestLineMatchesTextHandler and FuzzRequestLine hold the two to
// the same output).
type requestLineHandler struct {
	text *slog.TextHandler
	w    io.Writer
}

func newRequestLineHandler(w io.Writer) *requestLineHandler {
	return &requestLineHandler{text: slog.NewTextHandler(w, nil), w: w}
}

func (h *requestLineHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.text.Enabled(ctx, l)
}

// WithAttrs and WithGroup give the text handler alone: a line with
// attributes or groups of its own is not the request line.
func (h *requestLineHandler) WithAttrs(as []slog.Attr) slog.Handler { return h.text.WithAttrs(as) }
func (h *requestLineHandler) WithGroup(name string) slog.Handler    { return h.text.WithGroup(name) }

// requestLine is what the request line says.
type requestLine struct {
	t                       time.Time
	id, method, path, route string
	status, bytes           int64
	took                    time.Duration
}

func (l requestLine) record() slog.Record {
	r := slog.NewRecord(l.t, slog.LevelInfo, "request", 0)
	r.AddAttrs(slog.String("id", l.id), slog.String("method", l.method), slog.String("path", l.path),
		slog.String("route", l.route), slog.Int64("status", l.status), slog.Int64("bytes", l.bytes),
		slog.Duration("took", l.took))
	return r
}

// LogRequest writes the request line without building a slog.Record
// (server.RequestLogger).
func (h *requestLineHandler) LogRequest(ctx context.Context, t time.Time, id, method, path, route string, status, n int, took time.Duration) {
	l := requestLine{t: t, id: id, method: method, path: path, route: route, status: int64(status), bytes: int64(n), took: took}
	if !h.Enabled(ctx, slog.LevelInfo) {
		return
	}
	if h.write(&l) {
		return
	}
	_ = h.text.Handle(ctx, l.record())
}

// Handle writes any record as slog's text handler does; the request line
// comes through LogRequest instead.
func (h *requestLineHandler) Handle(ctx context.Context, r slog.Record) error {
	return h.text.Handle(ctx, r)
}

var lineBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

// write writes l as slog's text handler would, in one Write as it does
// (logBuffer is safe for concurrent use), or reports false having written
// nothing.
func (h *requestLineHandler) write(l *requestLine) bool {
	if y := l.t.Year(); l.t.IsZero() || y < 1 || y > 9999 { // slog leaves a zero time out
		return false
	}
	bp := lineBuffers.Get().(*[]byte)
	defer lineBuffers.Put(bp)
	b := append((*bp)[:0], "time="...)
	b = appendMillisTime(b, l.t)
	b = append(b, " level=INFO msg=request id="...)
	ok := true
	b, ok = appendTextString(b, l.id, ok)
	b = append(b, " method="...)
	b, ok = appendTextString(b, l.method, ok)
	b = append(b, " path="...)
	b, ok = appendTextString(b, l.path, ok)
	b = append(b, " route="...)
	b, ok = appendTextString(b, l.route, ok)
	if !ok {
		return false
	}
	b = append(b, " status="...)
	b = strconv.AppendInt(b, l.status, 10)
	b = append(b, " bytes="...)
	b = strconv.AppendInt(b, l.bytes, 10)
	b = append(b, " took="...)
	b = append(b, l.took.String()...)
	b = append(b, '\n')
	*bp = b
	_, _ = h.w.Write(b)
	return true
}

// appendTextString appends s as slog's text handler writes a string value
// when s is printable ASCII: bare, unless it is empty or holds a space, an
// "=" or a '"', then quoted as strconv.Quote does (escaping only '"' and
// '\'). Anything else is not ok, and the caller leaves the record to the
// text handler. A call after one that was not ok does nothing.
func appendTextString(b []byte, s string, ok bool) ([]byte, bool) {
	if !ok {
		return b, false
	}
	quote := s == ""
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c > 0x7e {
			return b, false
		}
		if c == ' ' || c == '=' || c == '"' {
			quote = true
		}
	}
	if !quote {
		return append(b, s...), true
	}
	b = append(b, '"')
	last := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '"' || c == '\\' {
			b = append(b, s[last:i]...)
			b = append(b, '\\', c)
			last = i + 1
		}
	}
	b = append(b, s[last:]...)
	return append(b, '"'), true
}

// appendMillisTime appends t as slog writes a record's time: RFC 3339 with
// milliseconds, truncated, for a year from 1 to 9999. time's general
// formatter is several times slower than writing the digits.
func appendMillisTime(b []byte, t time.Time) []byte {
	year, month, day := t.Date()
	hour, minute, sec := t.Clock()
	b = appendDigits(b, year, 4)
	b = append(b, '-')
	b = appendDigits(b, int(month), 2)
	b = append(b, '-')
	b = appendDigits(b, day, 2)
	b = append(b, 'T')
	b = appendDigits(b, hour, 2)
	b = append(b, ':')
	b = appendDigits(b, minute, 2)
	b = append(b, ':')
	b = appendDigits(b, sec, 2)
	b = append(b, '.')
	b = appendDigits(b, t.Nanosecond()/1e6, 3)
	_, off := t.Zone()
	if off == 0 {
		return append(b, 'Z')
	}
	sign := byte('+')
	if off < 0 {
		sign, off = '-', -off
	}
	b = append(b, sign)
	b = appendDigits(b, off/3600, 2)
	b = append(b, ':')
	return appendDigits(b, off/60%60, 2)
}

// appendDigits appends n (0 <= n < 10^width) in width digits.
func appendDigits(b []byte, n, width int) []byte {
	var d [4]byte
	for i := width - 1; i >= 0; i-- {
		d[i] = byte('0' + n%10)
		n /= 10
	}
	return append(b, d[:width]...)
}

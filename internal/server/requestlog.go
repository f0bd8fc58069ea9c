package server

import (
	"context"
	"log/slog"
	"time"
)

// logRequest writes the line every request gets: id, method, path, route,
// status, bytes and how long it took. It builds the record itself rather
// than through Logger.LogAttrs, which spends most of its time finding its
// caller's source location — which none of warta's handlers prints — on a
// path where a cached page takes a few microseconds in all.
func logRequest(ctx context.Context, l *slog.Logger, id, method, path, route string, status, n int, took time.Duration) {
	h := l.Handler()
	if rl, ok := h.(RequestLogger); ok {
		rl.LogRequest(ctx, time.Now(), id, method, path, route, status, n, took)
		return
	}
	if !h.Enabled(ctx, slog.LevelInfo) {
		return
	}
	r := slog.NewRecord(time.Now(), slog.LevelInfo, "request", 0)
	r.AddAttrs(
		slog.String("id", id),
		slog.String("method", method),
		slog.String("path", path),
		slog.String("route", route),
		slog.Int("status", status),
		slog.Int("bytes", n),
		slog.Duration("took", took),
	)
	_ = h.Handle(ctx, r) // as Logger.LogAttrs, a handler's error goes nowhere
}

// RequestLogger is a slog.Handler that can write the request line without
// a slog.Record, as its own handler would write the record logRequest
// otherwise builds (serve's text handler is one).
type RequestLogger interface {
	LogRequest(ctx context.Context, t time.Time, id, method, path, route string, status, n int, took time.Duration)
}

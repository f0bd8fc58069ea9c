package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"
)

// StatusClientClosedRequest is recorded for a request whose client left
// before the answer (nginx's 499).
const StatusClientClosedRequest = 499

type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func requestID() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// routeNote carries the pattern the mux matched back out to the logger:
// ServeMux sets Request.Pattern on the request it is handed, which a
// middleware in between may have replaced with a copy.
type routeNote struct{ pattern string }

type routeNoteKey struct{}

// notePattern records the matched pattern once mux has served r.
func notePattern(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Deferred, so a handler that panics is still counted by its route.
		defer func() {
			if n, ok := r.Context().Value(routeNoteKey{}).(*routeNote); ok {
				n.pattern = r.Pattern
			}
		}()
		mux.ServeHTTP(w, r)
	})
}

// logRequests gives each request an id (the X-Request-Id header, and the
// "id" of its log line), then logs it and records it in the metrics.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := requestID()
		w.Header().Set("X-Request-Id", id)
		note := &routeNote{}
		r = r.WithContext(context.WithValue(r.Context(), routeNoteKey{}, note))
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK // nothing written: net/http sends 200
		}
		if rec.status >= 500 && r.Context().Err() != nil {
			// The client went away mid-request (its context ends with the
			// connection), so the handler's failure is no server fault and
			// nobody saw the answer: count it as nginx's 499 "client closed
			// request", so 5xx alerts stay about the server.
			rec.status = StatusClientClosedRequest
		}
		took := time.Since(start)
		s.metrics.ObserveRequest(note.pattern, r.Method, rec.status, took)
		s.logger.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("id", id),
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.String("route", note.pattern),
			slog.Int("status", rec.status),
			slog.Int("bytes", rec.bytes),
			slog.Duration("took", took),
		)
	})
}

func recoverPanics(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil || v == http.ErrAbortHandler {
				if v != nil {
					panic(v)
				}
				return
			}
			logger.Error("panic", "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
			http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		}()
		next.ServeHTTP(w, r)
	})
}

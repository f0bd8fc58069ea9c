package server

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"log/slog"
	"net/http"
	"runtime/debug"
	"sync/atomic"
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

// requestID returns a new request id: 16 hex digits, the first 8 drawn at
// random when the process starts (so instances differ), the last 8 a
// counter. A counter is far cheaper than reading the random source per
// request; when it wraps, the prefix moves on to a value not used before.
func requestID() string {
	n := idCounter.Add(1)
	prefix := uint32(idSeed + (n>>32)*0x9e3779b9)
	var b [16]byte
	hexPut(b[:8], prefix)
	hexPut(b[8:], uint32(n))
	return string(b[:])
}

var (
	idCounter atomic.Uint64
	idSeed    = func() uint64 {
		var b [4]byte
		rand.Read(b[:])
		return uint64(binary.BigEndian.Uint32(b[:]))
	}()
)

func hexPut(dst []byte, v uint32) {
	const digits = "0123456789abcdef"
	for i := 7; i >= 0; i-- {
		dst[i] = digits[v&0xf]
		v >>= 4
	}
}

// routeNote carries the pattern the mux matched back out to the logger:
// ServeMux sets Request.Pattern on the request it is handed, which a
// middleware in between may have replaced with a copy.
type routeNote struct{ pattern string }

type routeNoteKey struct{}

// notePattern records the matched pattern once mux has served r.
func notePattern(mux http.Handler) http.Handler {
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
		// The fast path (fastpath.go) brings a note of its own, to learn the route.
		note, ok := r.Context().Value(routeNoteKey{}).(*routeNote)
		if !ok {
			note = &routeNote{}
			r = r.WithContext(context.WithValue(r.Context(), routeNoteKey{}, note))
		}
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
		logRequest(r.Context(), s.logger, id, r.Method, r.URL.Path, note.pattern, rec.status, rec.bytes, took)
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

package server

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"warta/internal/metrics"
)

// syncBuffer is a bytes.Buffer safe for the logger and the test at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestObservability(t *testing.T) {
	var logs syncBuffer
	m := metrics.New()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /category/{slug}/{$}", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("GET /boom", func(http.ResponseWriter, *http.Request) { panic("kaboom") })
	h := New(mux, pinger{}, slog.New(slog.NewJSONHandler(&logs, nil)), WithMetrics(m)).Handler()

	t.Run("requests are counted by route pattern, not by path", func(t *testing.T) {
		for _, p := range []string{"/category/banjir/", "/category/pasar/", "/category/olahraga/"} {
			serve(h, httptest.NewRequest("GET", p, nil))
		}
		if n := m.RequestCount("GET /category/{slug}/{$}", "GET", 200); n != 3 {
			t.Fatalf("count for the category pattern: %v, want 3", n)
		}
	})
	t.Run("a panic is logged and counted as the 500 it becomes", func(t *testing.T) {
		serve(h, httptest.NewRequest("GET", "/boom", nil))
		if n := m.RequestCount("GET /boom", "GET", 500); n != 1 {
			t.Fatalf("count for the panic: %v", n)
		}
	})
	t.Run("GET /metrics serves the registry", func(t *testing.T) {
		r := httptest.NewRequest("GET", "/metrics", nil)
		r.RemoteAddr = "127.0.0.1:40000" // only loopback may, by default
		w := serve(h, r)
		if w.Code != 200 || !strings.Contains(w.Body.String(), `warta_http_requests_total{route="GET /category/{slug}/{$}",method="GET",code="200"} 3`) {
			t.Fatalf("%d\n%s", w.Code, w.Body.String())
		}
	})
	t.Run("each log line carries the request id sent in X-Request-Id", func(t *testing.T) {
		w := serve(h, httptest.NewRequest("GET", "/category/banjir/", nil))
		id := w.Header().Get("X-Request-Id")
		if len(id) != 16 {
			t.Fatalf("X-Request-Id %q", id)
		}
		var found bool
		for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
			var rec map[string]any
			if err := json.Unmarshal([]byte(line), &rec); err != nil {
				t.Fatalf("log line is not JSON: %q", line)
			}
			if rec["id"] == id {
				found = true
				if rec["route"] != "GET /category/{slug}/{$}" || rec["status"] != float64(200) || rec["path"] != "/category/banjir/" {
					t.Errorf("log line %v", rec)
				}
			}
		}
		if !found {
			t.Fatalf("no log line with id %s in:\n%s", id, logs.String())
		}
	})
}

func TestClientGoneIsNotAServerError(t *testing.T) {
	m := metrics.New()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /slow", func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done() // the store's query fails with context.Canceled
		http.Error(w, "gagal", http.StatusInternalServerError)
	})
	mux.HandleFunc("GET /broken", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "gagal", http.StatusInternalServerError)
	})
	h := New(mux, pinger{}, quietLogger(), WithMetrics(m)).Handler()

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	serve(h, httptest.NewRequest("GET", "/slow", nil).WithContext(ctx))
	serve(h, httptest.NewRequest("GET", "/broken", nil))
	if n := m.RequestCount("GET /slow", "GET", 499); n != 1 {
		t.Errorf("a request abandoned by its client: counted %v times as 499", n)
	}
	if n := m.RequestCount("GET /slow", "GET", 500); n != 0 {
		t.Errorf("a request abandoned by its client counted as a 500")
	}
	if n := m.RequestCount("GET /broken", "GET", 500); n != 1 {
		t.Errorf("a real server error: counted %v times as 500", n)
	}
}

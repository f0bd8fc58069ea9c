package cli

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"warta/internal/server"
)

// requestRecord is the line server logs for every request, as a record.
func requestRecord(t time.Time, id, method, path, route string, status, n int, took time.Duration) slog.Record {
	return requestLine{t: t, id: id, method: method, path: path, route: route, status: int64(status), bytes: int64(n), took: took}.record()
}

// bothWays returns what slog's text handler writes for the request line l
// and what requestLineHandler.LogRequest writes.
func bothWays(t testing.TB, l requestLine) (want, got string) {
	var a, b bytes.Buffer
	if err := slog.NewTextHandler(&a, nil).Handle(context.Background(), l.record()); err != nil {
		t.Fatal(err)
	}
	newRequestLineHandler(&b).LogRequest(context.Background(), l.t, l.id, l.method, l.path, l.route, int(l.status), int(l.bytes), l.took)
	return a.String(), b.String()
}

func TestRequestLineMatchesTextHandler(t *testing.T) {
	jakarta := time.FixedZone("WIB", 7*3600)
	times := []time.Time{
		time.Date(2026, 11, 27, 7, 25, 15, 123456789, time.UTC),
		time.Date(2026, 11, 27, 7, 25, 15, 0, time.UTC),
		time.Date(2026, 1, 2, 3, 4, 5, 999999999, jakarta),
		time.Date(2026, 1, 2, 3, 4, 5, 1000000, time.Local),
		time.Date(2026, 1, 2, 3, 4, 5, 1000000, time.FixedZone("NST", -(3*3600+30*60))),
		time.Date(1999, 12, 31, 23, 59, 59, 999999999, time.FixedZone("odd", 5*3600+45*60+30)),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	paths := []string{
		"/2026/11/27/banjir-di-jakarta/", "/", "", "/search", "/a b", "/a=b", `/a"b`, `/a\b`,
		"/berita/%E2%80%A8", "/ü", "/tab\there", "/nl\n", "/\x7f", "/\x00", "/\xff", "/{x}", "/'$&()*+,;",
	}
	routes := []string{"GET /{path...}", "", "GET /", "cached"}
	for _, tm := range times {
		for _, p := range paths {
			for _, rt := range routes {
				for _, took := range []time.Duration{0, 1, 1234 * time.Nanosecond, 1500 * time.Microsecond, 3 * time.Second} {
					want, got := bothWays(t, requestLine{t: tm, id: "e1e7f66d00002f35", method: "GET", path: p, route: rt,
						status: 200, bytes: 4370, took: took})
					if want != got {
						t.Fatalf("path %q route %q took %v:\ntext handler %q\nrequest line %q", p, rt, took, want, got)
					}
				}
			}
		}
	}
	t.Run("a record without a time leaves it out, as slog does", func(t *testing.T) {
		if want, got := bothWays(t, requestLine{id: "x", method: "GET", path: "/", route: "GET /", status: 200, bytes: 1}); want != got {
			t.Errorf("text handler %q\nrequest line %q", want, got)
		}
	})
}

func FuzzRequestLine(f *testing.F) {
	f.Add("GET", "/2026/11/27/banjir/", "GET /{path...}", int64(1500000))
	f.Add("HEAD", "/a b=\"c\"", "", int64(0))
	f.Add("GET", "/\xe2\x80\xa8\x00", "x\\y", int64(-5))
	f.Fuzz(func(t *testing.T, method, path, route string, took int64) {
		// took doubles as the time, in every zone from -12:00 to +14:00.
		at := time.Unix(0, took).In(time.FixedZone("z", int(took%(26*3600))-12*3600))
		l := requestLine{t: at, id: "id1", method: method, path: path, route: route, status: 404, bytes: 99, took: time.Duration(took)}
		if want, got := bothWays(t, l); want != got {
			t.Fatalf("text handler %q\nrequest line %q", want, got)
		}
	})
}

// BenchmarkRequestLine compares, side by side, slog's text handler given
// the request line's record and requestLineHandler.LogRequest.
func BenchmarkRequestLine(b *testing.B) {
	for _, h := range []struct {
		name string
		h    slog.Handler
	}{{"text", slog.NewTextHandler(io.Discard, nil)}, {"requestLine", newRequestLineHandler(io.Discard)}} {
		b.Run(h.name, func(b *testing.B) {
			b.ReportAllocs()
			if rl, ok := h.h.(server.RequestLogger); ok {
				for b.Loop() {
					rl.LogRequest(context.Background(), time.Now(), "e1e7f66d00002f35", "GET", "/2026/11/27/banjir-di-jakarta/",
						"GET /{path...}", 200, 4370, 123456*time.Nanosecond)
				}
				return
			}
			for b.Loop() {
				r := slog.NewRecord(time.Now(), slog.LevelInfo, "request", 0)
				r.AddAttrs(slog.String("id", "e1e7f66d00002f35"),
					slog.String("method", "GET"), slog.String("path", "/2026/11/27/banjir-di-jakarta/"),
					slog.String("route", "GET /{path...}"), slog.Int("status", 200), slog.Int("bytes", 4370),
					slog.Duration("took", 123456*time.Nanosecond))
				_ = h.h.Handle(context.Background(), r)
			}
		})
	}
}

var _ server.RequestLogger = (*requestLineHandler)(nil)

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

// requestRecord is the line server logs for every request.
func requestRecord(t time.Time, id, method, path, route string, status, n int, took time.Duration) slog.Record {
	r := slog.NewRecord(t, slog.LevelInfo, "request", 0)
	r.AddAttrs(slog.String("id", id), slog.String("method", method), slog.String("path", path),
		slog.String("route", route), slog.Int("status", status), slog.Int("bytes", n), slog.Duration("took", took))
	return r
}

// bothWays returns what slog's text handler and requestLineHandler write
// for r.
func bothWays(t testing.TB, r slog.Record) (want, got string) {
	var a, b bytes.Buffer
	if err := slog.NewTextHandler(&a, nil).Handle(context.Background(), r.Clone()); err != nil {
		t.Fatal(err)
	}
	if err := newRequestLineHandler(&b).Handle(context.Background(), r.Clone()); err != nil {
		t.Fatal(err)
	}
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
					want, got := bothWays(t, requestRecord(tm, "e1e7f66d00002f35", "GET", p, rt, 200, 4370, took))
					if want != got {
						t.Fatalf("path %q route %q took %v:\ntext handler %q\nrequest line %q", p, rt, took, want, got)
					}
				}
			}
		}
	}
	t.Run("records of another shape go to the text handler", func(t *testing.T) {
		others := []slog.Record{
			slog.NewRecord(times[0], slog.LevelInfo, "request", 0),
			slog.NewRecord(times[0], slog.LevelError, "request", 0),
			slog.NewRecord(times[0], slog.LevelInfo, "something else", 0),
			slog.NewRecord(time.Time{}, slog.LevelInfo, "request", 0),
		}
		r := requestRecord(times[0], "x", "GET", "/", "GET /", 200, 1, time.Millisecond)
		others = append(others, r)
		others[len(others)-1].Level = slog.LevelWarn
		odd := slog.NewRecord(times[0], slog.LevelInfo, "request", 0)
		odd.AddAttrs(slog.String("id", "x"), slog.String("method", "GET"), slog.String("path", "/"),
			slog.String("route", "r"), slog.String("status", "200"), slog.Int("bytes", 1), slog.Duration("took", 1))
		others = append(others, odd)
		noTime := requestRecord(time.Time{}, "x", "GET", "/", "GET /", 200, 1, time.Millisecond)
		others = append(others, noTime)
		for _, r := range others {
			if want, got := bothWays(t, r); want != got {
				t.Errorf("%s %q:\ntext handler %q\nrequest line %q", r.Level, r.Message, want, got)
			}
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
		r := requestRecord(at, "id1", method, path, route, 404, 99, time.Duration(took))
		if want, got := bothWays(t, r); want != got {
			t.Fatalf("text handler %q\nrequest line %q", want, got)
		}
	})
}

// BenchmarkRequestLine compares, side by side, slog's text handler and
// requestLineHandler writing the request line.
func BenchmarkRequestLine(b *testing.B) {
	for _, h := range []struct {
		name string
		h    slog.Handler
	}{{"text", slog.NewTextHandler(io.Discard, nil)}, {"requestLine", newRequestLineHandler(io.Discard)}} {
		b.Run(h.name, func(b *testing.B) {
			l := slog.New(h.h)
			b.ReportAllocs()
			for b.Loop() {
				l.LogAttrs(context.Background(), slog.LevelInfo, "request", slog.String("id", "e1e7f66d00002f35"),
					slog.String("method", "GET"), slog.String("path", "/2026/11/27/banjir-di-jakarta/"),
					slog.String("route", "GET /{path...}"), slog.Int("status", 200), slog.Int("bytes", 4370),
					slog.Duration("took", 123456*time.Nanosecond))
			}
		})
	}
}

// BenchmarkRequestLineDirect is BenchmarkRequestLine without
// Logger.LogAttrs, whose cost is mostly finding its caller's program
// counter, which no handler here prints.
func BenchmarkRequestLineDirect(b *testing.B) {
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

// LogRequest, which serve's server calls for every request, writes what
// the text handler writes for the record it stands for.
func TestLogRequestMatchesTextHandler(t *testing.T) {
	at := time.Date(2026, 11, 27, 7, 25, 15, 123456789, time.FixedZone("WIB", 7*3600))
	for _, path := range []string{"/", "/a b", `/x"\y`, "/\xff", ""} {
		for _, tm := range []time.Time{at, {}} {
			var a, b bytes.Buffer
			r := requestRecord(tm, "id", "GET", path, "GET /{path...}", 304, 0, time.Microsecond)
			if err := slog.NewTextHandler(&a, nil).Handle(context.Background(), r); err != nil {
				t.Fatal(err)
			}
			newRequestLineHandler(&b).LogRequest(context.Background(), tm, "id", "GET", path, "GET /{path...}", 304, 0, time.Microsecond)
			if a.String() != b.String() {
				t.Errorf("path %q time %v:\ntext handler %q\nLogRequest   %q", path, tm, a.String(), b.String())
			}
		}
	}
}

var _ server.RequestLogger = (*requestLineHandler)(nil)

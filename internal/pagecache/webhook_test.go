package pagecache

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"
)

// purgeEndpoint is a CDN purge API stand-in: each POST's tags arrive on
// posts; while hold is non-nil each request waits for it to be closed.
type purgeEndpoint struct {
	posts chan []string
	hold  chan struct{}
}

func newPurgeEndpoint(t *testing.T, hold chan struct{}) (*httptest.Server, *purgeEndpoint) {
	p := &purgeEndpoint{posts: make(chan []string, 1000), hold: hold}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var in struct{ Tags []string }
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" {
			t.Errorf("got %s with Content-Type %q", r.Method, r.Header.Get("Content-Type"))
		}
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			t.Errorf("decoding the purge body: %v", err)
		}
		p.posts <- in.Tags
		if p.hold != nil {
			<-p.hold
		}
	}))
	t.Cleanup(srv.Close)
	return srv, p
}

// next waits for the endpoint's next POST; the deadline only keeps a broken
// test from hanging.
func (p *purgeEndpoint) next(t *testing.T) []string {
	t.Helper()
	select {
	case tags := <-p.posts:
		return tags
	case <-time.After(10 * time.Second):
		t.Fatal("the webhook was not called")
		return nil
	}
}

// logSink is a slog.Handler passing each record's message and attributes on.
type logSink chan slog.Record

func (s logSink) Enabled(context.Context, slog.Level) bool { return true }
func (s logSink) Handle(_ context.Context, r slog.Record) error {
	s <- r
	return nil
}
func (s logSink) WithAttrs([]slog.Attr) slog.Handler { return s }
func (s logSink) WithGroup(string) slog.Handler      { return s }

func TestWebhook(t *testing.T) {
	t.Run("the webhook receives the invalidated tags", func(t *testing.T) {
		srv, ep := newPurgeEndpoint(t, nil)
		c := New(Options{PurgeWebhook: srv.URL})
		defer c.Close()
		c.Invalidate("article:12", "author:3")
		if got := ep.next(t); !slices.Equal(got, []string{"article:12", "author:3"}) {
			t.Errorf("tags %q", got)
		}
	})

	t.Run("a burst queued while a post is in flight goes out as one deduplicated post", func(t *testing.T) {
		hold := make(chan struct{})
		srv, ep := newPurgeEndpoint(t, hold)
		c := New(Options{PurgeWebhook: srv.URL})
		defer c.Close()
		c.Invalidate("front")
		ep.next(t) // the worker is now waiting on the endpoint
		c.Invalidate("article:1", "term:7")
		c.Invalidate("article:2", "term:7")
		c.Invalidate("article:3")
		close(hold)
		if got := ep.next(t); !slices.Equal(got, []string{"article:1", "term:7", "article:2", "article:3"}) {
			t.Errorf("tags %q", got)
		}
	})

	t.Run("a full queue never blocks Invalidate and ends in purging everything", func(t *testing.T) {
		hold := make(chan struct{})
		srv, ep := newPurgeEndpoint(t, hold)
		logs := make(logSink, 100)
		c := New(Options{PurgeWebhook: srv.URL, Logger: slog.New(logs)})
		defer c.Close()
		c.Invalidate("front")
		ep.next(t)
		for i := range 3 * webhookQueue {
			c.Invalidate("article:" + string(rune('a'+i%26)))
		}
		if r := <-logs; r.Level != slog.LevelWarn {
			t.Errorf("logged %v %q, want a warning", r.Level, r.Message)
		}
		close(hold)
		for {
			if tags := ep.next(t); slices.Contains(tags, AllTag) {
				if len(tags) != 1 {
					t.Errorf("tags %q, want just %q", tags, AllTag)
				}
				return
			}
		}
	})

	t.Run("a failing endpoint is logged and does not stop later posts", func(t *testing.T) {
		calls := make(chan int, 10)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			calls <- 1
			w.WriteHeader(http.StatusBadGateway)
		}))
		defer srv.Close()
		logs := make(logSink, 10)
		c := New(Options{PurgeWebhook: srv.URL, Logger: slog.New(logs)})
		defer c.Close()
		for range 2 {
			c.Invalidate("x")
			r := <-logs
			var status int64
			r.Attrs(func(a slog.Attr) bool {
				if a.Key == "status" {
					status = a.Value.Int64()
				}
				return true
			})
			if r.Level != slog.LevelError || status != http.StatusBadGateway {
				t.Errorf("logged %v %q status %d", r.Level, r.Message, status)
			}
		}
	})

	t.Run("a hanging endpoint times out and is logged", func(t *testing.T) {
		stop := make(chan struct{})
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			<-stop
		}))
		defer srv.Close()
		defer close(stop)
		logs := make(logSink, 10)
		c := New(Options{
			PurgeWebhook: srv.URL,
			HTTPClient:   &http.Client{Timeout: 50 * time.Millisecond},
			Logger:       slog.New(logs),
		})
		defer c.Close()
		c.Invalidate("x")
		if r := <-logs; r.Level != slog.LevelError {
			t.Errorf("logged %v %q", r.Level, r.Message)
		}
	})

	t.Run("Close posts what was queued, and later invalidations are not posted", func(t *testing.T) {
		hold := make(chan struct{})
		srv, ep := newPurgeEndpoint(t, hold)
		c := New(Options{PurgeWebhook: srv.URL})
		c.Invalidate("front")
		ep.next(t)
		c.Invalidate("article:9")
		closed := make(chan struct{})
		go func() { c.Close(); close(closed) }()
		close(hold)
		<-closed
		if got := ep.next(t); !slices.Equal(got, []string{"article:9"}) {
			t.Errorf("tags %q", got)
		}
		c.Invalidate("article:10")
		c.Close()
		select {
		case got := <-ep.posts:
			t.Errorf("posted %q after Close", got)
		default:
		}
	})

	t.Run("InvalidateLocal and Purge do not call the webhook but Invalidate(all) does", func(t *testing.T) {
		srv, ep := newPurgeEndpoint(t, nil)
		c := New(Options{PurgeWebhook: srv.URL})
		c.InvalidateLocal("article:1")
		c.Purge()
		c.Invalidate(AllTag, "article:2")
		if got := ep.next(t); !slices.Equal(got, []string{AllTag}) {
			t.Errorf("tags %q", got)
		}
		c.Close()
		if len(ep.posts) != 0 {
			t.Errorf("%d more posts", len(ep.posts))
		}
	})
}

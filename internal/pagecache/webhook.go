package pagecache

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Webhook limits. A full queue never blocks Invalidate: the lost tags are
// replaced by one purge of everything, which is always correct.
const (
	webhookQueue    = 128                   // pending Invalidate calls
	webhookMaxTags  = 256                   // tags per POST
	webhookWindow   = 50 * time.Millisecond // wait for more tags after the first
	webhookTimeout  = 10 * time.Second      // per POST
	webhookMaxDrain = 1 << 16               // response bytes read to reuse the connection
)

// webhook posts invalidated tags to a CDN purge endpoint from one
// background goroutine, batching bursts. Failures are logged, not retried:
// the CDN's s-maxage bounds how long it can serve what was not purged.
type webhook struct {
	url     string
	client  *http.Client
	log     *slog.Logger
	window  time.Duration
	timeout time.Duration

	queue    chan []string
	overflow atomic.Bool // tags were lost: the next POST asks for AllTag
	closed   atomic.Bool
	quit     chan struct{}
	done     chan struct{}
	once     sync.Once
}

func newWebhook(url string, client *http.Client, log *slog.Logger) *webhook {
	if client == nil {
		client = http.DefaultClient
	}
	h := &webhook{
		url:     url,
		client:  client,
		log:     log,
		window:  webhookWindow,
		timeout: webhookTimeout,
		queue:   make(chan []string, webhookQueue),
		quit:    make(chan struct{}),
		done:    make(chan struct{}),
	}
	go h.run()
	return h
}

// enqueue hands tags to the worker without ever blocking.
func (h *webhook) enqueue(tags []string) {
	if h.closed.Load() {
		return
	}
	select {
	case h.queue <- slices.Clone(tags):
	default:
		if !h.overflow.Swap(true) {
			h.log.Warn("pagecache: purge webhook queue full; will purge all", "url", h.url)
		}
	}
}

func (h *webhook) close() {
	h.once.Do(func() {
		h.closed.Store(true)
		close(h.quit)
		<-h.done
	})
}

func (h *webhook) run() {
	defer close(h.done)
	for {
		select {
		case tags := <-h.queue:
			h.post(h.collect(tags, true))
		case <-h.quit:
			// Flush what Invalidate queued before Close, without waiting for more.
			for len(h.queue) > 0 {
				h.post(h.collect(<-h.queue, false))
			}
			if h.overflow.Load() {
				h.post([]string{AllTag})
			}
			return
		}
	}
}

// collect returns first plus the tags queued within the batching window
// (or, when wait is false, already queued), deduplicated, at most
// webhookMaxTags; just AllTag when tags were lost or purged anyway.
func (h *webhook) collect(first []string, wait bool) []string {
	batch := make([]string, 0, len(first))
	seen := make(map[string]bool)
	add := func(tags []string) {
		for _, t := range tags {
			if !seen[t] {
				seen[t] = true
				batch = append(batch, t)
			}
		}
	}
	add(first)
	var timeout <-chan time.Time
	if wait {
		t := time.NewTimer(h.window)
		defer t.Stop()
		timeout = t.C
	}
loop:
	for len(batch) < webhookMaxTags {
		if !wait {
			select {
			case tags := <-h.queue:
				add(tags)
			default:
				break loop
			}
			continue
		}
		select {
		case tags := <-h.queue:
			add(tags)
		case <-timeout:
			break loop
		case <-h.quit:
			break loop
		}
	}
	if h.overflow.Swap(false) || seen[AllTag] {
		return []string{AllTag}
	}
	return batch
}

func (h *webhook) post(tags []string) {
	body, err := json.Marshal(struct {
		Tags []string `json:"tags"`
	}{tags})
	if err != nil {
		h.log.Error("pagecache: purge webhook", "err", err)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), h.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.url, bytes.NewReader(body))
	if err != nil {
		h.log.Error("pagecache: purge webhook", "url", h.url, "err", err)
		return
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := h.client.Do(req)
	if err != nil {
		h.log.Error("pagecache: purge webhook", "url", h.url, "tags", len(tags), "err", err)
		return
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, webhookMaxDrain))
	resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		h.log.Error("pagecache: purge webhook", "url", h.url, "tags", len(tags), "status", resp.StatusCode)
	}
}

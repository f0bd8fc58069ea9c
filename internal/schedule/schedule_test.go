package schedule_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/schedule"
	"warta/internal/store"
	"warta/internal/store/storetest"
)

// waitPublished polls until the article is published or the deadline
// passes; it reports whether it was published.
func waitPublished(t *testing.T, st *store.Store, slug string, within time.Duration) bool {
	t.Helper()
	for end := time.Now().Add(within); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		if _, err := st.PublishedArticle(t.Context(), model.TypePost, slug); err == nil {
			return true
		}
	}
	return false
}

func TestRun(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
			// Due while no scheduler ran, as after a restart.
			missed := storetest.Post(t, st, func(a *model.Article) {
				a.Status, a.PublishedAt = model.StatusScheduled, time.Now().Add(-time.Hour)
			})
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			wake := make(chan struct{}, 1)
			// Every is an hour: only the first look and Wake can publish
			// anything within this test.
			done := make(chan struct{})
			go func() {
				schedule.Run(ctx, st, schedule.Options{Every: time.Hour, Wake: wake, Logger: quiet})
				close(done)
			}()
			if !waitPublished(t, st, missed.Slug, 10*time.Second) {
				t.Fatal("an article due before Run started was not published at once")
			}
			// Scheduled after Run went to sleep for an hour, for a moment
			// later; the change wakes it.
			soon := storetest.Post(t, st, func(a *model.Article) {
				a.Status, a.PublishedAt = model.StatusScheduled, time.Now().Add(700*time.Millisecond)
			})
			wake <- struct{}{}
			if _, err := st.PublishedArticle(t.Context(), model.TypePost, soon.Slug); err == nil {
				t.Fatal("published before its time")
			}
			if !waitPublished(t, st, soon.Slug, 10*time.Second) {
				t.Error("an article scheduled while Run slept was not published when due")
			}
			later := storetest.Post(t, st, func(a *model.Article) {
				a.Status, a.PublishedAt = model.StatusScheduled, time.Now().Add(time.Hour)
			})
			wake <- struct{}{}
			if waitPublished(t, st, later.Slug, 500*time.Millisecond) {
				t.Error("an article scheduled in an hour was published now")
			}
			cancel()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Error("Run did not stop with its context")
			}
		})
	}
}

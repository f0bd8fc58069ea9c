package cli

import (
	"context"
	"log/slog"
	"time"

	"warta/internal/analyze"
	"warta/internal/store"
)

// reindexEvery is how often a running re-index logs how far it has come at start.
const reindexEvery = 5 * time.Second

// reindexSearch re-analyzes the search index when another analyzer version
// wrote it (store.ReindexSearch), logging a line when it starts, one at most
// every interval with the count, rate and time left, and one when it is done.
func reindexSearch(ctx context.Context, st *store.Store, logger *slog.Logger, every time.Duration) error {
	stale, err := st.SearchIndexStale(ctx)
	if err != nil || !stale {
		return err
	}
	started := time.Now()
	logger.Info("re-indexing articles for search: the analyzer changed", "analyzer", analyze.Version)
	last := started
	n, err := st.ReindexSearch(ctx, func(done, total int) {
		now := time.Now()
		if now.Sub(last) < every {
			return
		}
		last = now
		rate := float64(done) / now.Sub(started).Seconds()
		left := time.Duration(float64(total-done)/rate) * time.Second
		logger.Info("re-indexing articles for search", "done", done, "total", total,
			"per_second", int(rate), "left", left.Round(time.Second).String())
	})
	if err != nil {
		return err
	}
	logger.Info("re-indexed articles for search", "articles", n,
		"took", time.Since(started).Round(time.Millisecond).String())
	return nil
}

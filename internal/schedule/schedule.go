// Package schedule publishes scheduled articles when their time comes, and
// ends the breaking-news line when its time is up. Every
// instance of warta runs it; the store makes sure each article is published
// once (see store.PublishDue).
package schedule

import (
	"context"
	"log/slog"
	"time"

	"warta/internal/store"
)

// Options tune Run. The zero value is usable.
type Options struct {
	// Every bounds how long Run sleeps between two looks; default 15 s. An
	// article scheduled for sooner than that wakes it earlier, provided it
	// was scheduled before Run went to sleep or Wake told Run of it.
	Every time.Duration
	// Wake, when not nil, tells Run that the data changed (serve sends on
	// it for every batch of the change log, from this or another
	// instance): Run then looks again when the next scheduled article is
	// due, so one scheduled a moment ago for a few seconds later is
	// published on time rather than at the next Every.
	Wake <-chan struct{}
	// Logger receives what was published and what failed; slog.Default()
	// when nil.
	Logger *slog.Logger
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

// Run publishes what is due at once and then whenever the next scheduled
// article comes due (at most opts.Every apart), until ctx ends. Store
// errors are logged and retried at the next look.
func Run(ctx context.Context, st *store.Store, opts Options) {
	if opts.Every <= 0 {
		opts.Every = 15 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-opts.Wake:
			// Only a read: publishing waits for the timer, so a busy
			// change log costs no write transactions.
			if d, ok := untilNext(ctx, st, opts); ok {
				timer.Reset(d)
			}
		case <-timer.C:
			timer.Reset(Once(ctx, st, opts))
		}
	}
}

// untilNext returns how long to sleep until the next scheduled article is
// due (at most opts.Every), and false when that could not be read.
func untilNext(ctx context.Context, st *store.Store, opts Options) (time.Duration, bool) {
	next, err := st.NextScheduled(ctx)
	if err != nil {
		if ctx.Err() == nil {
			opts.Logger.Error("schedule: reading the next scheduled article failed", "err", err)
		}
		return 0, false
	}
	if next.IsZero() {
		return opts.Every, true
	}
	// A little after the time, so the article is due when Run looks.
	return min(opts.Every, max(next.Sub(opts.Now())+10*time.Millisecond, 10*time.Millisecond)), true
}

// Once publishes what is due now and returns how long to wait before the
// next look.
func Once(ctx context.Context, st *store.Store, opts Options) time.Duration {
	if opts.Every <= 0 {
		opts.Every = 15 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	ids, err := st.PublishDue(ctx, opts.Now())
	if err != nil {
		if ctx.Err() == nil {
			opts.Logger.Error("schedule: publishing due articles failed", "err", err)
		}
		return opts.Every
	}
	if len(ids) > 0 {
		opts.Logger.Info("schedule: published scheduled articles", "ids", ids)
	}
	// The breaking-news line ends on time too (within Every).
	if removed, err := st.ExpireBreaking(ctx, opts.Now()); err != nil {
		if ctx.Err() == nil {
			opts.Logger.Error("schedule: expiring the breaking-news line failed", "err", err)
		}
	} else if removed {
		opts.Logger.Info("schedule: the breaking-news line expired")
	}
	if d, ok := untilNext(ctx, st, opts); ok {
		return d
	}
	return opts.Every
}

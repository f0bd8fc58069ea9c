package store_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
)

// twoProcesses opens two stores over one database, as two warta processes
// would.
func twoProcesses(t *testing.T, engine string) (a, b *store.Store) {
	t.Helper()
	var dsn, dir string
	if engine == "postgres" {
		dsn = storetest.PostgresURL(t)
	} else {
		dir = t.TempDir()
	}
	open := func() *store.Store {
		st, err := store.Open(t.Context(), dsn, dir)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	a = open()
	if err := a.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	return a, open()
}

// tagLog collects what Follow reports.
type tagLog struct {
	mu   sync.Mutex
	ids  []int64
	tags []string
}

func (l *tagLog) add(list []store.Change) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, c := range list {
		l.ids = append(l.ids, c.ID)
		l.tags = append(l.tags, c.Tags...)
	}
}

func (l *tagLog) has(tag string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Contains(l.tags, tag)
}

func (l *tagLog) waitFor(t *testing.T, tag string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !l.has(tag) {
		if time.Now().After(deadline) {
			l.mu.Lock()
			defer l.mu.Unlock()
			t.Fatalf("%s not reported within %v; reported %v", tag, within, l.tags)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestFollow(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			mine, other := twoProcesses(t, engine)
			ctx, cancel := context.WithCancel(context.Background())
			var log tagLog
			done := make(chan error, 1)
			go func() { done <- mine.Follow(ctx, store.FollowOptions{}, log.add) }()
			t.Cleanup(func() {
				cancel()
				if err := <-done; err != context.Canceled {
					t.Errorf("Follow returned %v after its context ended, want context.Canceled", err)
				}
			})
			time.Sleep(100 * time.Millisecond) // let Follow start listening

			t.Run("a change committed by another process arrives within a second", func(t *testing.T) {
				a := storetest.Post(t, other, nil)
				log.waitFor(t, store.TagArticle(a.ID), time.Second)
			})
			t.Run("a change committed here is reported before the write returns", func(t *testing.T) {
				a := storetest.Post(t, mine, nil)
				if !log.has(store.TagArticle(a.ID)) {
					t.Fatalf("publishing %d here was not reported at once", a.ID)
				}
				storetest.Comment(t, mine, a.ID, nil)
				if !log.has(store.TagComments(a.ID)) {
					t.Fatalf("an approved comment on %d was not reported at once", a.ID)
				}
			})
			t.Run("every change is reported once", func(t *testing.T) {
				before := time.Now()
				storetest.Post(t, other, func(a *model.Article) { a.Slug = "last-one" })
				last, err := other.LastChange(t.Context())
				if err != nil {
					t.Fatal(err)
				}
				for {
					log.mu.Lock()
					got := slices.Contains(log.ids, last)
					log.mu.Unlock()
					if got || time.Since(before) > 2*time.Second {
						break
					}
					time.Sleep(10 * time.Millisecond)
				}
				time.Sleep(300 * time.Millisecond) // a second poll must not report anything again
				log.mu.Lock()
				defer log.mu.Unlock()
				ids := slices.Clone(log.ids)
				slices.Sort(ids)
				if len(slices.Compact(ids)) != len(log.ids) {
					t.Errorf("changes reported more than once: %v", log.ids)
				}
				if !slices.Contains(log.ids, last) {
					t.Errorf("change %d never reported: %v", last, log.ids)
				}
			})
		})
	}
}

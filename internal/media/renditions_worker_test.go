package media

import (
	"bytes"
	"context"
	"image/png"
	"log/slog"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store/storetest"
	"warta/internal/tools/gen"
)

// The background worker makes the WebP and AVIF copies of waiting items
// newest first, takes a new upload before the older items still waiting,
// and after each item rests at least as long as the item took, so that a
// large import waiting at start leaves the processor to readers.
func TestRenditionsWorkerPace(t *testing.T) {
	st := storetest.New(t)
	user := storetest.User(t, st, "Rina")
	files := NewFolder(filepath.Join(t.TempDir(), "media"))
	save := func(seed uint64) *model.Media {
		var b bytes.Buffer
		if err := png.Encode(&b, gen.Photo(seed, 320, 200)); err != nil {
			t.Error(err)
			return nil
		}
		m, err := Save(context.Background(), st, files, &b, "arsip.png", user.ID, time.Now())
		if err != nil {
			t.Error(err)
			return nil
		}
		return m
	}
	var waiting []int64 // an archive imported before the server started
	for i := range 2 {
		waiting = append(waiting, save(uint64(i+1)).ID)
	}
	select { // the uploads above were not in a running server
	case <-pending:
	default:
	}

	type made struct {
		id         int64
		took       time.Duration
		start, end time.Time
	}
	var mu sync.Mutex
	var log []made
	var upload int64
	rest := func(id int64, took time.Duration) time.Duration {
		mu.Lock()
		defer mu.Unlock()
		now := time.Now()
		log = append(log, made{id: id, took: took, start: now.Add(-took), end: now})
		if len(log) == 1 {
			// A reporter uploads a photo while the worker is busy.
			upload = save(9).ID
		}
		return took
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		runRenditions(ctx, st, files, nil, time.Hour, pace{first: 0, rest: rest}, slog.New(slog.DiscardHandler))
	}()
	defer func() { cancel(); <-done }()
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(50 * time.Millisecond) {
		left, err := st.MediaLackingRenditions(ctx, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(left) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("still waiting after a minute: %v", left)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	var order []int64
	for _, m := range log {
		order = append(order, m.id)
	}
	if want := []int64{waiting[1], upload, waiting[0]}; !slices.Equal(order, want) {
		t.Errorf("made in the order %v, want the newest waiting, then the new upload, then the older ones: %v", order, want)
	}
	for i := 1; i < len(log); i++ {
		if gap := log[i].start.Sub(log[i-1].end); gap < log[i-1].took {
			t.Errorf("item %d began %v after item %d ended, which took %v: no rest", log[i].id, gap, log[i-1].id, log[i-1].took)
		}
	}
}

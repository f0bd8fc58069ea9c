package web

import (
	"context"
	"sync"
)

// memoMax bounds the values a genMemo keeps; past it they are dropped and
// read again as pages ask for them.
const memoMax = 10_000

// genMemo keeps values read from the store between changes, when
// Options.CacheLayout is set: every change, from this process or another,
// reaches Invalidate through the change log, which bumps the layoutMemo
// generation and so drops them all. The related lists and the list counts
// are kept this way.
type genMemo[K comparable, V any] struct {
	mu   sync.Mutex
	gen  uint64 // the layoutMemo generation the values were read in
	vals map[K]V
}

// get returns the value for k, from memory when nothing changed since it
// was read, else from read. keep copies what is stored and what is
// returned from memory (nil: values are not shared mutably).
func (m *genMemo[K, V]) get(ctx context.Context, lm *layoutMemo, k K, read func(context.Context) (V, error), keep func(V) V) (V, error) {
	if !lm.enabled {
		return read(ctx)
	}
	if keep == nil {
		keep = func(v V) V { return v }
	}
	gen := lm.gen.Load()
	m.mu.Lock()
	if m.gen != gen {
		m.gen, m.vals = gen, nil
	}
	v, ok := m.vals[k]
	m.mu.Unlock()
	if ok {
		return keep(v), nil
	}
	v, err := read(ctx)
	if err != nil {
		return v, err
	}
	m.mu.Lock()
	// Kept only if nothing changed while it was read.
	if m.gen == gen && lm.gen.Load() == gen {
		if m.vals == nil || len(m.vals) >= memoMax {
			m.vals = map[K]V{}
		}
		m.vals[k] = keep(v)
	}
	m.mu.Unlock()
	return v, nil
}

package store

import "context"

// slots bounds how many full-text searches run at once. A search that
// matches common words ranks every matching article and can hold a read
// connection for a long while; unbounded, a burst of uncached searches
// took every connection of the read pool, and page reads and the checks a
// comment post makes (eight short queries) queued behind them for
// seconds. With at most half the pool searching, the rest keeps serving.
type slots chan struct{}

// searchSlots returns the bound for a read pool of poolSize connections.
func searchSlots(poolSize int) slots { return make(slots, max(1, poolSize/2)) }

// acquire waits for a free slot or for ctx to end; a nil slots never waits.
func (s slots) acquire(ctx context.Context) error {
	if s == nil {
		return nil
	}
	select {
	case s <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s slots) release() {
	if s != nil {
		<-s
	}
}

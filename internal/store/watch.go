package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/stdlib"
)

// localChanges hands the changes this process commits to its followers
// right after the commit, so a reader who has just posted a comment sees
// it on the next page, before the change log is read again.
type localChanges struct {
	pending sync.Map // *sql.Tx → *[]Change, while the transaction runs

	mu   sync.Mutex
	subs map[*follower]struct{}
}

func (l *localChanges) deliver(list []Change) {
	if len(list) == 0 {
		return
	}
	l.mu.Lock()
	subs := make([]*follower, 0, len(l.subs))
	for f := range l.subs {
		subs = append(subs, f)
	}
	l.mu.Unlock()
	for _, f := range subs {
		f.offer(list, time.Now())
	}
}

func (l *localChanges) add(f *follower) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.subs == nil {
		l.subs = map[*follower]struct{}{}
	}
	l.subs[f] = struct{}{}
}

func (l *localChanges) remove(f *follower) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.subs, f)
}

// FollowOptions tune Follow. The zero value is usable.
type FollowOptions struct {
	// After is the id of the last change already handled: Follow reports
	// the ones after it. Zero means from LastChange at the start.
	After int64
	// Poll is, on SQLite, how often the database's data_version is read to
	// notice another process's commit (default 200 ms); on PostgreSQL, how
	// often the log is read even without a notification (default 30 s).
	Poll time.Duration
	// GapWait is how long a missing change id is waited for before it is
	// taken for a rolled-back transaction (ids are handed out before
	// commit, so a later id may commit first). Default 10 s.
	GapWait time.Duration
	// OnError receives errors Follow recovers from by retrying (a lost
	// PostgreSQL connection). Nil ignores them.
	OnError func(error)
}

// Follow calls fn with every change committed after opts.After — by this
// process or by any other over the same database — each once, until ctx
// ends, and then returns ctx's error. Changes this process commits through
// the store arrive right after their commit, in the committing goroutine;
// others arrive after PRAGMA data_version moves (SQLite, read every
// opts.Poll) or with their NOTIFY (PostgreSQL, on a connection of its own
// that LISTENs on ChangesChannel and reads the log after each reconnect).
// Calls to fn never overlap. Follow holds one database connection while it
// runs.
func (s *Store) Follow(ctx context.Context, opts FollowOptions, fn func([]Change)) error {
	if opts.GapWait <= 0 {
		opts.GapWait = 10 * time.Second
	}
	if opts.OnError == nil {
		opts.OnError = func(error) {}
	}
	if opts.After == 0 {
		last, err := s.LastChange(ctx)
		if err != nil {
			return err
		}
		opts.After = last
	}
	f := &follower{st: s, fn: fn, floor: opts.After, seen: map[int64]bool{}, gapWait: opts.GapWait}
	s.local.add(f)
	defer s.local.remove(f)
	if s.d.engine == "postgres" {
		if opts.Poll <= 0 {
			opts.Poll = 30 * time.Second
		}
		return s.followPostgres(ctx, f, opts)
	}
	if opts.Poll <= 0 {
		opts.Poll = 200 * time.Millisecond
	}
	return s.followSQLite(ctx, f, opts)
}

// follower remembers which changes were reported. floor is the id below
// which all were; seen holds those above it, reported out of order.
type follower struct {
	st      *Store
	fn      func([]Change)
	gapWait time.Duration

	mu       sync.Mutex
	floor    int64
	seen     map[int64]bool
	gapSince time.Time // when the change after floor was first found missing
}

// offer reports the changes of list not reported yet and moves floor.
func (f *follower) offer(list []Change, now time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var fresh []Change
	for _, c := range list {
		if c.ID <= f.floor || f.seen[c.ID] {
			continue
		}
		f.seen[c.ID] = true
		fresh = append(fresh, c)
	}
	for f.seen[f.floor+1] {
		delete(f.seen, f.floor+1)
		f.floor++
	}
	switch {
	case len(f.seen) == 0:
		f.gapSince = time.Time{}
	case f.gapSince.IsZero():
		f.gapSince = now
	case now.Sub(f.gapSince) > f.gapWait:
		// The missing id belongs to a transaction that rolled back: skip
		// to the next change reported.
		f.floor = slices.Min(mapKeys(f.seen)) - 1
		for f.seen[f.floor+1] {
			delete(f.seen, f.floor+1)
			f.floor++
		}
		f.gapSince = time.Time{}
		if len(f.seen) > 0 {
			f.gapSince = now
		}
	}
	if len(fresh) > 0 {
		f.fn(fresh)
	}
}

func mapKeys(m map[int64]bool) []int64 {
	keys := make([]int64, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}

// catchUp reads the log after floor and reports what is new.
func (f *follower) catchUp(ctx context.Context) error {
	const page = 1000
	f.mu.Lock()
	after := f.floor
	f.mu.Unlock()
	for {
		list, err := f.st.ChangesSince(ctx, after, page)
		if err != nil {
			return err
		}
		f.offer(list, time.Now())
		if len(list) < page {
			return nil
		}
		after = list[len(list)-1].ID
	}
}

// gap reports whether a missing change is being waited for.
func (f *follower) gap() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.seen) > 0
}

// followSQLite reads PRAGMA data_version, which changes on a connection
// whenever another connection (of this process or another) commits, and
// reads the log when it does.
func (s *Store) followSQLite(ctx context.Context, f *follower, opts FollowOptions) error {
	conn, err := s.read.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: follow changes: %w", err)
	}
	defer conn.Close()
	version := int64(-1)
	tick := time.NewTicker(opts.Poll)
	defer tick.Stop()
	for {
		var v int64
		if err := conn.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			opts.OnError(fmt.Errorf("store: follow changes: %w", err))
		} else if v != version || f.gap() {
			if err := f.catchUp(ctx); err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				opts.OnError(fmt.Errorf("store: follow changes: %w", err))
			} else {
				version = v
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

// followPostgres LISTENs on ChangesChannel and reads the log after every
// notification, after every reconnect and every opts.Poll.
func (s *Store) followPostgres(ctx context.Context, f *follower, opts FollowOptions) error {
	backoff := 100 * time.Millisecond
	for {
		err := s.listen(ctx, f, opts.Poll)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		opts.OnError(fmt.Errorf("store: follow changes: %w", err))
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 5*time.Second)
	}
}

func (s *Store) listen(ctx context.Context, f *follower, poll time.Duration) error {
	conn, err := s.read.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		pc := sc.Conn()
		if _, err := pc.Exec(ctx, `LISTEN `+ChangesChannel); err != nil {
			return err
		}
		// The connection goes back to the pool: it must not keep listening.
		defer pc.Exec(context.Background(), `UNLISTEN *`) //nolint:errcheck // best effort; a broken connection is dropped anyway
		for {
			// Read the log first: what committed before LISTEN took effect
			// (or while the connection was down) has no notification.
			if err := f.catchUp(ctx); err != nil {
				return err
			}
			wait := poll
			if f.gap() {
				wait = min(wait, time.Second)
			}
			wctx, cancel := context.WithTimeout(ctx, wait)
			_, err := pc.WaitForNotification(wctx)
			cancel()
			if err != nil && !errors.Is(err, context.DeadlineExceeded) {
				return err
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if pc.IsClosed() {
				return sql.ErrConnDone
			}
		}
	})
}

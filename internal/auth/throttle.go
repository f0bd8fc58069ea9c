package auth

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"time"

	"warta/internal/store"
)

// Limit is how many failed sign-ins a subject (an account or an address)
// may make within Window before it is locked for Lock. Each further lockout
// within the throttle's Memory doubles the lock, up to Memory itself.
type Limit struct {
	Max    int
	Window time.Duration
	Lock   time.Duration
}

// Throttle limits failed sign-ins per account and per address, the way
// WordPress's login-security plugins do: after Account.Max failures on one
// account within Account.Window the account is locked for everyone, from
// every address, for Account.Lock; an address gets the larger budget
// Address. Repeated lockouts double. A successful sign-in clears the
// account's failures (not the address's).
//
// The failures live in the database, so every instance of warta on one
// PostgreSQL counts the same ones. Two attempts checked at the same moment
// on two instances may both get through before either is recorded, so the
// limit can be exceeded by the number of attempts in flight at once, never
// more.
type Throttle struct {
	Account Limit
	Address Limit
	// Memory is how long failures are kept and how far back lockouts count
	// towards doubling; rows older than this are pruned.
	Memory time.Duration

	st        *store.Store
	mu        sync.Mutex
	lastPrune time.Time
}

// NewThrottle returns a throttle over st with warta's limits: 5 failures
// per account in 15 minutes lock the account for 15 minutes; 30 failures
// from one address in 15 minutes lock the address for 15 minutes; each
// further lockout within a day doubles the lock, up to a day.
func NewThrottle(st *store.Store) *Throttle {
	return &Throttle{
		Account: Limit{Max: 5, Window: 15 * time.Minute, Lock: 15 * time.Minute},
		Address: Limit{Max: 30, Window: 15 * time.Minute, Lock: 15 * time.Minute},
		Memory:  24 * time.Hour,
		st:      st,
	}
}

// AccountSubject names an account in the failure log: the user's id when
// the login names one, so that signing in by login or by email counts
// against the same budget; else the login as typed, folded to lower case.
func AccountSubject(userID int64, login string) string {
	if userID != 0 {
		return "user:" + strconv.FormatInt(userID, 10)
	}
	return "login:" + strings.ToLower(strings.TrimSpace(login))
}

func addressSubject(ip string) string { return "ip:" + ip }

// Check reports how long the account subject and the address ip must still
// wait before a sign-in may be tried: 0 when it may be tried now.
func (t *Throttle) Check(ctx context.Context, account, ip string, now time.Time) (time.Duration, error) {
	addr := addressSubject(ip)
	got, err := t.st.SignInFailures(ctx, now.Add(-t.Memory), account, addr)
	if err != nil {
		return 0, err
	}
	until := t.Account.lockedUntil(got[account], t.Memory)
	if u := t.Address.lockedUntil(got[addr], t.Memory); u.After(until) {
		until = u
	}
	if !until.After(now) {
		return 0, nil
	}
	return until.Sub(now), nil
}

// lockedUntil replays failures (oldest first) and returns when the last
// lockout they caused ends, or the zero time. Failures recorded during a
// lockout (by an instance that checked just before it began) count for
// nothing; after a lockout the subject starts a fresh window.
func (l Limit) lockedUntil(failures []time.Time, memory time.Duration) time.Time {
	var until time.Time
	lockouts := 0
	var window []time.Time
	for _, f := range failures {
		if f.Before(until) {
			continue
		}
		i := 0
		for i < len(window) && f.Sub(window[i]) >= l.Window {
			i++
		}
		window = append(window[i:], f)
		if len(window) >= l.Max {
			lock := l.Lock
			for range lockouts {
				if lock >= memory {
					break
				}
				lock *= 2
			}
			until = f.Add(min(lock, memory))
			lockouts++
			window = window[:0]
		}
	}
	return until
}

// pruneEvery spaces the sweeps of old failures made on the way of a failure.
const pruneEvery = 10 * time.Minute

// Fail records a failed sign-in on the account subject from ip, and now
// and then deletes failures older than Memory.
func (t *Throttle) Fail(ctx context.Context, account, ip string, now time.Time) error {
	if err := t.st.AddSignInFailure(ctx, now, account, addressSubject(ip)); err != nil {
		return err
	}
	t.mu.Lock()
	due := now.Sub(t.lastPrune) >= pruneEvery
	if due {
		t.lastPrune = now
	}
	t.mu.Unlock()
	if due {
		if _, err := t.st.PruneSignInFailures(ctx, now.Add(-t.Memory)); err != nil {
			return err
		}
	}
	return nil
}

// Succeed clears the account's failures.
func (t *Throttle) Succeed(ctx context.Context, account string) error {
	return t.st.ClearSignInFailures(ctx, account)
}

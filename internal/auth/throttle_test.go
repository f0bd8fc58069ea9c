package auth_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"warta/internal/auth"
	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
)

// instances returns, per engine, two stores opened separately on one
// database, as two warta processes would open it.
func instances(t *testing.T) map[string][2]*store.Store {
	t.Helper()
	open := func(dsn, dir string) *store.Store {
		st, err := store.Open(t.Context(), dsn, dir)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		if err := st.Migrate(t.Context()); err != nil {
			t.Fatal(err)
		}
		return st
	}
	out := map[string][2]*store.Store{}
	dir := t.TempDir()
	out["sqlite"] = [2]*store.Store{open("", dir), open("", dir)}
	for _, eng := range storetest.Engines(t) {
		if eng.Name == "postgres" {
			url := storetest.PostgresURL(t)
			out["postgres"] = [2]*store.Store{open(url, ""), open(url, "")}
		}
	}
	return out
}

func throttledFor(t *testing.T, err error) time.Duration {
	t.Helper()
	var te *auth.ThrottledError
	if !errors.As(err, &te) {
		t.Fatalf("want a throttled refusal, got %v", err)
	}
	return te.Wait
}

func TestThrottleIsSharedByInstances(t *testing.T) {
	for name, st := range instances(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			const pw = "rahasia-sekali-123"
			if _, err := auth.CreateUser(ctx, st[0], auth.NewUser{Login: "sari", Email: "sari@warta.test",
				DisplayName: "Sari", Role: model.RoleEditor, Password: pw}); err != nil {
				t.Fatal(err)
			}
			if _, err := auth.CreateUser(ctx, st[1], auth.NewUser{Login: "budi", Email: "budi@warta.test",
				DisplayName: "Budi", Role: model.RoleAuthor, Password: pw}); err != nil {
				t.Fatal(err)
			}
			a, b := auth.NewThrottle(st[0]), auth.NewThrottle(st[1])
			t0 := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

			// Five failures spread over both instances, two addresses, and
			// the login as well as the email of the account.
			for i, try := range []struct {
				th        *auth.Throttle
				st        *store.Store
				login, ip string
			}{{a, st[0], "sari", "10.0.0.1"}, {b, st[1], "SARI", "10.0.0.2"}, {a, st[0], "sari@warta.test", "10.0.0.1"},
				{b, st[1], "sari", "10.0.0.3"}, {a, st[0], "sari", "10.0.0.2"}} {
				at := t0.Add(time.Duration(i) * time.Minute)
				if _, err := auth.SignIn(ctx, try.st, try.th, try.login, "salah-"+try.ip, try.ip, at); !errors.Is(err, model.ErrForbidden) {
					t.Fatalf("failure %d: %v", i+1, err)
				}
			}
			// The fifth failure, at t0+4m, locked the account for 15 minutes,
			// for everyone: the right password from a fresh address on the
			// other instance is refused without being checked.
			now := t0.Add(5 * time.Minute)
			for _, th := range []struct {
				th *auth.Throttle
				st *store.Store
			}{{a, st[0]}, {b, st[1]}} {
				_, err := auth.SignIn(ctx, th.st, th.th, "sari", pw, "192.0.2.50", now)
				if w := throttledFor(t, err); w != 14*time.Minute {
					t.Errorf("wait %v, want 14m", w)
				}
			}
			// Another account from an address that failed is not locked.
			if _, err := auth.SignIn(ctx, st[0], a, "budi", pw, "10.0.0.1", now); err != nil {
				t.Errorf("another account from the same address: %v", err)
			}
			// Refused attempts during the lock are not counted: when it ends,
			// the right password gets in.
			for range 10 {
				_, _ = auth.SignIn(ctx, st[1], b, "sari", "salah", "10.0.0.9", now.Add(time.Minute))
			}
			end := t0.Add(19 * time.Minute)
			if _, err := auth.SignIn(ctx, st[1], b, "sari", pw, "10.0.0.9", end.Add(-time.Second)); err == nil {
				t.Error("signed in a second before the lock ends")
			}
			fails := func(n int, from time.Time, ip string) time.Time {
				t.Helper()
				for i := range n {
					from = from.Add(time.Second)
					if _, err := auth.SignIn(ctx, st[i%2], []*auth.Throttle{a, b}[i%2], "sari", "salah", ip, from); !errors.Is(err, model.ErrForbidden) {
						t.Fatalf("failure %d from %s: %v", i+1, ip, err)
					}
				}
				return from
			}
			// A second lockout within the day lasts twice as long.
			now = fails(5, end, "10.0.0.5")
			_, err := auth.SignIn(ctx, st[1], b, "sari", pw, "10.0.0.6", now)
			if w := throttledFor(t, err); w != 30*time.Minute {
				t.Errorf("second lockout: wait %v, want 30m", w)
			}
			now = now.Add(30 * time.Minute)
			if _, err := auth.SignIn(ctx, st[0], a, "sari", pw, "10.0.0.6", now); err != nil {
				t.Fatalf("after the second lock: %v", err)
			}
			// The success cleared the account's failures: four more do not
			// lock it, and the next lockout is a first one again.
			now = fails(4, now, "10.0.0.7")
			if _, err := auth.SignIn(ctx, st[0], a, "sari", pw, "10.0.0.7", now); err != nil {
				t.Fatalf("four failures after a success locked the account: %v", err)
			}
			now = fails(5, now, "10.0.0.7")
			_, err = auth.SignIn(ctx, st[0], a, "sari", pw, "10.0.0.8", now)
			if w := throttledFor(t, err); w != 15*time.Minute {
				t.Errorf("lockout after a success: wait %v, want 15m", w)
			}
		})
	}
}

func TestThrottleAddressBudget(t *testing.T) {
	for name, st := range instances(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			const pw = "rahasia-sekali-123"
			if _, err := auth.CreateUser(ctx, st[0], auth.NewUser{Login: "sari", Email: "sari@warta.test",
				DisplayName: "Sari", Role: model.RoleEditor, Password: pw}); err != nil {
				t.Fatal(err)
			}
			a, b := auth.NewThrottle(st[0]), auth.NewThrottle(st[1])
			now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
			// One address guessing many logins, four tries each, through
			// both instances: no account reaches its limit of five.
			for i := range 28 {
				login := "tebak" + string(rune('a'+i/4))
				if err := []*auth.Throttle{a, b}[i%2].Fail(ctx, auth.AccountSubject(0, login), "203.0.113.7", now); err != nil {
					t.Fatal(err)
				}
				now = now.Add(10 * time.Second)
			}
			for i := range 2 {
				if _, err := auth.SignIn(ctx, st[i], []*auth.Throttle{a, b}[i], "lain"+string(rune('a'+i)), "x", "203.0.113.7", now); !errors.Is(err, model.ErrForbidden) {
					t.Fatalf("failure %d: %v", 29+i, err)
				}
			}
			// Thirty failures from the address lock it, even for a real
			// account with the right password…
			_, err := auth.SignIn(ctx, st[0], a, "sari", pw, "203.0.113.7", now)
			if w := throttledFor(t, err); w != 15*time.Minute {
				t.Errorf("address lock: wait %v, want 15m", w)
			}
			// …but not that account from elsewhere.
			if _, err := auth.SignIn(ctx, st[1], b, "sari", pw, "198.51.100.1", now); err != nil {
				t.Errorf("the account from another address: %v", err)
			}
			// A success does not clear the address.
			if _, err := auth.SignIn(ctx, st[1], b, "sari", pw, "203.0.113.7", now.Add(time.Minute)); err == nil {
				t.Error("the locked address got in after the account's success elsewhere")
			}
		})
	}
}

func TestThrottlePrunesOldFailures(t *testing.T) {
	for name, st := range instances(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			a, b := auth.NewThrottle(st[0]), auth.NewThrottle(st[1])
			old := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
			sub := auth.AccountSubject(0, "lama")
			for range 3 {
				if err := a.Fail(ctx, sub, "10.1.1.1", old); err != nil {
					t.Fatal(err)
				}
			}
			got, err := st[1].SignInFailures(ctx, time.Time{}, sub)
			if err != nil || len(got[sub]) != 3 {
				t.Fatalf("the other instance sees %d failures (%v), want 3", len(got[sub]), err)
			}
			// A failure a day and more later, on a fresh instance, sweeps
			// the old rows.
			later := old.Add(a.Memory + time.Hour)
			if err := b.Fail(ctx, auth.AccountSubject(0, "baru"), "10.1.1.2", later); err != nil {
				t.Fatal(err)
			}
			got, err = st[0].SignInFailures(ctx, time.Time{}, sub, "ip:10.1.1.1", auth.AccountSubject(0, "baru"))
			if err != nil {
				t.Fatal(err)
			}
			if n := len(got[sub]) + len(got["ip:10.1.1.1"]); n != 0 {
				t.Errorf("%d failures older than a day were kept", n)
			}
			if len(got[auth.AccountSubject(0, "baru")]) != 1 {
				t.Errorf("the new failure went too: %v", got)
			}
		})
	}
}

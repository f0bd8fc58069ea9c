package auth_test

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"warta/internal/auth"
	"warta/internal/model"
	"warta/internal/store/storetest"
)

func TestAppPasswords(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			ctx := t.Context()
			u, err := auth.CreateUser(ctx, st, auth.NewUser{Login: "sari", Email: "sari@example.test", DisplayName: "Sari",
				Role: model.RoleAuthor, Password: "akun-sari-rahasia"})
			if err != nil {
				t.Fatal(err)
			}
			now := time.Date(2026, 11, 27, 4, 0, 0, 0, time.UTC)
			p, pw, err := auth.CreateAppPassword(ctx, st, u, "  Ponsel  ", now)
			if err != nil {
				t.Fatal(err)
			}
			if !regexp.MustCompile(`^[A-Za-z0-9]{24}$`).MatchString(pw) || p.Name != "Ponsel" || p.UUID == "" {
				t.Fatalf("password %q name %q uuid %q", pw, p.Name, p.UUID)
			}
			shown := auth.FormatAppPassword(pw)
			if len(shown) != 29 || strings.Count(shown, " ") != 5 || strings.ReplaceAll(shown, " ", "") != pw {
				t.Errorf("shown as %q, want six blocks of four", shown)
			}
			list, _ := st.AppPasswords(ctx, u.ID)
			if len(list) != 1 || strings.Contains(list[0].Hash, pw) || list[0].Hash == pw {
				t.Fatalf("stored %+v: the password itself must not be kept", list)
			}

			th := auth.NewThrottle(st)
			for _, typed := range []string{pw, shown, " " + shown + " "} {
				got, err := auth.CheckAppPassword(ctx, st, th, "sari", typed, "192.0.2.1", now)
				if err != nil || got.ID != u.ID {
					t.Errorf("typed %q: %v", typed, err)
				}
			}
			if got, err := auth.CheckAppPassword(ctx, st, th, "SARI@example.test", pw, "192.0.2.1", now); err != nil || got.ID != u.ID {
				t.Errorf("by email: %v", err)
			}
			list, _ = st.AppPasswords(ctx, u.ID)
			if !list[0].LastUsedAt.Equal(now) || list[0].LastIP != "192.0.2.1" {
				t.Errorf("last use not recorded: %+v", list[0])
			}
			if _, err := auth.CheckAppPassword(ctx, st, th, "sari", "akun-sari-rahasia", "192.0.2.1", now); !errors.Is(err, auth.ErrWrongAppPassword) {
				t.Errorf("the account password signs a REST client in: %v", err)
			}
			if _, err := auth.CheckAppPassword(ctx, st, th, "nobody", pw, "192.0.2.1", now); !errors.Is(err, auth.ErrUnknownUser) {
				t.Errorf("unknown login: %v", err)
			}
			if _, _, err := auth.CreateAppPassword(ctx, st, u, "   ", now); err == nil {
				t.Error("a nameless application password was made")
			}

			// Five failures for one login and the next attempt waits, even
			// with the right password; the budget is the database's, so
			// another instance's throttle and the sign-in form see it too.
			th2 := auth.NewThrottle(st)
			for range 5 {
				auth.CheckAppPassword(ctx, st, th2, "sari", "salah", "192.0.2.2", now)
			}
			var te *auth.ThrottledError
			if _, err := auth.CheckAppPassword(ctx, st, th2, "sari", pw, "192.0.2.2", now); !errors.As(err, &te) {
				t.Errorf("after five failures: %v, want throttled", err)
			}
			if _, err := auth.SignIn(ctx, st, auth.NewThrottle(st), "sari", "akun-sari-rahasia", "192.0.2.3", now); !errors.As(err, &te) {
				t.Errorf("the sign-in form after five REST failures: %v, want throttled", err)
			}

			if err := auth.RevokeAppPassword(ctx, st, u, p.UUID); err != nil {
				t.Fatal(err)
			}
			if _, err := auth.CheckAppPassword(ctx, st, auth.NewThrottle(st), "sari", pw, "192.0.2.1", now.Add(time.Hour)); !errors.Is(err, auth.ErrWrongAppPassword) {
				t.Errorf("a revoked password still works: %v", err)
			}
		})
	}
}

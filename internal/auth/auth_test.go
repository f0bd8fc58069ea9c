package auth_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"warta/internal/auth"
	"warta/internal/model"
	"warta/internal/store/storetest"
)

func TestPasswordHash(t *testing.T) {
	h, err := auth.HashPassword("kopi-tubruk-panas")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q is not argon2id in PHC form", h)
	}
	h2, _ := auth.HashPassword("kopi-tubruk-panas")
	if h == h2 {
		t.Error("two hashes of one password are equal: no salt")
	}
	for pw, want := range map[string]bool{"kopi-tubruk-panas": true, "kopi-tubruk-panaS": false, "": false} {
		if ok, err := auth.VerifyPassword(h, pw); ok != want || err != nil {
			t.Errorf("VerifyPassword(%q) = %v, %v; want %v", pw, ok, err, want)
		}
	}
	if ok, _ := auth.VerifyPassword("", ""); ok {
		t.Error("an empty hash matched")
	}
	if _, err := auth.VerifyPassword("$2y$10$abc", "x"); !errors.Is(err, auth.ErrBadHash) {
		t.Errorf("bcrypt hash: err %v", err)
	}
}

func TestSessions(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			ctx := context.Background()
			st := eng.New(t)
			u, err := auth.CreateUser(ctx, st, auth.NewUser{Login: "sari", Email: "sari@warta.test",
				DisplayName: "Sari", Role: model.RoleEditor, Password: "rahasia-sekali-123"})
			if err != nil {
				t.Fatal(err)
			}
			th := auth.NewThrottle(st)
			now := time.Now().UTC()
			if _, err := auth.SignIn(ctx, st, th, "sari", "salah-sandi-123", "1.2.3.4", now); !errors.Is(err, model.ErrForbidden) {
				t.Errorf("wrong password: %v", err)
			}
			if _, err := auth.SignIn(ctx, st, th, "nobody", "salah-sandi-123", "1.2.3.4", now); !errors.Is(err, model.ErrForbidden) {
				t.Errorf("unknown login: %v", err)
			}
			got, err := auth.SignIn(ctx, st, th, "sari@warta.test", "rahasia-sekali-123", "1.2.3.4", now)
			if err != nil || got.ID != u.ID {
				t.Fatalf("sign in by email: %v, %v", got, err)
			}
			ses, cookie, err := auth.StartSession(ctx, st, u, "1.2.3.4", "test", now)
			if err != nil {
				t.Fatal(err)
			}
			req := func(value string) *http.Request {
				r := httptest.NewRequest("GET", "/admin/", nil)
				r.AddCookie(&http.Cookie{Name: auth.CookieName, Value: value})
				return r
			}
			loaded, err := auth.LoadSession(ctx, st, req(cookie), now.Add(time.Minute))
			if err != nil || loaded.User.ID != u.ID || loaded.CSRFToken() != ses.CSRFToken() {
				t.Fatalf("load session: %v, %v", loaded, err)
			}
			if loaded.CheckCSRF("") || loaded.CheckCSRF(ses.CSRFToken()+"x") || !loaded.CheckCSRF(ses.CSRFToken()) {
				t.Error("CSRF check accepts a wrong token or refuses the right one")
			}
			id, _, _ := strings.Cut(cookie, ".")
			for name, value := range map[string]string{"wrong secret": id + ".AAAA", "no dot": id, "unknown": "x.y"} {
				if _, err := auth.LoadSession(ctx, st, req(value), now); !errors.Is(err, auth.ErrNoSession) {
					t.Errorf("%s: %v", name, err)
				}
			}
			if _, err := auth.LoadSession(ctx, st, req(cookie), now.Add(auth.SessionLifetime+time.Second)); !errors.Is(err, auth.ErrNoSession) {
				t.Errorf("expired session: %v", err)
			}
			// The row holds a hash, never the secret.
			_, secret, _ := strings.Cut(cookie, ".")
			row, _, err := st.SessionUser(ctx, id)
			if err == nil && strings.Contains(row.SecretHash, secret) {
				t.Error("the session row holds the secret")
			}
		})
	}
}

func TestCapabilities(t *testing.T) {
	me := &model.User{ID: 1, Role: model.RoleContributor}
	other := model.User{ID: 2}
	mine := &model.Article{ID: 5, Type: model.TypePost, Status: model.StatusDraft, Bylines: []model.Byline{{User: model.User{ID: 1}}}}
	theirs := &model.Article{ID: 6, Type: model.TypePost, Status: model.StatusDraft, Bylines: []model.Byline{{User: other}}}
	published := &model.Article{ID: 7, Type: model.TypePost, Status: model.StatusPublished, Bylines: []model.Byline{{User: model.User{ID: 1}}}}
	check := func(role model.Role, editMine, editTheirs, publishMine, editPublished bool) {
		t.Helper()
		me.Role = role
		if auth.CanEdit(me, mine) != editMine || auth.CanEdit(me, theirs) != editTheirs ||
			auth.CanPublish(me, mine) != publishMine || auth.CanEdit(me, published) != editPublished {
			t.Errorf("%s: edit mine %v, edit theirs %v, publish mine %v, edit my published %v", role,
				auth.CanEdit(me, mine), auth.CanEdit(me, theirs), auth.CanPublish(me, mine), auth.CanEdit(me, published))
		}
	}
	check(model.RoleContributor, true, false, false, false)
	check(model.RoleAuthor, true, false, true, true)
	check(model.RoleEditor, true, true, true, true)
	check(model.RoleAdministrator, true, true, true, true)
	if auth.Can(model.RoleContributor, auth.UploadFiles) || !auth.Can(model.RoleAuthor, auth.UploadFiles) {
		t.Error("uploads: contributors must not, authors must")
	}
	if auth.Can(model.RoleEditor, auth.ManageUsers) || !auth.Can(model.RoleAdministrator, auth.ManageOptions) {
		t.Error("users and settings are the administrator's")
	}
}

// BenchmarkHashPassword measures what one sign-in costs the server.
func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		if _, err := auth.HashPassword("kopi-tubruk-panas"); err != nil {
			b.Fatal(err)
		}
	}
}

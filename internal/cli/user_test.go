package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"warta/internal/auth"
	"warta/internal/store"
)

func runIn(stdin string, args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = RunEnv(context.Background(), args, Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut, Getenv: noEnv})
	return code, out.String(), errOut.String()
}

func TestUserCommand(t *testing.T) {
	dir := t.TempDir()
	flags := []string{"--data-dir", dir}
	add := func(stdin string, args ...string) (int, string, string) {
		return runIn(stdin, append(append([]string{"user", "add"}, args...), flags...)...)
	}
	if code, out, errOut := add("rahasia-sekali-123\n", "--login", "sari", "--email", "sari@warta.test",
		"--role", "editor", "--name", "Sari Wulandari"); code != 0 || !strings.Contains(out, "sari (editor)") {
		t.Fatalf("user add: exit %d, out %q, err %q", code, out, errOut)
	}
	t.Run("bad input names the flag and exits non-zero", func(t *testing.T) {
		cases := []struct {
			stdin string
			args  []string
			code  int
			want  string
		}{
			{"rahasia-sekali-123\n", []string{"--login", "budi", "--email", "not-an-address", "--role", "author"}, 2, "--email: Enter a valid email"},
			{"pendek\n", []string{"--login", "budi", "--email", "budi@warta.test", "--role", "author"}, 1, "standard input (password): A password has at least 10"},
			{"rahasia-sekali-123\n", []string{"--login", "SARI", "--email", "s2@warta.test", "--role", "author"}, 1, "--login: This login is already taken"},
			{"rahasia-sekali-123\n", []string{"--login", "budi", "--email", "budi@warta.test", "--role", "boss"}, 2, `--role "boss"`},
			{"", []string{"--login", "budi", "--email", "budi@warta.test", "--role", "author"}, 1, "no password given"},
		}
		for _, c := range cases {
			code, _, errOut := add(c.stdin, c.args...)
			if code != c.code || !strings.Contains(errOut, c.want) {
				t.Errorf("user add %v: exit %d (want %d), stderr %q lacks %q", c.args, code, c.code, errOut, c.want)
			}
		}
	})
	t.Run("list, role and passwd", func(t *testing.T) {
		if code, _, errOut := runIn("", append([]string{"user", "role", "--login", "sari", "--role", "author"}, flags...)...); code != 0 {
			t.Fatalf("user role: exit %d: %s", code, errOut)
		}
		if code, _, errOut := runIn("kata-sandi-baru-456\n", append([]string{"user", "passwd", "--login", "sari"}, flags...)...); code != 0 {
			t.Fatalf("user passwd: exit %d: %s", code, errOut)
		}
		code, out, _ := runIn("", append([]string{"user", "list"}, flags...)...)
		if code != 0 || !strings.Contains(out, "sari") || !strings.Contains(out, "author") || strings.Contains(out, "argon2") {
			t.Errorf("user list: exit %d:\n%s", code, out)
		}
		st, err := store.Open(context.Background(), "", dir)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		u, err := st.UserByLogin(context.Background(), "sari")
		if err != nil {
			t.Fatal(err)
		}
		if ok, _ := auth.VerifyPassword(u.PasswordHash, "kata-sandi-baru-456"); !ok {
			t.Error("the new password does not verify")
		}
		if ok, _ := auth.VerifyPassword(u.PasswordHash, "rahasia-sekali-123"); ok {
			t.Error("the old password still verifies")
		}
		if code, _, errOut := runIn("", append([]string{"user", "role", "--login", "nobody", "--role", "author"}, flags...)...); code != 1 || !strings.Contains(errOut, `--login "nobody"`) {
			t.Errorf("role of an unknown user: exit %d, %q", code, errOut)
		}
	})
	t.Run("the audit log records what the command changed", func(t *testing.T) {
		code, out, errOut := runIn("", append([]string{"user", "app-password", "Aplikasi Ponsel", "--login", "sari"}, flags...)...)
		if code != 0 {
			t.Fatalf("app-password: exit %d: %s", code, errOut)
		}
		uuid := strings.SplitN(strings.SplitN(out, "(", 2)[1], ")", 2)[0] // "… NAME (UUID) for …"
		if code, _, errOut := runIn("", append([]string{"user", "app-password", "--revoke", uuid, "--login", "sari"}, flags...)...); code != 0 {
			t.Fatalf("app-password --revoke %s: exit %d: %s", uuid, code, errOut)
		}
		st, err := store.Open(context.Background(), "", dir)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		sari, err := st.UserByLogin(context.Background(), "sari")
		if err != nil {
			t.Fatal(err)
		}
		entries, err := st.AuditEntries(context.Background(), 50, 0)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range entries {
			if e.ObjectType != "user" || e.ObjectID != sari.ID {
				t.Errorf("entry %+v: want one about sari", e)
			}
			// Application passwords are recorded as the user's own doing
			// (auth does it, wherever they are made); the rest as the command's.
			if strings.HasPrefix(e.Action, "user.app_password.") != (e.Via == "" && e.UserID == sari.ID) ||
				!strings.HasPrefix(e.Action, "user.app_password.") && e.Via != store.AuditViaCLI {
				t.Errorf("entry %+v: made by the wrong hand", e)
			}
			got = append(got, e.Action+" "+e.Detail)
		}
		want := []string{"user.app_password.revoke " + uuid, "user.app_password.create Aplikasi Ponsel",
			"user.password_set sari", "user.role author", "user.add sari (editor)"}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("audit log, newest first:\n got %q\nwant %q", got, want)
		}
	})
}

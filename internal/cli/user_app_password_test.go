package cli

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"warta/internal/auth"
	"warta/internal/store"
)

func TestUserAppPassword(t *testing.T) {
	dir := t.TempDir()
	flags := []string{"--data-dir", dir}
	run := func(args ...string) (int, string, string) {
		return runIn("", append(append([]string{"user", "app-password"}, args...), flags...)...)
	}
	if code, _, errOut := runIn("rahasia-sekali-123\n", append([]string{"user", "add", "--login", "sari", "--email", "sari@warta.test",
		"--role", "author"}, flags...)...); code != 0 {
		t.Fatalf("user add: %d %s", code, errOut)
	}
	code, out, errOut := run("Aplikasi ponsel", "--login", "sari")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	pw := lines[len(lines)-1]
	if code != 0 || !regexp.MustCompile(`^([A-Za-z0-9]{4} ){5}[A-Za-z0-9]{4}$`).MatchString(pw) || !strings.Contains(out, "Aplikasi ponsel") {
		t.Fatalf("app-password: exit %d, out %q, err %q", code, out, errOut)
	}
	// The name may also follow the flags.
	if code, _, errOut := run("--login", "sari", "Skrip impor"); code != 0 {
		t.Fatalf("name after the flags: %d %s", code, errOut)
	}
	st, err := store.Open(context.Background(), "", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := auth.CheckAppPassword(context.Background(), st, auth.NewThrottle(st), "sari", pw, "192.0.2.5", time.Now()); err != nil {
		t.Fatalf("the printed password does not sign in: %v", err)
	}
	code, out, _ = run("--list", "--login", "sari")
	uuid := regexp.MustCompile(`(?m)^([0-9a-f-]{36})\s+Aplikasi ponsel\s+\S+\s+\S+\s+192\.0\.2\.5$`).FindStringSubmatch(out)
	if code != 0 || uuid == nil || !strings.Contains(out, "Skrip impor") || strings.Contains(out, pw) {
		t.Fatalf("--list: exit %d\n%s", code, out)
	}
	if code, out, errOut := run("--revoke", uuid[1], "--login", "sari"); code != 0 || !strings.Contains(out, "revoked") {
		t.Fatalf("--revoke: %d %s %s", code, out, errOut)
	}
	if _, err := auth.CheckAppPassword(context.Background(), st, auth.NewThrottle(st), "sari", pw, "192.0.2.5", time.Now()); !errors.Is(err, auth.ErrWrongAppPassword) {
		t.Errorf("a revoked password: %v", err)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--login", "sari"}, 2, "missing NAME"},
		{[]string{"Ponsel"}, 2, "--login is required"},
		{[]string{"Ponsel", "--login", "tidakada"}, 1, `--login "tidakada": no such user`},
		{[]string{"--revoke", uuid[1], "--login", "sari"}, 1, "no application password with this UUID"},
		{[]string{"--list", "--revoke", uuid[1], "--login", "sari"}, 2, "--list and --revoke go alone"},
		{[]string{"Ponsel", "--list", "--login", "sari"}, 2, "not taken with --list"},
		{[]string{strings.Repeat("x", 101), "--login", "sari"}, 1, "100 characters at most"},
	} {
		code, _, errOut := run(c.args...)
		if code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("app-password %v: exit %d (want %d), stderr %q lacks %q", c.args, code, c.code, errOut, c.want)
		}
	}
	if code, out, _ := runIn("", "help", "user"); code != 0 || !strings.Contains(out, "app-password NAME --login LOGIN") {
		t.Errorf("help user: %d %s", code, out)
	}
}

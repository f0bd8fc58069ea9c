package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func run(args ...string) (code int, stdout, stderr string) { return runWith(noEnv, args...) }

// runWith is run with the environment getenv answers.
func runWith(getenv func(string) (string, bool), args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = RunEnv(context.Background(), args, Env{Stdout: &out, Stderr: &errOut, Getenv: getenv})
	return code, out.String(), errOut.String()
}

func TestCommandLine(t *testing.T) {
	t.Run("help lists the commands", func(t *testing.T) {
		code, out, _ := run("help")
		if code != 0 {
			t.Fatalf("exit %d", code)
		}
		for _, want := range []string{"serve", "migrate", "WARTA_DATA_DIR", "WARTA_DATABASE_URL"} {
			if !strings.Contains(out, want) {
				t.Errorf("help does not mention %s:\n%s", want, out)
			}
		}
	})
	t.Run("serve -h explains every flag and its environment variable", func(t *testing.T) {
		code, _, errOut := run("serve", "-h")
		if code != 0 {
			t.Fatalf("exit %d", code)
		}
		for _, want := range []string{"-listen", "127.0.0.1:8080", "WARTA_LISTEN", "-data-dir", "WARTA_DATA_DIR",
			"-database-url", "WARTA_DATABASE_URL", "-base-url", "WARTA_BASE_URL", "-no-demo"} {
			if !strings.Contains(errOut, want) {
				t.Errorf("serve -h does not mention %s:\n%s", want, errOut)
			}
		}
	})
	t.Run("help serve prints the same flags to standard output", func(t *testing.T) {
		code, out, _ := run("help", "serve")
		if code != 0 || !strings.Contains(out, "WARTA_LISTEN") {
			t.Fatalf("exit %d:\n%s", code, out)
		}
	})
	t.Run("an unknown command exits 2 and says so", func(t *testing.T) {
		code, _, errOut := run("publish")
		if code != 2 || !strings.Contains(errOut, `unknown command "publish"`) {
			t.Fatalf("exit %d: %s", code, errOut)
		}
	})
	t.Run("no command at all exits 2 with the list", func(t *testing.T) {
		code, _, errOut := run()
		if code != 2 || !strings.Contains(errOut, "serve") {
			t.Fatalf("exit %d: %s", code, errOut)
		}
	})
	t.Run("an unknown flag exits 2 naming it", func(t *testing.T) {
		code, _, errOut := run("serve", "--port", "80")
		if code != 2 || !strings.Contains(errOut, "port") {
			t.Fatalf("exit %d: %s", code, errOut)
		}
	})
	t.Run("a bad database URL exits 2 before anything is created", func(t *testing.T) {
		dir := t.TempDir() + "/data"
		code, _, errOut := run("serve", "--data-dir", dir, "--database-url", "mysql://root@db/warta")
		if code != 2 || !strings.Contains(errOut, "--database-url") {
			t.Fatalf("exit %d: %s", code, errOut)
		}
	})
	t.Run("migrate creates and migrates the SQLite database", func(t *testing.T) {
		code, out, errOut := run("migrate", "--data-dir", t.TempDir())
		if code != 0 || !strings.Contains(out, "sqlite") {
			t.Fatalf("exit %d: %s %s", code, out, errOut)
		}
	})
}

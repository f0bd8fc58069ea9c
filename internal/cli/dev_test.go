package cli

import (
	"regexp"
	"strings"
	"testing"
)

func TestDevGenerate(t *testing.T) {
	t.Run("fills the database and names the newest post", func(t *testing.T) {
		dir := t.TempDir()
		code, out, errOut := run("dev", "generate", "--data-dir", dir, "--articles", "30", "--comments", "4")
		if code != 0 {
			t.Fatalf("exit %d; stderr:\n%s", code, errOut)
		}
		if !strings.Contains(out, "generated 30 posts and 120 comments") {
			t.Errorf("output does not report what was written:\n%s", out)
		}
		if !regexp.MustCompile(`newest post: /\d{4}/\d{2}/\d{2}/[a-z0-9-]+/`).MatchString(out) {
			t.Errorf("output does not name the newest post's path:\n%s", out)
		}
		if errOut != "" {
			t.Errorf("progress written to a pipe:\n%s", errOut)
		}
	})
	t.Run("a negative count is a usage error", func(t *testing.T) {
		code, _, errOut := run("dev", "generate", "--data-dir", t.TempDir(), "--articles", "-3")
		if code != exitUsage || !strings.Contains(errOut, "--articles") {
			t.Fatalf("exit %d, stderr %q; want 2 naming --articles", code, errOut)
		}
	})
	t.Run("an unknown subcommand is a usage error", func(t *testing.T) {
		code, _, errOut := run("dev", "frobnicate")
		if code != exitUsage || !strings.Contains(errOut, "frobnicate") {
			t.Fatalf("exit %d, stderr %q; want 2 naming the subcommand", code, errOut)
		}
	})
}

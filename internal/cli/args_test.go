package cli

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// runLang runs warta with only the given environment variables set.
func runLang(env map[string]string, args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	getenv := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	code = RunEnv(context.Background(), args, Env{Stdout: &out, Stderr: &errOut, Getenv: getenv})
	return code, out.String(), errOut.String()
}

func TestCommandsBehaveAlike(t *testing.T) {
	t.Run("backup takes its flags after the file too", func(t *testing.T) {
		data := t.TempDir()
		if code, _, errOut := run("migrate", "--data-dir", data); code != 0 {
			t.Fatalf("migrate: %s", errOut)
		}
		file := filepath.Join(t.TempDir(), "b.tar.gz")
		code, out, errOut := run("backup", file, "--data-dir", data, "--quiet")
		if code != 0 {
			t.Fatalf("backup FILE --data-dir D: exit %d: %s", code, errOut)
		}
		if !strings.Contains(out, file) {
			t.Fatalf("backup did not say where it wrote: %q", out)
		}
		code, _, errOut = run("restore", file, "--data-dir", data, "--yes", "--quiet")
		if code != 0 {
			t.Fatalf("restore FILE --data-dir D: exit %d: %s", code, errOut)
		}
	})
	t.Run("an unknown flag is one line naming it, the nearest flag and the help command", func(t *testing.T) {
		code, out, errOut := run("serve", "--port", "9000")
		if code != exitUsage || out != "" {
			t.Fatalf("exit %d, stdout %q", code, out)
		}
		want := "warta serve: unknown flag --port; did you mean --listen? (see 'warta help serve')\n"
		if errOut != want {
			t.Fatalf("got %q, want %q", errOut, want)
		}
	})
	t.Run("a misspelt flag suggests the one meant", func(t *testing.T) {
		_, _, errOut := run("import", "wxr", "x.xml", "--upload", "dir")
		if !strings.Contains(errOut, "did you mean --uploads?") {
			t.Fatalf("got %q", errOut)
		}
		_, _, errOut = run("backup", "--data-dri", "d", "x")
		if !strings.Contains(errOut, "did you mean --data-dir?") {
			t.Fatalf("got %q", errOut)
		}
	})
	t.Run("a flag nothing resembles is named without a guess", func(t *testing.T) {
		_, _, errOut := run("migrate", "--zzzzzz")
		if errOut != "warta migrate: unknown flag --zzzzzz (see 'warta help migrate')\n" {
			t.Fatalf("got %q", errOut)
		}
	})
	t.Run("a value that is not a number says what to write", func(t *testing.T) {
		code, _, errOut := run("comments", "list", "--limit", "many")
		if code != exitUsage || !strings.Contains(errOut, `--limit "many": write a whole number`) {
			t.Fatalf("exit %d: %q", code, errOut)
		}
	})
	t.Run("help dev lists its subcommand and no empty Flags heading", func(t *testing.T) {
		code, out, _ := run("help", "dev")
		if code != 0 || strings.Contains(out, "Flags:") || !strings.Contains(out, "generate") {
			t.Fatalf("exit %d:\n%s", code, out)
		}
	})
	t.Run("help dev generate lists generate's flags", func(t *testing.T) {
		code, out, _ := run("help", "dev", "generate")
		if code != 0 || !strings.Contains(out, "Flags:") || !strings.Contains(out, "--articles N") {
			t.Fatalf("exit %d:\n%s", code, out)
		}
	})
	t.Run("version names the build and the Go it was built with", func(t *testing.T) {
		for _, arg := range []string{"version", "--version"} {
			code, out, _ := run(arg)
			if code != 0 || !strings.HasPrefix(out, "warta ") || !strings.Contains(out, "go1.") {
				t.Fatalf("%s: exit %d: %q", arg, code, out)
			}
		}
	})
	t.Run("messages follow LANG", func(t *testing.T) {
		_, _, errOut := runLang(map[string]string{"LANG": "id_ID.UTF-8"}, "serve", "--port", "9000")
		if want := "warta serve: flag --port tidak dikenal; maksudnya --listen? (lihat 'warta help serve')\n"; errOut != want {
			t.Fatalf("got %q, want %q", errOut, want)
		}
		_, out, _ := runLang(map[string]string{"LC_ALL": "id_ID.UTF-8", "LANG": "en_US.UTF-8"}, "help")
		if !strings.Contains(out, "Perintah:") {
			t.Fatalf("LC_ALL=id_ID does not win over LANG:\n%s", out)
		}
		_, out, _ = runLang(map[string]string{"LANG": "C.UTF-8"}, "help")
		if !strings.Contains(out, "Commands:") {
			t.Fatalf("LANG=C is not English:\n%s", out)
		}
		_, out, _ = runLang(map[string]string{"LANGUAGE": "id:en", "LANG": "en_US.UTF-8"}, "help", "serve")
		if !strings.Contains(out, "alamat untuk mendengarkan") {
			t.Fatalf("LANGUAGE=id does not translate the flags:\n%s", out)
		}
	})
	t.Run("user and comments mistakes are told in the user's language", func(t *testing.T) {
		dir := t.TempDir()
		cases := []struct {
			args   []string
			id, en string
		}{
			{[]string{"user", "add", "--login", "budi", "--email", "b@warta.test", "--role", "boss", "--data-dir", dir},
				`--role "boss": tulis administrator, editor, author atau contributor`,
				`--role "boss": write administrator, editor, author or contributor`},
			{[]string{"user", "frobnicate"},
				`subperintah "frobnicate" tidak dikenal`, `unknown subcommand "frobnicate"`},
			{[]string{"comments", "approve", "abc", "--data-dir", dir},
				`approve: "abc" bukan ID komentar`, `approve: "abc" is not a comment ID`},
			{[]string{"comments", "list", "--status", "hidden", "--data-dir", dir},
				`--status "hidden" tidak dikenal; tulis pending, approved, spam atau trash`,
				`unknown --status "hidden"; write pending, approved, spam or trash`},
			{[]string{"dev", "generate", "--commented", "2", "--data-dir", dir},
				`--commented harus lebih dari 0 dan paling banyak 1`,
				`--commented must be more than 0 and at most 1`},
		}
		for _, c := range cases {
			code, _, errOut := runLang(map[string]string{"LANG": "id_ID.UTF-8"}, c.args...)
			if code != 2 || !strings.Contains(errOut, c.id) {
				t.Errorf("LANG=id_ID %v: exit %d, %q; want 2 and %q", c.args, code, errOut, c.id)
			}
			code, _, errOut = runLang(map[string]string{"LANG": "en_GB.UTF-8"}, c.args...)
			if code != 2 || !strings.Contains(errOut, c.en) {
				t.Errorf("LANG=en_GB %v: exit %d, %q; want 2 and %q", c.args, code, errOut, c.en)
			}
		}
		notBackup := filepath.Join(dir, "catatan.txt")
		if err := os.WriteFile(notBackup, []byte("bukan cadangan"), 0o644); err != nil {
			t.Fatal(err)
		}
		code, _, errOut := runLang(map[string]string{"LANG": "id_ID.UTF-8"}, "restore", notBackup, "--data-dir", t.TempDir())
		if want := "bukan cadangan warta (bukan arsip cadangan dan bukan salinan basis data)"; code != 3 || !strings.Contains(errOut, want) {
			t.Errorf("restore of a text file, LANG=id_ID: exit %d, %q; want 3 and %q", code, errOut, want)
		}
	})
	t.Run("settings that cannot work are told in the user's language, each of them", func(t *testing.T) {
		id := map[string]string{"LANG": "id_ID.UTF-8"}
		code, _, errOut := runLang(id, "serve", "--listen", "foo", "--base-url", "ftp://x", "--data-dir", t.TempDir())
		if want := "warta serve: --listen \"foo\": tulis host:port, mis. 127.0.0.1:8080\n--base-url \"ftp://x\": tulis URL http(s) lengkap"; code != exitUsage || !strings.HasPrefix(errOut, want) {
			t.Errorf("exit %d, %q; want 2 and %q", code, errOut, want)
		}
		code, _, errOut = runLang(id, "backup", "b.tar.gz", "--media-url", "http://ember", "--data-dir", t.TempDir())
		if want := `URL media "http://ember": tulis s3://BUCKET/PREFIX, atau sebuah folder`; code != exitUsage || !strings.Contains(errOut, want) {
			t.Errorf("exit %d, %q; want 2 and %q", code, errOut, want)
		}
	})
	t.Run("what a command did is told in the user's language", func(t *testing.T) {
		id := map[string]string{"LANG": "id_ID.UTF-8"}
		data, file := t.TempDir(), filepath.Join(t.TempDir(), "cadangan.tar.gz")
		for _, c := range []struct {
			args []string
			want string
		}{
			{[]string{"migrate", "--data-dir", data}, "basis data sudah mutakhir (sqlite)"},
			{[]string{"backup", file, "--data-dir", data, "--quiet"}, "cadangan ditulis ke " + file + " (basis data sqlite dan 0 berkas media"},
			{[]string{"restore", file, "--data-dir", t.TempDir(), "--quiet"}, "cadangan.tar.gz dipulihkan (dibuat "},
			{[]string{"dev", "generate", "--articles", "3", "--comments", "1", "--data-dir", data}, "3 tulisan dan 3 komentar dibuat dalam "},
		} {
			code, out, errOut := runLang(id, c.args...)
			if code != 0 || !strings.Contains(out, c.want) {
				t.Errorf("LANG=id_ID %v: exit %d, %q %q; want %q", c.args, code, out, errOut, c.want)
			}
		}
	})
}

func TestExitCodes(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if got := exitCode(ctx, context.Canceled); got != exitInterrupted {
		t.Errorf("an interrupted command exits %d, want %d", got, exitInterrupted)
	}
	if got := exitCode(context.Background(), inputError(msg("cli.err.import_file_missing"))); got != exitInput {
		t.Errorf("a refused file exits %d, want %d", got, exitInput)
	}
	if got := exitCode(context.Background(), os.ErrPermission); got != exitError {
		t.Errorf("any other failure exits %d, want %d", got, exitError)
	}
}

// TestCompletion loads each script into its real shell and asks it what
// follows a few partial command lines.
func TestCompletion(t *testing.T) {
	script := func(t *testing.T, shell string) string {
		code, out, errOut := run("completion", shell)
		if code != 0 {
			t.Fatalf("completion %s: exit %d: %s", shell, code, errOut)
		}
		f := filepath.Join(t.TempDir(), "warta."+shell)
		if err := os.WriteFile(f, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		return f
	}
	cases := []struct {
		line []string // the words typed, the last one partial
		want string
	}{
		{[]string{"warta", "ser"}, "serve"},
		{[]string{"warta", "serve", "--li"}, "--listen"},
		{[]string{"warta", "user", "a"}, "add"},
		{[]string{"warta", "user", "add", "--lo"}, "--login"},
		{[]string{"warta", "restore", "x.tar.gz", "--y"}, "--yes"},
		{[]string{"warta", "help", "back"}, "backup"},
	}
	shell := func(t *testing.T, name string) string {
		path, err := exec.LookPath(name)
		if err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is not installed (Debian package %s)", name, name)
			}
			t.Skipf("%s is not installed", name)
		}
		return path
	}
	t.Run("bash", func(t *testing.T) {
		bash := shell(t, "bash")
		f := script(t, "bash")
		for _, c := range cases {
			words := strings.Join(c.line, " ")
			prog := "source " + f + "; COMP_WORDS=(" + words + "); COMP_CWORD=" +
				itoa(len(c.line)-1) + "; _warta; printf '%s\\n' \"${COMPREPLY[@]}\""
			out, err := exec.Command(bash, "--norc", "-c", prog).CombinedOutput()
			if err != nil || !hasLine(string(out), c.want) {
				t.Errorf("%q: got %q (%v), want %s", words, out, err, c.want)
			}
		}
	})
	t.Run("zsh", func(t *testing.T) {
		zsh := shell(t, "zsh")
		f := script(t, "zsh")
		if out, err := exec.Command(zsh, "-n", f).CombinedOutput(); err != nil {
			t.Fatalf("zsh -n: %v: %s", err, out)
		}
		for _, c := range cases {
			words := strings.Join(c.line, " ")
			// compsys is not loaded outside an interactive shell: its
			// functions are stood in for by ones that print what they get.
			prog := "compdef() { :; }; _files() { :; }; _describe() { local -a a; a=(\"${(@P)2}\"); print -l -- ${a%%:*}; }; " +
				"source " + f + "; words=(" + words + "); CURRENT=" + itoa(len(c.line)) + "; PREFIX=" + c.line[len(c.line)-1] + "; _warta"
			out, err := exec.Command(zsh, "-f", "-c", prog).CombinedOutput()
			if err != nil || !hasLine(string(out), c.want) {
				t.Errorf("%q: got %q (%v), want %s", words, out, err, c.want)
			}
		}
	})
	t.Run("fish", func(t *testing.T) {
		fish := shell(t, "fish")
		f := script(t, "fish")
		for _, c := range cases {
			words := strings.Join(c.line, " ")
			out, err := exec.Command(fish, "--no-config", "-c", "source "+f+"; complete -C '"+words+"'").CombinedOutput()
			if err != nil || !hasLine(string(out), c.want) {
				t.Errorf("%q: got %q (%v), want %s", words, out, err, c.want)
			}
		}
	})
}

// hasLine reports whether one line of out starts with want followed by
// the end of the line or a tab (fish adds the description after a tab).
func hasLine(out, want string) bool {
	for _, l := range strings.Split(out, "\n") {
		if l == want || strings.HasPrefix(l, want+"\t") {
			return true
		}
	}
	return false
}

func itoa(n int) string { return strconv.Itoa(n) }

package cli

import (
	"context"
	"database/sql"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"warta/internal/store"
	"warta/internal/store/storetest"
)

// These tests make the mistakes a new operator makes and check that warta
// says what to do, exits with the documented code and writes nothing.

func TestServeChecksThePortBeforeWritingAnything(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	data := filepath.Join(t.TempDir(), "site")
	code, _, errOut := run("serve", "--data-dir", data, "--listen", ln.Addr().String())
	if code != exitEnv || !strings.Contains(errOut, "is taken by another program") || !strings.Contains(errOut, "--listen") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(data); !os.IsNotExist(err) {
		t.Fatalf("the data folder was created although the port was taken: %v", err)
	}
}

func TestDataFolderProblemsAreNamed(t *testing.T) {
	t.Run("a file given as the data folder", func(t *testing.T) {
		f := filepath.Join(t.TempDir(), "file")
		os.WriteFile(f, nil, 0o644)
		code, _, errOut := run("migrate", "--data-dir", f)
		if code != exitEnv || !strings.Contains(errOut, "the data folder "+f+" is a file, not a folder") {
			t.Fatalf("exit %d: %s", code, errOut)
		}
	})
	t.Run("a folder the user may not write to", func(t *testing.T) {
		dir := t.TempDir()
		var cmd *exec.Cmd
		switch {
		case os.Getuid() == 0:
			// root writes anywhere: run the binary as nobody instead.
			runuser, err := exec.LookPath("runuser")
			if err != nil {
				t.Skip("running as root without runuser")
			}
			os.Chmod(dir, 0o755)
			os.Chmod(filepath.Dir(dir), 0o755)
			cmd = exec.Command(runuser, "-u", "nobody", "--", buildWarta(t), "migrate", "--data-dir", dir)
		default:
			os.Chmod(dir, 0o555)
			defer os.Chmod(dir, 0o755)
			cmd = exec.Command(buildWarta(t), "migrate", "--data-dir", dir)
		}
		cmd.Env = []string{"LANG=C"}
		out, err := cmd.CombinedOutput()
		ee, ok := err.(*exec.ExitError)
		if !ok || ee.ExitCode() != exitEnv {
			t.Fatalf("%v: %s", err, out)
		}
		if !strings.Contains(string(out), "the data folder "+dir+" is not writable by user ") || !strings.Contains(string(out), "chown") {
			t.Fatalf("got %s", out)
		}
	})
}

func TestImportRefusesWhatIsNotAnExport(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name, content, says string
	}{
		{"photo.jpg", "\xff\xd8\xff\xe0\x00\x10JFIF\x00", "is not an XML file (it looks like a JPEG image)"},
		{"export.zip", "PK\x03\x04\x14\x00", "(it looks like a ZIP archive; if the export is inside, unzip it first)"},
		{"notes.txt", "Dear editor,", "is not an XML file, so not a WordPress export"},
		{"empty.xml", "", "is empty"},
	} {
		file := filepath.Join(dir, c.name)
		os.WriteFile(file, []byte(c.content), 0o644)
		data := filepath.Join(dir, "data-"+c.name)
		code, _, errOut := run("import", "wxr", file, "--data-dir", data)
		if code != exitInput || !strings.Contains(errOut, c.says) {
			t.Errorf("%s: exit %d: %s", c.name, code, errOut)
		}
		if _, err := os.Stat(data); !os.IsNotExist(err) {
			t.Errorf("%s: the data folder was created for a file that was refused", c.name)
		}
	}
	code, _, errOut := run("import", "wxr", filepath.Join(dir, "nope.xml"), "--data-dir", filepath.Join(dir, "d"))
	if code != exitInput || !strings.Contains(errOut, "does not exist") {
		t.Errorf("a missing file: exit %d: %s", code, errOut)
	}
	_, _, errOut = runLang(map[string]string{"LANG": "id_ID.UTF-8"}, "import", "wxr", filepath.Join(dir, "photo.jpg"), "--data-dir", filepath.Join(dir, "d"))
	if !strings.Contains(errOut, "bukan berkas XML (tampaknya gambar JPEG)") {
		t.Errorf("in Indonesian: %s", errOut)
	}
}

func TestImportCountsSkippedRecords(t *testing.T) {
	data := t.TempDir()
	export := "../wxr/testdata/full.wxr"
	if code, _, errOut := run("import", "wxr", export, "--data-dir", data, "--quiet"); code != 0 {
		t.Fatalf("first import: %s", errOut)
	}
	code, out, errOut := run("import", "wxr", export, "--data-dir", data, "--quiet")
	if code != 0 {
		t.Fatalf("second import: %s", errOut)
	}
	if !strings.Contains(out, "post: unchanged since the last import") {
		t.Fatalf("the summary does not count the unchanged posts:\n%s", out)
	}
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "skipped post ") {
			t.Fatalf("without --verbose a skipped record is named: %q", l)
		}
	}
	_, verbose, _ := run("import", "wxr", export, "--data-dir", data, "--quiet", "--verbose")
	if !strings.Contains(verbose, "skipped post ") {
		t.Fatalf("--verbose does not name the skipped records:\n%s", verbose)
	}
	id := map[string]string{"LANG": "id_ID.UTF-8"}
	_, out, _ = runLang(id, "import", "wxr", export, "--data-dir", data, "--quiet")
	for _, want := range []string{"tulisan    diimpor 0, diperbarui 0, dilewati 11", "dilewati 9 tulisan: tidak berubah sejak impor terakhir",
		"dilewati 1 tulisan: butir menu yang tidak ada di menu mana pun"} {
		if !strings.Contains(out, want) {
			t.Errorf("the Indonesian summary lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "skipped") || strings.Contains(out, "unchanged") {
		t.Errorf("the Indonesian summary has English in it:\n%s", out)
	}
	_, verbose, _ = runLang(id, "import", "wxr", export, "--data-dir", data, "--quiet", "--verbose")
	if !strings.Contains(verbose, `dilewati tulisan 109 "Menu": butir menu yang tidak ada di menu mana pun`) {
		t.Errorf("--verbose in Indonesian:\n%s", verbose)
	}
}

func TestRestoreOverContentAsks(t *testing.T) {
	src, dst := t.TempDir(), t.TempDir()
	for _, d := range []string{src, dst} {
		if code, _, errOut := run("drill", "--scratch", "--count", "3", "--data-dir", d); code != 0 {
			t.Fatalf("drill: %s", errOut)
		}
	}
	file := filepath.Join(t.TempDir(), "b.tar.gz")
	if code, _, errOut := run("backup", file, "--data-dir", src, "--quiet"); code != 0 {
		t.Fatalf("backup: %s", errOut)
	}
	before, _ := os.ReadFile(filepath.Join(dst, "warta.db"))
	code, out, errOut := run("restore", file, "--data-dir", dst)
	if code != exitRefused || !strings.Contains(errOut, "this site holds 3 articles") || !strings.Contains(errOut, "--yes") {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	after, _ := os.ReadFile(filepath.Join(dst, "warta.db"))
	if string(before) != string(after) {
		t.Fatal("a refused restore changed the database")
	}
	if code, _, errOut := run("restore", file, "--data-dir", dst, "--yes", "--quiet"); code != 0 {
		t.Fatalf("restore --yes: %s", errOut)
	}
	// An empty folder takes a restore without a question.
	if code, _, errOut := run("restore", file, "--data-dir", t.TempDir(), "--quiet"); code != 0 {
		t.Fatalf("restore into a new folder: %s", errOut)
	}
}

func TestExportUsesTheSiteURL(t *testing.T) {
	data := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan int, 1)
	go func() {
		done <- RunEnv(ctx, []string{"serve", "--listen", "127.0.0.1:0", "--data-dir", data, "--base-url", "https://berita.example"},
			Env{Stdout: &syncBuffer{}, Stderr: &syncBuffer{}, Getenv: noEnv, Ready: func(u string) { ready <- u }})
	}()
	select {
	case <-ready:
	case code := <-done:
		t.Fatalf("serve exited %d", code)
	}
	cancel()
	<-done
	code, out, errOut := run("export", "wxr", "--data-dir", data, "--quiet")
	if code != 0 {
		t.Fatalf("export: %s", errOut)
	}
	if !strings.Contains(out, "<wp:base_site_url>https://berita.example</wp:base_site_url>") || strings.Contains(out, "localhost:8080") {
		t.Fatalf("the export does not use the site's URL:\n%.2000s", out)
	}
}

func TestDemoOnlyWhereInvited(t *testing.T) {
	dsn := storetest.PostgresURL(t)
	base, _ := startServe(t, "--database-url", dsn)
	_, _, body := get(t, base, "/")
	if articleLink.MatchString(body) {
		t.Fatal("demo content was written into a PostgreSQL database given by URL without --demo")
	}
}

func TestPostgresTargetsAreChecked(t *testing.T) {
	dsn := storetest.PostgresURL(t)
	t.Run("the maintenance database is refused", func(t *testing.T) {
		u, _ := url.Parse(dsn)
		u.Path = "/postgres"
		q := u.Query()
		q.Del("search_path")
		u.RawQuery = q.Encode()
		code, _, errOut := run("migrate", "--database-url", u.String())
		if code != exitRefused || !strings.Contains(errOut, `"postgres" database`) || !strings.Contains(errOut, "createdb") {
			t.Fatalf("exit %d: %s", code, errOut)
		}
	})
	t.Run("a schema with another application's tables is refused", func(t *testing.T) {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Exec(`CREATE TABLE wp_posts (id integer)`); err != nil {
			t.Fatal(err)
		}
		code, _, errOut := run("migrate", "--database-url", dsn)
		if code != exitRefused || !strings.Contains(errOut, "another application (wp_posts)") {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		var n int
		db.QueryRow(`SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()`).Scan(&n)
		if n != 1 {
			t.Fatalf("the refused schema now holds %d tables", n)
		}
	})
}

func TestSQLiteFileOfAnotherApplicationIsRefused(t *testing.T) {
	data := t.TempDir()
	st, err := store.Open(context.Background(), "", data)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	db, err := sql.Open("sqlite", filepath.Join(data, "warta.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE notes (id integer)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	code, _, errOut := run("migrate", "--data-dir", data)
	if code != exitRefused || !strings.Contains(errOut, "1 tables that are not warta's (notes)") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
}

// A backup or an export whose folder is not there says so before any
// work, in the user's language, and writes nothing.
func TestOutputFolderIsCheckedFirst(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "tidak-ada")
	data := filepath.Join(t.TempDir(), "data")
	for _, args := range [][]string{
		{"backup", filepath.Join(missing, "b.tar.gz"), "--data-dir", data},
		{"export", "wxr", filepath.Join(missing, "situs.xml"), "--data-dir", data, "--base-url", "https://warta.example"},
	} {
		code, _, errOut := run(args...)
		if code != exitEnv || !strings.Contains(errOut, "the folder "+missing+" does not exist") || !strings.Contains(errOut, "nothing was written") {
			t.Errorf("%v: exit %d, %q", args, code, errOut)
		}
		code, _, errOut = runLang(map[string]string{"LANG": "id_ID.UTF-8"}, args...)
		if code != exitEnv || !strings.Contains(errOut, "folder "+missing+" tidak ada") {
			t.Errorf("%v in Indonesian: exit %d, %q", args, code, errOut)
		}
		if _, err := os.Stat(data); !os.IsNotExist(err) {
			t.Errorf("%v: the data folder was created for a command that could not write its file", args)
		}
	}
}

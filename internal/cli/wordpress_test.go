package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWordPressCommands(t *testing.T) {
	data := t.TempDir()
	fixtures, _ := filepath.Abs("../wxr/testdata")
	t.Run("import prints what it did", func(t *testing.T) {
		code, out, errOut := run("import", "wxr", filepath.Join(fixtures, "full.wxr"),
			"--uploads", filepath.Join(fixtures, "uploads"), "--data-dir", data, "--verbose")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		for _, want := range []string{"post       imported 9, updated 0, skipped 2", "comment    imported 8",
			"files      copied 4" /* two attachments and a size of each */, "permalink  /%year%/%monthnum%/%day%/%postname%/ (2 of 2 posts)", `skipped post 109 "Menu": a menu item in no menu`} {
			if !strings.Contains(out, want) {
				t.Errorf("report lacks %q:\n%s", want, out)
			}
		}
		if _, err := os.Stat(filepath.Join(data, "media", "2024", "04", "pasar-pagi.png")); err != nil {
			t.Errorf("upload not copied into the media folder: %v", err)
		}
	})
	t.Run("a second import adds nothing", func(t *testing.T) {
		code, out, errOut := run("import", "wxr", filepath.Join(fixtures, "full.wxr"), "--data-dir", data)
		if code != 0 || !strings.Contains(out, "post       imported 0, updated 0, skipped 11") {
			t.Fatalf("exit %d: %s%s", code, out, errOut)
		}
	})
	t.Run("a malformed file exits 3 naming line and column", func(t *testing.T) {
		code, _, errOut := run("import", "wxr", filepath.Join(fixtures, "malformed.wxr"), "--data-dir", t.TempDir())
		if code != exitInput || !strings.Contains(errOut, "malformed.wxr is malformed at line 86, column 44: element <title> closed by </titel>; nothing was imported") {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		code, _, errOut = runLang(map[string]string{"LANG": "id_ID.UTF-8"}, "import", "wxr", filepath.Join(fixtures, "malformed.wxr"), "--data-dir", t.TempDir())
		if code != exitInput || !strings.Contains(errOut, "malformed.wxr rusak di baris 86, kolom 44: elemen <title> ditutup oleh </titel>; tidak ada yang diimpor") {
			t.Fatalf("in Indonesian: exit %d: %s", code, errOut)
		}
	})
	t.Run("a missing file or format is a usage error", func(t *testing.T) {
		if code, _, errOut := run("import", "wxr", "--data-dir", data); code != 2 || !strings.Contains(errOut, "missing") {
			t.Errorf("exit %d: %s", code, errOut)
		}
		if code, _, errOut := run("import", "csv", "x.csv"); code != 2 || !strings.Contains(errOut, `"csv"`) {
			t.Errorf("exit %d: %s", code, errOut)
		}
	})
	t.Run("export writes a file WordPress's importer reads", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "site.xml")
		code, _, errOut := run("export", "wxr", file, "--data-dir", data, "--base-url", "https://warta.example")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		b, err := os.ReadFile(file)
		if err != nil || !strings.Contains(string(b), "<link>https://warta.example/2024/04/26/harga-ikan-naik/</link>") {
			t.Fatalf("export: %v\n%.500s", err, b)
		}
		code, out, errOut := run("import", "wxr", file, "--data-dir", t.TempDir())
		if code != 0 || !strings.Contains(out, "post       imported 9") {
			t.Errorf("re-import exit %d: %s%s", code, out, errOut)
		}
	})
}

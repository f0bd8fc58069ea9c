package cli

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"warta/internal/store"
	"warta/internal/store/storetest"
	"warta/internal/tools/testenv"
)

// warta media list and delete, on SQLite, on PostgreSQL and with the
// media in a bucket: an item still shown by an article is not deleted
// without --yes; a deletion removes the record, the file and its sizes
// and is in the audit log.
func TestMediaCommand(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		data := t.TempDir()
		testMediaCommand(t, noEnv, []string{"--data-dir", data}, "", func() []string {
			var left []string
			filepath.WalkDir(filepath.Join(data, "media"), func(p string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					left = append(left, p)
				}
				return nil
			})
			return left
		})
	})
	t.Run("postgres and a bucket", func(t *testing.T) {
		dsn := storetest.PostgresURL(t)
		weed := testenv.StartSeaweed(t)
		bucket := weed.Bucket(t)
		args := []string{"--data-dir", t.TempDir(), "--database-url", dsn, "--media-url", "s3://" + bucket + "/m"}
		testMediaCommand(t, weed.Getenv, args, dsn, func() []string { return weed.Keys(t, bucket, "m/") })
	})
}

func testMediaCommand(t *testing.T, getenv func(string) (string, bool), storage []string, dsn string, stored func() []string) {
	cmd := func(args ...string) (int, string, string) { return runWith(getenv, append(args, storage...)...) }
	if code, out, errOut := cmd("import", "wxr", "../wxr/testdata/full.wxr", "--uploads", "../wxr/testdata/uploads", "--quiet"); code != 0 {
		t.Fatalf("import: %d %s%s", code, out, errOut)
	}
	// Two attachments, each with a size WordPress cut of it.
	if n := len(stored()); n != 4 {
		t.Fatalf("the media storage holds %d files after the import, want 4: %q", n, stored())
	}
	code, out, errOut := cmd("media", "list")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 2 || !slices.ContainsFunc(lines, func(l string) bool {
		return strings.HasPrefix(l, "1\t2024/04/pasar-pagi.png\t40x30\t") && strings.HasSuffix(l, "\tPasar pagi")
	}) {
		t.Fatalf("media list: %d %q %s", code, out, errOut)
	}
	// Searched as in the newsroom: the start of each word of the file
	// name, alt text or caption, whatever the case.
	code, out, errOut = cmd("media", "list", "--search", "PASAR pag")
	if lines := strings.Split(strings.TrimSpace(out), "\n"); code != 0 || len(lines) != 1 ||
		!strings.HasPrefix(lines[0], "1\t2024/04/pasar-pagi.png\t") {
		t.Fatalf("media list --search: %d %q %s", code, out, errOut)
	}
	if code, out, errOut = cmd("media", "list", "--search", "pasar malam"); code != 0 || out != "" {
		t.Fatalf("media list --search with no match: %d %q %s", code, out, errOut)
	}
	code, out, errOut = cmd("media", "delete", "1")
	if code != exitRefused || !strings.Contains(errOut, `is still in use by articles or pages (1): "Harga ikan naik menjelang musim angin barat" (1)`) ||
		!strings.Contains(errOut, "--yes") {
		t.Fatalf("deleting an item in use: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := cmd("media", "delete", "2", "1"); code != exitRefused || len(stored()) != 4 {
		t.Fatalf("a list with one item in use deleted something: %d %s %q", code, errOut, stored())
	}
	if code, _, errOut := cmd("media", "delete", "99"); code != exitError || !strings.Contains(errOut, "media 99: not found") {
		t.Errorf("an unknown item: %d %s", code, errOut)
	}
	if code, _, errOut := cmd("media", "delete", "satu"); code != exitUsage || !strings.Contains(errOut, `"satu" is not a media ID`) {
		t.Errorf("a wrong ID: %d %s", code, errOut)
	}
	code, out, errOut = runWith(func(k string) (string, bool) {
		if k == "LANG" {
			return "id_ID.UTF-8", true
		}
		return getenv(k)
	}, append([]string{"media", "delete", "--yes", "1"}, storage...)...)
	if code != 0 || !strings.Contains(out, "media 1 dihapus: 2024/04/pasar-pagi.png") {
		t.Fatalf("media delete --yes: %d %q %q", code, out, errOut)
	}
	// The size WordPress cut of it goes too: a takedown leaves no copy.
	if left := stored(); len(left) != 2 || !strings.HasSuffix(left[0], "perahu-20x15.png") || !strings.HasSuffix(left[1], "perahu.png") {
		t.Errorf("the media storage holds %q, want only the other item and its size", left)
	}
	st := openAside(t, dsn, storage[1])
	if _, err := st.Media(t.Context(), 1); err == nil {
		t.Error("the record is still there")
	}
	entries, err := st.AuditEntries(t.Context(), 5, 0)
	if err != nil || !slices.ContainsFunc(entries, func(e store.AuditEntry) bool {
		return e.Action == "media.delete" && e.ObjectID == 1 && e.Via == store.AuditViaCLI
	}) {
		t.Errorf("audit log: %+v %v", entries, err)
	}
}

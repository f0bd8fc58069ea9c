package media

import (
	"os"
	"path/filepath"
	"testing"
)

// A media file appears whole, under its name only, and never replaces
// another.
func TestWriteFileAppearsWhole(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "foto-1a2b3c.png")
	if err := writeFile(p, []byte("first")); err != nil {
		t.Fatal(err)
	}
	if err := writeFile(p, []byte("second")); err == nil {
		t.Error("a second file took an existing name")
	}
	if b, err := os.ReadFile(p); err != nil || string(b) != "first" {
		t.Errorf("file holds %q (%v), want the first upload", b, err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("folder holds %v, want the file alone (no %s… left behind)", names, TempPrefix)
	}
}

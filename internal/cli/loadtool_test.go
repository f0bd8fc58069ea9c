package cli

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
)

// The load tool, briefly, against a real server: no 5xx, every
// acknowledged comment stored, the story pages served from the page cache
// while their readers' beacons are counted, and the most-read counts
// exactly the reads the readers sent: one per reader, story and hour,
// however often a reader reloads.
func TestLoadToolReadsAreCounted(t *testing.T) {
	base, dataDir := startServe(t, "--trusted-proxies", "127.0.0.1")
	bin := filepath.Join(t.TempDir(), "loadtest")
	if out, err := exec.Command("go", "build", "-o", bin, "../tools/loadtest").CombinedOutput(); err != nil {
		t.Fatalf("go build loadtest: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "-url", base, "-c", "20", "-d", "4s", "-data-dir", dataDir).CombinedOutput()
	if err != nil {
		t.Fatalf("loadtest: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`(\d+) of (\d+) story reads from the page cache`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("loadtest reports no story reads:\n%s", out)
	}
	hits, reads := atoi(t, m[1]), atoi(t, m[2])
	if reads < 20 || hits*10 < reads*9 {
		t.Errorf("%d of %d story reads came from the page cache, want at least 9 in 10 of 20 or more:\n%s", hits, reads, out)
	}
	counted := regexp.MustCompile(`(\d+) reads the site should count`).FindSubmatch(out)
	if counted == nil || atoi(t, counted[1]) == 0 || atoi(t, counted[1]) >= reads {
		t.Errorf("the readers' reloads should count once each, fewer than the %d reads:\n%s", reads, out)
	}
	if !regexp.MustCompile(`the most-read counts match the reads sent`).Match(out) {
		t.Errorf("the counts were not checked:\n%s", out)
	}
}

func atoi(t *testing.T, b []byte) int {
	n, err := strconv.Atoi(string(b))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

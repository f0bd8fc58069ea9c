package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"warta/internal/locale"
	"warta/internal/media"
	"warta/internal/progress"
	"warta/internal/tools/testenv"
)

// A restore into a bucket copies every file over the network: it shows
// how far it has come, in bytes, as the other long jobs do, and leaves the
// bucket holding exactly the backup's files.
func TestRestoreMediaToABucketShowsProgress(t *testing.T) {
	weed := testenv.StartSeaweed(t)
	bucket := weed.Bucket(t)
	files, err := media.NewS3(t.Context(), "s3://"+bucket+"/situs", weed.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	if err := files.Put(t.Context(), "2020/01/lama.png", strings.NewReader("lama"), 4, "image/png", false); err != nil {
		t.Fatal(err)
	}
	staging := t.TempDir()
	staged := map[string]int{"2024/04/pasar.png": 300_000, "2024/04/pasar-480w.png": 120_000, "2025/01/banjir.jpg": 80_000}
	for key, n := range staged {
		p := filepath.Join(staging, "media", filepath.FromSlash(key))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, bytes.Repeat([]byte{'x'}, n), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var shown bytes.Buffer
	var bars int
	p := locale.New("id")
	newBar := func(total int64) *progress.Reporter {
		bars++
		return progress.New(&shown, progress.Options{Label: p.T("cli.progress.restore_media", files), Total: total,
			Bytes: true, Style: progress.Bar, Width: 120, Printer: p})
	}
	if err := restoreMedia(t.Context(), files, staging, newBar); err != nil {
		t.Fatal(err)
	}
	out := shown.String()
	if bars != 1 || !strings.Contains(out, "menyalin media ke s3://"+bucket+"/situs") || !strings.Contains(out, "500 KB") ||
		!strings.Contains(out, "selesai dalam") {
		t.Errorf("%d bars; progress shown:\n%q\nwant one bar copying 500 KB to the bucket, finished", bars, out)
	}
	keys := weed.Keys(t, bucket, "situs/")
	want := []string{"situs/2024/04/pasar-480w.png", "situs/2024/04/pasar.png", "situs/2025/01/banjir.jpg"}
	if slices.Sort(keys); !slices.Equal(keys, want) {
		t.Errorf("the bucket holds %q, want %q", keys, want)
	}
}

package wxr

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"warta/internal/store/storetest"
)

// heapPeak samples the live heap every few records.
type heapPeak struct{ max uint64 }

func (h *heapPeak) sample() {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	h.max = max(h.max, ms.HeapAlloc)
}

// TestReaderStreamsInBoundedMemory reads a 60 MB export through a pipe (the
// file never exists whole anywhere) and checks that the live heap stays
// far below the file's size.
func TestReaderStreamsInBoundedMemory(t *testing.T) {
	const posts = 12000 // about 60 MB
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(WriteSample(pw, posts)) }()
	cr := &countingReader{r: pr}
	r := NewReader(cr)
	var peak heapPeak
	n := 0
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if it, ok := rec.(*Item); ok {
			n++
			_ = it
			if n%2000 == 0 {
				peak.sample()
			}
		}
	}
	if n != posts || cr.n < 50<<20 {
		t.Fatalf("read %d posts in %d bytes; want %d posts, over 50 MB", n, cr.n, posts)
	}
	if peak.max > 16<<20 {
		t.Errorf("live heap reached %d MB while streaming %d MB", peak.max>>20, cr.n>>20)
	}
}

type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// TestImportInBoundedMemory imports an 8 MB export and checks the Go heap
// stays bounded (what the importer keeps per item is a few ids).
func TestImportInBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 1500 posts")
	}
	p := filepath.Join(t.TempDir(), "big.wxr")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteSample(f, 1500); err != nil {
		t.Fatal(err)
	}
	f.Close()
	st := storetest.New(t)
	var peak heapPeak
	done := make(chan struct{})
	go func() {
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				peak.sample()
			}
		}
	}()
	rep, err := Import(context.Background(), st, p, Options{})
	close(done)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported["post"] != 1500 || rep.Imported["comment"] != 4500 {
		t.Fatalf("imported %v", rep.Imported)
	}
	if peak.max > 32<<20 {
		t.Errorf("live heap reached %d MB importing an 8 MB export", peak.max>>20)
	}
}

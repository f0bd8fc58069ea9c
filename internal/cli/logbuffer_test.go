package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// countingBuffer is a syncBuffer that counts the writes it takes.
type countingBuffer struct {
	syncBuffer
	writes int
}

func (c *countingBuffer) Write(p []byte) (int, error) {
	c.mu.Lock()
	c.writes++
	c.mu.Unlock()
	return c.syncBuffer.Write(p)
}

func (c *countingBuffer) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.writes
}

func TestLogBufferBatchesLinesAndLosesNone(t *testing.T) {
	out := &countingBuffer{}
	b := newLogBuffer(out)
	var want strings.Builder
	for i := range 100 {
		line := "level=INFO msg=request n=" + strings.Repeat("x", i%7) + "\n"
		want.WriteString(line)
		b.Write([]byte(line))
	}
	// The lines reach the log within a flush interval, in order, in far
	// fewer writes than lines.
	deadline := time.Now().Add(5 * time.Second)
	for out.String() != want.String() {
		if time.Now().After(deadline) {
			t.Fatalf("after 5 s the log holds %d of %d bytes", len(out.String()), want.Len())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if n := out.count(); n > 10 {
		t.Errorf("100 lines took %d writes", n)
	}
	// Close writes what is gathered at once; later lines go straight through.
	b.Write([]byte("last\n"))
	b.Close()
	if !strings.HasSuffix(out.String(), "last\n") {
		t.Fatal("Close left a line unwritten")
	}
	b.Write([]byte("after\n"))
	if !strings.HasSuffix(out.String(), "after\n") {
		t.Fatal("a line after Close was held back")
	}
	// A batch past the size bound is written without waiting.
	big := &countingBuffer{}
	b = newLogBuffer(big)
	b.Write(bytes.Repeat([]byte("y"), flushBytes))
	if len(big.String()) != flushBytes {
		t.Fatalf("a full batch waited: %d bytes written", len(big.String()))
	}
}

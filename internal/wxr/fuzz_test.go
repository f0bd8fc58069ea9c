package wxr

import (
	"bytes"
	"errors"
	"io"
	"os"
	"testing"
)

// FuzzReader reads arbitrary bytes as a WXR file: the reader never panics
// and never loops, and every failure is an *Error naming a line and column
// inside the file, which is what `warta import wxr` prints to say where
// the file is broken.
func FuzzReader(f *testing.F) {
	for _, name := range []string{"full.wxr", "malformed.wxr", "v10.wxr", "v11.wxr"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`<?xml version="1.0"?><rss><channel><item><title>a &hellip; b</title></item></channel></rss>`))
	f.Add([]byte(`<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:author><wp:author_id>x</wp:author_id></wp:author></channel></rss>`))
	f.Add([]byte(`<html><body>not an export</body></html>`))
	f.Add([]byte("<rss><channel><item><wp:post_id>1</wp:post_id><wp:comment><wp:comment_id>\x00</wp:comment_id>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := NewReader(bytes.NewReader(data))
		lines := bytes.Count(data, []byte("\n")) + 1
		// Each record consumes input, so a file of n bytes has fewer than
		// n records: more means the reader stopped advancing.
		for n := 0; ; n++ {
			if n > len(data)+1 {
				t.Fatalf("more than %d records from %d bytes: the reader loops", n, len(data))
			}
			_, err := r.Next()
			if err == io.EOF {
				return
			}
			if err == nil {
				continue
			}
			var xe *Error
			if !errors.As(err, &xe) {
				t.Fatalf("error without a position: %v (%T)", err, err)
			}
			if xe.Line < 1 || xe.Line > lines || xe.Column < 1 {
				t.Fatalf("error at line %d, column %d of a %d-line file: %v", xe.Line, xe.Column, lines, err)
			}
			return
		}
	})
}

package metrics

import (
	"bufio"
	"bytes"
	"strings"
	"testing"
)

// FuzzLabelValue checks that any label value — a route pattern holds
// whatever a front end registered — stays on one exposition line and reads
// back as itself, so no value can forge or break a series.
func FuzzLabelValue(f *testing.F) {
	f.Add("GET /{yyyy}/{mm}/{dd}/{slug}/")
	f.Add("a\"b\\c\nd")
	f.Add(`\n" } evil_total 1`)
	f.Fuzz(func(t *testing.T, v string) {
		r := NewRegistry()
		r.Counter("x_total", "X.", "v").Inc(v)
		var buf bytes.Buffer
		w := bufio.NewWriter(&buf)
		r.WriteTo(w)
		w.Flush()
		lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
		if len(lines) != 3 {
			t.Fatalf("value %q gave %d lines:\n%s", v, len(lines), buf.String())
		}
		sample := lines[2]
		rest, ok := strings.CutPrefix(sample, `x_total{v="`)
		if !ok {
			t.Fatalf("sample line %q", sample)
		}
		quoted, ok := strings.CutSuffix(rest, `"} 1`)
		if !ok {
			t.Fatalf("sample line %q", sample)
		}
		if got := unescape(quoted); got != v {
			t.Fatalf("value %q read back as %q", v, got)
		}
	})
}

// unescape reverses the exposition format's label escaping; a quote that
// is not escaped means the value broke out.
func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '"' {
			return "<unescaped quote>"
		}
		if c != '\\' || i+1 == len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch s[i] {
		case 'n':
			b.WriteByte('\n')
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

package pagecache

import "testing"

func TestAcceptEncoding(t *testing.T) {
	both := &entry{}
	both.identity.body, both.gzip.body = []byte("i"), []byte("g")
	both.br.Store(&variant{body: []byte("b")})
	gzipOnly := &entry{}
	gzipOnly.identity.body, gzipOnly.gzip.body = []byte("i"), []byte("g")

	cases := []struct {
		name   string
		header []string
		e      *entry
		want   string
	}{
		{"no header means identity", nil, both, "i"},
		{"an empty header means identity", []string{""}, both, "i"},
		{"a browser's list prefers br", []string{"gzip, deflate, br, zstd"}, both, "b"},
		{"gzip alone gets gzip", []string{"gzip"}, both, "g"},
		{"x-gzip counts as gzip", []string{"x-gzip"}, both, "g"},
		{"codings are case-insensitive", []string{"GZIP, BR"}, both, "b"},
		{"a higher q for gzip wins", []string{"br;q=0.5, gzip;q=0.8"}, both, "g"},
		{"br refused with q=0 falls back to gzip", []string{"gzip, br;q=0"}, both, "g"},
		{"q=0 with spaces is respected", []string{"br ; q = 0 , gzip ; q=0"}, both, "i"},
		{"a star accepts both", []string{"*"}, both, "b"},
		{"a star with br refused gives gzip", []string{"*, br;q=0"}, both, "g"},
		{"a star refused refuses the unnamed", []string{"*;q=0, identity"}, both, "i"},
		{"br without a br variant falls back", []string{"br, gzip;q=0.1"}, gzipOnly, "g"},
		{"several header lines are read together", []string{"identity", "br"}, both, "b"},
		{"deflate alone gets identity", []string{"deflate"}, both, "i"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(tc.e.pick(tc.header).body); got != tc.want {
				t.Errorf("pick(%q) = %s, want %s", tc.header, got, tc.want)
			}
		})
	}
}

func TestIfNoneMatch(t *testing.T) {
	const etag = `"abc-gz"`
	cases := []struct {
		name   string
		header []string
		want   bool
	}{
		{"the same tag matches", []string{`"abc-gz"`}, true},
		{"a weak form matches under weak comparison", []string{`W/"abc-gz"`}, true},
		{"a star matches", []string{`*`}, true},
		{"a tag later in a list matches", []string{`"x", W/"y",  "abc-gz"`}, true},
		{"a tag on a second header line matches", []string{`"x"`, `"abc-gz"`}, true},
		{"a tag with a comma inside does not confuse the list", []string{`"a,b", "abc-gz"`}, true},
		{"another coding's tag does not match", []string{`"abc-br"`}, false},
		{"an unquoted tag does not match", []string{`abc-gz`}, false},
		{"an unterminated tag does not match", []string{`"abc-gz`}, false},
		{"no header does not match", nil, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := noneMatch(tc.header, etag); got != tc.want {
				t.Errorf("noneMatch(%q) = %v, want %v", tc.header, got, tc.want)
			}
		})
	}
}

func TestCompressible(t *testing.T) {
	for ctype, want := range map[string]bool{
		"text/html; charset=utf-8":        true,
		"application/rss+xml":             true,
		"application/atom+xml":            true,
		"application/feed+json":           true,
		"application/json":                true,
		"image/svg+xml":                   true,
		"Text/CSS":                        true,
		"image/png":                       false,
		"image/webp":                      false,
		"font/woff2":                      false,
		"application/gzip":                false,
		"application/octet-stream":        false,
		"":                                false,
		"application/xml; charset=utf-8 ": true,
	} {
		if got := compressible(ctype); got != want {
			t.Errorf("compressible(%q) = %v, want %v", ctype, got, want)
		}
	}
}

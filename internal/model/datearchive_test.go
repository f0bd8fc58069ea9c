package model

import (
	"testing"
	"time"
)

func TestParseDateArchive(t *testing.T) {
	cases := []struct {
		path string
		want DateArchive
		rest string
		ok   bool
	}{
		{"/2026/", DateArchive{2026, 0, 0}, "", true},
		{"/2026", DateArchive{2026, 0, 0}, "", true},
		{"/2026/11/", DateArchive{2026, 11, 0}, "", true},
		{"/2026/1/", DateArchive{2026, 1, 0}, "", true},
		{"/2026/11/05/", DateArchive{2026, 11, 5}, "", true},
		{"/2026/11/05/page/3/", DateArchive{2026, 11, 5}, "page/3/", true},
		{"/2026/page/2/", DateArchive{2026, 0, 0}, "page/2/", true},
		{"/2026/11/feed/atom/", DateArchive{2026, 11, 0}, "feed/atom/", true},
		{"/2026/11/05/some-post/", DateArchive{2026, 11, 5}, "some-post/", true},
		{"/2026/13/", DateArchive{}, "", false},
		{"/2026/00/", DateArchive{}, "", false},
		{"/2026/02/30/", DateArchive{}, "", false},
		{"/2026/02/00/", DateArchive{}, "", false},
		{"/news/", DateArchive{}, "", false},
		{"/20261/", DateArchive{}, "", false},
		{"/0999/", DateArchive{}, "", false},
	}
	for _, c := range cases {
		d, rest, ok := ParseDateArchive(c.path)
		if ok != c.ok || ok && (d != c.want || rest != c.rest) {
			t.Errorf("ParseDateArchive(%q) = %+v, %q, %v; want %+v, %q, %v", c.path, d, rest, ok, c.want, c.rest, c.ok)
		}
	}
}

func TestDateArchiveRangeInTimeZone(t *testing.T) {
	jkt := time.FixedZone("WIB", 7*3600)
	from, until := DateArchive{2026, 11, 0}.Range(jkt)
	if want := time.Date(2026, 10, 31, 17, 0, 0, 0, time.UTC); !from.Equal(want) {
		t.Errorf("November 2026 in Jakarta starts %v, want %v", from, want)
	}
	if want := time.Date(2026, 11, 30, 17, 0, 0, 0, time.UTC); !until.Equal(want) {
		t.Errorf("November 2026 in Jakarta ends %v, want %v", until, want)
	}
	if got := (DateArchive{2026, 11, 5}).Path(); got != "/2026/11/05/" {
		t.Errorf("day archive path %q", got)
	}
}

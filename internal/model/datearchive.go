package model

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// DateArchive names a WordPress date archive: a year (/2026/), a month
// (/2026/11/) or a day (/2026/11/05/). Month and Day are 0 when the
// archive does not name them.
//
// Date archives are the one kind of route whose first path segment is not
// in routePrefixes: it is a year of four digits, which no route prefix
// is, and the public site's catch-all dispatches them before articles,
// as WordPress's rewrite rules put date archives before posts (its
// unique slugs keep a post from being named like a month or a day).
type DateArchive struct {
	Year, Month, Day int
}

// Path is the archive's canonical path, its month and day in two digits.
func (d DateArchive) Path() string {
	switch {
	case d.Day > 0:
		return fmt.Sprintf("/%04d/%02d/%02d/", d.Year, d.Month, d.Day)
	case d.Month > 0:
		return fmt.Sprintf("/%04d/%02d/", d.Year, d.Month)
	}
	return fmt.Sprintf("/%04d/", d.Year)
}

// Range is the span of time the archive covers in loc (UTC when nil),
// [from, until), given in UTC.
func (d DateArchive) Range(loc *time.Location) (from, until time.Time) {
	if loc == nil {
		loc = time.UTC
	}
	switch {
	case d.Day > 0:
		from = time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, loc)
		until = from.AddDate(0, 0, 1)
	case d.Month > 0:
		from = time.Date(d.Year, time.Month(d.Month), 1, 0, 0, 0, 0, loc)
		until = from.AddDate(0, 1, 0)
	default:
		from = time.Date(d.Year, 1, 1, 0, 0, 0, 0, loc)
		until = from.AddDate(1, 0, 0)
	}
	return from.UTC(), until.UTC()
}

// Start is the archive's first day in loc (UTC when nil), for naming it.
func (d DateArchive) Start(loc *time.Location) time.Time {
	from, _ := d.Range(loc)
	if loc == nil {
		loc = time.UTC
	}
	return from.In(loc)
}

// ParseDateArchive reads a path that starts with a date archive: a year
// of four digits, then optionally a month and a day of one or two digits
// each (as WordPress's rewrite rules take them), each followed by a slash
// or the end of the path. It returns the archive and the rest of the path
// after it ("", "page/2/", "feed/"), and false when the path does not
// start with a valid date (/2026/13/, /2026/02/30/, /news/).
func ParseDateArchive(path string) (DateArchive, string, bool) {
	segs := strings.SplitN(strings.TrimPrefix(path, "/"), "/", 4)
	var d DateArchive
	if len(segs[0]) != 4 || !digits(segs[0]) {
		return d, "", false
	}
	d.Year, _ = strconv.Atoi(segs[0])
	if d.Year < 1000 {
		return d, "", false
	}
	rest := segs[1:]
	num := func() (int, bool) {
		if len(rest) == 0 || len(rest[0]) > 2 || !digits(rest[0]) {
			return 0, false
		}
		n, _ := strconv.Atoi(rest[0])
		rest = rest[1:]
		return n, true
	}
	if m, ok := num(); ok {
		if m < 1 || m > 12 {
			return d, "", false
		}
		d.Month = m
		if day, ok := num(); ok {
			if day < 1 || time.Date(d.Year, time.Month(m), day, 0, 0, 0, 0, time.UTC).Day() != day {
				return d, "", false
			}
			d.Day = day
		}
	}
	return d, strings.Join(rest, "/"), true
}

func digits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

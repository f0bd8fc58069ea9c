package store

import (
	"fmt"
	"strings"
	"time"
)

// utc scans a timestamp, possibly NULL, into *t as a UTC instant (the zero
// time for NULL). pgx returns times in the local zone. SQLite stores them as
// text; the driver turns the text of a column declared TIMESTAMP into a time
// itself, but slowly (it first tries, and fails, to read it as Go's
// time.String form), and hands back the text of any other expression.
//
// So the reads a page makes select their times as COALESCE(col, NULL): on
// SQLite the expression has no declared type and arrives as text, which
// parseTime reads several times faster; on PostgreSQL it is still a
// timestamptz, and arrives as a time.
type utc struct{ t *time.Time }

// Scan implements sql.Scanner.
func (u utc) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*u.t = time.Time{}
	case time.Time:
		*u.t = x.UTC()
	case string:
		t, err := parseTime(x)
		if err != nil {
			return fmt.Errorf("store: scan time: %w", err)
		}
		*u.t = t
	case []byte:
		return u.Scan(string(x))
	default:
		return fmt.Errorf("store: scan time: unexpected %T", v)
	}
	return nil
}

// sqliteTimeFormat is what _time_format=sqlite writes, and so the form of
// every time warta has stored in SQLite: "2026-03-15 09:17:37.882908+00:00"
// (no fraction when it is zero).
const sqliteTimeFormat = "2006-01-02 15:04:05.999999999-07:00"

// parseTime reads a time stored as text in SQLite, in UTC. The form warta
// writes (sqliteTimeFormat) is read by hand; anything else is read as the
// SQLite driver reads a TIMESTAMP column (driverTime), so a value reads the
// same whether or not it is selected through an expression.
func parseTime(s string) (time.Time, error) {
	if t, ok := parseSQLiteTime(s); ok {
		return t, nil
	}
	return driverTime(s)
}

// parseSQLiteTime reads s in sqliteTimeFormat with a fraction of at most
// nine digits and a zone offset under 24 hours, as time.Parse would, and
// returns it in UTC; ok is false for anything else, including a field out
// of range (time.Parse then says what is wrong).
func parseSQLiteTime(s string) (t time.Time, ok bool) {
	// "2006-01-02 15:04:05" then an optional ".999999999" then "-07:00".
	if len(s) < 25 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':' {
		return t, false
	}
	year, ok1 := digits(s[0:4])
	month, ok2 := digits(s[5:7])
	day, ok3 := digits(s[8:10])
	hour, ok4 := digits(s[11:13])
	minute, ok5 := digits(s[14:16])
	sec, ok6 := digits(s[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || month < 1 || month > 12 || day < 1 ||
		day > daysIn(time.Month(month), year) || hour > 23 || minute > 59 || sec > 59 {
		return t, false
	}
	rest, nsec := s[19:], 0
	if rest[0] == '.' {
		n := 1
		for n < len(rest) && '0' <= rest[n] && rest[n] <= '9' {
			n++
		}
		if n == 1 || n > 10 {
			return t, false
		}
		nsec, _ = digits(rest[1:n])
		for range 10 - n {
			nsec *= 10
		}
		rest = rest[n:]
	}
	if len(rest) != 6 || (rest[0] != '+' && rest[0] != '-') || rest[3] != ':' {
		return t, false
	}
	zh, ok1 := digits(rest[1:3])
	zm, ok2 := digits(rest[4:6])
	if !ok1 || !ok2 || zh > 23 || zm > 59 {
		return t, false
	}
	offset := time.Duration(zh)*time.Hour + time.Duration(zm)*time.Minute
	if rest[0] == '-' {
		offset = -offset
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC).Add(-offset), true
}

// digits reads s, made only of ASCII digits, as a number.
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// daysIn is the number of days of month m of year.
func daysIn(m time.Month, year int) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// driverTimeFormats are the forms, after Go's time.String form, in which
// the SQLite driver (modernc.org/sqlite) reads the text of a TIMESTAMP
// column, in its order: formats 1 to 7 of SQLite's date and time functions.
var driverTimeFormats = []string{
	sqliteTimeFormat,
	"2006-01-02T15:04:05.999999999-07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04",
	"2006-01-02T15:04",
	"2006-01-02",
}

// driverTime reads s as the SQLite driver reads the text of a TIMESTAMP
// column (a time zone is given by the text or is UTC), in UTC.
func driverTime(s string) (time.Time, error) {
	// time.String, with a monotonic clock reading ("m=+0.5") left out.
	str := s
	if i := strings.Index(str, "m="); i > 0 {
		str = str[:i]
	}
	if t, err := time.Parse("2006-01-02 15:04:05.999999999 -0700 MST", strings.TrimSpace(str)); err == nil {
		return t.UTC(), nil
	}
	bare := strings.TrimSuffix(s, "Z") // the forms without a zone are read as UTC
	for _, f := range driverTimeFormats {
		if t, err := time.Parse(f, bare); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time", s)
}

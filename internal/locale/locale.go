// Package locale holds warta's message catalogs (Indonesian and English) and
// formats plurals, dates and durations in the site's language. It imports
// nothing from warta; no golang.org/x/text is needed for two languages.
//
// The messages are data, one JSON file per language in translations/
// (translations/README.md says how to edit them); they are embedded in the
// binary and parsed once, when the package is initialized.
package locale

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Default is the language used when an unknown one is asked for.
const Default = "id"

// Languages lists the languages that have a catalog, Default first.
func Languages() []string { return slices.Clone(languages) }

// Supported reports whether lang has a catalog.
func Supported(lang string) bool {
	_, ok := catalogs[lang]
	return ok
}

// Printer translates and formats for one language. It is safe for
// concurrent use; its zero value is not usable, call New.
type Printer struct {
	lang string
	msgs map[string]string
}

// New returns the printer of lang ("id" or "en", a region such as "en-US"
// is reduced to its language); an unknown language falls back to Default.
func New(lang string) *Printer {
	base := strings.ToLower(lang)
	if i := strings.IndexAny(base, "-_"); i >= 0 {
		base = base[:i]
	}
	if !Supported(base) {
		base = Default
	}
	return &Printer{lang: base, msgs: catalogs[base]}
}

// Lang returns the printer's language, as used in the lang attribute.
func (p *Printer) Lang() string { return p.lang }

// Has reports whether key is in the printer's catalog, either as a plain
// message or as a plural one.
func (p *Printer) Has(key string) bool {
	if _, ok := p.msgs[key]; ok {
		return true
	}
	_, ok := p.msgs[key+".other"]
	return ok
}

// T returns the message of key, formatted with args by fmt.Sprintf when
// args are given. A missing key returns the key itself, so a forgotten
// translation shows on the page instead of failing it; a test checks that
// both catalogs hold the same keys.
func (p *Printer) T(key string, args ...any) string {
	msg, ok := p.msgs[key]
	if !ok {
		return key
	}
	if len(args) == 0 {
		return msg
	}
	return fmt.Sprintf(msg, args...)
}

// Plural returns the form of key that fits n — key.zero for 0 when the
// catalog has it, key.one for 1 when it has it, key.other otherwise — with
// n substituted for %d. Indonesian nouns do not inflect for number, but its
// catalog may still phrase 0 ("Belum ada komentar") differently.
func (p *Printer) Plural(key string, n int) string {
	form := "other"
	switch {
	case n == 0:
		if _, ok := p.msgs[key+".zero"]; ok {
			form = "zero"
		}
	case n == 1:
		if _, ok := p.msgs[key+".one"]; ok {
			form = "one"
		}
	}
	msg, ok := p.msgs[key+"."+form]
	if !ok {
		return key
	}
	if strings.Contains(msg, "%d") {
		return strings.Replace(msg, "%d", p.Number(n), 1)
	}
	return msg
}

// Number writes n the way the language groups digits: "1.919" in
// Indonesian, "1,919" in English.
func (p *Printer) Number(n int) string {
	digits := strconv.Itoa(n)
	neg := strings.HasPrefix(digits, "-")
	digits = strings.TrimPrefix(digits, "-")
	sep := byte(',')
	if p.lang == "id" {
		sep = '.'
	}
	var b []byte
	if neg {
		b = append(b, '-')
	}
	for i := 0; i < len(digits); i++ {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b = append(b, sep)
		}
		b = append(b, digits[i])
	}
	return string(b)
}

// List joins items the way the language writes a list: "A", "A dan B",
// "A, B dan C" in Indonesian; "A", "A and B", "A, B and C" in English.
func (p *Printer) List(items []string) string {
	var b strings.Builder
	for i, it := range items {
		b.WriteString(p.ListSep(i, len(items)))
		b.WriteString(it)
	}
	return b.String()
}

// ListSep returns what goes before item i of a list of n items: nothing
// before the first, " dan " / " and " before the last, ", " otherwise. Templates
// use it to join items that are links.
func (p *Printer) ListSep(i, n int) string {
	switch {
	case i <= 0:
		return ""
	case i == n-1:
		return " " + p.T("list.and") + " "
	default:
		return ", "
	}
}

var (
	daysID   = [...]string{"Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"}
	monthsID = [...]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
		"Agustus", "September", "Oktober", "November", "Desember"}
)

// MonthYear names t's month in loc with its year: "November 2026" in
// both languages, "Agustus 2026" / "August 2026". A nil loc means UTC.
func (p *Printer) MonthYear(t time.Time, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	t = t.In(loc)
	if p.lang == "id" {
		return monthsID[t.Month()-1] + " " + strconv.Itoa(t.Year())
	}
	return t.Format("January 2006")
}

// Period names a date archive's span: a year ("2026"), a month (month
// > 0: "November 2026") or a day (day > 0: "Kamis, 5 November 2026").
func (p *Printer) Period(year, month, day int) string {
	switch {
	case day > 0:
		return p.Date(time.Date(year, time.Month(month), day, 12, 0, 0, 0, time.UTC), nil)
	case month > 0:
		return p.MonthYear(time.Date(year, time.Month(month), 1, 12, 0, 0, 0, time.UTC), nil)
	}
	return strconv.Itoa(year)
}

// Date formats t in loc as a long date: "Jumat, 26 April 2024" or
// "Friday, 26 April 2024". A nil loc means UTC.
func (p *Printer) Date(t time.Time, loc *time.Location) string {
	var buf [48]byte
	return string(p.appendDate(buf[:0], t, loc))
}

func (p *Printer) appendDate(dst []byte, t time.Time, loc *time.Location) []byte {
	if loc == nil {
		loc = time.UTC
	}
	t = t.In(loc)
	if p.lang == "id" {
		dst = append(dst, daysID[t.Weekday()]...)
		dst = append(dst, ", "...)
		dst = strconv.AppendInt(dst, int64(t.Day()), 10)
		dst = append(dst, ' ')
		dst = append(dst, monthsID[t.Month()-1]...)
		dst = append(dst, ' ')
		return strconv.AppendInt(dst, int64(t.Year()), 10)
	}
	return t.AppendFormat(dst, "Monday, 2 January 2006")
}

// DateTime formats t in loc as a long date with the time of day and the
// zone's abbreviation: "Jumat, 26 April 2024 pukul 14.30 WIB" or
// "Friday, 26 April 2024 at 14:30 WIB". A nil loc means UTC.
func (p *Printer) DateTime(t time.Time, loc *time.Location) string {
	var buf [64]byte
	return string(p.AppendDateTime(buf[:0], t, loc))
}

// AppendDateTime appends DateTime(t, loc) to dst, for a writer that
// formats many dates into one page without a string for each.
func (p *Printer) AppendDateTime(dst []byte, t time.Time, loc *time.Location) []byte {
	if loc == nil {
		loc = time.UTC
	}
	t = t.In(loc)
	dst = p.appendDate(dst, t, loc)
	if p.lang == "id" {
		return t.AppendFormat(append(dst, " pukul "...), "15.04 MST")
	}
	return t.AppendFormat(append(dst, " at "...), "15:04 MST")
}

// Duration formats a running time the way video players show it: "0:42",
// "3:06", "1:02:03". Fractions of a second are dropped; negative means 0.
func Duration(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	s := int64(d / time.Second)
	h, m, sec := s/3600, (s/60)%60, s%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, m, sec)
	}
	return fmt.Sprintf("%d:%02d", m, sec)
}

// ISODuration formats d as an ISO 8601 duration for a datetime attribute:
// "PT3M6S", "PT1H2M3S", "PT0S".
func ISODuration(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	s := int64(d / time.Second)
	h, m, sec := s/3600, (s/60)%60, s%60
	var b strings.Builder
	b.WriteString("PT")
	if h > 0 {
		b.WriteString(strconv.FormatInt(h, 10) + "H")
	}
	if m > 0 {
		b.WriteString(strconv.FormatInt(m, 10) + "M")
	}
	if sec > 0 || (h == 0 && m == 0) {
		b.WriteString(strconv.FormatInt(sec, 10) + "S")
	}
	return b.String()
}

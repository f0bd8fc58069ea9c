package locale

import (
	"sort"
	"strings"
	"testing"
	"time"
)

func TestCatalogs(t *testing.T) {
	t.Run("every key exists in every catalog", func(t *testing.T) {
		for lang, msgs := range catalogs {
			for other, otherMsgs := range catalogs {
				var missing []string
				for k := range msgs {
					if _, ok := otherMsgs[k]; !ok {
						missing = append(missing, k)
					}
				}
				sort.Strings(missing)
				if len(missing) > 0 {
					t.Errorf("keys of %q missing from %q: %s", lang, other, strings.Join(missing, ", "))
				}
			}
		}
	})
	t.Run("no message is empty", func(t *testing.T) {
		for lang, msgs := range catalogs {
			for k, v := range msgs {
				if strings.TrimSpace(v) == "" {
					t.Errorf("%s: %q is empty", lang, k)
				}
			}
		}
	})
	t.Run("plural keys have an other form", func(t *testing.T) {
		for lang, msgs := range catalogs {
			for k := range msgs {
				for _, suffix := range []string{".zero", ".one"} {
					if base, ok := strings.CutSuffix(k, suffix); ok {
						if _, ok := msgs[base+".other"]; !ok {
							t.Errorf("%s: %q has no %q", lang, k, base+".other")
						}
					}
				}
			}
		}
	})
	t.Run("both catalogs use the same format verbs for a key", func(t *testing.T) {
		for k, id := range messagesID {
			if got, want := strings.Count(messagesEN[k], "%"), strings.Count(id, "%"); got != want {
				t.Errorf("%q: en has %d verbs, id has %d", k, got, want)
			}
		}
	})
}

func TestPrinter(t *testing.T) {
	tests := []struct {
		name string
		lang string
		got  func(p *Printer) string
		want string
	}{
		{"Indonesian translates the read-more link", "id", func(p *Printer) string { return p.T("list.read_more") }, "Baca selengkapnya"},
		{"English translates the read-more link", "en", func(p *Printer) string { return p.T("list.read_more") }, "Read more"},
		{"an unknown language falls back to Indonesian", "fr", func(p *Printer) string { return p.T("comments.reply") }, "Balas"},
		{"a region is reduced to its language", "en-US", func(p *Printer) string { return p.T("comments.reply") }, "Reply"},
		{"arguments are formatted into the message", "en", func(p *Printer) string { return p.T("pagination.page", 3) }, "Page 3"},
		{"a missing key shows the key", "en", func(p *Printer) string { return p.T("no.such.key") }, "no.such.key"},
		{"zero comments in Indonesian", "id", func(p *Printer) string { return p.Plural("comments.count", 0) }, "Belum ada komentar"},
		{"one comment in Indonesian", "id", func(p *Printer) string { return p.Plural("comments.count", 1) }, "1 komentar"},
		{"many comments in Indonesian", "id", func(p *Printer) string { return p.Plural("comments.count", 12) }, "12 komentar"},
		{"zero comments in English", "en", func(p *Printer) string { return p.Plural("comments.count", 0) }, "No comments yet"},
		{"one comment in English", "en", func(p *Printer) string { return p.Plural("comments.count", 1) }, "1 comment"},
		{"many comments in English", "en", func(p *Printer) string { return p.Plural("comments.count", 2) }, "2 comments"},
		{"a missing plural key shows the key", "en", func(p *Printer) string { return p.Plural("nope", 2) }, "nope"},
		{"two names joined in Indonesian", "id", func(p *Printer) string { return p.List([]string{"A", "B"}) }, "A dan B"},
		{"three names joined in English", "en", func(p *Printer) string { return p.List([]string{"A", "B", "C"}) }, "A, B and C"},
		{"one name alone", "en", func(p *Printer) string { return p.List([]string{"A"}) }, "A"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.got(New(tt.lang)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDates(t *testing.T) {
	jakarta, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	// 07:30 UTC is 14:30 in Jakarta (UTC+7), a Friday.
	friday := time.Date(2024, 4, 26, 7, 30, 0, 0, time.UTC)
	// 20:00 UTC on Thursday is already Friday 03:00 in Jakarta.
	lateThursday := time.Date(2024, 4, 25, 20, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		lang string
		got  func(p *Printer) string
		want string
	}{
		{"an Indonesian date", "id", func(p *Printer) string { return p.Date(friday, jakarta) }, "Jumat, 26 April 2024"},
		{"an English date", "en", func(p *Printer) string { return p.Date(friday, jakarta) }, "Friday, 26 April 2024"},
		{"the date is taken in the site's time zone", "id", func(p *Printer) string { return p.Date(lateThursday, jakarta) }, "Jumat, 26 April 2024"},
		{"the same instant is still Thursday in UTC", "en", func(p *Printer) string { return p.Date(lateThursday, nil) }, "Thursday, 25 April 2024"},
		{"Indonesian month names", "id", func(p *Printer) string {
			return p.Date(time.Date(2024, 8, 17, 12, 0, 0, 0, jakarta), jakarta)
		}, "Sabtu, 17 Agustus 2024"},
		{"an Indonesian date and time with the zone", "id", func(p *Printer) string { return p.DateTime(friday, jakarta) }, "Jumat, 26 April 2024 pukul 14.30 WIB"},
		{"an English date and time with the zone", "en", func(p *Printer) string { return p.DateTime(friday, jakarta) }, "Friday, 26 April 2024 at 14:30 WIB"},
		{"a date and time in UTC", "en", func(p *Printer) string { return p.DateTime(friday, time.UTC) }, "Friday, 26 April 2024 at 07:30 UTC"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.got(New(tt.lang)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDuration(t *testing.T) {
	tests := []struct {
		name    string
		d       time.Duration
		want    string
		wantISO string
	}{
		{"a video of three minutes and six seconds", 3*time.Minute + 6*time.Second, "3:06", "PT3M6S"},
		{"a clip under a minute", 42 * time.Second, "0:42", "PT42S"},
		{"a video over an hour", time.Hour + 2*time.Minute + 3*time.Second, "1:02:03", "PT1H2M3S"},
		{"exactly one hour", time.Hour, "1:00:00", "PT1H"},
		{"fractions of a second are dropped", 5*time.Second + 900*time.Millisecond, "0:05", "PT5S"},
		{"zero", 0, "0:00", "PT0S"},
		{"a negative duration counts as zero", -time.Second, "0:00", "PT0S"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Duration(tt.d); got != tt.want {
				t.Errorf("Duration = %q, want %q", got, tt.want)
			}
			if got := ISODuration(tt.d); got != tt.wantISO {
				t.Errorf("ISODuration = %q, want %q", got, tt.wantISO)
			}
		})
	}
}

package locale

import (
	"bytes"
	"encoding/json"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestCatalogs(t *testing.T) {
	t.Run("there is a catalog for Indonesian and one for English, Indonesian first", func(t *testing.T) {
		if got := strings.Join(Languages(), ","); got != "id,en" {
			t.Errorf("Languages() = %s", got)
		}
	})
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
	t.Run("every catalog uses the same format verbs as Indonesian, in the same order", func(t *testing.T) {
		for lang, msgs := range catalogs {
			for k, def := range catalogs[Default] {
				got, want := verbs(msgs[k]), verbs(def)
				if !slices.Equal(got, want) {
					t.Errorf("%q: %s has verbs %q, %s has %q", k, lang, got, Default, want)
				}
			}
		}
	})
}

// verbs lists the fmt verbs of msg in order, "%%" left out: "%s", "%d",
// "%[2]s". A WordPress permalink tag such as %postname% counts as "%p", so
// a translation keeps those too. The space flag is not read, so that "% o"
// in "%post_id% or" is not taken for a verb.
func verbs(msg string) []string {
	var out []string
	for _, m := range verbRE.FindAllString(msg, -1) {
		if m != "%%" {
			out = append(out, m)
		}
	}
	return out
}

var verbRE = regexp.MustCompile(`%(?:%|[-+#0]*(?:\[\d+\])?\d*(?:\.\d+)?[a-zA-Z])`)

func TestCatalogFiles(t *testing.T) {
	for _, lang := range Languages() {
		name := "translations/" + lang + ".json"
		b, err := translations.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(name+" lists its keys in sorted order, so merges stay small", func(t *testing.T) {
			dec := json.NewDecoder(bytes.NewReader(b))
			var keys []string
			depth := 0
			for {
				tok, err := dec.Token()
				if err != nil {
					break
				}
				switch v := tok.(type) {
				case json.Delim:
					if v == '{' {
						depth++
					} else if v == '}' {
						depth--
					}
				case string:
					if depth == 1 {
						keys = append(keys, v)
						// Skip the value.
						var raw json.RawMessage
						if err := dec.Decode(&raw); err != nil {
							t.Fatal(err)
						}
					}
				}
			}
			for i := 1; i < len(keys); i++ {
				if keys[i-1] >= keys[i] {
					t.Errorf("%q comes after %q; keep the keys in byte order", keys[i], keys[i-1])
				}
			}
			if len(keys) < 100 {
				t.Errorf("found only %d keys", len(keys))
			}
		})
	}
}

func TestParseCatalog(t *testing.T) {
	t.Run("plain and plural messages are read", func(t *testing.T) {
		got, err := parseCatalog([]byte(`{"a.b": "A %s", "n": {"zero": "none", "one": "one", "other": "%d"}, "m": {"other": "%d x"}}`))
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"a.b": "A %s", "n.zero": "none", "n.one": "one", "n.other": "%d", "m.other": "%d x"}
		if !maps.Equal(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
	bad := []struct {
		name, src, want string
	}{
		{"a syntax error names its line", "{\n\"a\": \"x\",\n\"b\" \"y\"\n}", "line 3"},
		{"a key given twice", `{"a": "x", "a": "y"}`, `key "a" is given twice`},
		{"a plain key clashing with a plural form", `{"a": {"other": "x"}, "a.other": "y"}`, `key "a.other" is given twice`},
		{"a plural form clashing with a plain key", `{"a.one": "y", "a": {"one": "x", "other": "x"}}`, `key "a.one" is given twice`},
		{"a plural without its other form", `{"a": {"one": "x"}}`, `needs an "other" form`},
		{"an unknown plural form", `{"a": {"few": "x", "other": "y"}}`, `unknown plural form "few"`},
		{"a plural form given twice", `{"a": {"other": "x", "other": "y"}}`, `"other" is given twice`},
		{"a number for a message", `{"a": 1}`, `key "a"`},
		{"a list for a message", `{"a": ["x"]}`, `key "a"`},
		{"a nested object inside a plural", `{"a": {"other": {"x": "y"}}}`, `must be a message`},
		{"not an object", `["a"]`, "the catalog"},
		{"text after the catalog", `{"a": "x"} {}`, "after the catalog"},
		{"an unclosed catalog", `{"a": "x"`, "EOF"},
	}
	for _, tt := range bad {
		t.Run(tt.name+" fails to load", func(t *testing.T) {
			_, err := parseCatalog([]byte(tt.src))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
	t.Run("a malformed file fails the load and names the file", func(t *testing.T) {
		fsys := fstest.MapFS{
			"tr/id.json": {Data: []byte(`{"a": "x"}`)},
			"tr/en.json": {Data: []byte(`{"a": "x",}`)},
		}
		_, err := load(fsys, "tr")
		if err == nil || !strings.Contains(err.Error(), "tr/en.json") {
			t.Errorf("error %v, want one naming tr/en.json", err)
		}
	})
	t.Run("a missing default catalog fails the load", func(t *testing.T) {
		_, err := load(fstest.MapFS{"tr/en.json": {Data: []byte(`{"a": "x"}`)}}, "tr")
		if err == nil || !strings.Contains(err.Error(), "id.json") {
			t.Errorf("error %v, want one naming id.json", err)
		}
	})
	t.Run("a catalog per file, named after its language", func(t *testing.T) {
		cats, langs := mustLoad(fstest.MapFS{
			"tr/en.json": {Data: []byte(`{"a": "x"}`)},
			"tr/de.json": {Data: []byte(`{"a": "y"}`)},
			"tr/id.json": {Data: []byte(`{"a": "z"}`)},
		}, "tr")
		if got := strings.Join(langs, ","); got != "id,de,en" {
			t.Errorf("languages %s, want id,de,en", got)
		}
		if cats["de"]["a"] != "y" {
			t.Errorf("de: %v", cats["de"])
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
		{"counts group thousands with a dot in Indonesian", "id", func(p *Printer) string { return p.Plural("comments.count", 1919) }, "1.919 komentar"},
		{"counts group thousands with a comma in English", "en", func(p *Printer) string { return p.Plural("comments.count", 1234567) }, "1,234,567 comments"},
		{"a number under a thousand has no separator", "id", func(p *Printer) string { return p.Number(919) }, "919"},
		{"a negative number keeps its sign before the groups", "id", func(p *Printer) string { return p.Number(-12345) }, "-12.345"},
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

package analyze

import (
	"reflect"
	"strings"
	"testing"
)

func TestStemEnglish(t *testing.T) {
	tests := []struct{ word, want string }{
		{"running", "run"},
		{"generously", "generous"},
		{"studies", "studi"},
		{"study", "studi"},
		{"connection", "connect"},
		{"connected", "connect"},
		{"floods", "flood"},
		{"flooding", "flood"},
		{"government", "govern"},
	}
	for _, tt := range tests {
		t.Run(tt.word+" stems to "+tt.want, func(t *testing.T) {
			if got := Stem("en", tt.word); got != tt.want {
				t.Errorf("Stem(en, %q) = %q, want %q", tt.word, got, tt.want)
			}
		})
	}
}

func TestTokens(t *testing.T) {
	tests := []struct {
		name, lang, text string
		want             []string
	}{
		{
			"an Indonesian news sentence loses its stop words and meets at the roots", "id",
			"Pemerintah kota mempertahankan tanggul yang jebol, dan warga bertahan di pengungsian.",
			[]string{"perintah", "kota", "tahan", "tanggul", "jebol", "warga", "tahan", "ungsi"},
		},
		{
			"an English news sentence is stemmed with Porter2", "en",
			"The city's engineers are studying why the floods keep returning every spring.",
			[]string{"citi", "engin", "studi", "flood", "keep", "return", "everi", "spring"},
		},
		{
			"a reduplication yields its word once", "id",
			"anak-anak bermain dengan surat-surat",
			[]string{"anak", "main", "surat"},
		},
		{
			"a reduplication with a derived repeat yields the root once", "id",
			"sebesar-besarnya berbalas-balasan meniru-nirukan",
			[]string{"besar", "balas", "tiru"},
		},
		{
			"a hyphenated clitic joins its word", "id",
			"buku-nya",
			[]string{"buku"},
		},
		{
			"a compound of different words keeps both", "id",
			"sayur-mayur covid-19",
			[]string{"sayur", "mayur", "covid", "19"},
		},
		{
			"a repeated word without a hyphen is kept twice for positions", "id",
			"rumah rumah",
			[]string{"rumah", "rumah"},
		},
		{
			"accents fold to plain letters, composed or not", "en",
			"Café CAFÉ cafe\u0301 naïve Ærø straße",
			[]string{"cafe", "cafe", "cafe", "naiv", "aero", "strass"},
		},
		{
			"digits are kept and split at punctuation", "id",
			"Jumat (26/4/2024) pukul 03:06, Rp1.500",
			[]string{"jumat", "26", "4", "2024", "pukul", "03", "06", "rp1", "500"},
		},
		{
			"apostrophes inside words are dropped", "id",
			"Jum'at dan Jum’at dan Jumʼat",
			[]string{"jumat", "jumat", "jumat"},
		},
		{
			"an English possessive loses its s", "en",
			"John's and O'Neill's",
			[]string{"john", "oneil"},
		},
		{
			"soft hyphens and joiners do not split a word", "id",
			"pem\u00adbangunan",
			[]string{"bangun"},
		},
		{
			"unknown languages are analyzed as Indonesian", "xx",
			"Pembangunan",
			[]string{"bangun"},
		},
		{
			"an English tag with a region is English", "en-GB",
			"running",
			[]string{"run"},
		},
		{
			"text with only stop words has no tokens", "id",
			"yang dan di ke dari untuk dengan ini itu",
			nil,
		},
		{
			"English stop words vanish", "en",
			"the and of to it is was",
			nil,
		},
		{
			"invalid UTF-8 separates words", "id",
			"rumah\xffbesar",
			[]string{"rumah", "besar"},
		},
		{
			"an overlong run of letters is dropped", "id",
			"rumah " + strings.Repeat("a", maxWordBytes+1) + " besar",
			[]string{"rumah", "besar"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Tokens(tt.lang, tt.text); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Tokens(%q, %q)\n got %q\nwant %q", tt.lang, tt.text, got, tt.want)
			}
		})
	}
}

func TestParseQuery(t *testing.T) {
	tests := []struct {
		name, lang, q string
		want          Query
	}{
		{
			"bare words become terms", "id",
			"banjir pertahanan",
			Query{Terms: []string{"banjir", "tahan"}},
		},
		{
			"a quoted phrase is analyzed like the text it should match", "id",
			`banjir "pemerintah yang bertahan"`,
			Query{Terms: []string{"banjir"}, Phrases: [][]string{{"perintah", "tahan"}}},
		},
		{
			"typographic quotes work too", "id",
			"“rumah sakit” jakarta",
			Query{Terms: []string{"jakarta"}, Phrases: [][]string{{"rumah", "sakit"}}},
		},
		{
			"an unbalanced quote runs to the end", "id",
			`banjir "tanggul jebol`,
			Query{Terms: []string{"banjir"}, Phrases: [][]string{{"tanggul", "jebol"}}},
		},
		{
			"a phrase of one word is a term", "en",
			`"floods" running`,
			Query{Terms: []string{"flood", "run"}},
		},
		{
			"repeated terms are kept once", "en",
			"flood flooding floods",
			Query{Terms: []string{"flood"}},
		},
		{
			"stop words vanish from terms and phrases", "en",
			`the "state of the art" of`,
			Query{Phrases: [][]string{{"state", "art"}}},
		},
		{
			"a query of stop words is empty", "id",
			`yang "dan di"`,
			Query{},
		},
		{
			"an empty query is empty", "id",
			"",
			Query{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ParseQuery(tt.lang, tt.q); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseQuery(%q, %q)\n got %#v\nwant %#v", tt.lang, tt.q, got, tt.want)
			}
		})
	}
}

func TestPhraseAlignsWithIndexedText(t *testing.T) {
	// The store indexes strings.Join(Tokens(...), " ") and matches a phrase as adjacent
	// tokens; stop words must vanish the same way on both sides.
	doc := Tokens("id", "Warga yang tinggal di bantaran sungai diimbau tetap waspada.")
	q := ParseQuery("id", `"tinggal di bantaran sungai"`)
	if len(q.Phrases) != 1 {
		t.Fatalf("ParseQuery phrases = %q, want one", q.Phrases)
	}
	p := q.Phrases[0]
	for i := 0; i+len(p) <= len(doc); i++ {
		if reflect.DeepEqual(doc[i:i+len(p)], p) {
			return
		}
	}
	t.Errorf("phrase %q is not a run of the document's tokens %q", p, doc)
}

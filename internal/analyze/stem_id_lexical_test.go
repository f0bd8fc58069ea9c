package analyze

import (
	"reflect"
	"testing"
)

// TestStemIndonesianMeetsAtTheRoot checks the morphology the root list hides (it holds
// belajar, kinerja and wartawan as words of their own) and the roots it lacks: each family
// must meet at one stem, or a search for one form misses articles with the others.
func TestStemIndonesianMeetsAtTheRoot(t *testing.T) {
	families := []struct {
		name, root string
		words      []string
	}{
		{"bel- and pel- are ajar's irregular prefixes", "ajar", []string{
			"ajar", "belajar", "pelajar", "pelajaran", "pembelajaran", "mempelajari",
			"dipelajari", "terpelajar", "mengajar", "pengajaran", "ajaran", "belajarlah",
		}},
		{"the infix -in- is read in the words that carry it", "kerja", []string{
			"kerja", "kinerja", "kinerjanya", "bekerja", "pekerjaan",
		}},
		{"kesinambungan is ke-s-in-ambung-an", "sambung", []string{
			"sambung", "sinambung", "kesinambungan", "berkesinambungan", "menyambung",
		}},
		{"kinasih is k-in-asih", "kasih", []string{"kasih", "kinasih", "kekasih", "kasihnya"}},
		{"-wan names a person by the root's field", "warta", []string{
			"warta", "wartawan", "wartawannya", "wartawati", "pewarta",
		}},
		{"-wan after a vowel", "ilmu", []string{"ilmu", "ilmuwan", "keilmuan"}},
		{"-wan in the place of a final h", "sejarah", []string{"sejarah", "sejarawan", "bersejarah"}},
		{"-wati is the feminine -wan", "karya", []string{"karya", "karyawan", "karyawati", "berkarya"}},
		{"-wati on seni", "seni", []string{"seni", "seniwati", "kesenian"}},
		{"-isme meets the adherent's -is", "teroris", []string{"teroris", "terorisme", "teroris-teroris"}},
		{"-isme without an -is form meets the root", "preman", []string{"preman", "premanisme"}},
		{"-isasi meets the root", "digital", []string{
			"digital", "digitalisasi", "mendigitalisasi", "digitalisasinya",
		}},
		{"-isasi on a word the list lacks", "hilir", []string{"hilir", "hilirisasi", "dihilirisasi"}},
		{"-isasi under a confix", "sosial", []string{"sosial", "sosialisasi", "disosialisasikan", "menyosialisasikan"}},
		{"meN- restores k", "kirim", []string{"kirim", "mengirim", "pengirim", "dikirimkan"}},
		{"meN- restores p", "pukul", []string{"pukul", "memukul", "pemukul", "dipukul"}},
		{"meN- restores t", "tulis", []string{"tulis", "menulis", "penulis", "tulisan"}},
		{"meN- restores s", "sapu", []string{"sapu", "menyapu", "penyapu", "disapu"}},
		{"peN- never pairs with -kan", "sidik", []string{"sidik", "penyidik", "penyidikan", "menyidik"}},
		{"a loan keeps its t before a consonant", "transfer", []string{"transfer", "mentransfer", "ditransfer"}},
		{"an unlisted root meets its meN- form by the restored p", "posting", []string{
			"posting", "memosting", "memposting", "diposting", "postingnya",
		}},
		{"an unlisted root meets its meN-…-kan form", "viral", []string{
			"viral", "memviralkan", "diviralkan", "viralnya",
		}},
		{"an unlisted root restores t", "tiktok", []string{"tiktok", "meniktok"}},
		{"an unlisted root restores s", "selfie", []string{"selfie", "menyelfie", "selfienya"}},
	}
	for _, f := range families {
		t.Run(f.name, func(t *testing.T) {
			for _, w := range f.words {
				if got := Tokens("id", w); !reflect.DeepEqual(got, []string{f.root}) {
					t.Errorf("Tokens(id, %q) = %q, want [%s]", w, got, f.root)
				}
			}
		})
	}
}

// TestStemIndonesianDoesNotOverreach guards the words that look derived but are not: each
// must keep a stem of its own, apart from the root it resembles.
func TestStemIndonesianDoesNotOverreach(t *testing.T) {
	tests := []struct{ word, want, not string }{
		// Roots with "in" after their first letter are not infixed.
		{"kini", "kini", ""},
		{"dingin", "dingin", ""},
		{"main", "main", ""},
		{"binatang", "binatang", "batang"},
		{"sinar", "sinar", ""},
		{"minat", "minat", ""},
		{"dinas", "dinas", ""},
		{"sinyal", "sinyal", ""},
		{"kinetik", "kinetik", "ketik"},
		{"binasa", "binasa", "basa"},
		// Words ending in -wan that are not built with it.
		{"awan", "awan", ""},
		{"lawan", "lawan", ""},
		{"kawan", "kawan", ""},
		{"dewan", "dewan", ""},
		{"pahlawan", "pahlawan", ""},
		{"perawan", "perawan", "pera"},
		{"bakwan", "bakwan", "bak"},
		// Given names: the list holds some, the others are not in it at all.
		{"gunawan", "gunawan", "guna"},
		{"setiawan", "setiawan", "setia"},
		{"kurniawan", "kurniawan", ""},
		{"megawati", "megawati", "mega"},
		{"indrawati", "indrawati", "indra"},
		// Loans taken whole, whose rest is another word.
		{"organisasi", "organisasi", "organ"},
		{"mobilisasi", "mobilisasi", "mobil"},
		{"realisasi", "realisasi", "real"},
		{"mekanisme", "mekanisme", "mekanis"},
		{"kronisme", "kronisme", "kronis"},
		{"demokratisasi", "demokratisasi", "demokrat"},
		// Names and words the guess for unlisted roots must leave alone.
		{"jakarta", "jakarta", ""},
		{"semarang", "semarang", ""},
		{"sebastian", "sebastian", ""},
		{"abdullah", "abdullah", "abdul"},
		{"dian", "dian", ""},
		{"bernard", "bernard", ""},
		{"implementasi", "implementasi", ""},
		// English words in Indonesian text are not cut at a look-alike prefix.
		{"district", "district", "strict"},
		{"display", "display", ""},
		{"different", "different", ""},
		{"members", "members", ""},
		{"memory", "memory", ""},
	}
	for _, tt := range tests {
		t.Run(tt.word+" stays "+tt.want, func(t *testing.T) {
			got := Stem("id", tt.word)
			if got != tt.want {
				t.Errorf("Stem(id, %q) = %q, want %q", tt.word, got, tt.want)
			}
			if tt.not != "" && got == Stem("id", tt.not) {
				t.Errorf("Stem(id, %q) = Stem(id, %q) = %q: conflated", tt.word, tt.not, got)
			}
		})
	}
}

// TestTokensReduplication checks that every shape of reduplication yields its stem once,
// so "anak-anak" is found by "anak" and a phrase across it still lines up.
func TestTokensReduplication(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"anak-anak", []string{"anak"}},
		{"anak-anaknya", []string{"anak"}},
		{"rumah-rumah warga", []string{"rumah", "warga"}},
		{"berlari-lari", []string{"lari"}},
		{"bermain-main", []string{"main"}},
		{"berhati-hati", []string{"hati"}},
		{"tolong-menolong", []string{"tolong"}},
		{"pukul-memukul", []string{"pukul"}},
		{"surat-menyurat", []string{"surat"}},
		{"tarik-menarik", []string{"tarik"}},
		{"bahu-membahu", []string{"bahu"}},
		{"memukul-mukul", []string{"pukul"}},
		{"menulis-nulis", []string{"tulis"}},
		{"menari-nari", []string{"tari"}},
		{"kemerah-merahan", []string{"merah"}},
		{"sayur-sayuran", []string{"sayur"}},
		{"buah-buahan", []string{"buah"}},
		{"kejar-kejaran", []string{"kejar"}},
		{"wartawan-wartawan", []string{"warta"}},
		{"pelajar-pelajar", []string{"ajar"}},
		{"bolak-balik", []string{"bolak", "balik"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := Tokens("id", tt.text); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Tokens(id, %q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

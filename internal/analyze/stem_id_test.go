package analyze

import (
	"slices"
	"strings"
	"testing"
)

func TestStemIndonesian(t *testing.T) {
	tests := []struct{ word, want string }{
		// The brief's families: one root for every derived form.
		{"mempertahankan", "tahan"},
		{"pertahanan", "tahan"},
		{"bertahan", "tahan"},
		{"ditahan", "tahan"},
		{"tahanan", "tahan"},
		{"persahabatan", "sahabat"},
		{"bersahabat", "sahabat"},
		{"pembangunan", "bangun"},
		{"membangun", "bangun"},
		{"dibangun", "bangun"},
		{"pemerintah", "perintah"},
		{"pemerintahan", "perintah"},
		{"memerintahkan", "perintah"},
		{"pendidikan", "didik"},
		{"berpendidikan", "didik"},
		{"kebersihan", "bersih"},
		{"membersihkan", "bersih"},
		{"penyelamatan", "selamat"},
		{"menyelamatkan", "selamat"},
		{"keamanan", "aman"},
		{"perekonomian", "ekonomi"},
		{"menulis", "tulis"},
		{"penulis", "tulis"},
		{"tulisan", "tulis"},
		{"mengambil", "ambil"},
		{"memukul", "pukul"},
		{"penyanyi", "nyanyi"},
		{"menyanyi", "nyanyi"},
		{"bertanya", "tanya"},
		// Inflectional particles and possessives.
		{"bukunya", "buku"},
		{"rumahku", "rumah"},
		{"cucunya", "cucu"},
		{"bacalah", "baca"},
		{"bermainlah", "main"},
		// Plain prefixes di-, ke-, se-, and the disallowed pairs that force backtracking.
		{"dimakan", "makan"},
		{"diminum", "minum"},
		{"dicari", "cari"},
		{"kemerdekaan", "merdeka"},
		{"kesehatan", "sehat"},
		{"kebakaran", "bakar"},
		{"sebesar", "besar"},
		{"berlari", "lari"},
		{"kebijakan", "bijak"},
		// ber-, ter-, per- and their variants.
		{"bekerja", "kerja"},
		{"bersama", "sama"},
		{"kebersamaan", "sama"},
		{"keberhasilan", "hasil"},
		{"berkelanjutan", "lanjut"},
		{"terbakar", "bakar"},
		{"terbesar", "besar"},
		{"terjadi", "jadi"},
		{"tersebut", "sebut"},
		{"perjalanan", "jalan"},
		{"perubahan", "ubah"},
		{"perusahaan", "usaha"},
		{"perawatan", "rawat"},
		{"pertumbuhan", "tumbuh"},
		{"perkembangan", "kembang"},
		{"pernyataan", "nyata"},
		// me- and pe- with their nasal recodings.
		{"mengirim", "kirim"},
		{"pengiriman", "kirim"},
		{"menyapu", "sapu"},
		{"mencuri", "curi"},
		{"pencurian", "curi"},
		{"penjualan", "jual"},
		{"pendengaran", "dengar"},
		{"mengubah", "ubah"},
		{"menggunakan", "guna"},
		{"penggunaan", "guna"},
		{"memberikan", "beri"},
		{"pemberian", "beri"},
		{"melaksanakan", "laksana"},
		{"pelaksanaan", "laksana"},
		{"menyatakan", "nyata"},
		{"mengatakan", "kata"},
		{"mengalahkan", "kalah"},
		{"melakukan", "laku"},
		{"dilakukan", "laku"},
		{"pemilihan", "pilih"},
		{"mempunyai", "punya"},
		{"mengembalikan", "kembali"},
		{"pengembalian", "kembali"},
		{"penanganan", "tangan"},
		{"petani", "tani"},
		{"pertanian", "tani"},
		{"pekerjaan", "kerja"},
		{"peneliti", "teliti"},
		{"penelitian", "teliti"},
		{"memberantas", "berantas"},
		{"pemberdayaan", "daya"},
		{"memperbaiki", "baik"},
		{"mempercepat", "cepat"},
		{"memproses", "proses"},
		{"mensyukuri", "syukur"},
		{"mengebom", "bom"},
		{"pengebom", "bom"},
		{"mengecat", "cat"},
		{"mengakhiri", "akhir"},
		{"diakhiri", "akhir"},
		{"mengenai", "kena"},
		{"kuambil", "ambil"},
		{"kaubawa", "bawa"},
		// The root list decides: hunspell-id lists ketahu as a root of its own.
		{"mengetahui", "ketahu"},
		{"diketahui", "ketahu"},
		{"pengetahuan", "ketahu"},
		// A root plus a suffix is read that way before a prefix is tried.
		{"berikan", "beri"},
		{"bagian", "bagi"},
		{"makanan", "makan"},
	}
	for _, tt := range tests {
		t.Run(tt.word+" stems to "+tt.want, func(t *testing.T) {
			if got := Stem("id", tt.word); got != tt.want {
				t.Errorf("Stem(id, %q) = %q, want %q", tt.word, got, tt.want)
			}
		})
	}
}

func TestStemIndonesianKeepsWords(t *testing.T) {
	for _, word := range []string{
		// Roots, however affix-like they look.
		"banjir", "pertama", "makan", "minum", "tanah", "pantai", "perempuan", "kemudian",
		"sementara", "masyarakat", "berita", "pesawat", "sekolah", "masalah", "menteri",
		// Not in the root list and without a root inside: returned as given.
		"jakarta", "semarang", "megawati", "sebastian", "covid",
		// Too short to carry an affix.
		"dia", "ibu", "dan",
		"",
	} {
		t.Run(word+" stays whole", func(t *testing.T) {
			if got := Stem("id", word); got != word {
				t.Errorf("Stem(id, %q) = %q, want it unchanged", word, got)
			}
		})
	}
}

func TestRootList(t *testing.T) {
	lines := strings.Split(strings.TrimSuffix(rootsIDText, "\n"), "\n")
	t.Run("is sorted, distinct, lowercase letters of three or more", func(t *testing.T) {
		if !slices.IsSorted(lines) {
			t.Error("roots_id.txt is not sorted")
		}
		for i, w := range lines {
			if i > 0 && lines[i-1] == w {
				t.Errorf("duplicate root %q", w)
			}
			if len(w) < minRootLen || strings.Trim(w, "abcdefghijklmnopqrstuvwxyz") != "" {
				t.Errorf("bad root %q on line %d", w, i+1)
			}
		}
	})
	t.Run("has about 28,000 roots including the common ones", func(t *testing.T) {
		if len(lines) < 25000 {
			t.Errorf("only %d roots", len(lines))
		}
		for _, w := range []string{"tahan", "sahabat", "bangun", "perintah", "didik", "nyanyi", "rawat"} {
			if !isRootID(w) {
				t.Errorf("%q missing", w)
			}
		}
	})
}

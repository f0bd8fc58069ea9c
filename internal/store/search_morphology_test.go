package store_test

import (
	"slices"
	"testing"

	"warta/internal/store"
	"warta/internal/store/storetest"
)

// TestSearchMorphology checks, on each engine, that a reader finds an
// Indonesian article by any form of its words the analyzer reads as one
// root, and does not find it by a word it merely resembles.
func TestSearchMorphology(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) { testSearchMorphology(t, eng.New(t)) })
	}
}

func testSearchMorphology(t *testing.T, st *store.Store) {
	for i, a := range [][2]string{
		{"Jam pelajaran ditambah", "Sekolah menambah jam matematika bagi siswa kelas enam."},
		{"Siswa belajar dari rumah", "Hujan deras membuat sekolah diliburkan."},
		{"Kinerja pemerintah daerah dinilai", "Hasil penilaian diumumkan gubernur."},
		{"Wartawan meliput sidang", "Sidang berlangsung hingga sore."},
		{"Digitalisasi layanan publik", "Antrean di kantor kecamatan berkurang."},
		{"Nasionalisme pemuda diuji", "Upacara bendera digelar di lapangan."},
		{"Petugas menyapu alun-alun", "Sampah plastik menumpuk usai konser."},
		{"Anak-anak berlari-lari di taman", "Taman kota dibuka kembali."},
		{"Warga tolong-menolong", "Banjir surut setelah dua hari."},
		{"Video pedagang itu viral", "Pedagang bakso mendadak terkenal."},
		{"Penyidik memeriksa saksi", "Saksi datang didampingi pengacara."},
		{"Binatang langka ditemukan", "Peneliti memotret seekor trenggiling."},
		{"Organisasi pemuda menggelar kongres", "Kongres dihadiri seribu peserta."},
		{"Gunawan terpilih menjadi ketua", "Rapat berlangsung tertib."},
		{"Mobilisasi massa dilarang", "Polisi berjaga di perbatasan."},
	} {
		post(t, st, "id", a[0], a[1], i)
	}
	tests := []struct {
		q         string
		want, not []string
	}{
		{"belajar", []string{"Jam pelajaran ditambah", "Siswa belajar dari rumah"}, nil},
		{"pembelajaran", []string{"Jam pelajaran ditambah", "Siswa belajar dari rumah"}, nil},
		{"mempelajari", []string{"Jam pelajaran ditambah", "Siswa belajar dari rumah"}, nil},
		{"kerja", []string{"Kinerja pemerintah daerah dinilai"}, nil},
		{"pekerjaan", []string{"Kinerja pemerintah daerah dinilai"}, nil},
		{"kinerjanya", []string{"Kinerja pemerintah daerah dinilai"}, nil},
		{"pewarta", []string{"Wartawan meliput sidang"}, nil},
		{"wartawati", []string{"Wartawan meliput sidang"}, nil},
		{"digital", []string{"Digitalisasi layanan publik"}, nil},
		{"nasionalis", []string{"Nasionalisme pemuda diuji"}, nil},
		{"penyapu", []string{"Petugas menyapu alun-alun"}, nil},
		{"sapu", []string{"Petugas menyapu alun-alun"}, nil},
		{"anak", []string{"Anak-anak berlari-lari di taman"}, nil},
		{"lari", []string{"Anak-anak berlari-lari di taman"}, nil},
		{"pertolongan", []string{"Warga tolong-menolong"}, nil},
		{"memviralkan", []string{"Video pedagang itu viral"}, nil},
		{"penyidikan", []string{"Penyidik memeriksa saksi"}, nil},
		{`"anak berlari"`, []string{"Anak-anak berlari-lari di taman"}, nil},
		// Look-alikes stay apart.
		{"batang", nil, []string{"Binatang langka ditemukan"}},
		{"organ", nil, []string{"Organisasi pemuda menggelar kongres"}},
		{"kegunaan", nil, []string{"Gunawan terpilih menjadi ketua"}},
		{"mobil", nil, []string{"Mobilisasi massa dilarang"}},
		{"binatang", []string{"Binatang langka ditemukan"}, nil},
		{"organisasi", []string{"Organisasi pemuda menggelar kongres"}, nil},
	}
	for _, tt := range tests {
		got, _ := search(t, st, store.SearchQuery{Text: tt.q, Limit: 20})
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("search %s = %q, want it to hold %q", tt.q, got, w)
			}
		}
		for _, w := range tt.not {
			if slices.Contains(got, w) {
				t.Errorf("search %s = %q, want it without %q", tt.q, got, w)
			}
		}
	}
}

package slug

import (
	"strings"
	"testing"
)

func TestMake(t *testing.T) {
	for in, want := range map[string]string{
		"Harga Cabai Mulai Turun di Pasar Lawang Sari": "harga-cabai-mulai-turun-di-pasar-lawang-sari",
		"Bantuan Rp 10.000 untuk Warga, Jum'at Ini":    "bantuan-rp-10000-untuk-warga-jumat-ini",
		"Anak-anak Bermain di Kali":                    "anak-anak-bermain-di-kali",
		"Café déjà vu — Überraschung!":                 "cafe-deja-vu-uberraschung",
		"  ...  ":                                      "",
		"PS Banyuwening ke Semifinal (2-1)":            "ps-banyuwening-ke-semifinal-2-1",
		"“Kami siap,” kata Wali Kota":                  "kami-siap-kata-wali-kota",
	} {
		if got := Make(in); got != want {
			t.Errorf("Make(%q) = %q, want %q", in, got, want)
		}
		if want != "" && !Valid(want) {
			t.Errorf("Valid(%q) = false", want)
		}
	}
	long := Make(strings.Repeat("pembangunan tanggul ", 20))
	if len(long) > MaxLen || strings.HasSuffix(long, "-") || !strings.HasSuffix(long, "tanggul") && !strings.HasSuffix(long, "pembangunan") {
		t.Errorf("long title slug %q (%d bytes) is not cut at a word boundary within %d", long, len(long), MaxLen)
	}
	for _, bad := range []string{"", "-a", "a-", "a--b", "Aa", "a b", "é"} {
		if Valid(bad) {
			t.Errorf("Valid(%q) = true", bad)
		}
	}
}

package locale

// Messages of the limits the server enforces before any front end runs:
// bodies that are too large, clients that ask too often.
func init() {
	add(map[string]map[string]string{
		"id": {
			"limit.too_large.title": "Permintaan terlalu besar",
			"limit.too_large.body":  "Data yang dikirim melebihi batas %s. Kurangi ukurannya lalu coba lagi.",
			"limit.too_many.title":  "Terlalu banyak permintaan",
			"limit.too_many.body":   "Anda mengirim terlalu banyak permintaan dalam waktu singkat. Coba lagi dalam %d detik.",
			"limit.home":            "Kembali ke beranda",
		},
		"en": {
			"limit.too_large.title": "Request too large",
			"limit.too_large.body":  "What you sent is larger than the limit of %s. Make it smaller and try again.",
			"limit.too_many.title":  "Too many requests",
			"limit.too_many.body":   "You sent too many requests in a short time. Try again in %d seconds.",
			"limit.home":            "Back to the front page",
		},
	})
}

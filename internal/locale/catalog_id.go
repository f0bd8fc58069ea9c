package locale

// messagesID is the Indonesian catalog, the default language of a new site.
var messagesID = map[string]string{
	// layout
	"site.skip":      "Langsung ke konten",
	"site.home":      "Beranda",
	"nav.label":      "Navigasi utama",
	"footer.powered": "Ditenagai warta",
	"list.and":       "dan",

	// lists: front page and archives
	"list.read_more":      "Baca selengkapnya",
	"list.empty":          "Belum ada artikel di sini.",
	"list.sticky":         "Pilihan redaksi",
	"archive.category":    "Rubrik: %s",
	"archive.tag":         "Tag: %s",
	"archive.author":      "Tulisan %s",
	"archive.page_of":     "Halaman %d dari %d",
	"archive.count.zero":  "Belum ada artikel",
	"archive.count.one":   "1 artikel",
	"archive.count.other": "%d artikel",

	// pagination
	"pagination.label":   "Navigasi halaman",
	"pagination.prev":    "Sebelumnya",
	"pagination.next":    "Berikutnya",
	"pagination.page":    "Halaman %d",
	"pagination.current": "Halaman %d, halaman ini",
	"pagination.gap":     "…",

	// byline and dates
	"byline.by":           "Oleh",
	"byline.editor":       "Penyunting:",
	"byline.photographer": "Foto:",
	"article.published":   "Diterbitkan",
	"article.updated":     "Diperbarui",
	"article.categories":  "Rubrik",
	"article.tags":        "Tag",
	"article.source":      "Sumber:",
	"article.related":     "Artikel terkait",
	"article.protected":   "Artikel ini dilindungi kata sandi.",

	// video card
	"video.play":       "Putar video",
	"video.poster_alt": "Cuplikan video: %s",

	// comments
	"comments.count.zero":  "Belum ada komentar",
	"comments.count.one":   "1 komentar",
	"comments.count.other": "%d komentar",
	"comments.reply":       "Balas",
	"comments.reply_to":    "Balas komentar %s",
	"comments.closed":      "Komentar ditutup.",
	"comments.awaiting":    "Komentar Anda menunggu moderasi.",

	// comment form
	"form.heading":       "Tinggalkan Balasan",
	"form.reply_heading": "Balas ke %s",
	"form.cancel_reply":  "Batalkan balasan",
	"form.notice":        "Alamat email Anda tidak akan dipublikasikan. Ruas yang wajib ditandai *",
	"form.name":          "Nama",
	"form.email":         "Email",
	"form.url":           "Situs web",
	"form.comment":       "Komentar",
	"form.remember":      "Simpan nama, email, dan situs web saya pada peramban ini untuk komentar berikutnya.",
	"form.submit":        "Kirim Komentar",
	"form.errors":        "Komentar belum terkirim. Periksa isian berikut:",

	// comment form errors (the values of model.ValidationError.Fields)
	"comment.error.required":  "Ruas ini wajib diisi.",
	"comment.error.email":     "Alamat email tidak valid.",
	"comment.error.url":       "Alamat situs web tidak valid.",
	"comment.error.too_long":  "Isian ini terlalu panjang.",
	"comment.error.closed":    "Komentar untuk artikel ini sudah ditutup.",
	"comment.error.duplicate": "Komentar yang sama sudah pernah dikirim.",
	"comment.error.too_fast":  "Anda mengirim komentar terlalu cepat. Tunggu sebentar lalu coba lagi.",
	"comment.error.parent":    "Komentar yang Anda balas tidak ditemukan.",

	// error pages
	"notfound.title":   "Halaman tidak ditemukan",
	"notfound.text":    "Maaf, halaman yang Anda cari tidak ada atau sudah dipindahkan.",
	"notfound.home":    "Kembali ke beranda",
	"error.title":      "Terjadi kesalahan",
	"error.text":       "Maaf, ada masalah di pihak kami. Silakan coba lagi beberapa saat lagi.",
	"forbidden.title":  "Akses ditolak",
	"forbidden.text":   "Anda tidak memiliki izin untuk membuka halaman ini.",
	"badrequest.title": "Permintaan tidak dapat diproses",
	"badrequest.text":  "Permintaan Anda tidak dapat kami proses.",
}

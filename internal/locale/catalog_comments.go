package locale

// Messages of reader comments: the form's extra fields, the problems the
// moderation rules name, and the notification emails.
func init() {
	add(map[string]map[string]string{
		"id": {
			"form.notify":           "Beri tahu saya lewat email bila ada yang membalas komentar saya.",
			"form.trap":             "Jangan isi ruas ini",
			"comment.error.rate":    "Terlalu banyak komentar dari Anda dalam satu jam terakhir. Coba lagi nanti.",
			"comment.error.article": "Artikel yang Anda komentari tidak ditemukan atau tidak lagi diterbitkan.",
			"comment.article.title": "Komentar tidak dapat dikirim",
			"comments.anonymous":    "Anonim",

			"mail.pending.subject": "[%s] Komentar menunggu moderasi: %s",
			"mail.pending.body":    "Komentar baru pada artikel \"%s\" menunggu moderasi.\n\nNama: %s\nEmail: %s\nSitus web: %s\nAlamat IP: %s\n\n%s\n\nArtikel: %s",
			"mail.pending.cli":     "Setujui: warta comments approve %d",
			"mail.reply.subject":   "%s membalas komentar Anda pada \"%s\"",
			"mail.reply.body":      "Halo %s,\n\n%s membalas komentar Anda pada artikel \"%s\":\n\n%s\n\nBaca balasannya: %s\n\nAnda menerima email ini karena meminta pemberitahuan balasan saat berkomentar.",
		},
		"en": {
			"form.notify":           "Email me when someone replies to my comment.",
			"form.trap":             "Leave this field empty",
			"comment.error.rate":    "Too many comments from you in the last hour. Please try again later.",
			"comment.error.article": "The article you commented on was not found or is no longer published.",
			"comment.article.title": "The comment could not be sent",
			"comments.anonymous":    "Anonymous",

			"mail.pending.subject": "[%s] Comment awaiting moderation: %s",
			"mail.pending.body":    "A new comment on \"%s\" is awaiting moderation.\n\nName: %s\nEmail: %s\nWebsite: %s\nIP address: %s\n\n%s\n\nArticle: %s",
			"mail.pending.cli":     "Approve: warta comments approve %d",
			"mail.reply.subject":   "%s replied to your comment on \"%s\"",
			"mail.reply.body":      "Hello %s,\n\n%s replied to your comment on \"%s\":\n\n%s\n\nRead the reply: %s\n\nYou receive this email because you asked to be told of replies when you commented.",
		},
	})
}

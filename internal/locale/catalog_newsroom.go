package locale

// Messages of the newsroom (internal/admin, internal/auth, internal/publishing).
func init() {
	add(map[string]map[string]string{
		"id": {
			"auth.err.login":          "Nama login 2–60 karakter: huruf, angka, titik, garis bawah atau tanda hubung.",
			"auth.err.login_taken":    "Nama login ini sudah dipakai.",
			"auth.err.email":          "Tulis alamat email yang benar, misalnya nama@contoh.id.",
			"auth.err.role":           "Pilih peran: administrator, editor, penulis atau kontributor.",
			"auth.err.name_long":      "Nama tampilan paling panjang 100 karakter.",
			"auth.err.password_short": "Kata sandi minimal 10 karakter.",
			"auth.err.password_long":  "Kata sandi terlalu panjang.",
		},
		"en": {
			"auth.err.login":          "A login is 2–60 characters: letters, digits, dots, underscores or hyphens.",
			"auth.err.login_taken":    "This login is already taken.",
			"auth.err.email":          "Enter a valid email address, such as name@example.com.",
			"auth.err.role":           "Choose a role: administrator, editor, author or contributor.",
			"auth.err.name_long":      "A display name is at most 100 characters.",
			"auth.err.password_short": "A password has at least 10 characters.",
			"auth.err.password_long":  "The password is too long.",
		},
	})
}

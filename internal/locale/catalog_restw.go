package locale

// Messages of the REST API's writes: application passwords in the profile,
// the setting for anonymous REST comments, and what a REST write can get
// wrong.
func init() {
	add(map[string]map[string]string{
		"id": {
			"apppw.title":                   "Kata sandi aplikasi",
			"apppw.intro":                   "Aplikasi dan skrip yang memakai REST API WordPress (/wp-json/) masuk dengan login Anda dan salah satu kata sandi ini melalui HTTP Basic, bukan dengan kata sandi akun Anda. Cabut kata sandi yang tidak dipakai lagi.",
			"apppw.new":                     "Kata sandi aplikasi baru untuk %s:",
			"apppw.once":                    "Salin sekarang: kata sandi ini tidak akan ditampilkan lagi. Spasi boleh diketik atau dihilangkan.",
			"apppw.name":                    "Nama aplikasi",
			"apppw.name_hint":               "Misalnya nama aplikasi atau perangkat yang akan memakainya.",
			"apppw.created":                 "Dibuat",
			"apppw.last_used":               "Terakhir dipakai",
			"apppw.last_ip":                 "Alamat IP terakhir",
			"apppw.never":                   "Belum pernah",
			"apppw.none":                    "Belum ada kata sandi aplikasi.",
			"apppw.add":                     "Buat kata sandi aplikasi",
			"apppw.revoke":                  "Cabut",
			"apppw.notice.revoked":          "Kata sandi aplikasi dicabut.",
			"apppw.err.name":                "Beri nama kata sandi aplikasi ini (paling panjang 100 karakter).",
			"apppw.settings.anonymous":      "Izinkan komentar tanpa masuk lewat REST API",
			"apppw.settings.anonymous_hint": "Seperti filter rest_allow_anonymous_comments WordPress. Komentar ini tetap melewati aturan moderasi yang sama dengan formulir komentar.",
			"publish.err.tag":               "Label yang dipilih tidak ada.",
		},
		"en": {
			"apppw.title":                   "Application passwords",
			"apppw.intro":                   "Apps and scripts that use the WordPress REST API (/wp-json/) sign in with your login and one of these passwords over HTTP Basic, never with your account's password. Revoke the ones no longer in use.",
			"apppw.new":                     "New application password for %s:",
			"apppw.once":                    "Copy it now: it will not be shown again. The spaces may be typed or left out.",
			"apppw.name":                    "Application name",
			"apppw.name_hint":               "For example the app or device that will use it.",
			"apppw.created":                 "Created",
			"apppw.last_used":               "Last used",
			"apppw.last_ip":                 "Last IP address",
			"apppw.never":                   "Never",
			"apppw.none":                    "No application passwords yet.",
			"apppw.add":                     "Create application password",
			"apppw.revoke":                  "Revoke",
			"apppw.notice.revoked":          "Application password revoked.",
			"apppw.err.name":                "Give this application password a name (100 characters at most).",
			"apppw.settings.anonymous":      "Allow comments without signing in through the REST API",
			"apppw.settings.anonymous_hint": "Like WordPress's rest_allow_anonymous_comments filter. These comments go through the same moderation rules as the comment form.",
			"publish.err.tag":               "A chosen tag does not exist.",
		},
	})
}

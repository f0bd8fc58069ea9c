package locale

// Messages of the newsroom added after its first catalog: the sign-in
// lockout shared by every instance, and what the newsroom's later checks
// need.
func init() {
	add(map[string]map[string]string{
		"id": {
			"admin.login.locked":       "Terlalu banyak percobaan masuk yang gagal. Demi keamanan, masuk ke akun ini atau dari alamat ini dihentikan sementara.",
			"admin.login.wait":         "Coba lagi dalam %s, pukul %s.",
			"admin.wait.clock":         "15.04",
			"admin.wait.minutes.one":   "%d menit",
			"admin.wait.minutes.other": "%d menit",
			"admin.wait.hours.one":     "%d jam",
			"admin.wait.hours.other":   "%d jam",
		},
		"en": {
			"admin.login.locked":       "Too many failed sign-in attempts. For safety, signing in to this account or from this address is paused.",
			"admin.login.wait":         "Try again in %s, at %s.",
			"admin.wait.clock":         "15:04",
			"admin.wait.minutes.one":   "%d minute",
			"admin.wait.minutes.other": "%d minutes",
			"admin.wait.hours.one":     "%d hour",
			"admin.wait.hours.other":   "%d hours",
		},
	})
}

package locale

// Messages of the audit log for changes made with the warta command, and
// for application passwords (auth records those as the user's own).
func init() {
	add(map[string]map[string]string{
		"id": {
			"admin.audit.via_cli":                         "Perintah warta di server",
			"admin.audit.action.user.app_password.create": "Membuat kata sandi aplikasi",
			"admin.audit.action.user.app_password.revoke": "Mencabut kata sandi aplikasi",
		},
		"en": {
			"admin.audit.via_cli":                         "The warta command on the server",
			"admin.audit.action.user.app_password.create": "Created an application password",
			"admin.audit.action.user.app_password.revoke": "Revoked an application password",
		},
	})
}

package demo

import (
	"time"

	"warta/internal/model"
)

// The demo newsroom, its sections and its readers. Everything here is
// invented: the city of Banyuwening, its people and its institutions.

const (
	siteTitle   = "Kabar Banyuwening"
	siteTagline = "Situs contoh warta: kabar kota pesisir yang jernih dan dekat"
)

var demoUsers = []model.User{
	{
		Login:       "rina",
		Email:       "rina@example.com",
		DisplayName: "Rina Kusumawardani",
		Slug:        "rina-kusumawardani",
		Bio:         "Redaktur pelaksana Kabar Banyuwening. Meliput urusan kota, transportasi dan tata ruang sejak 2012.",
		Role:        model.RoleEditor,
	},
	{
		Login:       "arif",
		Email:       "arif@example.com",
		DisplayName: "Arif Wicaksana",
		Slug:        "arif-wicaksana",
		Bio:         "Reporter dan fotografer. Menulis tentang lingkungan pesisir, olahraga dan teknologi kota.",
		Role:        model.RoleAuthor,
	},
}

// demoTerm is a term with its parent named by slug.
type demoTerm struct {
	term   model.Term
	parent string
}

// demoCategories are listed parents first.
var demoCategories = []demoTerm{
	{term: model.Term{Slug: "kota", Name: "Kota", Description: "Layanan publik, pendidikan, ekonomi warga dan kebijakan Pemerintah Kota Banyuwening."}},
	{term: model.Term{Slug: "transportasi", Name: "Transportasi", Description: "Bus kota, jalur sepeda, jalan dan cara warga bepergian."}, parent: "kota"},
	{term: model.Term{Slug: "lingkungan", Name: "Lingkungan", Description: "Sungai, pesisir, banjir, sampah dan ruang hijau."}},
	{term: model.Term{Slug: "budaya-olahraga", Name: "Budaya & Olahraga", Description: "Festival, pasar malam, seni dan sepak bola."}},
}

var demoTags = []model.Term{
	{Slug: "banjir", Name: "banjir"},
	{Slug: "angkutan-umum", Name: "angkutan umum"},
	{Slug: "pasar", Name: "pasar"},
	{Slug: "pendidikan", Name: "pendidikan"},
	{Slug: "sepak-bola", Name: "sepak bola"},
	{Slug: "festival", Name: "festival"},
	{Slug: "teknologi", Name: "teknologi"},
	{Slug: "mangrove", Name: "mangrove"},
	{Slug: "pesisir", Name: "pesisir"},
	{Slug: "sepeda", Name: "sepeda"},
}

// demoComment is a reader comment on a demo article. Replies name their
// parent by key; a comment written by a newsroom member names the user.
type demoComment struct {
	key, parent string
	article     string // slug
	name        string
	email       string
	url         string
	user        string // user slug, for newsroom replies
	after       time.Duration
	status      model.CommentStatus
	text        string
}

var demoComments = []demoComment{
	{key: "wahyu", article: "tanggul-kali-wening-tahap-dua", name: "Wahyu Hidayat", email: "wahyu.hidayat@example.com",
		after: 3*time.Hour + 12*time.Minute, status: model.CommentApproved,
		text: "Semoga kali ini jalur pejalan kaki benar-benar dibangun. Di tahap satu, tangga ke sungai baru dipasang setelah warga protes berbulan-bulan."},
	{key: "rina-reply", parent: "wahyu", article: "tanggul-kali-wening-tahap-dua", user: "rina-kusumawardani",
		after: 4*time.Hour + 40*time.Minute, status: model.CommentApproved,
		text: "Terima kasih, Pak Wahyu. Kami sudah menanyakan hal ini ke Dinas Pekerjaan Umum: menurut mereka, tangga dibangun bersamaan dengan setiap segmen. Kami akan memantaunya dan menulis lanjutannya."},
	{key: "wahyu-again", parent: "rina-reply", article: "tanggul-kali-wening-tahap-dua", name: "Wahyu Hidayat", email: "wahyu.hidayat@example.com",
		after: 6*time.Hour + 5*time.Minute, status: model.CommentApproved,
		text: "Siap, ditunggu liputan lanjutannya.\nKalau perlu foto kondisi tepi sungai sekarang, saya bisa kirim ke redaksi."},
	{key: "sari", article: "tanggul-kali-wening-tahap-dua", name: "Sari Anggraini", email: "sari.anggraini@example.net",
		url: "https://sari-menulis.example.net/", after: 26*time.Hour + 30*time.Minute, status: model.CommentApproved,
		text: "Rumah orang tua saya di Karangrejo, dan memang sejak tanggul tahap satu selesai genangannya jauh berkurang. Semoga warga Sidowayah merasakan hal yang sama.\n\nSatu pertanyaan: apakah data sensor ketinggian air sudah bisa dilihat sekarang?"},
	{key: "fajar", parent: "sari", article: "tanggul-kali-wening-tahap-dua", name: "Fajar N.", email: "fajar.n@example.com",
		after: 27*time.Hour + 55*time.Minute, status: model.CommentApproved,
		text: "Sensor di pintu air muara belum ada, tapi sensor di Jembatan Sidowayah sudah tampil di portal data terbuka kota. Datanya diperbarui <em>setiap sepuluh menit</em>."},
	{key: "bagus", article: "ps-banyuwening-ke-semifinal", name: "Bagus Prakoso", email: "bagus.prakoso@example.com",
		after: 38 * time.Minute, status: model.CommentApproved,
		text: "Penyelamatan Galih di penalti terakhir luar biasa! Sudah lama Gelora Wening tidak seramai ini."},
	{key: "dewi", parent: "bagus", article: "ps-banyuwening-ke-semifinal", name: "Dewi Lestyani", email: "dewi.lestyani@example.net",
		after: 1*time.Hour + 50*time.Minute, status: model.CommentApproved,
		text: "Setuju. Tapi antrean keluar parkiran tadi malam perlu dibenahi, hampir satu jam baru bisa keluar."},
	{key: "hartono", article: "pasar-lawang-sari-dibuka-kembali", name: "Hartono", email: "hartono@example.com",
		after: 7*time.Hour + 20*time.Minute, status: model.CommentApproved,
		text: "Lorongnya sekarang lega sekali. Ibu saya yang memakai kursi roda akhirnya bisa ikut belanja lagi."},
	{key: "kevin", article: "wening-river-flood-wall-second-stage", name: "Kevin Halim", email: "kevin.halim@example.net",
		after: 4*time.Hour + 15*time.Minute, status: model.CommentApproved,
		text: "Good to see this story in English too. Will the footpaths along the wall be lit at night?"},
	// Awaiting moderation: must never appear on the site.
	{key: "yanti", article: "koridor-5-trans-wening-beroperasi", name: "Yanti", email: "yanti@example.com",
		after: 2*time.Hour + 45*time.Minute, status: model.CommentPending,
		text: "Apakah koridor ini juga berhenti di depan RSUD? Saya belum menemukan daftar haltenya."},
}

package gen

// The generator's vocabulary, written for warta. Each topic is a category
// with its own words in both languages, so a search for "banjir" or
// "harvest" finds the articles of one desk and not the others.

// topic is one news desk: a category and the words its stories use.
type topic struct {
	slug, nameID, nameEN string
	parent               string // a parent category's slug, "" at the top
	id, en               words
	tags                 []string // tag slugs this desk tends to use
}

// words are the interchangeable parts of a story in one language.
type words struct {
	subjects []string // who acts: "Pemerintah daerah", "The city council"
	verbs    []string // what they do, followed by an object
	objects  []string // what they act upon
	details  []string // a clause adding context, ending a sentence
}

var topics = []topic{
	{
		slug: "nasional", nameID: "Nasional", nameEN: "National",
		id: words{
			subjects: []string{"Pemerintah daerah", "Kementerian Dalam Negeri", "Dewan perwakilan rakyat", "Gubernur", "Wali kota", "Komisi pemilihan umum", "Badan pengawas", "Kepala desa"},
			verbs:    []string{"mengumumkan", "menunda", "meninjau ulang", "mengesahkan", "membahas", "menolak", "mempercepat", "mengevaluasi"},
			objects:  []string{"anggaran pembangunan jalan", "rancangan peraturan daerah", "jadwal pemilihan kepala desa", "program bantuan sosial", "penataan pasar tradisional", "pemekaran wilayah", "rekrutmen aparatur sipil", "tarif angkutan umum"},
			details:  []string{"setelah rapat panjang dengan warga", "menjelang akhir tahun anggaran", "di tengah protes mahasiswa", "meski anggaran masih terbatas", "sesuai janji kampanye tahun lalu", "dengan melibatkan tokoh masyarakat"},
		},
		en: words{
			subjects: []string{"The provincial government", "The home affairs ministry", "Lawmakers", "The governor", "The mayor", "The election commission", "The oversight agency", "Village heads"},
			verbs:    []string{"announced", "postponed", "reviewed", "passed", "debated", "rejected", "fast-tracked", "assessed"},
			objects:  []string{"the road-building budget", "a draft regional regulation", "the village election timetable", "the social assistance programme", "the renovation of traditional markets", "the redrawing of district borders", "civil service recruitment", "public transport fares"},
			details:  []string{"after a long meeting with residents", "as the budget year draws to a close", "amid student protests", "although funds remain tight", "as promised during last year's campaign", "with community leaders at the table"},
		},
		tags: []string{"pemilu", "anggaran", "desa", "transportasi", "pendidikan"},
	},
	{
		slug: "ekonomi", nameID: "Ekonomi", nameEN: "Economy",
		id: words{
			subjects: []string{"Bank sentral", "Para pedagang", "Asosiasi pengusaha", "Petani kopi", "Perusahaan rintisan", "Nelayan", "Koperasi simpan pinjam", "Badan pusat statistik"},
			verbs:    []string{"menaikkan", "memperkirakan", "mengeluhkan", "mencatat", "menurunkan", "memperluas", "menahan", "menggenjot"},
			objects:  []string{"harga beras", "suku bunga acuan", "ekspor kopi robusta", "penjualan batik daring", "harga cabai rawit", "pembiayaan usaha kecil", "pasokan minyak goreng", "nilai tukar rupiah"},
			details:  []string{"pada kuartal ketiga", "karena musim kemarau yang panjang", "seiring naiknya permintaan dari luar negeri", "menurut data terbaru", "setelah panen raya di Jawa Tengah", "meski inflasi mulai melandai"},
		},
		en: words{
			subjects: []string{"The central bank", "Market traders", "The employers' association", "Coffee farmers", "Start-ups", "Fishermen", "Savings cooperatives", "The statistics bureau"},
			verbs:    []string{"raised", "forecast", "complained about", "recorded", "cut", "expanded", "held back", "boosted"},
			objects:  []string{"the price of rice", "the benchmark interest rate", "robusta coffee exports", "online batik sales", "the price of bird's-eye chillies", "small business lending", "cooking oil supplies", "the rupiah's exchange rate"},
			details:  []string{"in the third quarter", "because of a long dry season", "as demand from abroad picks up", "according to the latest figures", "after the main harvest in Central Java", "even as inflation eases"},
		},
		tags: []string{"inflasi", "ekspor", "umkm", "pertanian", "perbankan"},
	},
	{
		slug: "pasar", nameID: "Pasar", nameEN: "Markets", parent: "ekonomi",
		id: words{
			subjects: []string{"Investor asing", "Bursa efek", "Saham perbankan", "Analis pasar modal", "Emiten tambang"},
			verbs:    []string{"memborong", "melepas", "mendorong", "menekan", "mencermati"},
			objects:  []string{"indeks harga saham gabungan", "obligasi pemerintah", "saham batu bara", "reksa dana pasar uang", "harga emas batangan"},
			details:  []string{"pada penutupan perdagangan sore ini", "sepanjang pekan lalu", "menjelang rilis data tenaga kerja", "setelah laporan laba dirilis"},
		},
		en: words{
			subjects: []string{"Foreign investors", "The stock exchange", "Bank shares", "Market analysts", "Mining companies"},
			verbs:    []string{"snapped up", "sold off", "lifted", "weighed on", "watched"},
			objects:  []string{"the composite share index", "government bonds", "coal stocks", "money-market funds", "the price of gold bars"},
			details:  []string{"at the close of trading this afternoon", "over the past week", "ahead of the jobs data", "after earnings were published"},
		},
		tags: []string{"saham", "investasi", "perbankan"},
	},
	{
		slug: "olahraga", nameID: "Olahraga", nameEN: "Sport",
		id: words{
			subjects: []string{"Tim nasional", "Pebulu tangkis muda", "Pelatih kepala", "Klub sepak bola Persib", "Atlet panjat tebing", "Para pelari maraton", "Induk organisasi", "Kiper cadangan"},
			verbs:    []string{"memenangkan", "menyiapkan", "kehilangan", "mempertahankan", "mengincar", "menjuarai", "menunda", "merayakan"},
			objects:  []string{"gelar juara turnamen", "laga persahabatan", "medali emas", "tiket ke babak final", "rekor nasional", "pemusatan latihan", "kontrak sponsor baru", "dukungan suporter"},
			details:  []string{"di hadapan ribuan penonton", "dengan skor tipis", "setelah adu penalti yang menegangkan", "meski bermain dengan sepuluh orang", "di stadion yang baru direnovasi", "dalam cuaca yang sangat panas"},
		},
		en: words{
			subjects: []string{"The national team", "A young badminton player", "The head coach", "Persib football club", "Sport climbers", "Marathon runners", "The governing body", "The reserve goalkeeper"},
			verbs:    []string{"won", "prepared", "lost", "defended", "targeted", "clinched", "postponed", "celebrated"},
			objects:  []string{"the tournament title", "a friendly match", "a gold medal", "a place in the final", "the national record", "the training camp", "a new sponsorship deal", "the fans' support"},
			details:  []string{"in front of thousands of spectators", "by a narrow margin", "after a tense penalty shoot-out", "despite playing with ten men", "in the newly renovated stadium", "in sweltering heat"},
		},
		tags: []string{"sepak-bola", "bulu-tangkis", "atletik", "sea-games"},
	},
	{
		slug: "teknologi", nameID: "Teknologi", nameEN: "Technology",
		id: words{
			subjects: []string{"Pengembang aplikasi", "Operator seluler", "Peneliti universitas", "Perusahaan teknologi finansial", "Komunitas perangkat lunak terbuka", "Badan siber", "Pembuat ponsel", "Sekolah vokasi"},
			verbs:    []string{"meluncurkan", "menguji", "memperbaiki", "mengamankan", "memperkenalkan", "membuka", "mengembangkan", "menghentikan"},
			objects:  []string{"jaringan internet pedesaan", "aplikasi pembayaran digital", "kecerdasan buatan berbahasa daerah", "satelit komunikasi", "pusat data hemat energi", "celah keamanan sistem", "layanan pesan antar makanan", "kurikulum pemrograman"},
			details:  []string{"untuk menjangkau pulau-pulau terluar", "setelah uji coba selama enam bulan", "di tengah maraknya penipuan daring", "dengan dana hibah pemerintah", "bersama mitra dari Asia Tenggara", "tanpa menaikkan tarif pelanggan"},
		},
		en: words{
			subjects: []string{"App developers", "Mobile operators", "University researchers", "Fintech companies", "The open-source community", "The cyber agency", "Phone makers", "Vocational schools"},
			verbs:    []string{"launched", "tested", "fixed", "secured", "introduced", "opened", "developed", "shut down"},
			objects:  []string{"rural internet coverage", "a digital payment app", "artificial intelligence for regional languages", "a communications satellite", "an energy-saving data centre", "a security hole in the system", "a food delivery service", "a programming curriculum"},
			details:  []string{"to reach the outermost islands", "after a six-month trial", "amid a wave of online fraud", "with a government grant", "with partners across Southeast Asia", "without raising subscriber prices"},
		},
		tags: []string{"internet", "startup", "keamanan-siber", "kecerdasan-buatan", "pendidikan"},
	},
	{
		slug: "budaya", nameID: "Budaya", nameEN: "Culture",
		id: words{
			subjects: []string{"Sanggar tari", "Penulis muda", "Museum nasional", "Dalang wayang kulit", "Komunitas film", "Perajin tenun", "Pemusik keroncong", "Penerbit buku"},
			verbs:    []string{"memamerkan", "menerbitkan", "menghidupkan kembali", "mementaskan", "merayakan", "mendokumentasikan", "merestorasi", "mengajarkan"},
			objects:  []string{"naskah kuno", "festival layang-layang", "kain songket", "lakon Ramayana", "film dokumenter", "resep masakan Minang", "lagu daerah", "arsip foto kolonial"},
			details:  []string{"di alun-alun kota", "bersama anak-anak sekolah", "untuk pertama kalinya sejak pandemi", "dengan penonton dari berbagai negara", "selama tiga malam berturut-turut", "berkat dukungan warga sekitar"},
		},
		en: words{
			subjects: []string{"A dance studio", "A young novelist", "The national museum", "A shadow puppet master", "A film collective", "Ikat weavers", "Keroncong musicians", "A book publisher"},
			verbs:    []string{"exhibited", "published", "revived", "staged", "celebrated", "documented", "restored", "taught"},
			objects:  []string{"ancient manuscripts", "the kite festival", "songket cloth", "the Ramayana epic", "a documentary film", "Minang recipes", "regional folk songs", "a colonial photo archive"},
			details:  []string{"on the town square", "with schoolchildren", "for the first time since the pandemic", "to audiences from many countries", "over three nights in a row", "thanks to local residents"},
		},
		tags: []string{"festival", "film", "sastra", "kuliner", "wisata"},
	},
	{
		slug: "lingkungan", nameID: "Lingkungan", nameEN: "Environment",
		id: words{
			subjects: []string{"Relawan lingkungan", "Badan meteorologi", "Warga bantaran sungai", "Aktivis mangrove", "Dinas kehutanan", "Peneliti terumbu karang", "Pemadam kebakaran hutan", "Bank sampah"},
			verbs:    []string{"memperingatkan", "menanam", "membersihkan", "memantau", "memetakan", "menyelamatkan", "mendata", "mengolah"},
			objects:  []string{"potensi banjir rob", "bibit bakau", "sampah plastik di pantai", "titik panas kebakaran lahan", "populasi orangutan", "kualitas udara ibu kota", "terumbu karang yang memutih", "air sungai yang tercemar"},
			details:  []string{"menjelang puncak musim hujan", "di pesisir utara Jawa", "setelah gelombang panas pekan lalu", "dengan bantuan citra satelit", "bersama nelayan setempat", "meski lahan terus menyusut"},
		},
		en: words{
			subjects: []string{"Environmental volunteers", "The weather agency", "Riverside residents", "Mangrove activists", "The forestry office", "Coral reef researchers", "Forest firefighters", "A waste bank"},
			verbs:    []string{"warned of", "planted", "cleaned up", "monitored", "mapped", "rescued", "counted", "recycled"},
			objects:  []string{"tidal flooding", "mangrove seedlings", "plastic waste on the beach", "land-fire hotspots", "the orangutan population", "the capital's air quality", "bleaching coral reefs", "polluted river water"},
			details:  []string{"ahead of the peak of the rainy season", "on Java's north coast", "after last week's heatwave", "with the help of satellite images", "together with local fishermen", "even as habitat keeps shrinking"},
		},
		tags: []string{"banjir", "iklim", "hutan", "laut", "sampah"},
	},
	{
		slug: "kesehatan", nameID: "Kesehatan", nameEN: "Health",
		id: words{
			subjects: []string{"Dinas kesehatan", "Puskesmas", "Dokter anak", "Rumah sakit daerah", "Kader posyandu", "Ahli gizi", "Peneliti vaksin", "Perawat"},
			verbs:    []string{"mengimbau", "memperluas", "memeriksa", "menangani", "mencegah", "mengkampanyekan", "mengumpulkan", "menambah"},
			objects:  []string{"imunisasi campak", "kasus demam berdarah", "layanan kesehatan jiwa", "angka tengkes pada balita", "stok obat generik", "ruang perawatan intensif", "pemeriksaan gigi gratis", "data gizi anak sekolah"},
			details:  []string{"di desa-desa terpencil", "setelah lonjakan kasus bulan lalu", "dengan anggaran tambahan dari pusat", "selama libur sekolah", "bersama organisasi kemanusiaan", "tanpa dipungut biaya"},
		},
		en: words{
			subjects: []string{"The health office", "Community clinics", "Paediatricians", "The regional hospital", "Health volunteers", "Nutritionists", "Vaccine researchers", "Nurses"},
			verbs:    []string{"urged", "expanded", "screened", "treated", "prevented", "campaigned for", "collected", "added"},
			objects:  []string{"measles immunisation", "dengue fever cases", "mental health services", "stunting among toddlers", "generic medicine stocks", "intensive care beds", "free dental check-ups", "schoolchildren's nutrition data"},
			details:  []string{"in remote villages", "after a spike in cases last month", "with extra money from Jakarta", "during the school holidays", "with humanitarian groups", "free of charge"},
		},
		tags: []string{"vaksin", "gizi", "rumah-sakit", "pendidikan"},
	},
	{
		slug: "internasional", nameID: "Internasional", nameEN: "World",
		id: words{
			subjects: []string{"Para menteri luar negeri ASEAN", "Perserikatan Bangsa-Bangsa", "Delegasi Indonesia", "Pemerintah Jepang", "Organisasi perdagangan dunia", "Duta besar", "Kepala negara", "Lembaga bantuan internasional"},
			verbs:    []string{"menyepakati", "mengecam", "menandatangani", "merundingkan", "mengirimkan", "menyoroti", "memperpanjang", "menyambut"},
			objects:  []string{"perjanjian perdagangan bebas", "bantuan kemanusiaan", "kerja sama maritim", "kesepakatan iklim", "pemulangan pekerja migran", "latihan militer bersama", "pembukaan jalur penerbangan baru", "beasiswa pertukaran pelajar"},
			details:  []string{"dalam pertemuan puncak di Kuala Lumpur", "setelah perundingan berbulan-bulan", "di sela sidang umum", "di tengah ketegangan kawasan", "menurut pernyataan bersama", "dalam kunjungan kenegaraan"},
		},
		en: words{
			subjects: []string{"ASEAN foreign ministers", "The United Nations", "The Indonesian delegation", "The Japanese government", "The World Trade Organization", "Ambassadors", "Heads of state", "International aid agencies"},
			verbs:    []string{"agreed on", "condemned", "signed", "negotiated", "sent", "highlighted", "extended", "welcomed"},
			objects:  []string{"a free trade agreement", "humanitarian aid", "maritime cooperation", "a climate deal", "the return of migrant workers", "joint military exercises", "new flight routes", "student exchange scholarships"},
			details:  []string{"at a summit in Kuala Lumpur", "after months of talks", "on the sidelines of the general assembly", "amid regional tensions", "according to a joint statement", "during a state visit"},
		},
		tags: []string{"asean", "diplomasi", "ekspor", "iklim"},
	},
}

// tagNames gives each tag slug its display name.
var tagNames = map[string]string{
	"pemilu": "Pemilu", "anggaran": "Anggaran", "desa": "Desa", "transportasi": "Transportasi",
	"pendidikan": "Pendidikan", "inflasi": "Inflasi", "ekspor": "Ekspor", "umkm": "UMKM",
	"pertanian": "Pertanian", "perbankan": "Perbankan", "saham": "Saham", "investasi": "Investasi",
	"sepak-bola": "Sepak Bola", "bulu-tangkis": "Bulu Tangkis", "atletik": "Atletik", "sea-games": "SEA Games",
	"internet": "Internet", "startup": "Startup", "keamanan-siber": "Keamanan Siber",
	"kecerdasan-buatan": "Kecerdasan Buatan", "festival": "Festival", "film": "Film", "sastra": "Sastra",
	"kuliner": "Kuliner", "wisata": "Wisata", "banjir": "Banjir", "iklim": "Iklim", "hutan": "Hutan",
	"laut": "Laut", "sampah": "Sampah", "vaksin": "Vaksin", "gizi": "Gizi", "rumah-sakit": "Rumah Sakit",
	"asean": "ASEAN", "diplomasi": "Diplomasi",
}

// places are where stories happen, the same words in both languages.
var places = []string{
	"Jakarta", "Surabaya", "Bandung", "Medan", "Makassar", "Yogyakarta", "Semarang", "Palembang",
	"Denpasar", "Pontianak", "Manado", "Ambon", "Jayapura", "Kupang", "Mataram", "Padang", "Banda Aceh",
	"Balikpapan", "Samarinda", "Ternate", "Bengkulu", "Jambi", "Kendari", "Palu", "Sorong", "Labuan Bajo",
}

// Given and family names for sources, authors and commenters.
var (
	givenNames  = []string{"Ayu", "Budi", "Citra", "Dewi", "Eko", "Fajar", "Gita", "Hendra", "Indah", "Joko", "Kartika", "Lestari", "Made", "Nur", "Oki", "Putri", "Rizky", "Sari", "Teguh", "Utami", "Wahyu", "Yohana", "Zainal", "Agus", "Bayu", "Dimas", "Fitri", "Galih", "Intan", "Ketut"}
	familyNames = []string{"Santoso", "Wijaya", "Hasibuan", "Siregar", "Nugroho", "Pratama", "Lubis", "Saragih", "Wibowo", "Rahman", "Halim", "Tanjung", "Simanjuntak", "Setiawan", "Kusuma", "Harahap", "Purba", "Manurung", "Sembiring", "Suryadi"}
	roles       = map[string][]string{
		"id": {"warga setempat", "pengamat kebijakan publik", "ketua asosiasi", "juru bicara", "peneliti senior", "pedagang di pasar", "mahasiswa", "guru sekolah dasar"},
		"en": {"a local resident", "a policy analyst", "the head of the association", "a spokesperson", "a senior researcher", "a market trader", "a student", "a primary school teacher"},
	}
)

// Quoted statements and comment phrases, by language.
var (
	quotes = map[string][]string{
		"id": {
			"Kami tidak bisa menunggu lebih lama lagi, warga sudah terlalu lama bersabar",
			"Ini langkah awal yang baik, tetapi pengawasannya harus ketat",
			"Datanya jelas, dan kami akan terus memantau perkembangannya setiap hari",
			"Kami berharap semua pihak duduk bersama dan mencari jalan keluar",
			"Anak-anak kami berhak mendapatkan yang lebih baik dari ini",
			"Hasilnya baru akan terasa dalam dua atau tiga tahun ke depan",
			"Kami sudah menyiapkan rencana cadangan jika cuaca memburuk",
			"Tanpa dukungan masyarakat, program ini tidak akan berjalan",
		},
		"en": {
			"We cannot wait any longer; people have been patient for far too long",
			"It is a good first step, but it needs close oversight",
			"The figures are clear, and we will keep watching them every day",
			"We hope everyone will sit down together and find a way forward",
			"Our children deserve better than this",
			"The results will only show in two or three years",
			"We have a backup plan ready if the weather turns",
			"Without the public behind it, this programme will not work",
		},
	}
	commentOpeners = map[string][]string{
		"id": {"Setuju sekali.", "Terima kasih atas liputannya.", "Saya kurang sependapat.", "Semoga cepat terealisasi.", "Di daerah kami juga begitu.", "Pertanyaan saya:", "Akhirnya ada kabar baik.", "Perlu diawasi bersama."},
		"en": {"Completely agree.", "Thanks for covering this.", "I see it differently.", "Hope this happens soon.", "Same thing in our town.", "My question is:", "Finally some good news.", "We all need to keep an eye on this."},
	}
	commentBodies = map[string][]string{
		"id": {
			"bagaimana dengan warga yang tinggal jauh dari kota?",
			"harga di pasar dekat rumah saya sudah naik sejak bulan lalu.",
			"anak saya ikut programnya dan hasilnya cukup bagus.",
			"sebaiknya pemerintah mendengar suara nelayan juga.",
			"berita seperti ini perlu lebih sering diangkat.",
			"apakah ada data pembandingnya dengan tahun lalu?",
			"tim kami sudah berlatih keras, semoga hasilnya manis.",
			"jalan di kampung kami masih rusak parah.",
		},
		"en": {
			"what about people who live far from the city?",
			"prices at the market near my house have gone up since last month.",
			"my son joined the programme and it went quite well.",
			"the government should listen to the fishermen too.",
			"stories like this deserve more coverage.",
			"is there a comparison with last year's figures?",
			"our team trained hard, so fingers crossed.",
			"the road in our village is still badly damaged.",
		},
	}
)

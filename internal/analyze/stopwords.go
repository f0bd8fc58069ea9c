package analyze

import "strings"

// stopWordsIDText lists Indonesian function words: pronouns, prepositions, conjunctions,
// particles, auxiliaries and quantifiers that carry no topic. Content words that are merely
// frequent in news ("tahun", "orang", "kata") stay searchable.
const stopWordsIDText = `
ada adalah agar akan aku anda antara apa apabila atas atau bagaimana bagi bahkan bahwa
banyak beberapa begitu beliau belum berapa bila bisa bukan dalam dan dapat dari daripada
demikian dengan di dia hanya harus hingga ia ialah ini itu jadi jangan jika juga kalau
kami kamu kapan karena ke kenapa kepada ketika kini kita lagi lain lalu maka masih maupun
melainkan melalui mengapa menjadi menurut mereka merupakan mungkin namun nanti oleh pada
padahal para pernah pula pun saat saja sambil sampai sana sang sangat saya sebab sebagai
sebelum sebuah sedang sedangkan sehingga sejak sekitar selain selalu selama seluruh
sementara semua seorang seperti serta sesuatu setelah setiap si siapa sini situ suatu
sudah supaya tak tanpa tapi telah tentang terhadap tersebut tetapi tiap tidak untuk walau
walaupun yaitu yakni yang
`

// stopWordsENText lists English function words; contractions appear without their
// apostrophe, as the tokenizer joins "don't" into "dont".
const stopWordsENText = `
a about above after again against all am an and any are arent as at be because been before
being below between both but by can cannot cant could couldnt did didnt do does doesnt
doing dont down during each few for from further had hadnt has hasnt have havent having he
her here hers herself him himself his how i if im in into is isnt it its itself ive just
me more most my myself no nor not now of off on once only or other ought our ours
ourselves out over own same shant she should shouldnt so some such than that the their
theirs them themselves then there these they theyre theyve this those through to too under
until up very was wasnt we were werent weve what when where which while who whom why will
with wont would wouldnt you youd youll your youre yours yourself yourselves youve
`

var (
	stopWordsID = wordSet(stopWordsIDText)
	stopWordsEN = wordSet(stopWordsENText)
)

func wordSet(text string) map[string]struct{} {
	words := strings.Fields(text)
	set := make(map[string]struct{}, len(words))
	for _, w := range words {
		set[w] = struct{}{}
	}
	return set
}

// isStopWord reports whether the normalized word w is a stop word in lang ("id" or "en").
func isStopWord(lang, w string) bool {
	set := stopWordsID
	if lang == "en" {
		set = stopWordsEN
	}
	_, ok := set[w]
	return ok
}

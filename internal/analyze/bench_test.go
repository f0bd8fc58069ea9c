package analyze

import (
	"os"
	"strings"
	"testing"
)

func readArticle(b *testing.B) string {
	b.Helper()
	text, err := os.ReadFile("testdata/article_id.txt")
	if err != nil {
		b.Fatal(err)
	}
	return string(text)
}

// BenchmarkTokensIndonesian analyzes a news article of about 520 words, as indexing does.
func BenchmarkTokensIndonesian(b *testing.B) {
	text := readArticle(b)
	Tokens("id", "muat") // build the root set outside the timing
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Tokens("id", text)
	}
}

// BenchmarkStemIndonesian stems the article's words one at a time; ns/op is per word.
func BenchmarkStemIndonesian(b *testing.B) {
	var words []string
	for _, w := range strings.Fields(readArticle(b)) {
		words = append(words, strings.ToLower(strings.Trim(w, `",.()`)))
	}
	Stem("id", "muat")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Stem("id", words[i%len(words)])
	}
}

// BenchmarkTokensEnglish analyzes English text of about the same size.
func BenchmarkTokensEnglish(b *testing.B) {
	text := strings.Repeat("The city's engineers are studying why the floods keep returning every spring, "+
		"and residents say the government has generously promised new pumps and cleaner drains. ", 20)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Tokens("en", text)
	}
}

package wxr

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"warta/internal/locale"
	"warta/internal/store/storetest"
)

// TestRefusalsInBothLanguages: why a file is refused is a value the front
// ends word in their user's language, Indonesian or English, down to the
// XML mistake at a line and column.
func TestRefusalsInBothLanguages(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	st := storetest.New(t)
	id, en := locale.New("id"), locale.New("en")
	for _, c := range []struct {
		name, file string
		en, id     string
	}{
		{"a JPEG", write("foto.jpg", "\xff\xd8\xff\xe0\x00\x10JFIF\x00"),
			"this file is not an XML file (it looks like a JPEG image)", "berkas ini bukan berkas XML (tampaknya gambar JPEG)"},
		{"an empty file", write("kosong.xml", " \n"), "this file is empty", "berkas ini kosong"},
		{"a tag closed by another", write("salah.xml", "<rss><channel><title>a</titel></channel></rss>"),
			"line 1, column 31: element <title> closed by </titel>", "baris 1, kolom 31: elemen <title> ditutup oleh </titel>"},
		{"a file cut short", "testdata/malformed/malformed-truncated.wxr",
			"line 35, column", "baris 35, kolom"},
		{"a bad entity", "testdata/malformed/malformed-entity.wxr",
			"invalid character entity", "entitas karakter"},
		{"an RSS feed that is no export", write("feed.xml", `<rss version="2.0"><channel><title>x</title><item><title>y</title></item></channel></rss>`),
			"not a WordPress export (no wp:wxr_version)", "bukan ekspor WordPress (tidak ada wp:wxr_version)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Import(t.Context(), st, c.file, Options{})
			if err == nil {
				t.Fatal("imported")
			}
			if got := Describe(en, err); !strings.Contains(got, c.en) {
				t.Errorf("in English: %q, want %q", got, c.en)
			}
			if got := Describe(id, err); !strings.Contains(got, c.id) {
				t.Errorf("in Indonesian: %q, want %q", got, c.id)
			}
		})
	}
	if n, _ := st.CountArticles(t.Context()); n != 0 {
		t.Errorf("refused files left %d articles", n)
	}
}

// TestSkipsInBothLanguages: the reasons records were skipped, and the
// notes, are worded by the reader's language.
func TestSkipsInBothLanguages(t *testing.T) {
	st := storetest.New(t)
	rep, err := Import(t.Context(), st, "testdata/full.wxr", Options{})
	if err != nil {
		t.Fatal(err)
	}
	var en, id []string
	for _, g := range rep.SkipCounts() {
		en = append(en, g.Reason.In(locale.New("en")))
		id = append(id, g.Reason.In(locale.New("id")))
	}
	for _, want := range []string{"a menu item in no menu", `status "auto-draft" is not a post's status`} {
		if !strings.Contains(strings.Join(en, "\n"), want) {
			t.Errorf("English reasons %q lack %q", en, want)
		}
	}
	for _, want := range []string{"butir menu yang tidak ada di menu mana pun", `status "auto-draft" bukan status tulisan`} {
		if !strings.Contains(strings.Join(id, "\n"), want) {
			t.Errorf("Indonesian reasons %q lack %q", id, want)
		}
	}
}

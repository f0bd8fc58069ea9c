package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"warta/internal/locale"
	"warta/internal/model"
	"warta/internal/sanitize"
)

// FuzzWrite builds a feed from an article and a comment whose every field
// a contributor, importer or reader controls (titles, excerpt, body as the
// sanitizer stores it, names, categories, the commenter's website), and
// writes it as RSS, Atom and JSON Feed. Each must be well-formed: XML a
// strict parser reads to the end, JSON that decodes; and the article's
// title must read back as written, whatever characters it holds.
func FuzzWrite(f *testing.F) {
	f.Add("Banjir <b>Rob</b> & \"Pasang\"", "Ringkasan ]]> di tengah", "<p>Isi <a href=\"/x\">tautan</a></p>]]><![CDATA[", "Sari", "Berita", "Pembaca", "https://example.com/", "Komentar <script>x</script>")
	f.Add("\x00\x01\x1b\uFFFE\uFFFF", "\xff\xfe", "<p>\x0b</p>", "\u2028", "\ud7ff", "a\tb", "javascript:alert(1)", "\x0c")
	f.Add("]]>", "<![CDATA[", "<svg><![CDATA[</p>]]></svg>", "&amp;", "&#0;", "&#xD800;", "//evil", "<p>&nbsp;</p>")
	f.Fuzz(func(t *testing.T, title, excerpt, body, author, category, commenter, website, comment string) {
		c := &feedCtx{site: model.DefaultSettings(), printer: locale.New("id"), loc: time.UTC, base: "https://warta.example"}
		c.site.Title = title
		now := time.Date(2024, 4, 26, 3, 0, 0, 0, time.UTC)
		a := &model.Article{
			ID: 7, Type: model.TypePost, Slug: "berita", Title: title, Excerpt: excerpt,
			BodyHTML: sanitize.ArticleHTML(body), Status: model.StatusPublished, Lang: "id",
			PublishedAt: now, ModifiedAt: now,
			Bylines:    []model.Byline{{User: model.User{DisplayName: author, Slug: "sari"}}},
			Categories: []model.Term{{Name: category, Slug: "berita"}},
			Embeds:     []model.Embed{{URL: website, Title: title}},
		}
		cm := &model.Comment{ID: 3, AuthorName: commenter, AuthorURL: website, Content: sanitize.CommentHTML(comment), CreatedAt: now}
		d := c.newDoc("", "/", "/feed/")
		d.Items = []item{c.articleItem(a), c.commentItem(cm, a)}
		d.Updated = now

		for _, format := range []string{RSS, Atom} {
			out, err := write(d, format)
			if err != nil {
				t.Fatalf("%s: %v", format, err)
			}
			if err := wellFormed(out); err != nil {
				t.Fatalf("%s is not well-formed XML: %v\n%s", format, err, out)
			}
		}
		rss, _ := write(d, RSS)
		var got struct {
			Items []struct {
				Title string `xml:"title"`
			} `xml:"channel>item"`
		}
		if err := xml.Unmarshal(rss, &got); err != nil || len(got.Items) != 2 {
			t.Fatalf("RSS does not read back: %v", err)
		}
		if want := xmlText(title); got.Items[0].Title != want {
			t.Fatalf("RSS title %q, want %q", got.Items[0].Title, want)
		}
		js, err := write(d, JSON)
		if err != nil {
			t.Fatalf("json: %v", err)
		}
		var v map[string]any
		if err := json.Unmarshal(js, &v); err != nil {
			t.Fatalf("JSON Feed does not decode: %v\n%s", err, js)
		}
	})
}

// wellFormed reads doc to its end with a strict XML parser.
func wellFormed(doc []byte) error {
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Strict = true
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// xmlText is s as XML can carry it: invalid UTF-8 and characters XML
// forbids become U+FFFD, as encoding/xml writes them; a carriage return
// is read back as a line feed.
func xmlText(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		s = s[n:]
		switch {
		case r == utf8.RuneError && n == 1, !isXMLChar(r):
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	return strings.ReplaceAll(b.String(), "\r\n", "\n")
}

func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

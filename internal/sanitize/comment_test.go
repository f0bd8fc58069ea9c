package sanitize

import (
	"strings"
	"testing"
)

func TestCommentHTML(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain text becomes one paragraph", "Terima kasih atas liputannya.", "<p>Terima kasih atas liputannya.</p>\n"},
		{"a blank line starts a new paragraph", "Satu.\n\nDua.", "<p>Satu.</p>\n<p>Dua.</p>\n"},
		{"a single newline becomes a line break", "Baris satu\nbaris dua", "<p>Baris satu<br>\nbaris dua</p>\n"},
		{"Windows newlines count the same", "a\r\n\r\nb\r\nc", "<p>a</p>\n<p>b<br>\nc</p>\n"},
		{"trailing newlines add no empty break", "akhir\n\n\n", "<p>akhir</p>\n"},
		{"blank input gives nothing", " \n\n\t", ""},
		{"angle brackets and ampersands are escaped", "a < b & c > d, <3", "<p>a &lt; b &amp; c &gt; d, &lt;3</p>\n"},
		{"allowed inline tags are kept", "<em>miring</em> <strong>tebal</strong> <code>x := 1</code> <q>kutip</q>", "<p><em>miring</em> <strong>tebal</strong> <code>x := 1</code> <q>kutip</q></p>\n"},
		{"links get nofollow ugc noopener", `<a href="https://example.net/a?b=1&c=2" target="_blank" rel="dofollow" onclick="x()">tautan</a>`, "<p><a href=\"https://example.net/a?b=1&amp;c=2\" rel=\"nofollow ugc noopener\">tautan</a></p>\n"},
		{"javascript links lose their tag", `<a href="javascript:alert(1)">klik</a> <a href="&#x6A;avascript:alert(1)">lagi</a>`, "<p>klik lagi</p>\n"},
		{"relative links outside the site root lose their tag", `<a href="//evil.example/">a</a> <a href="x.html">b</a> <a href="/tentang-kami/">c</a>`, "<p>a b <a href=\"/tentang-kami/\" rel=\"nofollow ugc noopener\">c</a></p>\n"},
		{"other tags are dropped and their text kept", `<h1>Judul</h1><b>tebal</b> <img src=x onerror=alert(1)><span style="color:red">merah</span>`, "<p>Judul</p>\n<p>tebal merah</p>\n"},
		{"scripts, styles, frames and SVG vanish whole", "a<script>alert(1)</script><style>p{}</style><iframe src=x></iframe><svg><text>x</text></svg>b", "<p>ab</p>\n"},
		{"a blockquote stands outside paragraphs", "<blockquote>Kutipan\n\nlanjutan</blockquote>\nJawaban saya.", "<blockquote><p>Kutipan</p>\n<p>lanjutan</p>\n</blockquote>\n<p>Jawaban saya.</p>\n"},
		{"inline tags spanning a paragraph break are reopened", "<em>satu\n\ndua</em> tiga", "<p><em>satu</em></p>\n<p><em>dua</em> tiga</p>\n"},
		{"unclosed tags are closed", "<strong>tebal <em>miring", "<p><strong>tebal <em>miring</em></strong></p>\n"},
		{"template actions are encoded", "{{ .Email }}", "<p>{&#123; .Email }}</p>\n"},
		{"typed paragraphs and breaks are understood", "<p>satu</p><p>dua<br>tiga</p>", "<p>satu</p>\n<p>dua<br>\ntiga</p>\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(CommentHTML(tt.in))
			if got != tt.want {
				t.Errorf("CommentHTML(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			if strings.Contains(strings.ToLower(got), "<script") || strings.Contains(got, "style=") {
				t.Errorf("CommentHTML(%q) = %q lets markup through", tt.in, got)
			}
		})
	}
}

func TestCommentHTMLBoundsHostileNesting(t *testing.T) {
	tests := []struct{ name, in string }{
		{"thousands of unclosed inline tags", strings.Repeat("<em>", 5000) + "x"},
		{"inline tags left open across many paragraphs", strings.Repeat("<em><strong><code><q>x\n\n", 240)},
		{"deeply nested quotes", strings.Repeat("<blockquote>", 900) + "x"},
		{"deeply nested blocks", strings.Repeat("<div>", 5000) + "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" give output in proportion to the input", func(t *testing.T) {
			out := string(CommentHTML(tt.in))
			if len(out) > 10*len(tt.in)+100 { // linear: at most a few reopened tags per paragraph
				t.Errorf("%d bytes in, %d out", len(tt.in), len(out))
			}
			if d := strings.Count(out, "<blockquote>"); d > maxQuoteDepth {
				t.Errorf("%d nested quotes kept", d)
			}
		})
	}
	t.Run("a text made of more tags than prose stays text", func(t *testing.T) {
		in := strings.Repeat("<b>", maxCommentTags+1)
		want := "<p>" + strings.Repeat("&lt;b&gt;", maxCommentTags+1) + "</p>\n"
		if got := string(CommentHTML(in)); got != want {
			t.Errorf("got %.80q…", got)
		}
	})
}

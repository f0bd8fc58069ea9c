package sanitize_test

import (
	"testing"

	"warta/internal/sanitize"
)

func TestSplitAfterParagraph(t *testing.T) {
	body := sanitize.ArticleHTML(`<p>One <br> line<img src="/a.png" alt=""></p><blockquote><p>Quoted</p></blockquote>` +
		`<ul><li><p>Listed</p></li></ul><p>Two</p><p>Three</p>`)
	for _, tc := range []struct {
		n             int
		before, after string
		ok            bool
	}{
		{1, `<p>One <br> line<img src="/a.png" alt=""></p>`, `<blockquote><p>Quoted</p></blockquote><ul><li><p>Listed</p></li></ul><p>Two</p><p>Three</p>`, true},
		{2, `<p>One <br> line<img src="/a.png" alt=""></p><blockquote><p>Quoted</p></blockquote><ul><li><p>Listed</p></li></ul><p>Two</p>`, `<p>Three</p>`, true},
		{3, string(body), ``, true},
		{4, string(body), ``, false},
		{0, string(body), ``, false},
	} {
		before, after, ok := sanitize.SplitAfterParagraph(body, tc.n)
		if string(before) != tc.before || string(after) != tc.after || ok != tc.ok {
			t.Errorf("after paragraph %d: %q | %q, %v; want %q | %q, %v", tc.n, before, after, ok, tc.before, tc.after, tc.ok)
		}
		if before+after != body {
			t.Errorf("after paragraph %d: the halves do not make the body", tc.n)
		}
	}
}

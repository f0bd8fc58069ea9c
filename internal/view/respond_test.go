package view

import (
	"bytes"
	"html/template"
	"io/fs"
	"strings"
	"testing"

	"warta/internal/tools/hostile"
)

// formPage is what the "respond" template reads from a page.
type formPage struct {
	zoned
	URL  string
	Form CommentForm
}

// respondViaTemplate renders the reply form through the embedded theme's
// "respond" template, as a theme that overrides it would have it rendered.
func respondViaTemplate(t testing.TB, e *Engine, p formPage) string {
	t.Helper()
	partials, err := fs.ReadFile(embedded, "theme/templates/_partials.html")
	if err != nil {
		t.Fatal(err)
	}
	set := template.Must(template.New("x").Funcs(e.funcs()).Parse(string(partials)))
	var buf bytes.Buffer
	if err := set.ExecuteTemplate(&buf, "respond", p); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// The reply form written by hand is the template's, byte for byte: empty,
// replying to someone, and after a failed submission that echoes hostile
// text in every field with every kind of problem named.
func TestRespondFormMatchesTemplate(t *testing.T) {
	e, err := New("")
	if err != nil {
		t.Fatal(err)
	}
	if !e.builtin["respond"] {
		t.Fatal("the embedded theme does not use the form writer")
	}
	evil := hostile.Joined(append(hostile.Markup(0), hostile.URLs(0)...))
	forms := map[string]CommentForm{
		"empty":    {ArticleID: 42},
		"reply":    {ArticleID: 42, ParentID: 7, ReplyToName: `<img src=x onerror=alert(1)> "Wati" & Budi`},
		"remember": {ArticleID: 1, Name: "Wati", Email: "wati@example.id", URL: "https://wati.example.id", Remember: true, Notify: true},
		"failed": {ArticleID: 42, ParentID: 3, ReplyToName: evil, Name: evil, Email: evil, URL: evil, Comment: evil + "</textarea><script>alert(1)</script>",
			Errors: map[string]string{"comment": "validation.required", "name": "validation.too_long", "email": "validation.email",
				"url": "validation.url", "closed": "comments.closed", "parent": "comments.no_parent"}},
	}
	for name, f := range forms {
		for _, lang := range []string{"id", "en"} {
			p := formPage{zoned: zoned{lang}, URL: "/2024/04/26/judul-berita/", Form: f}
			want := respondViaTemplate(t, e, p)
			got := string(respondForm(p, p.URL, f))
			if got != want {
				t.Errorf("%s, %s: writer and template differ\n%s", name, lang, firstDiff(got, want))
			}
			if live := hostile.LiveMarkup(got); live != "" {
				t.Errorf("%s, %s: a payload survives as markup: %s", name, lang, live)
			}
			if name == "failed" && !strings.Contains(got, `aria-describedby="reply-url-error"`) {
				t.Errorf("%s, %s: the website's problem is not linked to its field", name, lang)
			}
		}
	}
}

// FuzzRespondForm holds the form writer to the template's bytes for
// whatever a reader typed and whatever problems the form names.
func FuzzRespondForm(f *testing.F) {
	for _, p := range append(hostile.Markup(0), hostile.URLs(0)...) {
		f.Add(p.Text, p.Text, p.Text, "validation.required", p.Text, "/a b/?c=%zz", true)
	}
	f.Add("", "", "", "", "", "", false)
	e, err := New("")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, name, email, comment, problem, replyTo, url string, remember bool) {
		form := CommentForm{ArticleID: 9, ParentID: 2, ReplyToName: replyTo, Name: name, Email: email, URL: email,
			Comment: comment, Remember: remember, Notify: !remember}
		if problem != "" {
			form.Errors = map[string]string{"name": problem, problem: problem}
		}
		for _, lang := range []string{"id", "en"} {
			p := formPage{zoned: zoned{lang}, URL: url, Form: form}
			if got, want := string(respondForm(p, url, form)), respondViaTemplate(t, e, p); got != want {
				t.Fatalf("%s: writer and template differ\n%s", lang, firstDiff(got, want))
			}
		}
	})
}

package view

import (
	"bytes"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"warta/internal/tools/hostile"
	"warta/internal/locale"
)

// zoned is a Localizer in a zone other than UTC, so the writer's dates
// must be formatted in the site's zone and its datetime attribute in UTC.
type zoned struct{ lang string }

func (z zoned) Printer() *locale.Printer { return locale.New(z.lang) }
func (z zoned) Location() *time.Location { return time.FixedZone("WIB", 7*3600) }

// viaTemplate renders list through the embedded theme's "comment"
// template, as a theme that overrides it would have its comments rendered.
func viaTemplate(t testing.TB, e *Engine, l Localizer, list []*Comment) string {
	t.Helper()
	partials, err := fs.ReadFile(embedded, "theme/templates/_partials.html")
	if err != nil {
		t.Fatal(err)
	}
	set := template.Must(template.New("x").Funcs(e.funcs()).Parse(string(partials)))
	template.Must(set.New("list").Parse(`{{range .V}}{{template "comment" args $.L .}}{{end}}`))
	var buf bytes.Buffer
	if err := set.ExecuteTemplate(&buf, "list", Args{L: l, V: list}); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func hostileThread() []*Comment {
	t0 := time.Date(2024, 4, 26, 7, 30, 0, 0, time.UTC)
	var list []*Comment
	names := append(hostile.Markup(0), hostile.URLs(0)...)
	for i, p := range names {
		c := &Comment{
			ID:         int64(i + 1),
			AuthorName: p.Text,
			AuthorURL:  p.Text,
			Content:    "<p>sanitized</p>",
			CreatedAt:  t0.Add(time.Duration(i) * time.Hour),
			Pending:    i%5 == 0,
		}
		if !c.Pending {
			c.ReplyURL = "?replytocom=" + string(rune('0'+i%10)) + "#respond"
		}
		if i%3 == 0 && len(list) > 0 {
			parent := list[len(list)-1]
			parent.Children = append(parent.Children, c)
			continue
		}
		list = append(list, c)
	}
	list = append(list, &Comment{ID: 9999, AuthorName: "Wati \x00 + ' \" & <b> \xff\xfe ünï", AuthorURL: "HTTPS://wati.example.id/a b?x=1&y=2+3#f'\"()%zz\x7f é",
		Content: "<p>x</p>", CreatedAt: t0, ReplyURL: "?replytocom=9999#respond"})
	list = append(list, &Comment{ID: -3, AuthorName: "", AuthorURL: "/relative:path", CreatedAt: time.Time{}})
	return list
}

// The hand-written writer gives the same bytes as the template it stands
// for, for every hostile payload as a name and as a website, in both
// languages, with replies, pending comments and reply links.
func TestCommentThreadMatchesTemplate(t *testing.T) {
	e, err := New("")
	if err != nil {
		t.Fatal(err)
	}
	if !e.builtin["comment"] {
		t.Fatal("the embedded theme does not use the comment writer")
	}
	list := hostileThread()
	for _, lang := range []string{"id", "en"} {
		l := zoned{lang}
		want := viaTemplate(t, e, l, list)
		got := string(commentThread(l, list))
		if got != want {
			t.Errorf("%s: writer and template differ\n%s", lang, firstDiff(got, want))
		}
		if live := hostile.LiveMarkup(got); live != "" {
			t.Errorf("%s: a payload survives as markup: %s", lang, live)
		}
	}
}

// firstDiff shows where two renders part.
func firstDiff(got, want string) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, i-80)
	return "got:  …" + got[from:min(len(got), i+80)] + "\nwant: …" + want[from:min(len(want), i+80)]
}

// A theme that overrides the "comment" template has its comments rendered
// by it, not by the writer of the embedded one.
func TestThemeCommentOverride(t *testing.T) {
	dir := t.TempDir()
	partials, err := fs.ReadFile(embedded, "theme/templates/_partials.html")
	if err != nil {
		t.Fatal(err)
	}
	start := bytes.Index(partials, []byte(`{{define "comment"}}`))
	end := bytes.Index(partials, []byte(`{{define "comments"}}`))
	mine := string(partials[:start]) + `{{define "comment"}}{{with .V}}<li class="my-comment">{{.AuthorName}}</li>{{end}}{{end}}` + "\n\n" + string(partials[end:])
	if err := os.MkdirAll(filepath.Join(dir, "templates"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "templates", "_partials.html"), mine)
	e, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}
	if e.builtin["comment"] {
		t.Fatal("a theme's own comment template would be bypassed")
	}
	if !e.builtin["respond"] {
		t.Error("overriding the comment template also turned off the form writer")
	}
	tmpl := e.pages["article.html"]
	var buf bytes.Buffer
	err = tmpl.ExecuteTemplate(&buf, "comments", struct {
		zoned
		Comments     []*Comment
		CommentsOpen bool
		IsPage       bool
		Form         struct{ Errors map[string]string }
		CommentCount int
		Awaiting     bool
		CommentPages struct{ Total int }
	}{zoned: zoned{"en"}, Comments: []*Comment{{ID: 1, AuthorName: "<Wati>"}}, CommentCount: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `<li class="my-comment">&lt;Wati&gt;</li>`) {
		t.Errorf("the theme's comment template was not used:\n%s", buf.String())
	}
}

// FuzzCommentThread holds the writer to the template's bytes for any name,
// website and reply link a comment may carry.
func FuzzCommentThread(f *testing.F) {
	for _, p := range append(hostile.Markup(0), hostile.URLs(0)...) {
		f.Add(p.Text, p.Text, "?replytocom=1#respond", false)
	}
	f.Add("Wati", "https://wati.example.id/?a=1&b=2+3", "", true)
	f.Add("\x00\xff<'\"+&>", "mailto:x@y.z", "?a=b c", false)
	f.Add("%41", "/a%41?b=%4g%zz%", "?x=%2", false)
	e, err := New("")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, name, website, reply string, pending bool) {
		c := &Comment{ID: 7, AuthorName: name, AuthorURL: website, ReplyURL: reply, Pending: pending,
			Content: "<p>ok</p>", CreatedAt: time.Date(2024, 4, 26, 7, 30, 0, 0, time.UTC)}
		list := []*Comment{{ID: 1, AuthorName: name, AuthorURL: website, Children: []*Comment{c}}}
		for _, lang := range []string{"id", "en"} {
			l := zoned{lang}
			want := viaTemplate(t, e, l, list)
			if got := string(commentThread(l, list)); got != want {
				t.Fatalf("%s: writer and template differ\n%s", lang, firstDiff(got, want))
			}
		}
	})
}

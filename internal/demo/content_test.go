package demo

import (
	"strings"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/sanitize"
)

func TestContentFiles(t *testing.T) {
	entries, err := loadEntries()
	if err != nil {
		t.Fatal(err)
	}
	users := map[string]bool{}
	for _, u := range demoUsers {
		users[u.Slug] = true
	}
	cats, tags := map[string]bool{}, map[string]bool{}
	for _, c := range demoCategories {
		cats[c.term.Slug] = true
	}
	for _, tag := range demoTags {
		tags[tag.Slug] = true
	}
	slugs := map[string]string{}
	times := map[time.Time]string{}
	groups := map[string][]string{}
	for _, e := range entries {
		t.Run(e.file+" parses, renders and refers to known names", func(t *testing.T) {
			if other, dup := slugs[string(e.typ)+"/"+e.slug]; dup {
				t.Errorf("slug %s also used by %s", e.slug, other)
			}
			slugs[string(e.typ)+"/"+e.slug] = e.file
			if e.file != e.slug+".md" {
				t.Errorf("file name %s does not match slug %s", e.file, e.slug)
			}
			at := e.publishedAt(seedNow)
			if other, dup := times[at]; dup {
				t.Errorf("published at the same time as %s", other)
			}
			times[at] = e.file
			if e.translation != "" {
				groups[e.translation] = append(groups[e.translation], e.lang)
			}

			html, err := sanitize.Markdown(e.body)
			if err != nil {
				t.Fatal(err)
			}
			body := string(html)
			if strings.Contains(strings.ToLower(body), "<script") {
				t.Error("the body contains <script")
			}
			for rest := body; ; {
				i := strings.Index(rest, "<a ")
				if i < 0 {
					break
				}
				end := strings.Index(rest[i:], "</a>")
				if end < 0 || strings.Contains(rest[i+3:i+end], "<a ") {
					t.Errorf("a link is unclosed or holds another link: %s", rest[i:])
					break
				}
				rest = rest[i+end:]
			}
			if e.typ == model.TypePost && strings.Count(body, "<p>") < 4 {
				t.Errorf("%d paragraphs, want at least 4", strings.Count(body, "<p>"))
			}
			// A quote figure written in the file must survive sanitizing.
			if n := strings.Count(e.body, `<figure class="quote">`); n != strings.Count(body, `<figure class="quote"><blockquote><p>`) {
				t.Errorf("%d quote figures written, not all survived: %s", n, body)
			}
			if strings.Count(e.body, "<q>") != strings.Count(body, "<q>") {
				t.Error("an inline quote was lost")
			}
			if e.excerpt != sanitize.Text(e.excerpt) {
				t.Errorf("the excerpt %q is not plain text", e.excerpt)
			}

			for _, b := range e.bylines {
				if !users[b.user] {
					t.Errorf("unknown byline user %q", b.user)
				}
				switch b.role {
				case model.BylineAuthor, model.BylineReporter, model.BylineEditor, model.BylinePhotographer:
				default:
					t.Errorf("unknown byline role %q", b.role)
				}
			}
			for _, c := range e.categories {
				if !cats[c] {
					t.Errorf("unknown category %q", c)
				}
			}
			for _, tag := range e.tags {
				if !tags[tag] {
					t.Errorf("unknown tag %q", tag)
				}
			}
			if img := e.image; img != nil {
				if _, ok := styles[img.style]; !ok {
					t.Errorf("unknown image style %q", img.style)
				}
				if _, ok := palettes[img.palette]; !ok {
					t.Errorf("unknown palette %q", img.palette)
				}
			}
		})
	}
	t.Run("every translation group holds one Indonesian and one English text", func(t *testing.T) {
		for g, langs := range groups {
			if len(langs) != 2 || langs[0] == langs[1] {
				t.Errorf("group %s: %v", g, langs)
			}
		}
	})
}

func TestParseEntryRejectsMistakes(t *testing.T) {
	const valid = "slug: a\ntitle: A\nlang: id\npublished: 2d 03:00\nbylines: rina-kusumawardani author\nexcerpt: x\n"
	tests := []struct{ name, src string }{
		{"a file without front matter", "just text\n"},
		{"an unclosed front matter", "---\n" + valid},
		{"an unknown key", "---\n" + valid + "colour: red\n---\nbody\n"},
		{"a missing title", "---\nslug: a\nlang: id\npublished: 2d 03:00\nbylines: x author\nexcerpt: x\n---\n"},
		{"an unknown language", "---\n" + strings.Replace(valid, "lang: id", "lang: fr", 1) + "---\n"},
		{"a date today", "---\n" + strings.Replace(valid, "2d 03:00", "0d 03:00", 1) + "---\n"},
		{"an evening time that changes the Jakarta date", "---\n" + strings.Replace(valid, "2d 03:00", "2d 18:00", 1) + "---\n"},
		{"a source name without a URL", "---\n" + valid + "source_name: Wire\n---\n"},
		{"a video id of the wrong length", "---\n" + valid + "video: youtube abc 3m06s Title\n---\n"},
		{"an image without alt text", "---\n" + valid + "image: waves sea\n---\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is an error", func(t *testing.T) {
			if _, err := parseEntry(tt.src); err == nil {
				t.Errorf("parseEntry accepted %q", tt.src)
			}
		})
	}
	t.Run("a valid file parses", func(t *testing.T) {
		e, err := parseEntry("---\n" + valid + "video: youtube Wn7kLp2QxVa 3m06s A title here\n---\n\nBody text.\n")
		if err != nil {
			t.Fatal(err)
		}
		if e.video.duration != 3*time.Minute+6*time.Second || e.video.title != "A title here" || e.body != "Body text.\n" {
			t.Errorf("entry = %+v, video %+v", e, e.video)
		}
	})
}

package view

import (
	"bytes"
	"html/template"
	"strconv"
	"time"

	"warta/internal/model"
)

// Person is one credited user, linked to their archive.
type Person struct {
	Name string
	URL  string
}

// Byline groups an article's credits: writers (authors and reporters) after
// "Oleh"/"By", then editors and photographers with their role. Each group
// keeps the byline order.
type Byline struct {
	Writers       []Person
	Editors       []Person
	Photographers []Person
}

// Picture is an image as the templates draw it.
type Picture struct {
	Class   string
	Src     string
	Srcset  string
	Sizes   string
	Width   int
	Height  int
	Alt     string
	Caption string
	Lazy    bool // below the fold: loading="lazy"; otherwise fetchpriority="high"
}

// ListItem is an article in a list: the front page, an archive, related
// articles.
type ListItem struct {
	*model.Article
	URL         string
	ArticleLang string // the article's own language: <article lang>
	UILang      string // the site's language where it differs, for the theme's words inside
	Byline      Byline
	Image       *Picture
}

// relatedList writes the embedded theme's "related" section for items, as
// the template (and its "picture") would; see TestRelatedListMatchesTemplate
// and FuzzRelatedList.
func relatedList(l Localizer, items []ListItem) template.HTML {
	b := renderBuffers.Get().(*bytes.Buffer)
	defer putRenderBuffer(b)
	writeRelatedList(b, l, items)
	return template.HTML(b.String())
}

// writeRelatedList is relatedList into b.
func writeRelatedList(b *bytes.Buffer, l Localizer, items []ListItem) {
	p, loc := l.Printer(), l.Location()
	b.WriteString("<section class=\"related\" aria-labelledby=\"related-title\">\n<h2 id=\"related-title\">")
	writeEscaped(b, p.T("article.related"))
	b.WriteString("</h2>\n<ul class=\"related-list\">\n")
	var ts [64]byte
	for i := range items {
		it := &items[i]
		b.WriteString(`<li><article class="related-item" lang="`)
		writeEscaped(b, it.ArticleLang)
		b.WriteString("\">\n")
		if it.Image != nil {
			writePicture(b, it.Image)
		}
		b.WriteString("\n<h3 class=\"related-title\"><a href=\"")
		writeURLAttr(b, it.URL)
		b.WriteString(`">`)
		writeEscaped(b, it.Title)
		b.WriteString("</a></h3>\n<p class=\"related-meta\"><time datetime=\"")
		writeEscapedBytes(b, it.PublishedAt.UTC().AppendFormat(ts[:0], time.RFC3339))
		b.WriteString(`">`)
		writeEscaped(b, p.Date(it.PublishedAt, loc))
		b.WriteString("</time></p>\n</article></li>\n")
	}
	b.WriteString("</ul>\n</section>\n")
}

// picture writes pic as the embedded "picture" template does.
func picture(pic *Picture) template.HTML {
	b := renderBuffers.Get().(*bytes.Buffer)
	defer putRenderBuffer(b)
	writePicture(b, pic)
	return template.HTML(b.String())
}

// writePicture writes pic as the embedded "picture" template does.
func writePicture(b *bytes.Buffer, pic *Picture) {
	if pic.Caption != "" {
		b.WriteString(`<figure class="`)
	} else {
		b.WriteString(`<div class="`)
	}
	writeEscaped(b, pic.Class)
	b.WriteString("\">\n<img src=\"")
	writeURLAttr(b, pic.Src)
	b.WriteString(`"`)
	if pic.Srcset != "" {
		b.WriteString(` srcset="`)
		writeSrcsetAttr(b, pic.Srcset)
		b.WriteString(`"`)
	}
	if pic.Sizes != "" {
		b.WriteString(` sizes="`)
		writeEscaped(b, pic.Sizes)
		b.WriteString(`"`)
	}
	if pic.Width != 0 {
		var num [20]byte
		b.WriteString(` width="`)
		b.Write(strconv.AppendInt(num[:0], int64(pic.Width), 10))
		b.WriteString(`" height="`)
		b.Write(strconv.AppendInt(num[:0], int64(pic.Height), 10))
		b.WriteString(`"`)
	}
	b.WriteString(` alt="`)
	writeEscaped(b, pic.Alt)
	b.WriteString(`"`)
	if pic.Lazy {
		b.WriteString(` loading="lazy"`)
	} else {
		b.WriteString(` fetchpriority="high"`)
	}
	b.WriteString(" decoding=\"async\">\n")
	if pic.Caption != "" {
		b.WriteString(`<figcaption>`)
		writeEscaped(b, pic.Caption)
		b.WriteString("</figcaption>\n</figure>")
	} else {
		b.WriteString("</div>")
	}
}

// writeSrcsetAttr writes a srcset as html/template does in a quoted
// attribute: each comma-separated candidate's URL filtered and normalized
// when it is safe and its descriptor only spaces and letters or digits,
// "#ZgotmplZ" otherwise.
func writeSrcsetAttr(b *bytes.Buffer, s string) {
	left := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] != ',' {
			continue
		}
		writeSrcsetElement(b, s[left:i])
		if i < len(s) {
			b.WriteByte(',')
		}
		left = i + 1
	}
}

func writeSrcsetElement(b *bytes.Buffer, e string) {
	start := 0
	for start < len(e) && htmlSpace(e[start]) {
		start++
	}
	end := len(e)
	for i := start; i < len(e); i++ {
		if htmlSpace(e[i]) {
			end = i
			break
		}
	}
	if url := e[start:end]; safeURL(url) {
		ok := true
		for i := end; i < len(e); i++ {
			c := e[i]
			if !(htmlSpace(c) || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
				ok = false
				break
			}
		}
		if ok {
			writeEscaped(b, e[:start])
			writeURLAttr(b, url)
			writeEscaped(b, e[end:])
			return
		}
	}
	b.WriteString("#ZgotmplZ")
}

// htmlSpace is ASCII whitespace as HTML defines it: tab, newline, form
// feed, carriage return, space.
func htmlSpace(c byte) bool {
	return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' '
}

// bylineHTML writes b as the embedded "byline" template does: the writers
// after "By", then editors and photographers with their role, each group a
// list of linked names.
func bylineHTML(l Localizer, b Byline) template.HTML {
	if len(b.Writers) == 0 && len(b.Editors) == 0 && len(b.Photographers) == 0 {
		return ""
	}
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer putRenderBuffer(buf)
	writeByline(buf, l, b)
	return template.HTML(buf.String())
}

// writeByline is bylineHTML into buf.
func writeByline(buf *bytes.Buffer, l Localizer, b Byline) {
	p := l.Printer()
	group := func(open, label string, people []Person, rel string) {
		if len(people) == 0 {
			return
		}
		buf.WriteString(open)
		writeEscaped(buf, p.T(label))
		buf.WriteByte(' ')
		for i, person := range people {
			writeEscaped(buf, p.ListSep(i, len(people)))
			buf.WriteString(`<a href="`)
			writeURLAttr(buf, person.URL)
			buf.WriteString(`"` + rel + `>`)
			writeEscaped(buf, person.Name)
			buf.WriteString(`</a>`)
		}
		buf.WriteString(`</span>`)
	}
	group(`<span class="byline-writers">`, "byline.by", b.Writers, ` rel="author"`)
	group(` <span class="byline-role">`, "byline.editor", b.Editors, "")
	group(` <span class="byline-role">`, "byline.photographer", b.Photographers, "")
}

// termLinks writes a's categories and tags as the embedded "terms"
// template does: categories separated by commas, tags each followed by a
// space.
func termLinks(l Localizer, a *model.Article) template.HTML {
	if len(a.Categories) == 0 && len(a.Tags) == 0 {
		return ""
	}
	b := renderBuffers.Get().(*bytes.Buffer)
	defer putRenderBuffer(b)
	writeTermLinks(b, l, a)
	return template.HTML(b.String())
}

// writeTermLinks is termLinks into b.
func writeTermLinks(b *bytes.Buffer, l Localizer, a *model.Article) {
	p := l.Printer()
	if len(a.Categories) > 0 {
		b.WriteString(`<p class="terms"><span class="terms-label">`)
		writeEscaped(b, p.T("article.categories"))
		b.WriteString(`:</span> `)
		for i, c := range a.Categories {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(`<a href="`)
			writeURLAttr(b, c.Path())
			b.WriteString(`">`)
			writeEscaped(b, c.Name)
			b.WriteString(`</a>`)
		}
		b.WriteString("</p>\n")
	}
	if len(a.Tags) > 0 {
		b.WriteString(`<p class="terms terms-tags"><span class="terms-label">`)
		writeEscaped(b, p.T("article.tags"))
		b.WriteString(`:</span> `)
		for _, t := range a.Tags {
			b.WriteString(`<a href="`)
			writeURLAttr(b, t.Path())
			b.WriteString(`" rel="tag">`)
			writeEscaped(b, t.Name)
			b.WriteString(`</a> `)
		}
		b.WriteString("</p>\n")
	}
}

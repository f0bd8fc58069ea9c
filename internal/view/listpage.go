package view

import (
	"bytes"
	"html/template"
	"time"
)

// ListPage is what list.html shows: the front page or an archive, a list
// of articles with pagination under an optional header naming the
// archive. A page's data embeds it beside its Layout.
type ListPage struct {
	Heading    string // the archive's h1; empty on the front page, whose h1 is the site title
	Intro      string // a term's description or an author's bio, plain text
	Total      int
	Items      []ListItem
	Pagination Pagination
}

// listPage returns p; see Layout.pageLayout.
func (p *ListPage) listPage() *ListPage { return p }

// listData is a list page's data as its writer reads it.
type listData interface {
	layoutPage
	listPage() *ListPage
}

// writeListMain writes list.html's "main", each card as the embedded
// "card" template does while the theme keeps it.
func writeListMain(e *Engine, b *bytes.Buffer, t *template.Template, data any) (bool, error) {
	d, ok := data.(listData)
	if !ok {
		return false, nil
	}
	lp, p := d.listPage(), d.Printer()
	pageOf := func() {
		writeEscaped(b, p.T("archive.page_of", lp.Pagination.Current, lp.Pagination.Total))
	}
	if lp.Heading != "" {
		b.WriteString("<header class=\"archive-header\">\n<h1>")
		writeEscaped(b, lp.Heading)
		b.WriteString("</h1>\n")
		if lp.Intro != "" {
			b.WriteString(`<p class="archive-intro">`)
			writeEscaped(b, lp.Intro)
			b.WriteString("</p>\n")
		}
		b.WriteString(`<p class="archive-meta">`)
		writeEscaped(b, p.Plural("archive.count", lp.Total))
		if lp.Pagination.Current > 1 {
			b.WriteString(" · ")
			pageOf()
		}
		b.WriteString("</p>\n</header>\n")
	} else if lp.Pagination.Current > 1 {
		b.WriteString(`<p class="archive-meta">`)
		pageOf()
		b.WriteString("</p>\n")
	}
	if len(lp.Items) > 0 {
		b.WriteString("<ul class=\"card-list\">\n")
		cw := cardWriter{e: e, b: b, t: t, l: d}
		for i := range lp.Items {
			b.WriteString("<li>")
			if err := cw.card(&lp.Items[i]); err != nil {
				return true, err
			}
			b.WriteString("</li>\n")
		}
		b.WriteString("</ul>\n")
	} else {
		b.WriteString(`<p class="empty">`)
		writeEscaped(b, p.T("list.empty"))
		b.WriteString("</p>\n")
	}
	if e.builtin["pagination"] {
		writePagination(b, p, lp.Pagination)
	} else if err := t.ExecuteTemplate(b, "pagination", Args{L: d, V: lp.Pagination}); err != nil {
		return true, err
	}
	b.WriteString("\n")
	return true, nil
}

// cardWriter writes the cards of a list, looking up the words every card
// repeats once.
type cardWriter struct {
	e                *Engine
	b                *bytes.Buffer
	t                *template.Template
	l                Localizer
	sticky, readMore string
	looked           bool
}

// card writes it as the embedded "card" template does, or through the
// theme's "card" when it has its own.
func (w *cardWriter) card(it *ListItem) error {
	if !w.e.builtin["card"] {
		return w.t.ExecuteTemplate(w.b, "card", Args{L: w.l, V: *it})
	}
	b, p := w.b, w.l.Printer()
	if !w.looked {
		w.sticky, w.readMore, w.looked = p.T("list.sticky"), p.T("list.read_more"), true
	}
	uiLang := func() {
		if it.UILang != "" {
			b.WriteString(` lang="`)
			writeEscaped(b, it.UILang)
			b.WriteString(`"`)
		}
	}
	b.WriteString(`<article class="card`)
	if it.Image != nil {
		b.WriteString(` card-has-image`)
	}
	if it.Sticky {
		b.WriteString(` card-sticky`)
	}
	b.WriteString(`" lang="`)
	writeEscaped(b, it.ArticleLang)
	b.WriteString("\">\n")
	if it.Image != nil {
		if w.e.builtin["picture"] {
			writePicture(b, it.Image)
		} else if err := w.t.ExecuteTemplate(b, "picture", Args{L: w.l, V: it.Image}); err != nil {
			return err
		}
	}
	b.WriteString("\n<div class=\"card-text\">\n")
	if it.Sticky {
		b.WriteString(`<p class="card-flag"`)
		uiLang()
		b.WriteString(`>`)
		writeEscaped(b, w.sticky)
		b.WriteString("</p>\n")
	}
	b.WriteString(`<h2 class="card-title"><a href="`)
	writeURLAttr(b, it.URL)
	b.WriteString(`">`)
	writeEscaped(b, it.Title)
	b.WriteString("</a></h2>\n<p class=\"card-meta\"")
	uiLang()
	b.WriteString(`>`)
	if w.e.builtin["byline"] {
		writeByline(b, w.l, it.Byline)
	} else if err := w.t.ExecuteTemplate(b, "byline", Args{L: w.l, V: it.Byline}); err != nil {
		return err
	}
	var ts [64]byte
	b.WriteString(` <span class="sep" aria-hidden="true">·</span> <time datetime="`)
	writeEscapedBytes(b, it.PublishedAt.UTC().AppendFormat(ts[:0], time.RFC3339))
	b.WriteString(`">`)
	writeEscaped(b, p.Date(it.PublishedAt, w.l.Location()))
	b.WriteString(`</time> <span class="sep" aria-hidden="true">·</span> <a href="`)
	writeURLAttr(b, it.URL)
	b.WriteString(`#comments">`)
	writeEscaped(b, p.Plural("comments.count", it.CommentCount))
	b.WriteString("</a></p>\n")
	if it.Excerpt != "" {
		b.WriteString(`<p class="card-excerpt">`)
		writeEscaped(b, it.Excerpt)
		b.WriteString("</p>\n")
	}
	b.WriteString(`<p class="card-more"`)
	uiLang()
	b.WriteString(`><a href="`)
	writeURLAttr(b, it.URL)
	b.WriteString(`">`)
	writeEscaped(b, w.readMore)
	b.WriteString(`<span class="visually-hidden">: `)
	writeEscaped(b, it.Title)
	b.WriteString("</span></a></p>\n</div>\n</article>")
	return nil
}

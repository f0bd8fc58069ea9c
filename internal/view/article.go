package view

import (
	"bytes"
	"html/template"
	"strconv"
	"time"

	"warta/internal/locale"
	"warta/internal/model"
)

// ArticlePage is what article.html and page.html show of an article (or a
// page: IsPage) with its comments. A page's data embeds it beside its
// Layout.
type ArticlePage struct {
	Article      *model.Article
	URL          string
	ArticleLang  string
	UILang       string
	Kicker       *model.Term // the first category, above the headline
	Byline       Byline
	Image        *Picture
	Updated      bool // modified noticeably after publication
	Protected    bool // password protected: body, embeds and comments withheld
	IsPage       bool
	Related      []ListItem
	Translations []ListItem // the same story in other languages
	Comments     []*Comment // approved (and the reader's own pending ones), threaded, this comment page's threads
	CommentCount int        // approved
	CommentsOpen bool
	CommentPages Pagination
	Awaiting     bool // a comment of this reader's was held for moderation
	Form         CommentForm
}

// articlePage returns a; see Layout.pageLayout.
func (a *ArticlePage) articlePage() *ArticlePage { return a }

// articleData is an article page's data as its writers read it.
type articleData interface {
	layoutPage
	articlePage() *ArticlePage
}

// Pagination is the list of page links under a list or a thread.
type Pagination struct {
	Current int
	Total   int // pages
	Prev    string
	Next    string
	Links   []PageLink
}

// PageLink is one numbered link, or a gap between them.
type PageLink struct {
	N       int
	URL     string
	Current bool
	Gap     bool
}

// articleWriter writes an article page's parts, each by its Go writer
// while the theme's shared template is the embedded one and by the
// theme's template otherwise.
type articleWriter struct {
	e    *Engine
	b    *bytes.Buffer
	t    *template.Template // the page's templates
	data any                // the page, as the templates get it ($)
	l    Localizer
	p    *locale.Printer
	a    *ArticlePage
}

func newArticleWriter(e *Engine, b *bytes.Buffer, t *template.Template, data any) (articleWriter, bool) {
	d, ok := data.(articleData)
	if !ok {
		return articleWriter{}, false
	}
	return articleWriter{e: e, b: b, t: t, data: data, l: d, p: d.Printer(), a: d.articlePage()}, true
}

// writeArticleMain writes article.html's "main".
func writeArticleMain(e *Engine, b *bytes.Buffer, t *template.Template, data any) (bool, error) {
	w, ok := newArticleWriter(e, b, t, data)
	if !ok {
		return false, nil
	}
	a, art := w.a, w.a.Article
	b.WriteString(`<article class="article" lang="`)
	writeEscaped(b, a.ArticleLang)
	b.WriteString("\">\n<header class=\"article-header\">\n")
	if k := a.Kicker; k != nil {
		b.WriteString(`<p class="kicker"`)
		w.uiLang()
		b.WriteString(`><a href="`)
		writeURLAttr(b, k.Path())
		b.WriteString(`">`)
		writeEscaped(b, k.Name)
		b.WriteString("</a></p>\n")
	}
	b.WriteString(`<h1 class="article-title">`)
	writeEscaped(b, art.Title)
	b.WriteString("</h1>\n<div class=\"article-meta\"")
	w.uiLang()
	b.WriteString(">\n<p class=\"byline\">")
	if w.e.builtin["byline"] {
		writeByline(b, w.l, a.Byline)
	} else if err := w.partial("byline", Args{L: w.l, V: a.Byline}); err != nil {
		return true, err
	}
	b.WriteString("</p>\n<p class=\"dateline\">")
	w.text("article.published")
	b.WriteByte(' ')
	w.time(art.PublishedAt)
	if a.Updated {
		b.WriteString(`<span class="updated"> · `)
		w.text("article.updated")
		b.WriteByte(' ')
		w.time(art.ModifiedAt)
		b.WriteString(`</span>`)
	}
	b.WriteString("</p>\n</div>\n")
	w.translations()
	b.WriteString("</header>\n")
	if err := w.body(true); err != nil {
		return true, err
	}
	if len(art.Categories) > 0 || len(art.Tags) > 0 {
		b.WriteString(`<footer class="article-footer"`)
		w.uiLang()
		b.WriteString(">\n")
		if w.e.builtin["terms"] {
			writeTermLinks(b, w.l, art)
		} else if err := w.partial("terms", Args{L: w.l, V: art}); err != nil {
			return true, err
		}
		b.WriteString("</footer>\n")
	}
	b.WriteString("</article>\n")
	if len(a.Related) > 0 {
		if w.e.builtin["related"] {
			writeRelatedList(b, w.l, a.Related)
		} else if err := w.partial("related", Args{L: w.l, V: a.Related}); err != nil {
			return true, err
		}
	}
	return true, w.comments()
}

// writePageMain writes page.html's "main".
func writePageMain(e *Engine, b *bytes.Buffer, t *template.Template, data any) (bool, error) {
	w, ok := newArticleWriter(e, b, t, data)
	if !ok {
		return false, nil
	}
	b.WriteString(`<article class="article article-page" lang="`)
	writeEscaped(b, w.a.ArticleLang)
	b.WriteString("\">\n<header class=\"article-header\">\n<h1 class=\"article-title\">")
	writeEscaped(b, w.a.Article.Title)
	b.WriteString("</h1>\n")
	w.translations()
	b.WriteString("</header>\n")
	if err := w.body(false); err != nil {
		return true, err
	}
	b.WriteString("</article>\n")
	return true, w.comments()
}

// partial executes the page's shared template name with data, as the
// page's template would call it.
func (w *articleWriter) partial(name string, data any) error {
	return w.t.ExecuteTemplate(w.b, name, data)
}

// text writes the translation of key.
func (w *articleWriter) text(key string) { writeEscaped(w.b, w.p.T(key)) }

// uiLang writes the lang attribute of the theme's words around an article
// in another language than the site's.
func (w *articleWriter) uiLang() {
	if w.a.UILang != "" {
		w.b.WriteString(` lang="`)
		writeEscaped(w.b, w.a.UILang)
		w.b.WriteString(`"`)
	}
}

// time writes a <time> element of t in the site's zone and language.
func (w *articleWriter) time(t time.Time) {
	var ts [64]byte
	w.b.WriteString(`<time datetime="`)
	writeEscapedBytes(w.b, t.UTC().AppendFormat(ts[:0], time.RFC3339))
	w.b.WriteString(`">`)
	writeEscapedBytes(w.b, w.p.AppendDateTime(ts[:0], t, w.l.Location()))
	w.b.WriteString(`</time>`)
}

// translations writes the links to the article in other languages.
func (w *articleWriter) translations() {
	b, list := w.b, w.a.Translations
	if len(list) == 0 {
		return
	}
	b.WriteString(`<p class="translations"`)
	w.uiLang()
	b.WriteString(`>`)
	w.text("article.translations")
	b.WriteByte(' ')
	for i := range list {
		t := &list[i]
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(`<a href="`)
		writeURLAttr(b, t.URL)
		b.WriteString(`" hreflang="`)
		writeEscaped(b, t.ArticleLang)
		b.WriteString(`" lang="`)
		writeEscaped(b, t.ArticleLang)
		b.WriteString(`">`)
		writeEscaped(b, t.Title)
		b.WriteString(`</a>`)
	}
	b.WriteString("</p>\n")
}

// body writes the protected notice, or the featured image, the body, the
// video cards and (with source) the attribution.
func (w *articleWriter) body(source bool) error {
	b, a, art := w.b, w.a, w.a.Article
	if a.Protected {
		b.WriteString(`<p class="notice"`)
		w.uiLang()
		b.WriteString(`>`)
		w.text("article.protected")
		b.WriteString("</p>\n")
		return nil
	}
	if a.Image != nil {
		if w.e.builtin["picture"] {
			writePicture(b, a.Image)
		} else if err := w.partial("picture", Args{L: w.l, V: a.Image}); err != nil {
			return err
		}
		b.WriteString("\n")
	}
	b.WriteString("<div class=\"article-body\">\n")
	b.WriteString(string(art.BodyHTML))
	b.WriteString("\n</div>\n")
	for i := range art.Embeds {
		if w.e.builtin["video"] {
			w.video(&art.Embeds[i])
		} else if err := w.partial("video", Args{L: w.l, V: art.Embeds[i]}); err != nil {
			return err
		}
		b.WriteString("\n")
	}
	if source && art.SourceName != "" {
		b.WriteString(`<p class="source"><span`)
		w.uiLang()
		b.WriteString(`>`)
		w.text("article.source")
		b.WriteString(`</span> `)
		if art.SourceURL != "" {
			b.WriteString(`<a href="`)
			writeURLAttr(b, art.SourceURL)
			b.WriteString(`">`)
			writeEscaped(b, art.SourceName)
			b.WriteString(`</a>`)
		} else {
			writeEscaped(b, art.SourceName)
		}
		b.WriteString("</p>\n")
	}
	return nil
}

// video writes v as the embedded "video" template does: a card that loads
// the player only when clicked.
func (w *articleWriter) video(v *model.Embed) {
	b := w.b
	b.WriteString("<figure class=\"video-card\">\n<a class=\"video-card-link\" href=\"")
	writeURLAttr(b, v.URL)
	b.WriteString(`" data-embed="`)
	writeEscaped(b, v.EmbedURL)
	b.WriteString(`" data-title="`)
	writeEscaped(b, v.Title)
	b.WriteString("\">\n")
	if v.PosterURL != "" {
		b.WriteString(`<img class="video-card-poster" src="`)
		writeURLAttr(b, v.PosterURL)
		b.WriteString(`" alt="`)
		writeEscaped(b, w.p.T("video.poster_alt", v.Title))
		b.WriteString("\" width=\"640\" height=\"360\" loading=\"lazy\" decoding=\"async\">\n")
	}
	b.WriteString(`<span class="video-card-play">`)
	w.text("video.play")
	b.WriteString("</span>\n</a>\n<figcaption class=\"video-card-caption\"><span class=\"video-card-title\">")
	writeEscaped(b, v.Title)
	b.WriteString(`</span>`)
	if v.Duration != 0 {
		b.WriteString(` <time class="video-card-duration" datetime="`)
		writeEscaped(b, locale.ISODuration(v.Duration))
		b.WriteString(`">`)
		writeEscaped(b, locale.Duration(v.Duration))
		b.WriteString(`</time>`)
	}
	b.WriteString("</figcaption>\n</figure>")
}

// comments writes the embedded "comments" template: the thread, its
// pages, and the reply form.
func (w *articleWriter) comments() error {
	if !w.e.builtin["comments"] {
		return w.partial("comments", w.data)
	}
	b, a := w.b, w.a
	// A failed submission on a closed thread keeps the form, so the reader
	// keeps their text and reads why.
	if len(a.Comments) == 0 && !a.CommentsOpen && a.IsPage && len(a.Form.Errors) == 0 {
		return nil
	}
	b.WriteString("<section id=\"comments\" class=\"comments\" aria-labelledby=\"comments-title\">\n<h2 id=\"comments-title\">")
	writeEscaped(b, w.p.Plural("comments.count", a.CommentCount))
	b.WriteString("</h2>\n")
	if a.Awaiting {
		b.WriteString(`<p class="notice comment-notice" role="status">`)
		w.text("comments.awaiting")
		b.WriteString("</p>\n")
	}
	if len(a.Comments) > 0 {
		b.WriteString("<ol class=\"comment-list\">\n")
		if w.e.builtin["comment"] {
			writeCommentThread(b, w.l, a.Comments)
		} else {
			for _, c := range a.Comments {
				if err := w.partial("comment", Args{L: w.l, V: c}); err != nil {
					return err
				}
			}
		}
		b.WriteString("</ol>\n")
	}
	if w.e.builtin["pagination"] {
		writePagination(b, w.p, a.CommentPages)
	} else if err := w.partial("pagination", Args{L: w.l, V: a.CommentPages}); err != nil {
		return err
	}
	if !a.CommentsOpen {
		b.WriteString(`<p class="comments-closed">`)
		w.text("comments.closed")
		b.WriteString("</p>\n")
	}
	if a.CommentsOpen || len(a.Form.Errors) > 0 {
		if w.e.builtin["respond"] {
			writeRespondForm(b, w.l, a.URL, a.Form)
		} else if err := w.partial("respond", w.data); err != nil {
			return err
		}
	}
	b.WriteString("</section>")
	return nil
}

// writePagination writes pg as the embedded "pagination" template does:
// nothing for a single page.
func writePagination(b *bytes.Buffer, p *locale.Printer, pg Pagination) {
	if pg.Total <= 1 {
		return
	}
	b.WriteString(`<nav class="pagination" aria-label="`)
	writeEscaped(b, p.T("pagination.label"))
	b.WriteString("\">\n<ul>\n")
	if pg.Prev != "" {
		b.WriteString(`<li><a href="`)
		writeURLAttr(b, pg.Prev)
		b.WriteString(`" rel="prev">`)
		writeEscaped(b, p.T("pagination.prev"))
		b.WriteString("</a></li>\n")
	}
	var num [20]byte
	for _, l := range pg.Links {
		switch {
		case l.Gap:
			b.WriteString(`<li><span class="pagination-gap">`)
			writeEscaped(b, p.T("pagination.gap"))
			b.WriteString("</span></li>\n")
		case l.Current:
			b.WriteString(`<li><a href="`)
			writeURLAttr(b, l.URL)
			b.WriteString(`" aria-current="page" aria-label="`)
			writeEscaped(b, p.T("pagination.current", l.N))
			b.WriteString(`">`)
			b.Write(strconv.AppendInt(num[:0], int64(l.N), 10))
			b.WriteString("</a></li>\n")
		default:
			b.WriteString(`<li><a href="`)
			writeURLAttr(b, l.URL)
			b.WriteString(`" aria-label="`)
			writeEscaped(b, p.T("pagination.page", l.N))
			b.WriteString(`">`)
			b.Write(strconv.AppendInt(num[:0], int64(l.N), 10))
			b.WriteString("</a></li>\n")
		}
	}
	if pg.Next != "" {
		b.WriteString(`<li><a href="`)
		writeURLAttr(b, pg.Next)
		b.WriteString(`" rel="next">`)
		writeEscaped(b, p.T("pagination.next"))
		b.WriteString("</a></li>\n")
	}
	b.WriteString("</ul>\n</nav>")
}

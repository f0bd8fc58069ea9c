package view

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"reflect"
	"strconv"
	"time"

	"warta/internal/model"
)

// Layout is what layout.html shows around every page's main part: the
// head's title, links and metadata, the header with the navigation, the
// footer. A page's data embeds it (through its own struct), so templates
// reach its fields at the top level.
type Layout struct {
	Site        model.Settings
	Lang        string // the site's language: <html lang>
	Title       string // the document title before the site's name; "" on the front page
	Description string
	Canonical   string // absolute when the site has a base URL
	BaseURL     string
	Path        string // the page's own path, to mark the current navigation link
	IsFront     bool   // the site title is the page's h1
	NoIndex     bool
	Nav         []NavItem
	Year        int
	Feeds       []FeedLink // <link rel="alternate"> in the head, most specific first
	Meta        Meta
}

// pageLayout returns l. Being unexported, it is in the method set only of
// types that embed a Layout, which is how the page writer knows the data
// it was given is a page it can draw.
func (l *Layout) pageLayout() *Layout { return l }

// layoutPage is a page's data as the layout writer reads it: the Layout it
// embeds and the page itself as the Localizer, as templates pass $.
type layoutPage interface {
	Localizer
	pageLayout() *Layout
}

// NavItem is one link of the main navigation.
type NavItem struct {
	Label string
	URL   string
}

// FeedLink is a feed the page announces to feed readers.
type FeedLink struct {
	Kind  string // "rss", "atom" or "json"
	Title string
	Href  string
}

// Meta is what a page tells search engines and link previews beyond its
// title, description and canonical URL: OpenGraph and Twitter card tags,
// links to its translations and neighbouring pages, and JSON-LD.
type Meta struct {
	OGType    string // "website", "article" or "profile"
	Locale    string // OpenGraph's form of the page's language: id_ID, en_US
	Image     *MetaImage
	Published time.Time // articles
	Modified  time.Time
	Section   string
	Tags      []string
	Hreflang  []Hreflang
	Prev      string // absolute URLs of the neighbouring pages of a list
	Next      string
	JSONLD    any // marshalled into <script type="application/ld+json"> as html/template does
}

// MetaImage is the image a link preview shows.
type MetaImage struct {
	URL    string
	Alt    string
	Width  int
	Height int
}

// Hreflang is one translation of the page, the page itself included.
type Hreflang struct {
	Lang string
	Href string
}

// pageWriters says, for one page, which of its templates are the embedded
// theme's and so drawn by Go writers: the layout (a "head" the page
// defines is still executed inside it), and the page's "main" (nil: the
// page's own template, executed inside the written layout).
type pageWriters struct {
	layout bool
	head   bool // the page defines a "head" of its own, executed inside the written head
	main   mainWriter
	static [3]string // the hashed paths of warta.css, favicon.svg, warta.js
}

// A mainWriter writes a page's "main" as the embedded page's template
// does; t is the page's template set, for the shared templates a theme
// overrides. It reports false, having written nothing, when data is not
// the page's data.
type mainWriter func(e *Engine, b *bytes.Buffer, t *template.Template, data any) (bool, error)

// mainWriters are the Go writers of the embedded pages' "main" templates.
var mainWriters = map[string]mainWriter{
	"article.html": writeArticleMain,
	"page.html":    writePageMain,
	"list.html":    writeListMain,
}

// pageWritersFor decides, page by page, which templates the Go writers may
// stand in for: those whose parse trees are the embedded theme's, as
// builtins does for the shared ones. A theme that overrides layout.html
// or a page keeps its own template for it.
func (e *Engine) pageWritersFor() (map[string]pageWriters, error) {
	ref := map[string]string{} // "layout", "article.html", … → embedded tree
	layoutSrc, err := fs.ReadFile(embedded, "theme/templates/"+layoutFile)
	if err != nil {
		return nil, err
	}
	lt, err := template.New("ref").Funcs(e.funcs()).Parse(string(layoutSrc))
	if err != nil {
		return nil, err
	}
	ref["layout"] = lt.Lookup("layout").Tree.Root.String()
	for name := range mainWriters {
		src, err := fs.ReadFile(embedded, "theme/templates/"+name)
		if err != nil {
			return nil, err
		}
		mt, err := template.New("ref").Funcs(e.funcs()).Parse(string(src))
		if err != nil {
			return nil, err
		}
		ref[name] = mt.Lookup("main").Tree.Root.String()
	}
	var static [3]string
	for i, name := range []string{"warta.css", "favicon.svg", "warta.js"} {
		if static[i], err = e.StaticPath(name); err != nil {
			return map[string]pageWriters{}, nil // no layout writer without its assets
		}
	}
	writers := map[string]pageWriters{}
	for name, t := range e.pages {
		w := pageWriters{static: static}
		if l := t.Lookup("layout"); l != nil && l.Tree != nil && l.Tree.Root.String() == ref["layout"] {
			w.layout = true
			h := t.Lookup("head")
			w.head = h != nil && h.Tree != nil && h.Tree.Root.String() != ""
		}
		if m := t.Lookup("main"); w.layout && m != nil && m.Tree != nil && ref[name] != "" && m.Tree.Root.String() == ref[name] {
			w.main = mainWriters[name]
		}
		writers[name] = w
	}
	return writers, nil
}

// writePage writes a page through the layout writer, its "main" through
// the page's writer when it has one and its template otherwise; executed
// on its own, a template starts in the same (text) context as inside
// <main>, so it writes the same bytes. It reports false, having written
// nothing, when data is not a page it can draw.
func (e *Engine) writePage(b *bytes.Buffer, t *template.Template, w pageWriters, data any) (bool, error) {
	p, ok := data.(layoutPage)
	if !ok {
		return false, nil
	}
	l := p.pageLayout()
	var ld []byte
	if shown, _ := template.IsTrue(l.Meta.JSONLD); shown {
		if ld, ok = scriptJSON(l.Meta.JSONLD); !ok {
			return false, nil
		}
	}
	e.writeHead(b, p, l, &w, ld)
	if w.head {
		if err := t.ExecuteTemplate(b, "head", data); err != nil {
			return true, err
		}
	}
	writeHeader(b, p, l)
	drawn := false
	if w.main != nil {
		var err error
		if drawn, err = w.main(e, b, t, data); err != nil {
			return true, err
		}
	}
	if !drawn {
		if err := t.ExecuteTemplate(b, "main", data); err != nil {
			return true, err
		}
	}
	b.WriteString("\n</main>\n<footer class=\"site-footer\">\n<div class=\"wrap\">\n<p>© ")
	var num [20]byte
	b.Write(strconv.AppendInt(num[:0], int64(l.Year), 10))
	b.WriteByte(' ')
	writeEscaped(b, l.Site.Title)
	b.WriteString(" · ")
	writeEscaped(b, p.Printer().T("footer.powered"))
	b.WriteString("</p>\n</div>\n</footer>\n</body>\n</html>\n")
	return true, nil
}

// writeHead writes layout.html from the doctype to the stylesheet and
// script links, as the template does; ld is the JSON-LD (scriptJSON), nil
// for none.
func (e *Engine) writeHead(b *bytes.Buffer, p layoutPage, l *Layout, w *pageWriters, ld []byte) {
	m := &l.Meta
	b.WriteString("<!DOCTYPE html>\n<html lang=\"")
	writeEscaped(b, l.Lang)
	b.WriteString("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
	if l.Title != "" {
		writeEscaped(b, l.Title)
		b.WriteString(" – ")
		writeEscaped(b, l.Site.Title)
	} else {
		writeEscaped(b, l.Site.Title)
		if l.Site.Tagline != "" {
			b.WriteString(" – ")
			writeEscaped(b, l.Site.Tagline)
		}
	}
	b.WriteString("</title>\n")
	metaTag := func(open, value string) {
		b.WriteString(open)
		writeEscaped(b, value)
		b.WriteString("\">\n")
	}
	link := func(open, href string) {
		b.WriteString(open)
		writeURLAttr(b, href)
		b.WriteString("\">\n")
	}
	if l.Description != "" {
		metaTag(`<meta name="description" content="`, l.Description)
	}
	if l.Canonical != "" {
		link(`<link rel="canonical" href="`, l.Canonical)
	}
	for _, f := range l.Feeds {
		b.WriteString(`<link rel="alternate" type="`)
		switch f.Kind {
		case "json":
			b.WriteString("application/feed+json")
		case "atom":
			b.WriteString("application/atom+xml")
		default:
			b.WriteString("application/rss+xml")
		}
		b.WriteString(`" title="`)
		writeEscaped(b, f.Title)
		link(`" href="`, f.Href)
	}
	for _, h := range m.Hreflang {
		b.WriteString(`<link rel="alternate" hreflang="`)
		writeEscaped(b, h.Lang)
		link(`" href="`, h.Href)
	}
	if m.Prev != "" {
		link(`<link rel="prev" href="`, m.Prev)
	}
	if m.Next != "" {
		link(`<link rel="next" href="`, m.Next)
	}
	if l.NoIndex {
		b.WriteString("<meta name=\"robots\" content=\"noindex\">\n")
	}
	title := l.Title
	if title == "" {
		title = l.Site.Title
	}
	metaTag(`<meta property="og:site_name" content="`, l.Site.Title)
	metaTag(`<meta property="og:locale" content="`, m.Locale)
	metaTag(`<meta property="og:type" content="`, m.OGType)
	metaTag(`<meta property="og:title" content="`, title)
	if l.Description != "" {
		metaTag(`<meta property="og:description" content="`, l.Description)
	}
	if l.Canonical != "" {
		// A meta content attribute is not a URL to html/template: only escaped.
		metaTag(`<meta property="og:url" content="`, l.Canonical)
	}
	var num [20]byte
	if img := m.Image; img != nil {
		metaTag(`<meta property="og:image" content="`, img.URL)
		if img.Width != 0 {
			b.WriteString(`<meta property="og:image:width" content="`)
			b.Write(strconv.AppendInt(num[:0], int64(img.Width), 10))
			b.WriteString("\">\n<meta property=\"og:image:height\" content=\"")
			b.Write(strconv.AppendInt(num[:0], int64(img.Height), 10))
			b.WriteString("\">\n")
		}
		if img.Alt != "" {
			metaTag(`<meta property="og:image:alt" content="`, img.Alt)
		}
	}
	if m.OGType == "article" {
		var ts [64]byte
		b.WriteString(`<meta property="article:published_time" content="`)
		writeEscapedBytes(b, m.Published.UTC().AppendFormat(ts[:0], time.RFC3339))
		b.WriteString("\">\n<meta property=\"article:modified_time\" content=\"")
		writeEscapedBytes(b, m.Modified.UTC().AppendFormat(ts[:0], time.RFC3339))
		b.WriteString("\">\n")
		if m.Section != "" {
			metaTag(`<meta property="article:section" content="`, m.Section)
		}
		for _, tag := range m.Tags {
			metaTag(`<meta property="article:tag" content="`, tag)
		}
	}
	if m.Image != nil {
		b.WriteString("<meta name=\"twitter:card\" content=\"summary_large_image\">\n")
	} else {
		b.WriteString("<meta name=\"twitter:card\" content=\"summary\">\n")
	}
	metaTag(`<meta name="twitter:title" content="`, title)
	if l.Description != "" {
		metaTag(`<meta name="twitter:description" content="`, l.Description)
	}
	if img := m.Image; img != nil {
		metaTag(`<meta name="twitter:image" content="`, img.URL)
		if img.Alt != "" {
			metaTag(`<meta name="twitter:image:alt" content="`, img.Alt)
		}
	}
	if ld != nil {
		b.WriteString(`<script type="application/ld+json">`)
		b.Write(ld)
		b.WriteString("</script>\n")
	}
	link(`<link rel="stylesheet" href="`, w.static[0])
	b.WriteString(`<link rel="icon" href="`)
	writeURLAttr(b, w.static[1])
	b.WriteString("\" type=\"image/svg+xml\">\n<script src=\"")
	writeURLAttr(b, w.static[2])
	b.WriteString("\" defer></script>\n")
}

// writeHeader writes layout.html from the end of the head to the opening
// of <main>: the skip link, the site's name and the navigation.
func writeHeader(b *bytes.Buffer, p layoutPage, l *Layout) {
	pr := p.Printer()
	b.WriteString("</head>\n<body>\n<a class=\"skip-link\" href=\"#main\">")
	writeEscaped(b, pr.T("site.skip"))
	b.WriteString("</a>\n<header class=\"site-header\">\n<div class=\"site-brand wrap\">\n")
	if l.IsFront {
		b.WriteString(`<h1 class="site-title"><a href="/" rel="home">`)
		writeEscaped(b, l.Site.Title)
		b.WriteString(`</a></h1>`)
	} else {
		b.WriteString(`<p class="site-title"><a href="/" rel="home">`)
		writeEscaped(b, l.Site.Title)
		b.WriteString(`</a></p>`)
	}
	b.WriteString("\n")
	if l.Site.Tagline != "" {
		b.WriteString(`<p class="site-tagline">`)
		writeEscaped(b, l.Site.Tagline)
		b.WriteString(`</p>`)
	}
	b.WriteString("\n</div>\n<nav class=\"site-nav\" aria-label=\"")
	writeEscaped(b, pr.T("nav.label"))
	b.WriteString("\">\n<ul class=\"wrap\">\n<li><a href=\"/\"")
	current := func(on bool) {
		if on {
			b.WriteString(` aria-current="page"`)
		}
		b.WriteString(">")
	}
	current(l.Path == "/")
	writeEscaped(b, pr.T("site.home"))
	b.WriteString("</a></li>\n")
	for _, n := range l.Nav {
		b.WriteString(`<li><a href="`)
		writeURLAttr(b, n.URL)
		b.WriteString(`"`)
		current(n.URL == l.Path)
		writeEscaped(b, n.Label)
		b.WriteString("</a></li>\n")
	}
	b.WriteString(`<li><a href="/search"`)
	current(l.Path == "/search")
	writeEscaped(b, pr.T("search.title"))
	b.WriteString("</a></li>\n</ul>\n</nav>\n</header>\n<main id=\"main\" class=\"site-main wrap\" tabindex=\"-1\">\n")
}

// scriptJSON returns the bytes html/template writes for the page's JSON-LD v
// in its script: for a struct, map, slice or array (or a pointer to one,
// as web gives) that is neither a
// json.Marshaler, an encoding.TextMarshaler nor a fmt.Stringer, exactly
// what json.Marshal gives (an object or array, which needs no padding, and
// json.Marshal already escapes U+2028 and U+2029 as a script needs). Any
// other value, or one that fails to marshal, is not ok: the page is then
// left to the templates, whose escaper knows every case.
func scriptJSON(v any) ([]byte, bool) {
	// Pointers are followed to what they point at, as html/template does,
	// unless one is itself a json.Marshaler.
	for {
		rv := reflect.ValueOf(v)
		if _, m := v.(json.Marshaler); m || rv.Kind() != reflect.Pointer || rv.IsNil() {
			break
		}
		v = rv.Elem().Interface()
	}
	switch v.(type) {
	case json.Marshaler, encoding.TextMarshaler, fmt.Stringer:
		return nil, false
	}
	switch reflect.ValueOf(v).Kind() {
	case reflect.Struct, reflect.Map, reflect.Slice, reflect.Array:
	default:
		return nil, false
	}
	b, err := json.Marshal(v)
	if err != nil || len(b) == 0 || (b[0] != '{' && b[0] != '[') {
		return nil, false
	}
	return b, true
}

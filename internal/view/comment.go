package view

import (
	"bytes"
	"html/template"
	"strconv"
	"strings"
	"time"

	"warta/internal/locale"
)

// Comment is an approved comment as a page shows it, with its replies. It
// holds only what may be published: never the email, the IP or the user
// agent, so no template or writer can print them.
type Comment struct {
	ID         int64
	AuthorName string
	AuthorURL  string
	Content    template.HTML // sanitized when the comment was saved
	CreatedAt  time.Time
	ReplyURL   string // "?replytocom=N#respond"; empty when comments are closed
	Pending    bool   // the reader's own comment, awaiting moderation
	Children   []*Comment
}

// Holds reports whether c or one of its replies is the comment id.
func (c *Comment) Holds(id int64) bool {
	if c.ID == id {
		return true
	}
	for _, r := range c.Children {
		if r.Holds(id) {
			return true
		}
	}
	return false
}

// commentThread writes list as the theme's "comment" template would, one
// after the other, with their replies nested. A thread of thirty comments
// through the template costs hundreds of reflective calls and contextual
// escapes per page; this writer escapes each field once, as html/template
// escapes it in the same place (see TestCommentThreadMatchesTemplate and
// FuzzCommentThread, which hold the two to the same bytes).
func commentThread(l Localizer, list []*Comment) template.HTML {
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer putRenderBuffer(buf)
	writeCommentThread(buf, l, list)
	return template.HTML(buf.String())
}

// writeCommentThread is commentThread into b.
func writeCommentThread(b *bytes.Buffer, l Localizer, list []*Comment) {
	w := commentWriter{buf: b, p: l.Printer(), loc: l.Location()}
	for _, c := range list {
		w.comment(c)
	}
}

type commentWriter struct {
	buf *bytes.Buffer
	p   *locale.Printer
	loc *time.Location
	// The strings every comment of a page repeats, looked up once.
	awaiting, reply string
	// replyTo is "comments.reply_to" split around its one %s, so a
	// comment's label needs no fmt.Sprintf; split is false when the
	// message is not of that form.
	replyTo [2]string
	split   bool
	looked  bool
}

func (w *commentWriter) comment(c *Comment) {
	b := w.buf
	if !w.looked {
		p := w.p
		w.awaiting, w.reply = p.T("comments.awaiting"), p.T("comments.reply")
		if f := p.T("comments.reply_to"); strings.Count(f, "%") == 1 {
			w.replyTo[0], w.replyTo[1], w.split = strings.Cut(f, "%s")
		}
		w.looked = true
	}
	var num [20]byte
	id := strconv.AppendInt(num[:0], c.ID, 10)
	b.WriteString(`<li id="comment-`)
	b.Write(id)
	b.WriteString(`" class="comment`)
	if c.Pending {
		b.WriteString(` comment-pending`)
	}
	b.WriteString("\">\n<div class=\"comment-body\">\n<div class=\"comment-meta\">\n<p class=\"comment-author\">")
	if c.AuthorURL != "" {
		b.WriteString(`<a href="`)
		writeURLAttr(b, c.AuthorURL)
		b.WriteString(`" rel="ugc nofollow noopener">`)
		writeEscaped(b, c.AuthorName)
		b.WriteString(`</a>`)
	} else {
		writeEscaped(b, c.AuthorName)
	}
	b.WriteString("</p>\n<p class=\"comment-date\"><a href=\"#comment-")
	b.Write(id)
	b.WriteString(`"><time datetime="`)
	var ts [64]byte
	writeEscapedBytes(b, c.CreatedAt.UTC().AppendFormat(ts[:0], time.RFC3339))
	b.WriteString(`">`)
	writeEscapedBytes(b, w.p.AppendDateTime(ts[:0], c.CreatedAt, w.loc))
	b.WriteString("</time></a></p>\n</div>\n")
	if c.Pending {
		b.WriteString(`<p class="comment-awaiting">`)
		writeEscaped(b, w.awaiting)
		b.WriteString("</p>\n")
	}
	b.WriteString("<div class=\"comment-content\">\n")
	b.WriteString(string(c.Content))
	b.WriteString("\n</div>\n")
	if c.ReplyURL != "" {
		b.WriteString(`<p class="comment-reply"><a rel="nofollow" href="`)
		writeURLAttr(b, c.ReplyURL)
		b.WriteString(`" aria-label="`)
		if w.split {
			// What fmt.Sprintf gives for one string in place of %s.
			writeEscaped(b, w.replyTo[0])
			writeEscaped(b, c.AuthorName)
			writeEscaped(b, w.replyTo[1])
		} else {
			writeEscaped(b, w.p.T("comments.reply_to", c.AuthorName))
		}
		b.WriteString(`">`)
		writeEscaped(b, w.reply)
		b.WriteString("</a></p>\n")
	}
	b.WriteString("</div>\n")
	if len(c.Children) > 0 {
		b.WriteString("<ol class=\"children\">\n")
		for _, r := range c.Children {
			w.comment(r)
		}
		b.WriteString("</ol>\n")
	}
	b.WriteString("</li>\n")
}

// escapes is what html/template writes for a byte in text and in a quoted
// attribute value (its htmlReplacementTable); "" keeps the byte.
var escapes = [256]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// writeEscaped writes s escaped as html/template escapes a string in text
// or in a quoted attribute. Every byte it replaces is ASCII, so it works
// on bytes: a multi-byte rune, valid or not, passes unchanged, as there.
func writeEscaped(b *bytes.Buffer, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		if r := escapes[s[i]]; r != "" {
			b.WriteString(s[last:i])
			b.WriteString(r)
			last = i + 1
		}
	}
	b.WriteString(s[last:])
}

func writeEscapedBytes(b *bytes.Buffer, s []byte) {
	last := 0
	for i := 0; i < len(s); i++ {
		if r := escapes[s[i]]; r != "" {
			b.Write(s[last:i])
			b.WriteString(r)
			last = i + 1
		}
	}
	b.Write(s[last:])
}

// writeURLAttr writes s as html/template writes a whole URL in a quoted
// href: a scheme other than http, https or mailto becomes "#ZgotmplZ";
// bytes a URL may not hold are percent-encoded (the ones it may hold,
// and valid escapes, are kept); then "&" and "+" are escaped for the attribute.
func writeURLAttr(b *bytes.Buffer, s string) {
	if !safeURL(s) {
		b.WriteString("#ZgotmplZ")
		return
	}
	const hex = "0123456789abcdef"
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if urlKeep[c] {
			continue
		}
		// A valid escape is kept, but not one that ends the URL: html/template
		// looks for two bytes after it and one more (i+2 < len).
		if c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			continue
		}
		b.WriteString(s[last:i])
		switch c {
		case '&':
			b.WriteString("&amp;")
		case '+':
			b.WriteString("&#43;")
		default:
			b.Write([]byte{'%', hex[c>>4], hex[c&15]})
		}
		last = i + 1
	}
	b.WriteString(s[last:])
}

// urlKeep marks the bytes html/template's URL normalizer keeps as they are.
var urlKeep = func() (keep [256]bool) {
	for c := 'a'; c <= 'z'; c++ {
		keep[c] = true
	}
	for c := 'A'; c <= 'Z'; c++ {
		keep[c] = true
	}
	for c := '0'; c <= '9'; c++ {
		keep[c] = true
	}
	for _, c := range "!#$*,/:;=?@[]-._~" {
		keep[c] = true
	}
	return keep
}()

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// safeURL reports whether html/template lets s into a URL attribute: no
// scheme (a colon after a slash does not make one), or http, https, mailto.
func safeURL(s string) bool {
	protocol, _, ok := strings.Cut(s, ":")
	if !ok || strings.Contains(protocol, "/") {
		return true
	}
	return strings.EqualFold(protocol, "http") || strings.EqualFold(protocol, "https") || strings.EqualFold(protocol, "mailto")
}

// builtins returns which of the shared templates the Go writers stand
// for ("comment", "respond", "related", "picture", "byline", "terms",
// "video", "pagination", "comments", "card") every page still has as the embedded
// theme defines them; a theme that overrides one keeps its own template.
func (e *Engine) builtins(embeddedPartials []byte) (map[string]bool, error) {
	ref, err := template.New("ref").Funcs(e.funcs()).Parse(string(embeddedPartials))
	if err != nil {
		return nil, err
	}
	same := map[string]bool{}
	for _, name := range []string{"comment", "respond", "related", "picture", "byline", "terms", "video", "pagination", "comments", "card"} {
		want := ref.Lookup(name)
		if want == nil || want.Tree == nil {
			continue
		}
		same[name] = true
		for _, t := range e.pages {
			got := t.Lookup(name)
			if got == nil || got.Tree == nil || got.Tree.Root.String() != want.Tree.Root.String() {
				same[name] = false
			}
		}
	}
	// The related writer draws its images as "picture" does.
	same["related"] = same["related"] && same["picture"]
	return same, nil
}

package sanitize

import (
	"html/template"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The newsroom's editor stores three kinds of figure in a body; the theme
// renders each from its parts (Parts), so that the stored markup stays
// plain and portable (feeds, the REST API and exports carry it as it is)
// while the page gets srcset variants and click-to-load cards:
//
//	an image   <figure class="image"><img src alt width height><figcaption>caption <span class="credit">credit</span></figcaption></figure>
//	a gallery  <figure class="gallery"><figure class="image">…</figure>…<figcaption>…</figcaption></figure>
//	an embed   <figure class="embed" data-provider="x"><img src="/media/…" alt="">?<figcaption><a href="post">title</a> <span class="embed-author">author</span></figcaption></figure>
//
// An embed's link text is its title, or the URL itself when the writer
// typed none (the page then names the platform in the reader's language).

// Part is one piece of a sanitized body. HTML is always its markup as
// stored; at most one of Image, Gallery and Embed describes it further.
type Part struct {
	HTML    template.HTML
	Image   *Image
	Gallery *Gallery
	Embed   *Embed
}

// Image is a figure of one image, caption and credit included.
type Image struct {
	Class         string // the figure's classes, "image" from the editor
	Src, Alt      string
	Width, Height int           // 0 when the markup gives none
	Caption       template.HTML // the figcaption's content; "" when none
}

// Gallery is a figure of image figures with an optional caption of its own.
type Gallery struct {
	Images  []Image
	Caption template.HTML
}

// Embed is a card for a post on another platform.
type Embed struct {
	Provider string // one of the names the sanitizer lets through
	URL      string // the post, an http(s) URL (the sanitizer checked the scheme)
	Title    string // "" when the writer typed none
	Author   string
	Poster   string // the card's image src as stored; "" when none
	Rel      string // the link's rel: SponsoredRel in paid content (SponsoredLinks), else ""
}

// Parts splits body, which must come from ArticleHTML, into its outermost
// figures and the markup between them. A figure that is not one of the
// three shapes above stays plain HTML. A body without figures is one part.
func Parts(body template.HTML) []Part {
	s := string(body)
	if !strings.Contains(s, "<figure") {
		return []Part{{HTML: body}}
	}
	var parts []Part
	plain := func(from, to int) {
		if from < to {
			parts = append(parts, Part{HTML: template.HTML(s[from:to])})
		}
	}
	z := html.NewTokenizer(strings.NewReader(s))
	pos, start, last, depth := 0, 0, 0, 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		n := len(z.Raw())
		if tt == html.StartTagToken || tt == html.EndTagToken {
			name, _ := z.TagName()
			if string(name) == "figure" {
				switch {
				case tt == html.StartTagToken:
					if depth == 0 {
						start = pos
					}
					depth++
				case depth > 0:
					if depth--; depth == 0 {
						plain(last, start)
						parts = append(parts, figurePart(s[start:pos+n]))
						last = pos + n
					}
				}
			}
		}
		pos += n
	}
	plain(last, len(s))
	return parts
}

// figurePart describes the markup of one figure.
func figurePart(markup string) Part {
	p := Part{HTML: template.HTML(markup)}
	nodes, err := html.ParseFragment(strings.NewReader(markup), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil || len(nodes) != 1 || nodes[0].DataAtom != atom.Figure {
		return p
	}
	fig := nodes[0]
	switch {
	case attr(fig, "data-provider") != "":
		p.Embed = embedOf(fig)
	case hasClass(fig, "gallery"):
		p.Gallery = galleryOf(fig)
	default:
		p.Image = imageOf(fig)
	}
	return p
}

// imageOf reads a figure holding exactly one img and perhaps a caption.
func imageOf(fig *html.Node) *Image {
	kids, ok := elements(fig)
	if !ok || len(kids) == 0 || len(kids) > 2 || kids[0].DataAtom != atom.Img || attr(kids[0], "src") == "" {
		return nil
	}
	img := kids[0]
	out := &Image{Class: attr(fig, "class"), Src: attr(img, "src"), Alt: attr(img, "alt")}
	out.Width, _ = strconv.Atoi(attr(img, "width"))
	out.Height, _ = strconv.Atoi(attr(img, "height"))
	if len(kids) == 2 {
		if kids[1].DataAtom != atom.Figcaption {
			return nil
		}
		out.Caption = inner(kids[1])
	}
	return out
}

// galleryOf reads a figure of image figures, perhaps captioned last.
func galleryOf(fig *html.Node) *Gallery {
	kids, ok := elements(fig)
	if !ok {
		return nil
	}
	g := &Gallery{}
	for i, k := range kids {
		if k.DataAtom == atom.Figcaption && i == len(kids)-1 && i > 0 {
			g.Caption = inner(k)
			continue
		}
		if k.DataAtom != atom.Figure {
			return nil
		}
		img := imageOf(k)
		if img == nil {
			return nil
		}
		g.Images = append(g.Images, *img)
	}
	if len(g.Images) == 0 {
		return nil
	}
	return g
}

// embedOf reads a card: an optional poster, then a caption whose first
// link is the post.
func embedOf(fig *html.Node) *Embed {
	kids, ok := elements(fig)
	if !ok || len(kids) == 0 || len(kids) > 2 {
		return nil
	}
	e := &Embed{Provider: attr(fig, "data-provider")}
	if len(kids) == 2 {
		if kids[0].DataAtom != atom.Img {
			return nil
		}
		e.Poster = attr(kids[0], "src")
	}
	caption := kids[len(kids)-1]
	if caption.DataAtom != atom.Figcaption {
		return nil
	}
	for c := caption.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		switch {
		case c.DataAtom == atom.A && e.URL == "":
			e.URL, e.Rel = attr(c, "href"), attr(c, "rel")
			if t := nodeText(c); t != e.URL {
				e.Title = t
			}
		case c.DataAtom == atom.Span && hasClass(c, "embed-author"):
			e.Author = nodeText(c)
		}
	}
	if e.URL == "" {
		return nil // the link was refused (javascript:, data:…)
	}
	return e
}

// elements returns n's element children; ok is false when n also holds
// text that is not white space, which none of the shapes has.
func elements(n *html.Node) ([]*html.Node, bool) {
	var out []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.ElementNode:
			out = append(out, c)
		case html.TextNode:
			if strings.TrimSpace(c.Data) != "" {
				return nil, false
			}
		}
	}
	return out, true
}

func hasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

// inner is the markup of n's content. n comes from sanitized markup, and
// html.Render escapes text and attributes, so it stays sanitized.
func inner(n *html.Node) template.HTML {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if err := html.Render(&b, c); err != nil {
			return ""
		}
	}
	return template.HTML(neutralise(strings.TrimSpace(b.String())))
}

// nodeText is n's text with white space collapsed.
func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

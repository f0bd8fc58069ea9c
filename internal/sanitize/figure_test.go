package sanitize

import (
	"html/template"
	"reflect"
	"strings"
	"testing"
)

// The editor's figures as it stores them (frontend/src/media.js).
const (
	imageFigure   = `<figure class="image"><img src="/media/2026/12/pasar.jpg" alt="Kios sayur pagi hari" width="1600" height="900"><figcaption>Pedagang membuka kios. <span class="credit">Foto: Andi Lensa</span></figcaption></figure>`
	galleryFigure = `<figure class="gallery"><figure class="image"><img src="/media/2026/12/a.jpg" alt="Satu" width="800" height="600"></figure><figure class="image"><img src="/media/2026/12/b.jpg" alt="Dua" width="800" height="600"><figcaption>Kedua</figcaption></figure><figcaption>Suasana pasar</figcaption></figure>`
	embedFigure   = `<figure class="embed" data-provider="youtube"><img src="/media/2026/12/poster.jpg" alt=""><figcaption><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">Cuplikan debat</a> <span class="embed-author">KPU</span></figcaption></figure>`
	bareEmbed     = `<figure class="embed" data-provider="x"><figcaption><a href="https://x.com/kpu/status/1234567890">https://x.com/kpu/status/1234567890</a></figcaption></figure>`
)

func TestArticleHTMLKeepsTheEditorsFigures(t *testing.T) {
	for name, in := range map[string]string{"image": imageFigure, "gallery": galleryFigure, "embed": embedFigure, "bare embed": bareEmbed} {
		if got := string(ArticleHTML(in)); got != in {
			t.Errorf("%s figure changed:\n got %s\nwant %s", name, got, in)
		}
	}
}

func TestArticleHTMLCleansHostileFigures(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"an embed linking javascript: loses its link", `<figure class="embed" data-provider="youtube"><figcaption><a href="javascript:alert(1)">Tonton</a></figcaption></figure>`,
			`<figure class="embed" data-provider="youtube"><figcaption>Tonton</figcaption></figure>`},
		{"an unknown platform name is dropped", `<figure class="embed" data-provider="evil.example"><figcaption><a href="https://evil.example/">x</a></figcaption></figure>`,
			`<figure class="embed"><figcaption><a href="https://evil.example/">x</a></figcaption></figure>`},
		{"a platform name is kept on figures only", `<div data-provider="youtube"><a data-provider="x" href="/a">a</a></div>`, `<div><a href="/a">a</a></div>`},
		{"an image's onerror is dropped", `<figure class="image"><img src="/media/a.jpg" alt="a" onerror="alert(1)"><figcaption>c</figcaption></figure>`,
			`<figure class="image"><img src="/media/a.jpg" alt="a"><figcaption>c</figcaption></figure>`},
		{"other data attributes and styles are dropped", `<figure class="gallery" data-embed="https://evil.example/" style="x"><figure data-media="1"><img src="/media/a.jpg" alt="a" data-src="https://evil.example/t.gif"></figure></figure>`,
			`<figure class="gallery"><figure><img src="/media/a.jpg" alt="a"></figure></figure>`},
		{"an embed's frame and script disappear", `<figure class="embed" data-provider="x"><iframe src="https://platform.twitter.com/embed/Tweet.html?id=1"></iframe><script src="https://platform.twitter.com/widgets.js"></script><figcaption><a href="https://x.com/a/status/1">a</a></figcaption></figure>`,
			`<figure class="embed" data-provider="x"><figcaption><a href="https://x.com/a/status/1">a</a></figcaption></figure>`},
		{"a caption's credit cannot break out of its class", `<figcaption><span class="credit&quot; onmouseover=&quot;alert(1)">Foto</span></figcaption>`,
			`<figcaption><span>Foto</span></figcaption>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(ArticleHTML(tt.in))
			if got != tt.want {
				t.Errorf("ArticleHTML(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			if problem := unsafeMarkup(got); problem != "" {
				t.Errorf("output %q: %s", got, problem)
			}
		})
	}
}

func TestPartsReadTheEditorsFigures(t *testing.T) {
	body := ArticleHTML("<p>Pembuka.</p>\n" + imageFigure + "\n" + galleryFigure + embedFigure + bareEmbed +
		`<figure class="quote"><blockquote><p>Kutipan</p></blockquote><figcaption>Ani</figcaption></figure><p>Penutup.</p>`)
	parts := Parts(body)
	var joined strings.Builder
	for _, p := range parts {
		joined.WriteString(string(p.HTML))
	}
	if joined.String() != string(body) {
		t.Fatalf("the parts do not add up to the body:\n got %s\nwant %s", joined.String(), body)
	}
	kinds := ""
	for _, p := range parts {
		switch {
		case p.Image != nil:
			kinds += "I"
		case p.Gallery != nil:
			kinds += "G"
		case p.Embed != nil:
			kinds += "E"
		default:
			kinds += "-"
		}
	}
	if kinds != "-I-GEE--" {
		t.Fatalf("parts read as %q, want -I-GEE-- (plain, image, plain, gallery, two embeds, the quote, the rest)", kinds)
	}
	wantImage := &Image{Class: "image", Src: "/media/2026/12/pasar.jpg", Alt: "Kios sayur pagi hari", Width: 1600, Height: 900,
		Caption: template.HTML(`Pedagang membuka kios. <span class="credit">Foto: Andi Lensa</span>`)}
	if !reflect.DeepEqual(parts[1].Image, wantImage) {
		t.Errorf("image = %+v\nwant %+v", parts[1].Image, wantImage)
	}
	g := parts[3].Gallery
	if len(g.Images) != 2 || g.Images[1].Src != "/media/2026/12/b.jpg" || g.Images[1].Caption != "Kedua" || g.Caption != "Suasana pasar" {
		t.Errorf("gallery = %+v", g)
	}
	wantEmbed := &Embed{Provider: "youtube", URL: "https://www.youtube.com/watch?v=dQw4w9WgXcQ", Title: "Cuplikan debat", Author: "KPU",
		Poster: "/media/2026/12/poster.jpg"}
	if !reflect.DeepEqual(parts[4].Embed, wantEmbed) {
		t.Errorf("embed = %+v\nwant %+v", parts[4].Embed, wantEmbed)
	}
	if e := parts[5].Embed; e.Provider != "x" || e.Title != "" || e.URL != "https://x.com/kpu/status/1234567890" {
		t.Errorf("an embed without a typed title = %+v", e)
	}
}

func TestPartsLeaveOtherFiguresPlain(t *testing.T) {
	for name, in := range map[string]string{
		"no figure":                `<p>a</p>`,
		"a figure with text":       `<figure class="image">Lepas <img src="/media/a.jpg" alt="a"></figure>`,
		"two images":               `<figure><img src="/media/a.jpg" alt="a"><img src="/media/b.jpg" alt="b"></figure>`,
		"an embed whose link went": `<figure class="embed" data-provider="youtube"><figcaption><a href="javascript:alert(1)">x</a></figcaption></figure>`,
		"a gallery of quotes":      `<figure class="gallery"><figure><blockquote>x</blockquote></figure></figure>`,
		"an unclosed figure":       `<figure class="image"><img src="/media/a.jpg" alt="a">`,
	} {
		parts := Parts(ArticleHTML(in))
		for _, p := range parts {
			if p.Image != nil || p.Gallery != nil || p.Embed != nil {
				t.Errorf("%s: read as a figure of the editor's: %+v", name, p)
			}
		}
	}
}

func TestPartsKeepCaptionsInert(t *testing.T) {
	parts := Parts(ArticleHTML(`<figure class="image"><img src="/media/a.jpg" alt="a"><figcaption>{{.Secret}} <em>&lt;script&gt;</em></figcaption></figure>`))
	if len(parts) != 1 || parts[0].Image == nil {
		t.Fatalf("parts = %+v", parts)
	}
	c := string(parts[0].Image.Caption)
	if strings.Contains(c, "{{") || strings.Contains(c, "<script") {
		t.Errorf("caption %q is not inert", c)
	}
}

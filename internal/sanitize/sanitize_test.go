package sanitize

import (
	"strings"
	"testing"
)

func TestArticleHTMLRemovesHostileMarkup(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"a script element disappears with its code", `<script>alert(1)</script>`, ``},
		{"an upper-case external script disappears", `<SCRIPT SRC=//evil.example/x.js></SCRIPT>`, ``},
		{"a split script tag leaves only escaped text", `<scr<script>ipt>alert(1)</scr</script>ipt>`, `ipt&gt;alert(1)ipt&gt;`},
		{"an onerror handler is dropped from an image", `<img src=x onerror=alert(1)>`, `<img src="x">`},
		{"click and hover handlers are dropped", `<p onclick="alert(1)" onmouseover=alert(1)>t</p>`, `<p>t</p>`},
		{"a javascript link loses its tag", `<a href="javascript:alert(1)">a</a>`, `a`},
		{"a mixed-case javascript link loses its tag", `<a href="JaVaScRiPt:alert(1)">a</a>`, `a`},
		{"a decimal-entity javascript link loses its tag", `<a href="&#106;avascript:alert(1)">a</a>`, `a`},
		{"a hex-entity javascript link loses its tag", `<a href="&#x6A;avascript:alert(1)">a</a>`, `a`},
		{"zero-padded entities without semicolons do not help", `<a href="&#0000106&#0000097vascript:alert(1)">a</a>`, `a`},
		{"a named colon entity does not help", `<a href="javascript&colon;alert(1)">a</a>`, `a`},
		{"a tab inside the scheme does not help", "<a href=\"java\tscript:alert(1)\">a</a>", `a`},
		{"an encoded newline inside the scheme does not help", `<a href="java&#x0A;script:alert(1)">a</a>`, `a`},
		{"leading space and control characters do not help", "<a href=\" \x01javascript:alert(1)\">a</a>", `a`},
		{"a percent-encoded scheme does not help", `<a href="%6A%61vascript:alert(1)">a</a>`, `a`},
		{"a javascript URL disguised as a comment line does not help", `<a href="javascript://%0aalert(1)">a</a>`, `a`},
		{"a vbscript link loses its tag", `<a href="vbscript:msgbox(1)">a</a>`, `a`},
		{"an image with a javascript source disappears", `<img src="javascript:alert(1)" alt="a">`, ``},
		{"a javascript cite is dropped from a quote", `<q cite="javascript:alert(1)">a</q>`, `<q>a</q>`},
		{"a javascript srcset is dropped", `<img src="/a.png" srcset="javascript:alert(1) 2x">`, `<img src="/a.png">`},
		{"an SVG with an onload handler disappears whole", `<svg onload=alert(1)><circle r="10"/></svg>after`, `after`},
		{"an SVG link disappears whole", `<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>after`, `after`},
		{"a MathML mutation payload disappears", `<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`, ``},
		{"an iframe disappears", `<iframe src="https://evil.example/"></iframe>after`, `after`},
		{"an iframe srcdoc disappears", `<iframe srcdoc="<script>alert(1)</script>"></iframe>`, ``},
		{"object and embed disappear", `<object data="x.swf"></object><embed src="x.swf">`, ``},
		{"a style element disappears with its rules", `<style>body{background:url(javascript:alert(1))}</style>after`, `after`},
		{"a style attribute is dropped", `<p style="background:url(javascript:alert(1))">t</p>`, `<p>t</p>`},
		{"form controls disappear and button text stays", `<form action="https://evil.example/"><input name="a"><button formaction="javascript:alert(1)">go</button></form>`, `go`},
		{"a data: document link loses its tag", `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>`, `x`},
		{"a data: image disappears", `<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="s">`, ``},
		{"meta refresh, stylesheets and base disappear", `<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><link rel="stylesheet" href="//evil.example/x.css"><base href="https://evil.example/">`, ``},
		{"template actions in text are encoded", `<p>{{ .Secret }}</p>`, `<p>{&#123; .Secret }}</p>`},
		{"template actions in attributes are encoded", `<abbr title="{{template &quot;x&quot;}}">x</abbr>`, `<abbr title="{&#123;template &#34;x&#34;}}">x</abbr>`},
		{"HTML comments and conditional comments disappear", `<!--<script>alert(1)</script>--><!--[if IE]><script>alert(1)</script><![endif]-->ok`, `ok`},
		{"target and rel are dropped from links", `<a href="https://example.org/" target="_blank" rel="opener">x</a>`, `<a href="https://example.org/">x</a>`},
		{"a class that breaks out of its quotes is dropped", `<div class="x&quot; onclick=&quot;alert(1)">t</div>`, `<div>t</div>`},
		{"a blockquote keeps no class but the pull quote's", `<blockquote class="hidden"><p>x</p></blockquote>`, `<blockquote><p>x</p></blockquote>`},
		{"a noscript mutation payload leaves a harmless image", `<noscript><p title="</noscript><img src=x onerror=alert(1)>">`, `<img src="x">&#34;&gt;`},
		{"h1 and ids outside headings are dropped", `<h1 id="top">Judul</h1><p id="x">t</p>`, `Judul<p>t</p>`},
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

func TestArticleHTMLKeepsAllowedMarkup(t *testing.T) {
	tests := []struct{ name, in string }{
		{"a quoted statement with attribution survives", `<figure class="quote"><blockquote><p>Kami tidak akan menunggu banjir berikutnya.</p></blockquote><figcaption>— <cite>Sri Wahyuni</cite>, kepala dinas</figcaption></figure>`},
		{"an inline quote with a cite URL survives", `<p>Menurut Dimas, <q cite="https://example.org/wawancara">jalur ini sudah lama ditunggu</q>.</p>`},
		{"a responsive image survives", `<img src="/media/demo/pasar.png" srcset="/media/demo/pasar-800.png 800w, /media/demo/pasar-400.png 400w" sizes="(max-width: 800px) 100vw, 800px" alt="Kios sayur di pagi hari" width="1200" height="675" loading="lazy">`},
		{"a figure with an image and caption survives", `<figure><img src="https://example.com/a.png" alt="a"><figcaption>Foto: Redaksi</figcaption></figure>`},
		{"headings with safe ids survive", `<h2 id="latar-belakang">Latar belakang</h2><h3>Rincian</h3><h4 id="catatan_1">Catatan</h4>`},
		{"links of every allowed kind survive", `<p><a href="/2024/04/26/jalur-baru/" title="Berita sebelumnya">relatif</a>, <a href="https://example.org/a?b=1&amp;c=2#d">mutlak</a>, <a href="mailto:redaksi@example.com">surel</a></p>`},
		{"lists survive", `<ul><li>satu</li><li>dua</li></ul><ol start="3"><li>tiga</li></ol>`},
		{"a table survives", `<table><caption>Jadwal</caption><thead><tr><th scope="col">Jam</th><th scope="col">Rute</th></tr></thead><tbody><tr><td>07.00</td><td rowspan="2">Koridor 1</td></tr><tr><td colspan="1">08.00</td></tr></tbody><tfoot><tr><td>Total</td></tr></tfoot></table>`},
		{"code blocks with a language class survive", `<pre><code class="language-go">x := 1</code></pre>`},
		{"inline semantics survive", `<p>H<sub>2</sub>O, x<sup>2</sup>, <abbr title="Badan Meteorologi">BMKG</abbr>, <time datetime="2024-04-26T09:00:00+07:00">Jumat</time>, <strong>a</strong> <em>b</em> <b>c</b> <i>d</i> <u>e</u> <s>f</s> <del>g</del></p>`},
		{"breaks and rules survive", `<p>baris<br>baris</p><hr>`},
		{"divs and spans with safe classes survive", `<div class="callout note"><span class="label">Catatan</span></div>`},
		{"language marks on quotes survive", `<blockquote lang="en" cite="https://example.org/"><p>We are ready.</p></blockquote>`},
		{"the editor's pull quote survives", `<blockquote class="pullquote"><p>Pasar ini nyawa kami.</p></blockquote>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(ArticleHTML(tt.in)); got != tt.in {
				t.Errorf("ArticleHTML changed allowed markup\n got %q\nwant %q", got, tt.in)
			}
		})
	}
}

func TestMarkdown(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string // fragments expected in the output
		not      []string // fragments that must not be there
	}{
		{"headings stay between h2 and h4", "# Satu\n\n## Dua\n\n###### Enam", []string{"<h2>Satu</h2>", "<h2>Dua</h2>", "<h4>Enam</h4>"}, []string{"<h1", "<h6"}},
		{"tables render without alignment styles", "| a | b |\n|:-|-:|\n| 1 | 2 |", []string{"<table>", "<th>a</th>", "<td>2</td>"}, []string{"style", "align"}},
		{"strikethrough renders as del", "~~lama~~ baru", []string{"<del>lama</del> baru"}, nil},
		{"bare addresses become links", "lihat www.example.com", []string{`<a href="http://www.example.com">www.example.com</a>`}, nil},
		{"raw quote figures pass through", "<figure class=\"quote\"><blockquote><p>Siap.</p></blockquote><figcaption>— <cite>Ani</cite>, warga</figcaption></figure>", []string{`<figure class="quote"><blockquote><p>Siap.</p></blockquote><figcaption>— <cite>Ani</cite>, warga</figcaption></figure>`}, nil},
		{"the typographer stays off", `"kutip" -- 'x'`, []string{"&#34;kutip&#34; -- &#39;x&#39;"}, []string{"“", "–"}},
		{"an address inside a raw link is not linked twice", `Surel <a href="mailto:redaksi@example.com">redaksi@example.com</a>, web <a href="https://example.org/">https://example.org/</a>, lalu <abbr title="x">y</abbr> www.example.com`, []string{`<a href="mailto:redaksi@example.com">redaksi@example.com</a>, web <a href="https://example.org/">https://example.org/</a>, lalu <abbr title="x">y</abbr> <a href="http://www.example.com">www.example.com</a>`}, []string{"<a href=\"mailto:redaksi@example.com\"><a"}},
		{"raw scripts are removed after rendering", "Halo\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))", []string{"<p>Halo</p>"}, []string{"<script", "javascript:", "alert"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := Markdown(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			got := string(h)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("Markdown(%q) = %q, want it to contain %q", tt.in, got, w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("Markdown(%q) = %q, want no %q", tt.in, got, n)
				}
			}
		})
	}
}

func TestText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"tags are stripped and entities decoded", `<p>Harga <em>cabai</em> naik &amp; turun&nbsp;lagi</p>`, "Harga cabai naik & turun lagi"},
		{"block boundaries separate words", "<h2>Judul</h2><p>satu</p><ul><li>dua</li><li>tiga</li></ul>", "Judul satu dua tiga"},
		{"inline tags do not split words", "<em>ke</em>reta", "kereta"},
		{"scripts, styles and SVG text vanish", "a<script>alert(1)</script>b<style>p{}</style>c<svg><text>x</text></svg>d", "abcd"},
		{"whitespace collapses", "  satu\n\n\tdua  ", "satu dua"},
		{"escaped markup stays as text", "&lt;script&gt;", "<script>"},
		{"empty input gives empty text", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.in); got != tt.want {
				t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSponsoredLinksMarksOnlyOutboundLinks(t *testing.T) {
	body := ArticleHTML(`<p><a href="https://brand.example/promo">promo</a>, <a href="/2024/01/02/x/">our story</a> and <a href="//cdn.example/x" title="t">cdn</a></p>`)
	got := string(SponsoredLinks(body))
	for _, want := range []string{
		`<a href="https://brand.example/promo" rel="sponsored noopener">promo</a>`,
		`<a href="/2024/01/02/x/">our story</a>`,
		`<a href="//cdn.example/x" rel="sponsored noopener" title="t">cdn</a>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("SponsoredLinks = %s\nwant it to contain %s", got, want)
		}
	}
}

package pagecache

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"html/template"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// articleHTML returns a news article page of about size bytes whose text
// varies like prose, so it compresses like a real page (about 4:1), not
// like a repeated line.
func articleHTML(size int) string {
	words := strings.Fields(`yang dan di itu dengan untuk tidak ini dari dalam akan pada juga
		saya ke karena tersebut bisa ada mereka lebih kata tahun sudah atau saat oleh menjadi
		orang kami telah hanya dapat masih kepada hari warga pemerintah kota jalan banjir
		presiden menteri polisi sekolah rumah sakit pasar harga beras minyak listrik hujan
		gempa warta berita laporan saksi kepala daerah provinsi kabupaten desa pagi malam`)
	rng := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	b.WriteString(`<!doctype html><html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Banjir rendam ribuan rumah di pesisir — Warta</title>
<link rel="stylesheet" href="/static/site.3f9a2c.css"><link rel="alternate" type="application/rss+xml" href="/feed/">
</head><body><header class="site-header"><a class="brand" href="/">Warta</a><nav><ul>
<li><a href="/category/nasional/">Nasional</a></li><li><a href="/category/daerah/">Daerah</a></li>
<li><a href="/category/ekonomi/">Ekonomi</a></li><li><a href="/category/olahraga/">Olahraga</a></li></ul></nav></header>
<main><article class="post"><h1>Banjir rendam ribuan rumah di pesisir</h1>
<p class="byline">Oleh <a href="/author/rina/">Rina Wulandari</a> · <time datetime="2024-04-26T08:00:00+07:00">Jumat, 26 April 2024</time></p>
`)
	for b.Len() < size-600 {
		b.WriteString("<p>")
		for i := range 40 + rng.IntN(40) {
			w := words[rng.IntN(len(words))]
			if i == 0 {
				w = strings.ToUpper(w[:1]) + w[1:]
			}
			b.WriteString(w)
			if rng.IntN(12) == 0 {
				b.WriteString(",")
			}
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "%d.</p>\n", rng.IntN(2024))
		if rng.IntN(6) == 0 {
			b.WriteString(`<blockquote><p>"Kami melihat air naik dengan cepat," kata seorang warga.</p></blockquote>` + "\n")
		}
	}
	b.WriteString(`</article></main><footer><p>© 2024 Warta</p></footer></body></html>`)
	return b.String()
}

// discardWriter is a ResponseWriter that keeps headers and drops the body,
// reused across iterations so the benchmark measures the cache, not the
// recorder.
type discardWriter struct {
	h      http.Header
	status int
	n      int
}

func (w *discardWriter) Header() http.Header  { return w.h }
func (w *discardWriter) WriteHeader(code int) { w.status = code }
func (w *discardWriter) Write(p []byte) (int, error) {
	w.n += len(p)
	return len(p), nil
}

// articleTemplate renders articleHTML's text through html/template, as the
// view package would, so the miss benchmarks pay a realistic render.
var articleTemplate = template.Must(template.New("a").Parse(
	`{{.Head}}<main><article><h1>{{.Title}}</h1>{{range .Paragraphs}}<p>{{.}}</p>
{{end}}</article></main></body></html>`))

type articleData struct {
	Head       template.HTML
	Title      string
	Paragraphs []string
}

func benchArticle() articleData {
	page := articleHTML(40 << 10)
	head, rest, _ := strings.Cut(page, "<main>")
	var paras []string
	for _, p := range strings.Split(rest, "<p>")[1:] {
		p, _, _ = strings.Cut(p, "</p>")
		paras = append(paras, p)
	}
	return articleData{template.HTML(head), "Banjir rendam ribuan rumah di pesisir", paras}
}

func renderArticle(data articleData) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var buf bytes.Buffer
		if err := articleTemplate.Execute(&buf, data); err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		Tag(r.Context(), "article:12", "author:3", "term:7")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		buf.WriteTo(w)
	})
}

func benchHit(b *testing.B, acceptEncoding, ifNoneMatch string, parallel bool) {
	c := New(Options{})
	page := articleHTML(40 << 10)
	h := c.Middleware(PathKey, nil, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		Tag(r.Context(), "article:12", "author:3", "term:7")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, page)
	}))
	newReq := func() *http.Request {
		r := httptest.NewRequest("GET", "/2024/04/26/banjir-rendam-ribuan-rumah/", nil)
		if acceptEncoding != "" {
			r.Header.Set("Accept-Encoding", acceptEncoding)
		}
		return r
	}
	warm := &discardWriter{h: http.Header{}}
	h.ServeHTTP(warm, newReq())
	if ifNoneMatch == "etag" {
		ifNoneMatch = warm.h.Get("Etag")
	}
	if ifNoneMatch == "" {
		b.SetBytes(int64(warm.n))
	}
	b.ReportAllocs()
	b.ResetTimer()
	if parallel {
		b.RunParallel(func(pb *testing.PB) {
			r, w := newReq(), &discardWriter{h: http.Header{}}
			for pb.Next() {
				clear(w.h)
				h.ServeHTTP(w, r)
			}
		})
		return
	}
	r, w := newReq(), &discardWriter{h: http.Header{}}
	if ifNoneMatch != "" {
		r.Header.Set("If-None-Match", ifNoneMatch)
	}
	for b.Loop() {
		clear(w.h)
		h.ServeHTTP(w, r)
	}
	if want := http.StatusOK; ifNoneMatch == "" && w.status != want {
		b.Fatalf("status %d", w.status)
	}
}

// BenchmarkHitGzip serves a cached ~40 KB article to a gzip client.
func BenchmarkHitGzip(b *testing.B) { benchHit(b, "gzip, deflate", "", false) }

// BenchmarkHitBrotli serves it to a browser (br preferred).
func BenchmarkHitBrotli(b *testing.B) { benchHit(b, "gzip, deflate, br, zstd", "", false) }

// BenchmarkHitIdentity serves it to a client accepting no coding.
func BenchmarkHitIdentity(b *testing.B) { benchHit(b, "", "", false) }

// BenchmarkHitNotModified answers a revalidation with 304.
func BenchmarkHitNotModified(b *testing.B) { benchHit(b, "gzip", "etag", false) }

// BenchmarkHitGzipParallel measures the hit path under contention.
func BenchmarkHitGzipParallel(b *testing.B) { benchHit(b, "gzip", "", true) }

// BenchmarkMissRender renders the article through html/template, stores it
// with its gzip and brotli variants and serves it: the cost of the first
// reader after an invalidation.
func BenchmarkMissRender(b *testing.B) {
	c := New(Options{})
	h := c.Middleware(PathKey, nil, renderArticle(benchArticle()))
	r := httptest.NewRequest("GET", "/2024/04/26/banjir-rendam-ribuan-rumah/", nil)
	r.Header.Set("Accept-Encoding", "gzip")
	w := &discardWriter{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		c.Invalidate("article:12")
		clear(w.h)
		h.ServeHTTP(w, r)
	}
}

// BenchmarkRenderGzipNoCache is what every request would cost without the
// cache: render through html/template and gzip (default level) on the fly.
func BenchmarkRenderGzipNoCache(b *testing.B) {
	render := renderArticle(benchArticle())
	r := httptest.NewRequest("GET", "/2024/04/26/banjir-rendam-ribuan-rumah/", nil)
	b.ReportAllocs()
	for b.Loop() {
		w := &gzipResponse{discardWriter: discardWriter{h: http.Header{}}}
		w.zw = gzip.NewWriter(&w.discardWriter)
		render.ServeHTTP(w, r)
		w.zw.Close()
	}
}

// BenchmarkServeContent serves the same gzip bytes with http.ServeContent,
// the standard library's file-serving path, as a reference for "about as
// fast as serving a file".
func BenchmarkServeContent(b *testing.B) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	io.WriteString(zw, articleHTML(40<<10))
	zw.Close()
	gz := buf.Bytes()
	r := httptest.NewRequest("GET", "/article.html.gz", nil)
	w := &discardWriter{h: http.Header{}}
	modtime := time.Date(2024, 4, 26, 8, 0, 0, 0, time.UTC)
	b.SetBytes(int64(len(gz)))
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		w.h.Set("Content-Type", "text/html; charset=utf-8")
		w.h.Set("Content-Encoding", "gzip")
		http.ServeContent(w, r, "article.html", modtime, bytes.NewReader(gz))
	}
}

type gzipResponse struct {
	discardWriter
	zw *gzip.Writer
}

func (w *gzipResponse) Write(p []byte) (int, error) { return w.zw.Write(p) }

package pagecache

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/andybalholm/brotli"
)

// Compression happens once per stored page. gzip runs on the path of the
// reader who missed, whom it is sent to; brotli runs in the background
// (brotli.go) and its variant is served from when it is ready, so a miss
// never waits for it. On a 40 KB article (2-core EPYC) brotli 6 and gzip 6
// take about 2.5 ms each; brotli 9 is 3% smaller and five times slower,
// brotli 11 10% smaller for over 100 ms; gzip 9 is no smaller than 6 and
// slower.
const (
	gzipLevel   = gzip.DefaultCompression
	brotliLevel = 6
	// minCompressSize: below this the encoding headers cost more than they save.
	minCompressSize = 512
)

// entry is one stored page. Only its list links change after it is built
// (under Cache.mu); everything else is read without locks.
type entry struct {
	key    string
	status int
	tags   []string // sorted, deduplicated, without AllTag
	own    []string // the tags given to Own: invalidating one drops the page at once
	// stale is set (under Cache.mu) when a tag the page shows but does not
	// own is invalidated with Options.ServeStale: it is served while one
	// background render refreshes it.
	stale atomic.Bool
	size  int64

	meta []field // sent with 200, HEAD and 304: Cache-Control, Vary, Surrogate-Key…
	rep  []field // sent with 200 and HEAD only: Content-Type, Location…

	identity, gzip variant // gzip.body nil when not worth it
	// br is the brotli variant once the background compressor has made it
	// (nil before, and when it is not worth it).
	br atomic.Pointer[variant]
	// etagBase is what the variants' ETags are made of; "" unless status is 200.
	etagBase string
	// wantBrotli says the body is worth a brotli variant.
	wantBrotli bool

	prev, next *entry
}

// variant is one content coding of an entry, with its header values made
// once so serving it allocates nothing.
type variant struct {
	body     []byte
	length   []string // Content-Length
	encoding []string // Content-Encoding; nil for identity
	etag     []string // ETag; nil unless status is 200

	fast fastData // what a server prepared to answer with it (fast.go)
}

// field is a header with canonical key, assigned directly into a response's
// header map. The value slices are shared by every response served from the
// entry; their cap equals their len so an Add elsewhere copies them.
type field struct {
	key    string
	values []string
}

// Header values shared by all responses; read-only.
var (
	hitValues      = []string{"HIT"}
	staleValues    = []string{"STALE"}
	missValues     = []string{"MISS"}
	bypassValues   = []string{"BYPASS"}
	noStoreValues  = []string{"private, no-store"}
	varyValues     = []string{"Accept-Encoding"}
	gzipValues     = []string{"gzip"}
	brotliValues   = []string{"br"}
	bufPool        = sync.Pool{New: func() any { return new(bytes.Buffer) }}
	gzipWriterPool sync.Pool
	brWriterPool   sync.Pool
)

// Headers the cache sets itself, or that must not be replayed from a stored
// response.
var dropped = map[string]bool{
	"Cache-Control":     true, // replaced by the entry's own value
	"Connection":        true,
	"Content-Encoding":  true,
	"Content-Length":    true,
	"Date":              true,
	"Etag":              true,
	"Set-Cookie":        true,
	"Surrogate-Key":     true,
	"Trailer":           true,
	"Transfer-Encoding": true,
	"Vary":              true,
	"X-Cache":           true,
}

// Headers RFC 9110 §15.4.5 asks a 304 to repeat, besides ETag.
var metaHeaders = map[string]bool{
	"Cache-Control":    true,
	"Content-Location": true,
	"Expires":          true,
	"Surrogate-Key":    true,
	"Vary":             true,
}

// newEntry builds the entry for a recorded response: copies the body,
// compresses it when worthwhile, computes the ETag (200 only) and prepares
// every header value. header must be the handler's final header.
func (c *Cache) newEntry(key string, status int, header http.Header, body []byte, tags, own []string) *entry {
	e := &entry{key: key, status: status, tags: tags, own: own}
	size := int64(entryOverhead + len(key))
	for _, t := range tags {
		size += int64(len(t)) + 16
	}

	ctype := header.Get("Content-Type")
	if ctype == "" && len(body) > 0 {
		ctype = http.DetectContentType(body)
		header = header.Clone()
		header.Set("Content-Type", ctype)
	}
	cc := c.cacheControl
	if v := header["Cache-Control"]; len(v) > 0 {
		cc = v[:len(v):len(v)]
	}
	e.meta = append(e.meta, field{"Cache-Control", cc}, field{"Surrogate-Key", []string{surrogateKey(tags)}})
	for k, v := range header {
		if dropped[k] || len(v) == 0 {
			continue
		}
		f := field{k, v[:len(v):len(v)]}
		if metaHeaders[k] {
			e.meta = append(e.meta, f)
		} else {
			e.rep = append(e.rep, f)
		}
	}

	e.identity.body = bytes.Clone(body)
	worth := len(body) >= minCompressSize && compressible(ctype)
	if worth {
		// Keep a variant only when it saves at least a tenth.
		if gz := compressGzip(body); len(gz) < len(body)*9/10 {
			e.gzip = variant{body: gz, encoding: gzipValues}
		}
		// Whether brotli's variant comes or not, the answer depends on
		// Accept-Encoding from now on.
		e.meta = append(e.meta, field{"Vary", varyValues})
	}

	if status == http.StatusOK {
		sum := sha256.Sum256(body)
		e.etagBase = base64.RawURLEncoding.EncodeToString(sum[:12])
	}
	size += e.finishVariant(&e.identity, "")
	if e.gzip.body != nil {
		size += e.finishVariant(&e.gzip, "-gz")
	}
	for _, fs := range [][]field{e.meta, e.rep} {
		for _, f := range fs {
			size += int64(len(f.key)) + 16
			for _, s := range f.values {
				size += int64(len(s)) + 16
			}
		}
	}
	e.size = size
	e.wantBrotli = worth
	return e
}

// finishVariant makes v's header values and returns the bytes it holds.
func (e *entry) finishVariant(v *variant, suffix string) int64 {
	v.length = []string{strconv.Itoa(len(v.body))}
	if e.etagBase != "" {
		// A strong validator must differ between codings (RFC 9110 §8.8.3).
		v.etag = []string{`"` + e.etagBase + suffix + `"`}
	}
	return int64(len(v.body)) + 64
}

// compressible reports whether a content type is worth compressing: text,
// XML, JSON, JavaScript, SVG. Images, archives and fonts in woff2 already are.
func compressible(ctype string) bool {
	mt, _, _ := strings.Cut(ctype, ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	if strings.HasPrefix(mt, "text/") || strings.HasSuffix(mt, "+xml") || strings.HasSuffix(mt, "+json") {
		return true
	}
	switch mt {
	case "application/json", "application/xml", "application/javascript",
		"application/x-javascript", "application/ecmascript", "application/wasm",
		"image/x-icon", "image/vnd.microsoft.icon", "font/ttf", "font/otf":
		return true
	}
	return false
}

func compressGzip(body []byte) []byte {
	buf := bufPool.Get().(*bytes.Buffer)
	defer putBuffer(buf)
	zw, _ := gzipWriterPool.Get().(*gzip.Writer)
	if zw == nil {
		zw, _ = gzip.NewWriterLevel(buf, gzipLevel)
	} else {
		zw.Reset(buf)
	}
	defer gzipWriterPool.Put(zw)
	// Writes to a bytes.Buffer cannot fail.
	zw.Write(body)
	zw.Close()
	return bytes.Clone(buf.Bytes())
}

func compressBrotli(body []byte) []byte {
	buf := bufPool.Get().(*bytes.Buffer)
	defer putBuffer(buf)
	bw, _ := brWriterPool.Get().(*brotli.Writer)
	if bw == nil {
		bw = brotli.NewWriterLevel(buf, brotliLevel)
	} else {
		bw.Reset(buf)
	}
	defer brWriterPool.Put(bw)
	bw.Write(body)
	bw.Close()
	return bytes.Clone(buf.Bytes())
}

func putBuffer(buf *bytes.Buffer) {
	// A huge page (a big sitemap) should not pin its buffer forever.
	if buf.Cap() <= 1<<20 {
		buf.Reset()
		bufPool.Put(buf)
	}
}

// pick chooses the variant for a request's Accept-Encoding header lines:
// the acceptable coding with the highest q, brotli winning ties; identity
// when neither compressed variant exists or is acceptable. A compressed
// variant is preferred to identity whenever it is acceptable.
func (e *entry) pick(acceptEncoding []string) *variant {
	br := e.br.Load()
	if len(acceptEncoding) == 0 || (br == nil && e.gzip.body == nil) {
		return &e.identity
	}
	qBr, qGzip := acceptQ(acceptEncoding)
	if br == nil {
		qBr = 0
	}
	if e.gzip.body == nil {
		qGzip = 0
	}
	switch {
	case qBr > 0 && qBr >= qGzip:
		return br
	case qGzip > 0:
		return &e.gzip
	}
	return &e.identity
}

// acceptQ returns the q-values (in thousandths) an Accept-Encoding header
// gives br and gzip, applying "*" to a coding not named. It does not allocate.
func acceptQ(lines []string) (qBr, qGzip int) {
	qBr, qGzip, qStar := -1, -1, -1
	for _, line := range lines {
		for line != "" {
			var item string
			item, line, _ = strings.Cut(line, ",")
			coding, params, _ := strings.Cut(item, ";")
			coding = strings.TrimSpace(coding)
			q := parseQ(params)
			switch {
			case strings.EqualFold(coding, "br"):
				qBr = q
			case strings.EqualFold(coding, "gzip"), strings.EqualFold(coding, "x-gzip"):
				qGzip = q
			case coding == "*":
				qStar = q
			}
		}
	}
	if qBr < 0 {
		qBr = max(qStar, 0)
	}
	if qGzip < 0 {
		qGzip = max(qStar, 0)
	}
	return qBr, qGzip
}

// parseQ reads "q=0.5" among a coding's parameters as 500; absent or
// malformed means 1000 (the default weight).
func parseQ(params string) int {
	for params != "" {
		var p string
		p, params, _ = strings.Cut(params, ";")
		name, value, ok := strings.Cut(p, "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(name), "q") {
			continue
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil || f < 0 || f > 1 {
			return 1000
		}
		return int(f*1000 + 0.5)
	}
	return 1000
}

// noneMatch reports whether If-None-Match header lines match etag, using
// the weak comparison RFC 9110 §13.1.2 requires: W/"x" matches "x", and *
// matches any current entry. It does not allocate.
func noneMatch(lines []string, etag string) bool {
	for _, line := range lines {
		for {
			line = strings.TrimLeft(line, " \t,")
			if line == "" {
				break
			}
			if line[0] == '*' {
				return true
			}
			line = strings.TrimPrefix(line, "W/")
			if line == "" || line[0] != '"' {
				break // malformed: ignore the rest of this line
			}
			end := strings.IndexByte(line[1:], '"')
			if end < 0 {
				break
			}
			if line[:end+2] == etag {
				return true
			}
			line = line[end+2:]
		}
	}
	return false
}

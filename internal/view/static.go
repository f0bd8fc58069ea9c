package view

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"mime"
	"net/http"
	"path"
	"regexp"
	"strings"
	"sync"
	"time"
)

// hashLen is how many hex digits of the SHA-256 of an asset its URL carries.
const hashLen = 12

// asset is one static file of the theme.
type asset struct {
	name        string // warta.css
	hashed      string // warta.1a2b3c4d5e6f.css
	hash        string // 1a2b3c4d5e6f
	data        []byte
	contentType string
	// compress says whether gzip and br are worth having (text files of
	// some size); they are made once, on the first request that can use
	// them, so that starting (and every test) does not wait for brotli.
	compress bool
	once     sync.Once
	gzip, br []byte
}

// compressed returns the asset's gzip and brotli bytes, making them the
// first time.
func (a *asset) compressed() (gz, br []byte) {
	a.once.Do(func() { a.gzip, a.br = precompress(a.data) })
	return a.gzip, a.br
}

type assets struct {
	byName   map[string]*asset
	byHashed map[string]*asset
}

// newAssets hashes files for serving under prefix. A stylesheet's
// url(name) naming another asset is rewritten to that asset's hashed URL
// first, so a font or image the CSS loads is cached as long as the CSS and
// the CSS's own hash changes when it does.
func newAssets(files map[string][]byte, prefix string) *assets {
	as := &assets{byName: map[string]*asset{}, byHashed: map[string]*asset{}}
	var sheets []string
	for name, data := range files {
		if strings.EqualFold(path.Ext(name), ".css") {
			sheets = append(sheets, name)
			continue
		}
		as.add(name, data)
	}
	for _, name := range sheets {
		as.add(name, cssURLs.ReplaceAllFunc(files[name], func(m []byte) []byte {
			ref := cssURLs.FindSubmatch(m)[1]
			if a, ok := as.byName[string(ref)]; ok {
				return []byte(`url("` + prefix + a.hashed + `")`)
			}
			return m
		}))
	}
	return as
}

// cssURLs matches a stylesheet's url() of a bare file name, quoted or not.
var cssURLs = regexp.MustCompile(`url\(\s*["']?([A-Za-z0-9._-]+)["']?\s*\)`)

func (as *assets) add(name string, data []byte) {
	sum := sha256.Sum256(data)
	hash := hex.EncodeToString(sum[:])[:hashLen]
	ext := path.Ext(name)
	a := &asset{
		name:        name,
		hashed:      strings.TrimSuffix(name, ext) + "." + hash + ext,
		hash:        hash,
		data:        data,
		contentType: contentType(ext),
	}
	a.compress = compressibleAsset(ext) && len(data) >= 256
	as.byName[name] = a
	as.byHashed[a.hashed] = a
}

// contentTypes pins the types browsers are strict about, whatever the
// machine's mime tables say.
var contentTypes = map[string]string{
	".css":   "text/css; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".svg":   "image/svg+xml",
	".png":   "image/png",
	".jpg":   "image/jpeg",
	".jpeg":  "image/jpeg",
	".webp":  "image/webp",
	".avif":  "image/avif",
	".ico":   "image/x-icon",
	".woff2": "font/woff2",
	".txt":   "text/plain; charset=utf-8",
	".json":  "application/json",
}

func contentType(ext string) string {
	if ct, ok := contentTypes[strings.ToLower(ext)]; ok {
		return ct
	}
	if ct := mime.TypeByExtension(ext); ct != "" {
		return ct
	}
	return "application/octet-stream"
}

// StaticHandler serves the theme's assets at /static/<name>.<hash>.<ext>
// (the paths StaticPath returns) for a year, immutable: a changed file gets
// a new URL. A wrong or outdated hash, or an unknown name, is 404, so a stale
// page never receives a different file than the one it was written for.
func (e *Engine) StaticHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
			return
		}
		a, ok := e.assets.byHashed[strings.TrimPrefix(r.URL.Path, e.prefix)]
		if !ok {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", a.contentType)
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
		data, etag := a.data, `"`+a.hash+`"`
		if a.compress {
			h.Set("Vary", "Accept-Encoding")
			switch enc := pickEncoding(r.Header.Values("Accept-Encoding")); enc {
			case "br":
				_, br := a.compressed()
				data, etag = br, `"`+a.hash+`-br"`
				h.Set("Content-Encoding", enc)
			case "gzip":
				gz, _ := a.compressed()
				data, etag = gz, `"`+a.hash+`-gz"`
				h.Set("Content-Encoding", enc)
			}
		}
		h.Set("ETag", etag)
		http.ServeContent(w, r, a.hashed, time.Time{}, bytes.NewReader(data))
	})
}

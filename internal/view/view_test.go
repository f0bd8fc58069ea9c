package view

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"warta/internal/locale"
	"warta/internal/model"
)

// page is the smallest data a test template needs: a Localizer.
type page struct {
	lang string
	Name string
}

func (p page) Printer() *locale.Printer { return locale.New(p.lang) }
func (p page) Location() *time.Location { return time.UTC }

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestNew(t *testing.T) {
	t.Run("the embedded theme parses and has every page the site renders", func(t *testing.T) {
		e, err := New("")
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Join(e.Pages(), " ")
		for _, want := range []string{"article.html", "error.html", "list.html", "page.html"} {
			if !strings.Contains(got, want) {
				t.Errorf("pages %q lack %s", got, want)
			}
		}
	})
	t.Run("a missing theme folder fails", func(t *testing.T) {
		if _, err := New(filepath.Join(t.TempDir(), "nope")); err == nil {
			t.Fatal("New succeeded with a missing folder")
		}
	})
	t.Run("a template that fails to parse fails New", func(t *testing.T) {
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "templates", "error.html"), `{{define "main"}}{{if}}{{end}}`)
		_, err := New(dir)
		if err == nil || !strings.Contains(err.Error(), "error.html") {
			t.Fatalf("err = %v, want a parse error naming error.html", err)
		}
	})
	t.Run("a page without main fails New", func(t *testing.T) {
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "templates", "extra.html"), `{{define "other"}}x{{end}}`)
		if _, err := New(dir); err == nil {
			t.Fatal("New accepted a page without main")
		}
	})
}

func TestOverlay(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "templates", "layout.html"),
		`{{define "layout"}}<!DOCTYPE html><title>t</title><link rel="stylesheet" href="{{static "warta.css"}}">[{{template "main" .}}]{{end}}`)
	writeFile(t, filepath.Join(dir, "templates", "hello.html"),
		`{{define "main"}}{{t $ "comments.reply"}} {{.Name}}{{end}}`)
	writeFile(t, filepath.Join(dir, "static", "warta.css"), `body{color:red}`)
	writeFile(t, filepath.Join(dir, "static", "extra.txt"), `hello`)

	embeddedOnly, err := New("")
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("a template of the folder replaces the embedded one", func(t *testing.T) {
		rec := httptest.NewRecorder()
		if err := e.Render(rec, http.StatusTeapot, "hello.html", page{lang: "en", Name: "<b>x</b>"}); err != nil {
			t.Fatal(err)
		}
		body := rec.Body.String()
		if rec.Code != http.StatusTeapot {
			t.Errorf("status = %d", rec.Code)
		}
		if !strings.Contains(body, "[Reply &lt;b&gt;x&lt;/b&gt;]") {
			t.Errorf("body = %q, want the overlay layout with an escaped name", body)
		}
		if ct := rec.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
			t.Errorf("Content-Type = %q", ct)
		}
		// Sent with its length, not chunked.
		if cl := rec.Header().Get("Content-Length"); cl != strconv.Itoa(len(body)) {
			t.Errorf("Content-Length = %q for %d bytes", cl, len(body))
		}
	})
	t.Run("embedded pages the folder does not replace are still there", func(t *testing.T) {
		if !strings.Contains(strings.Join(e.Pages(), " "), "article.html") {
			t.Errorf("pages = %v", e.Pages())
		}
	})
	t.Run("an asset of the folder replaces the embedded one under a new hash", func(t *testing.T) {
		a, _ := embeddedOnly.StaticPath("warta.css")
		b, err := e.StaticPath("warta.css")
		if err != nil {
			t.Fatal(err)
		}
		if a == b {
			t.Fatalf("both engines serve warta.css at %s", a)
		}
		rec := httptest.NewRecorder()
		e.StaticHandler().ServeHTTP(rec, httptest.NewRequest("GET", b, nil))
		if rec.Body.String() != "body{color:red}" {
			t.Errorf("served %q", rec.Body.String())
		}
	})
	t.Run("the folder may add assets", func(t *testing.T) {
		if _, err := e.StaticPath("extra.txt"); err != nil {
			t.Error(err)
		}
	})
	t.Run("a render error writes nothing", func(t *testing.T) {
		rec := httptest.NewRecorder()
		err := e.Render(rec, http.StatusOK, "hello.html", struct{ Name string }{"no printer"})
		if err == nil {
			t.Fatal("Render succeeded without a Localizer")
		}
		if rec.Body.Len() != 0 || rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "" {
			t.Errorf("wrote %d bytes, status %d", rec.Body.Len(), rec.Code)
		}
	})
	t.Run("an unknown page is an error", func(t *testing.T) {
		if err := e.Render(httptest.NewRecorder(), http.StatusOK, "nope.html", page{}); err == nil {
			t.Error("Render of an unknown page succeeded")
		}
	})
}

func TestStatic(t *testing.T) {
	e, err := New("")
	if err != nil {
		t.Fatal(err)
	}
	css, err := e.StaticPath("warta.css")
	if err != nil {
		t.Fatal(err)
	}
	js, _ := e.StaticPath("warta.js")
	svg, _ := e.StaticPath("favicon.svg")
	if !regexp.MustCompile(`^/static/warta\.[0-9a-f]{12}\.css$`).MatchString(css) {
		t.Fatalf("StaticPath = %q, want /static/warta.<12 hex>.css", css)
	}
	tests := []struct {
		name        string
		method      string
		path        string
		wantStatus  int
		wantType    string
		wantCaching bool
	}{
		{"the stylesheet is served under its hash", "GET", css, 200, "text/css; charset=utf-8", true},
		{"the script is served as JavaScript", "GET", js, 200, "text/javascript; charset=utf-8", true},
		{"the icon is served as SVG", "GET", svg, 200, "image/svg+xml", true},
		{"HEAD is answered too", "HEAD", css, 200, "text/css; charset=utf-8", true},
		{"an outdated hash is not found", "GET", "/static/warta.000000000000.css", 404, "", false},
		{"the name without a hash is not found", "GET", "/static/warta.css", 404, "", false},
		{"an unknown file is not found", "GET", "/static/nope.123456789abc.css", 404, "", false},
		{"a write method is refused", "POST", css, 405, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			e.StaticHandler().ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, nil))
			if rec.Code != tt.wantStatus {
				t.Fatalf("status = %d, want %d", rec.Code, tt.wantStatus)
			}
			if tt.wantType != "" && rec.Header().Get("Content-Type") != tt.wantType {
				t.Errorf("Content-Type = %q, want %q", rec.Header().Get("Content-Type"), tt.wantType)
			}
			cc := rec.Header().Get("Cache-Control")
			if tt.wantCaching && cc != "public, max-age=31536000, immutable" {
				t.Errorf("Cache-Control = %q", cc)
			}
			if !tt.wantCaching && strings.Contains(cc, "immutable") {
				t.Errorf("a failed answer is cached: %q", cc)
			}
		})
	}
	t.Run("a matching ETag gets 304", func(t *testing.T) {
		rec := httptest.NewRecorder()
		e.StaticHandler().ServeHTTP(rec, httptest.NewRequest("GET", css, nil))
		etag := rec.Header().Get("ETag")
		req := httptest.NewRequest("GET", css, nil)
		req.Header.Set("If-None-Match", etag)
		rec = httptest.NewRecorder()
		e.StaticHandler().ServeHTTP(rec, req)
		if etag == "" || rec.Code != http.StatusNotModified {
			t.Errorf("ETag %q, status %d", etag, rec.Code)
		}
	})
	t.Run("the served stylesheet is the embedded one with its fonts at their hashed URLs", func(t *testing.T) {
		rec := httptest.NewRecorder()
		e.StaticHandler().ServeHTTP(rec, httptest.NewRequest("GET", css, nil))
		src, _ := embedded.ReadFile("theme/static/warta.css")
		got, _ := io.ReadAll(rec.Body)
		refs := regexp.MustCompile(`url\("([^"]+\.woff2)"\)`)
		named := refs.FindAllSubmatch(src, -1)
		if len(named) < 2 {
			t.Fatalf("the stylesheet names %d font files, want the theme's web fonts", len(named))
		}
		want := string(src)
		for _, m := range named {
			p, err := e.StaticPath(string(m[1]))
			if err != nil {
				t.Fatalf("the stylesheet names %s, which is not an asset", m[1])
			}
			want = strings.ReplaceAll(want, string(m[0]), `url("`+p+`")`)
		}
		if string(got) != want {
			t.Error("served stylesheet differs from the embedded one with hashed font URLs")
		}
		for _, m := range refs.FindAllSubmatch(got, -1) {
			rec := httptest.NewRecorder()
			e.StaticHandler().ServeHTTP(rec, httptest.NewRequest("GET", string(m[1]), nil))
			if rec.Code != 200 || rec.Header().Get("Content-Type") != "font/woff2" ||
				rec.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" || !bytes.HasPrefix(rec.Body.Bytes(), []byte("wOF2")) {
				t.Errorf("%s: status %d, type %q, cache %q", m[1], rec.Code, rec.Header().Get("Content-Type"), rec.Header().Get("Cache-Control"))
			}
		}
	})
	t.Run("a changed font gives the stylesheet a new URL", func(t *testing.T) {
		files := map[string][]byte{"a.css": []byte(`@font-face { src: url(f.woff2) }`), "f.woff2": []byte("one")}
		before := newAssets(files, "/s/")
		files["f.woff2"] = []byte("two")
		after := newAssets(files, "/s/")
		if before.byName["a.css"].hashed == after.byName["a.css"].hashed {
			t.Error("the stylesheet kept its URL when the font it names changed")
		}
		if got := string(after.byName["a.css"].data); got != `@font-face { src: url("/s/`+after.byName["f.woff2"].hashed+`") }` {
			t.Errorf("rewritten stylesheet: %s", got)
		}
	})
}

func TestThemeRules(t *testing.T) {
	entries, err := embedded.ReadDir("theme/templates")
	if err != nil {
		t.Fatal(err)
	}
	keyRE := regexp.MustCompile(`\b(?:t|plural) \$?[.\w]* ?"([a-z_.]+)"`)
	for _, ent := range entries {
		b, err := embedded.ReadFile("theme/templates/" + ent.Name())
		if err != nil {
			t.Fatal(err)
		}
		src := string(b)
		t.Run(ent.Name()+" has every message it uses in both catalogs", func(t *testing.T) {
			for _, m := range keyRE.FindAllStringSubmatch(src, -1) {
				for _, lang := range locale.Languages() {
					if !locale.New(lang).Has(m[1]) {
						t.Errorf("%s: key %q missing from %s", ent.Name(), m[1], lang)
					}
				}
			}
		})
		t.Run(ent.Name()+" has no inline script, style block or style attribute", func(t *testing.T) {
			for _, bad := range []string{"<style", "style=", "<script>", "javascript:", "safeHTML"} {
				if strings.Contains(src, bad) {
					t.Errorf("%s contains %q", ent.Name(), bad)
				}
			}
		})
	}
	t.Run("the message check finds keys", func(t *testing.T) {
		b, _ := embedded.ReadFile("theme/templates/_partials.html")
		if n := len(keyRE.FindAllStringSubmatch(string(b), -1)); n < 10 {
			t.Errorf("found only %d keys in _partials.html", n)
		}
	})
}

func TestSrcset(t *testing.T) {
	m := &model.Media{Path: "2024/04/a.jpg", Width: 1600, Height: 900, Variants: []model.MediaVariant{
		{Path: "2024/04/a-960.jpg", Width: 960}, {Path: "2024/04/a-480.jpg", Width: 480}, {Path: "2024/04/a-1600.jpg", Width: 1600},
	}}
	tests := []struct {
		name string
		m    *model.Media
		want string
	}{
		{"variants and the original narrowest first", m, "/media/2024/04/a-480.jpg 480w, /media/2024/04/a-960.jpg 960w, /media/2024/04/a.jpg 1600w"},
		{"no image", nil, ""},
		{"an image of unknown width", &model.Media{Path: "x.jpg"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Srcset(tt.m); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestUndefinedTemplate(t *testing.T) {
	t.Run("a call of an undefined template fails New", func(t *testing.T) {
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "templates", "extra.html"), `{{define "main"}}{{if true}}{{template "nope" .}}{{end}}{{end}}`)
		_, err := New(dir)
		if err == nil || !strings.Contains(err.Error(), `"nope"`) {
			t.Fatalf("err = %v, want one naming the undefined template", err)
		}
	})
}

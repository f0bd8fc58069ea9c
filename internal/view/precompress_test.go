package view

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http/httptest"
	"testing"

	"github.com/andybalholm/brotli"
)

func TestStaticPrecompressed(t *testing.T) {
	e, err := New("")
	if err != nil {
		t.Fatal(err)
	}
	css, _ := e.StaticPath("warta.css")
	get := func(accept string) (*httptest.ResponseRecorder, []byte) {
		r := httptest.NewRequest("GET", css, nil)
		if accept != "" {
			r.Header.Set("Accept-Encoding", accept)
		}
		rec := httptest.NewRecorder()
		e.StaticHandler().ServeHTTP(rec, r)
		var rd io.Reader = bytes.NewReader(rec.Body.Bytes())
		switch rec.Header().Get("Content-Encoding") {
		case "gzip":
			gr, err := gzip.NewReader(rd)
			if err != nil {
				t.Fatal(err)
			}
			rd = gr
		case "br":
			rd = brotli.NewReader(rd)
		}
		body, err := io.ReadAll(rd)
		if err != nil {
			t.Fatal(err)
		}
		return rec, body
	}
	plain, original := get("")
	if plain.Header().Get("Content-Encoding") != "" {
		t.Fatalf("a client accepting no encoding got %q", plain.Header().Get("Content-Encoding"))
	}
	for _, tt := range []struct{ accept, want string }{
		{"gzip, deflate", "gzip"},
		{"gzip, deflate, br, zstd", "br"},
		{"br;q=0, gzip", "gzip"},
	} {
		rec, body := get(tt.accept)
		if got := rec.Header().Get("Content-Encoding"); got != tt.want {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, want %q", tt.accept, got, tt.want)
		}
		if !bytes.Equal(body, original) {
			t.Errorf("Accept-Encoding %q: the body decodes to something else", tt.accept)
		}
		if rec.Body.Len() >= len(original) {
			t.Errorf("Accept-Encoding %q: %d bytes sent for a %d-byte file", tt.accept, rec.Body.Len(), len(original))
		}
		if rec.Header().Get("Vary") != "Accept-Encoding" || rec.Header().Get("ETag") == plain.Header().Get("ETag") {
			t.Errorf("Accept-Encoding %q: Vary %q, ETag %q (identity %q)", tt.accept, rec.Header().Get("Vary"),
				rec.Header().Get("ETag"), plain.Header().Get("ETag"))
		}
	}
}

package server

import (
	"bufio"
	"bytes"
	"net/http"
	"slices"
	"testing"
)

// FuzzParseHead checks the fast path never reads a request differently
// from net/http: whatever head it accepts, net/http's own reader accepts
// too, as the same method and path, with no body, one Host, none of the
// headers that send a request down the slow path, no cookie net/http
// reads by a bypass name, and the first X-Forwarded-Proto line realClient
// reads. A head read more loosely than
// net/http reads it is how request smuggling starts; a cookie missed is a
// signed-in editor served the readers' page.
func FuzzParseHead(f *testing.F) {
	for _, seed := range []string{
		"GET / HTTP/1.1\r\nHost: warta.example\r\n\r\n",
		"HEAD /2026/11/27/banjir/ HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip, br\r\nIf-None-Match: \"x\"\r\n\r\n",
		"GET /feed/ HTTP/1.1\r\nHost: a\r\nConnection: keep-alive\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
		"GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: a\r\n Host: b\r\n\r\n",
		"GET /a/../b HTTP/1.1\r\nHost: a\r\n\r\n",
		"GET / HTTP/1.1\nHost: a\n\n",
		"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
		"GET / HTTP/1.1\r\nHost : a\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: a\r\nCookie: s=1\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: a\r\nCookie: _ga=GA1.2.3; theme=\"dark\"\r\nCookie: warta_session=x\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: a\r\nCookie:  warta_pending = \"1\" ;a=b\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: a\r\nCookie: a=b;;warta_session\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 203.0.113.7, 10.0.0.1\r\nX-Forwarded-For:  ::1 \r\nX-Forwarded-Proto: https\r\nX-Forwarded-Proto: http\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: a\r\nx-forwarded-proto:\tHTTPS\t\r\nX-Forwarded-Host: a\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: a\r\nForwarded: for=203.0.113.7;proto=https\r\n\r\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		n := headEnd(b)
		if n < 0 {
			return
		}
		bypass := []string{"warta_session", "warta_pending"}
		req, ok := parseHead(b[:n], bypass)
		if !ok {
			return
		}
		r, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(b[:n])))
		if err != nil {
			t.Fatalf("fast path accepted a head net/http refuses (%v):\n%q", err, b[:n])
		}
		want := http.MethodGet
		if req.head {
			want = http.MethodHead
		}
		switch {
		case r.Method != want:
			t.Fatalf("method %q, net/http read %q:\n%q", want, r.Method, b[:n])
		case r.URL.RawQuery != "" || r.URL.Path != req.path || r.RequestURI != req.path:
			t.Fatalf("path %q, net/http read %q (%q):\n%q", req.path, r.URL.Path, r.RequestURI, b[:n])
		case r.ContentLength > 0 || len(r.TransferEncoding) > 0:
			t.Fatalf("a head with a body was accepted:\n%q", b[:n])
		case r.Header.Get("Authorization") != "" || r.Header.Get("Range") != "":
			t.Fatalf("a head net/http reads with credentials or a range was accepted:\n%q", b[:n])
		case len(r.Header.Values("Forwarded")) > 0:
			t.Fatalf("a head with Forwarded was accepted:\n%q", b[:n])
		case r.Header.Get("X-Forwarded-Proto") != req.xfp:
			t.Fatalf("X-Forwarded-Proto %q, net/http read %q:\n%q", req.xfp, r.Header.Get("X-Forwarded-Proto"), b[:n])
		}
		for _, c := range r.Cookies() {
			if slices.Contains(bypass, c.Name) {
				t.Fatalf("net/http reads cookie %s, the fast path missed it:\n%q", c.Name, b[:n])
			}
		}
		if _, ok := parseHead(b[:n], nil); ok && len(r.Header.Values("Cookie")) > 0 {
			t.Fatalf("a head with a cookie was accepted without bypass names:\n%q", b[:n])
		}
		if got := r.Header.Values("Accept-Encoding"); len(got) != len(req.ae) {
			t.Fatalf("Accept-Encoding %q, net/http read %q:\n%q", req.ae, got, b[:n])
		}
		if got := r.Header.Values("If-None-Match"); len(got) != len(req.inm) {
			t.Fatalf("If-None-Match %q, net/http read %q:\n%q", req.inm, got, b[:n])
		}
	})
}

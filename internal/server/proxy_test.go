package server

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestTrustedProxies(t *testing.T) {
	proxies, err := ParseProxies("10.0.0.0/8, 127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /ip", func(w http.ResponseWriter, r *http.Request) {
		host, _, _ := strings.Cut(r.RemoteAddr, ":")
		fmt.Fprint(w, host)
	})
	h := New(mux, pinger{}, quietLogger(), WithTrustedProxies(proxies)).Handler()
	ask := func(peer string, headers ...string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", "/ip", nil)
		r.RemoteAddr = peer + ":40000"
		for i := 0; i+1 < len(headers); i += 2 {
			r.Header.Add(headers[i], headers[i+1])
		}
		return serve(h, r)
	}

	for _, tc := range []struct {
		name    string
		peer    string
		headers []string
		want    string
	}{
		{"a reader behind the proxy is seen by their own address", "10.1.2.3",
			[]string{"X-Forwarded-For", "203.0.113.7"}, "203.0.113.7"},
		{"an address the reader wrote in front is not believed", "10.1.2.3",
			[]string{"X-Forwarded-For", "198.51.100.1, 203.0.113.7"}, "203.0.113.7"},
		{"a chain of trusted proxies is walked back to the reader", "127.0.0.1",
			[]string{"X-Forwarded-For", "203.0.113.7, 10.9.9.9"}, "203.0.113.7"},
		{"forwarding headers from an untrusted peer are ignored", "192.0.2.50",
			[]string{"X-Forwarded-For", "203.0.113.7"}, "192.0.2.50"},
		{"a garbled hop stops the walk at the last good address", "10.1.2.3",
			[]string{"X-Forwarded-For", "203.0.113.7, <script>"}, "10.1.2.3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ask(tc.peer, tc.headers...).Body.String(); got != tc.want {
				t.Fatalf("client address %q, want %q", got, tc.want)
			}
		})
	}
	t.Run("HTTPS at the proxy brings HSTS; from an untrusted peer it does not", func(t *testing.T) {
		if w := ask("10.1.2.3", "X-Forwarded-Proto", "https"); w.Header().Get("Strict-Transport-Security") == "" {
			t.Error("no HSTS for a reader on HTTPS behind the proxy")
		}
		if w := ask("192.0.2.50", "X-Forwarded-Proto", "https"); w.Header().Get("Strict-Transport-Security") != "" {
			t.Error("HSTS from a forged header")
		}
	})
	t.Run("bad entries are refused", func(t *testing.T) {
		if _, err := ParseProxies("10.0.0.0/8, proxy.example"); err == nil {
			t.Fatal("a host name was accepted")
		}
	})
}

package model

import "testing"

func TestEscapePath(t *testing.T) {
	for in, want := range map[string]string{
		"/greek/επίπεδο-2/":           "/greek/%ce%b5%cf%80%ce%af%cf%80%ce%b5%ce%b4%ce%bf-2/",
		"/hello-w\u202eorld/":         "/hello-w%e2%80%aeorld/",
		"/2024/04/26/harga-ikan/":     "/2024/04/26/harga-ikan/",
		"/greek/%ce%b5/":              "/greek/%ce%b5/",
		"/a b/\"q\"/":                 "/a%20b/%22q%22/",
		"/emoji-😀/?p=1&x=y#comment-2": "/emoji-%f0%9f%98%80/?p=1&x=y#comment-2",
	} {
		if got := EscapePath(in); got != want {
			t.Errorf("EscapePath(%q) = %q, want %q", in, got, want)
		}
	}
}

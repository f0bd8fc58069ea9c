package server

import (
	"bytes"
)

// fastRequest is what the fast path needs of a request head.
type fastRequest struct {
	head bool   // HEAD rather than GET
	path string // the request target: a clean path, no query
	ae   []string
	inm  []string
	xfp  string // the first X-Forwarded-Proto line
}

// headEnd returns the length of the request head at the start of b,
// its final empty line included, or -1 while it is incomplete.
func headEnd(b []byte) int {
	i := bytes.Index(b, []byte("\r\n\r\n"))
	if i < 0 {
		return -1
	}
	return i + 4
}

// parseHead reads a request head the fast path may answer: GET or HEAD of
// a clean path without query over HTTP/1.1, one plain Host, no cookie
// named in bypass (no cookie at all when bypass is nil), no credentials,
// body, range, upgrade, connection option other than keep-alive, or
// Forwarded header, every line well formed. The first X-Forwarded-Proto
// line is kept for the caller to believe or not, as realClient does;
// X-Forwarded-For and X-Forwarded-Host are let through unread (see
// WithFastHits). Anything else is false, and net/http reads the request
// instead: the fast path only ever declines what it is unsure of.
func parseHead(b []byte, bypass []string) (fastRequest, bool) {
	var req fastRequest
	line, rest, ok := cutLine(b)
	if !ok {
		return req, false
	}
	switch {
	case bytes.HasPrefix(line, []byte("GET ")):
		line = line[4:]
	case bytes.HasPrefix(line, []byte("HEAD ")):
		req.head = true
		line = line[5:]
	default:
		return req, false
	}
	target, proto, ok := bytes.Cut(line, []byte(" "))
	if !ok || string(proto) != "HTTP/1.1" || !cleanPath(target) {
		return req, false
	}
	hosts := 0
	sawProto := false
	for {
		line, rest, ok = cutLine(rest)
		if !ok {
			return req, false
		}
		if len(line) == 0 {
			break
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok || len(name) == 0 || !tokenBytes(name) || !fieldValue(value) {
			return req, false
		}
		value = bytes.Trim(value, " \t")
		switch lowerName(name) {
		case "host":
			hosts++
			if !hostBytes(value) {
				return req, false
			}
		case "accept-encoding":
			req.ae = append(req.ae, string(value))
		case "if-none-match":
			req.inm = append(req.inm, string(value))
		case "connection":
			if !bytes.EqualFold(value, []byte("keep-alive")) {
				return req, false
			}
		case "x-forwarded-proto":
			if !sawProto {
				sawProto = true
				req.xfp = string(value)
			}
		case "cookie":
			if bypass == nil || cookieNamed(value, bypass) {
				return req, false
			}
		case "authorization", "proxy-authorization", "content-length", "transfer-encoding", "te",
			"trailer", "expect", "upgrade", "range", "if-range", "forwarded", "http2-settings", "keep-alive":
			return req, false
		}
	}
	if hosts != 1 {
		return req, false
	}
	req.path = string(target)
	return req, true
}

// cookieNamed reports whether net/http could read a cookie with one of
// names from a Cookie line: it splits the line at every ";" and takes the
// name before the first "=", trimmed of spaces and tabs, as readCookies
// does. Whether the value is one net/http accepts is not asked: a line
// naming such a cookie at all is the chain's.
func cookieNamed(line []byte, names []string) bool {
	for len(line) > 0 {
		var part []byte
		part, line, _ = bytes.Cut(line, []byte(";"))
		name, _, _ := bytes.Cut(part, []byte("="))
		name = bytes.Trim(name, " \t")
		for _, n := range names {
			if string(name) == n {
				return true
			}
		}
	}
	return false
}

// cutLine splits the CRLF-terminated line at the start of b; a bare LF or
// a folded continuation line is not accepted.
func cutLine(b []byte) (line, rest []byte, ok bool) {
	i := bytes.IndexByte(b, '\n')
	if i < 1 || b[i-1] != '\r' {
		return nil, nil, false
	}
	line, rest = b[:i-1], b[i+1:]
	if len(rest) > 0 && (rest[0] == ' ' || rest[0] == '\t') {
		return nil, nil, false
	}
	return line, rest, true
}

// cleanPath accepts a path ServeMux would not redirect and that needs no
// unescaping: "/" followed by letters, digits and -._~/ only, with no empty,
// "." or ".." segment but a final empty one ("/a/b/").
func cleanPath(p []byte) bool {
	if len(p) == 0 || p[0] != '/' || len(p) > 2048 {
		return false
	}
	for _, c := range p {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '.', c == '_', c == '~', c == '/':
		default:
			return false
		}
	}
	// Segment by segment, without splitting (which allocates per request).
	rest := p[1:]
	for {
		seg, after, more := bytes.Cut(rest, []byte("/"))
		if (len(seg) == 0 && more) || string(seg) == "." || string(seg) == ".." {
			return false
		}
		if !more {
			return true
		}
		rest = after
	}
}

func tokenBytes(b []byte) bool {
	for _, c := range b {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// fieldValue accepts visible ASCII, spaces and tabs.
func fieldValue(b []byte) bool {
	for _, c := range b {
		if (c < 0x20 && c != '\t') || c >= 0x7f {
			return false
		}
	}
	return true
}

func hostBytes(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == ':' || c == '[' || c == ']') {
			return false
		}
	}
	return true
}

// lowerName returns a header name in lower case; the names the fast path
// looks for are short, so longer ones are returned as they are.
func lowerName(b []byte) string {
	var buf [24]byte
	if len(b) > len(buf) {
		return ""
	}
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return string(buf[:len(b)])
}

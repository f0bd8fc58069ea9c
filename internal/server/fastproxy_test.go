package server

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"warta/internal/ratelimit"
)

// readRaw reads one answer to a GET as it came over the wire: the head's
// lines, in order, without Date and X-Request-Id (which differ between any
// two answers), and the body.
func readRaw(t *testing.T, br *bufio.Reader) (head []string, id string, body string) {
	t.Helper()
	n := 0
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			t.Fatalf("reading an answer: %v", err)
		}
		line = strings.TrimSuffix(line, "\r\n")
		if line == "" {
			break
		}
		name, value, _ := strings.Cut(line, ": ")
		switch name {
		case "Date":
			continue
		case "X-Request-Id":
			id = value
			continue
		case "Content-Length":
			n, _ = strconv.Atoi(value)
		}
		head = append(head, line)
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(br, b); err != nil {
		t.Fatal(err)
	}
	return head, id, string(b)
}

// logLine returns the request log line with id, waiting a little for it:
// an answer is logged once written.
func logLine(t *testing.T, s *fastSite, id string) map[string]any {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		for _, line := range strings.Split(strings.TrimSpace(s.logs.String()), "\n") {
			var rec map[string]any
			if err := json.Unmarshal([]byte(line), &rec); err != nil {
				t.Fatalf("log line %q: %v", line, err)
			}
			if rec["msg"] == "request" && rec["id"] == id {
				return rec
			}
		}
	}
	t.Fatalf("no log line with id %s:\n%s", id, s.logs.String())
	return nil
}

// fastOnce sends raw on a connection where it has been answered once
// already (so the answer is learned) and returns the next answer, failing
// unless it came from the fast path.
func fastOnce(t *testing.T, s *fastSite, raw string) (head []string, id, body string) {
	t.Helper()
	c, br := dial(t, s.addr)
	c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(c, raw); err != nil {
		t.Fatal(err)
	}
	readRaw(t, br)
	before := s.chain.Load()
	if _, err := io.WriteString(c, raw); err != nil {
		t.Fatal(err)
	}
	head, id, body = readRaw(t, br)
	if s.chain.Load() != before {
		t.Fatalf("a learned answer went through the chain:\n%q", raw)
	}
	return head, id, body
}

// chainOnce sends raw on a new connection with a Forwarded header, which
// the fast path declines and the chain ignores: net/http and the whole
// chain answer it.
func chainOnce(t *testing.T, s *fastSite, raw string) (head []string, id, body string) {
	t.Helper()
	c, br := dial(t, s.addr)
	c.SetDeadline(time.Now().Add(5 * time.Second))
	before := s.chain.Load()
	if _, err := io.WriteString(c, strings.Replace(raw, "\r\n\r\n", "\r\nForwarded: for=192.0.2.9\r\n\r\n", 1)); err != nil {
		t.Fatal(err)
	}
	head, id, body = readRaw(t, br)
	if s.chain.Load() != before+1 {
		t.Fatalf("the request did not go through the chain:\n%q", raw)
	}
	return head, id, body
}

func hasLine(head []string, prefix string) bool {
	for _, l := range head {
		if strings.HasPrefix(l, prefix) {
			return true
		}
	}
	return false
}

func TestFastHitsBehindTrustedProxy(t *testing.T) {
	proxies, err := ParseProxies("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	s := newFastSite(t, WithTrustedProxies(proxies))
	chainOnce(t, s, get("/page/", "")) // stores the page
	s.cache.Settle()                   // and its brotli variant, made in the background
	https := get("/page/", "X-Forwarded-For: 198.51.100.1, 203.0.113.7\r\nX-Forwarded-Proto: https\r\n")
	plain := get("/page/", "X-Forwarded-For: 203.0.113.8\r\nX-Forwarded-Proto: http\r\n")

	t.Run("a reader on HTTPS gets, from the fast path, the bytes the chain sends, HSTS included", func(t *testing.T) {
		fastHead, fastID, fastBody := fastOnce(t, s, https)
		slowHead, slowID, slowBody := chainOnce(t, s, https)
		if strings.Join(fastHead, "\n") != strings.Join(slowHead, "\n") || fastBody != slowBody {
			t.Fatalf("fast path:\n%s\nchain:\n%s", strings.Join(fastHead, "\n"), strings.Join(slowHead, "\n"))
		}
		if !hasLine(fastHead, "Strict-Transport-Security: ") || !hasLine(fastHead, "X-Cache: HIT") {
			t.Fatalf("no HSTS or not a hit:\n%s", strings.Join(fastHead, "\n"))
		}
		t.Run("and logged as the chain logs it", func(t *testing.T) {
			fast, slow := logLine(t, s, fastID), logLine(t, s, slowID)
			for _, k := range []string{"time", "id", "took"} {
				delete(fast, k)
				delete(slow, k)
			}
			if fmt.Sprint(fast) != fmt.Sprint(slow) || fast["status"] != float64(200) {
				t.Fatalf("fast path logged %v\nchain logged %v", fast, slow)
			}
		})
	})

	t.Run("a reader on plain HTTP behind the proxy gets the answer without HSTS", func(t *testing.T) {
		fastHead, _, fastBody := fastOnce(t, s, plain)
		slowHead, _, slowBody := chainOnce(t, s, plain)
		if strings.Join(fastHead, "\n") != strings.Join(slowHead, "\n") || fastBody != slowBody {
			t.Fatalf("fast path:\n%s\nchain:\n%s", strings.Join(fastHead, "\n"), strings.Join(slowHead, "\n"))
		}
		if hasLine(fastHead, "Strict-Transport-Security: ") {
			t.Fatalf("HSTS over plain HTTP:\n%s", strings.Join(fastHead, "\n"))
		}
	})

	t.Run("both schemes stay learned side by side", func(t *testing.T) {
		c, br := dial(t, s.addr)
		c.SetDeadline(time.Now().Add(5 * time.Second))
		before := s.chain.Load()
		io.WriteString(c, https+plain+https+plain)
		for i := range 4 {
			head, _, _ := readRaw(t, br)
			if hasLine(head, "Strict-Transport-Security: ") != (i%2 == 0) {
				t.Fatalf("answer %d: HSTS is %v", i, !(i%2 == 0))
			}
		}
		if n := s.chain.Load() - before; n != 0 {
			t.Fatalf("%d of the requests went through the chain", n)
		}
	})
}

func TestFastHitsFromAnUntrustedPeer(t *testing.T) {
	proxies, err := ParseProxies("10.0.0.0/8")
	if err != nil {
		t.Fatal(err)
	}
	s := newFastSite(t, WithTrustedProxies(proxies))
	chainOnce(t, s, get("/page/", ""))
	s.cache.Settle()
	forged := get("/page/", "X-Forwarded-For: 203.0.113.7\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Host: evil.example\r\n")
	fastHead, _, fastBody := fastOnce(t, s, forged)
	slowHead, _, slowBody := chainOnce(t, s, forged)
	if strings.Join(fastHead, "\n") != strings.Join(slowHead, "\n") || fastBody != slowBody {
		t.Fatalf("fast path:\n%s\nchain:\n%s", strings.Join(fastHead, "\n"), strings.Join(slowHead, "\n"))
	}
	if hasLine(fastHead, "Strict-Transport-Security: ") {
		t.Fatalf("HSTS from a forged X-Forwarded-Proto:\n%s", strings.Join(fastHead, "\n"))
	}
}

func TestFastHitsWithCookies(t *testing.T) {
	s := newFastSite(t)
	// Without Accept-Encoding, so the page's text can be read.
	page := func(extra string) string { return "GET /page/ HTTP/1.1\r\nHost: warta.test\r\n" + extra + "\r\n" }
	chainOnce(t, s, page(""))

	t.Run("a reader with analytics cookies gets the readers' page from the fast path", func(t *testing.T) {
		head, _, body := fastOnce(t, s, page("Cookie: _ga=GA1.2.3.4; theme=\"dark\"\r\nCookie: _fbp=fb.1.2\r\n"))
		if !hasLine(head, "X-Cache: HIT") || !strings.Contains(body, "reader view") {
			t.Fatalf("head %q, body %.80q", head, body)
		}
	})

	for _, tc := range []struct{ name, cookie, xcache, view string }{
		{"a signed-in editor", "Cookie: _ga=GA1.2.3.4; warta_session=abc\r\n", "BYPASS", "editor view"},
		{"an editor whose session cookie is on a second Cookie line, quoted",
			"Cookie: _ga=1\r\nCookie:  warta_session=\"abc\" \r\n", "BYPASS", "editor view"},
		{"a reader with a comment awaiting moderation", "Cookie: warta_pending=1;_ga=1\r\n", "BYPASS", "pending view"},
		// net/http drops a value with a backslash in it: the chain serves
		// the readers' page, and the fast path, unsure, leaves it the request.
		{"a session cookie net/http cannot read", "Cookie: warta_session=a\\b\r\n", "HIT", "reader view"},
	} {
		t.Run(tc.name+" goes to the chain and gets its answer", func(t *testing.T) {
			c, br := dial(t, s.addr)
			c.SetDeadline(time.Now().Add(5 * time.Second))
			// The readers' answer is learned on this connection first.
			io.WriteString(c, page("")+page(""))
			readRaw(t, br)
			readRaw(t, br)
			before := s.chain.Load()
			io.WriteString(c, page(tc.cookie))
			head, _, body := readRaw(t, br)
			if s.chain.Load() != before+1 {
				t.Fatalf("did not go through the chain")
			}
			if !hasLine(head, "X-Cache: "+tc.xcache) || !strings.Contains(body, tc.view) {
				t.Fatalf("head %q, body %.80q", head, body)
			}
		})
	}
}

// A page a rate rule counts is never answered from the fast path: each
// request spends the budget of the client the chain sees, the reader behind
// a trusted proxy or, with forged forwarding headers, the peer itself.
func TestFastHitsLeaveRateLimitsToTheChain(t *testing.T) {
	for _, tc := range []struct {
		name, proxies, xff string
		want               []string // the status lines of four requests, from four addresses when xff has %d
	}{
		{"a reader's requests are all counted", "", "",
			[]string{"200 OK", "429 Too Many Requests", "429 Too Many Requests", "429 Too Many Requests"}},
		{"behind a trusted proxy, every reader has a budget of their own", "127.0.0.1", "X-Forwarded-For: 203.0.113.%d\r\n",
			[]string{"200 OK", "200 OK", "200 OK", "200 OK"}},
		{"from an untrusted peer, forged addresses share the peer's budget", "10.0.0.0/8", "X-Forwarded-For: 203.0.113.%d\r\n",
			[]string{"200 OK", "429 Too Many Requests", "429 Too Many Requests", "429 Too Many Requests"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rule := RateRule{Name: "page", Limiter: ratelimit.New(time.Hour, 2, 10),
				Match: func(r *http.Request) bool { return r.URL.Path == "/page/" }}
			proxies, err := ParseProxies(tc.proxies)
			if err != nil {
				t.Fatal(err)
			}
			s := newFastSite(t, WithRateRules(rule), WithTrustedProxies(proxies))
			// Stores the page, from 203.0.113.1's budget of two, or the peer's.
			chainOnce(t, s, get("/page/", strings.ReplaceAll(tc.xff, "%d", "1")))
			s.cache.Settle()
			c, br := dial(t, s.addr)
			c.SetDeadline(time.Now().Add(5 * time.Second))
			var raw string
			for i := range 4 {
				raw += get("/page/", strings.ReplaceAll(tc.xff, "%d", fmt.Sprint(i+1)))
			}
			io.WriteString(c, raw)
			for i, want := range tc.want {
				if head, _, _ := readRaw(t, br); head[0] != "HTTP/1.1 "+want {
					t.Fatalf("request %d: %q, want %q", i+1, head[0], want)
				}
			}
		})
	}
}

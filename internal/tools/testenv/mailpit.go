package testenv

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Mailpit is a real SMTP server for a test: Mailpit (the Go module
// github.com/axllent/mailpit), started on free ports and read through its
// HTTP API.
type Mailpit struct {
	SMTPHost string
	SMTPPort int
	api      string // http://127.0.0.1:port
}

// MailpitMessage is a message as Mailpit's API gives it.
type MailpitMessage struct {
	ID        string
	MessageID string
	From      struct{ Name, Address string }
	To        []struct{ Name, Address string }
	Subject   string
	Text      string
	HTML      string
}

// StartMailpit starts Mailpit (WARTA_TEST_MAILPIT, or mailpit on the PATH)
// for the test, taking any sign-in over an unencrypted link, keeping every
// message (no limit), and stops it when the test ends. args are further
// Mailpit flags ("--smtp-allowed-recipients", "…").
func StartMailpit(t testing.TB, args ...string) *Mailpit {
	t.Helper()
	bin := os.Getenv("WARTA_TEST_MAILPIT")
	if bin == "" {
		if p, err := exec.LookPath("mailpit"); err == nil {
			bin = p
		}
	}
	if bin == "" {
		missing(t, "mailpit is not installed (WARTA_TEST_MAILPIT)", "go install github.com/axllent/mailpit@latest")
	}
	smtpPort, apiPort := freePort(t), freePort(t)
	cmd := exec.Command(bin, append([]string{
		"--smtp", "127.0.0.1:" + strconv.Itoa(smtpPort),
		"--listen", "127.0.0.1:" + strconv.Itoa(apiPort),
		"--database", filepath.Join(t.TempDir(), "mailpit.db"),
		"--max", "0",
		"--smtp-auth-accept-any", "--smtp-auth-allow-insecure",
		"--disable-version-check", "--quiet"}, args...)...)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start mailpit: %v", err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	m := &Mailpit{SMTPHost: "127.0.0.1", SMTPPort: smtpPort, api: "http://127.0.0.1:" + strconv.Itoa(apiPort)}
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get(m.api + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				if c, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(smtpPort)); err == nil {
					c.Close()
					return m
				}
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("mailpit did not start: %s", out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func freePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func (m *Mailpit) get(t testing.TB, path string, v any) {
	t.Helper()
	resp, err := http.Get(m.api + path)
	if err != nil {
		t.Fatalf("mailpit %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("mailpit %s: %s %s", path, resp.Status, b)
	}
	if s, ok := v.(*string); ok {
		*s = string(b)
		return
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("mailpit %s: %v", path, err)
	}
}

// Messages returns the summaries of every message Mailpit holds, newest
// first (ID, MessageID, From, To, Subject).
func (m *Mailpit) Messages(t testing.TB) []MailpitMessage {
	t.Helper()
	var all []MailpitMessage
	for start := 0; ; {
		var page struct {
			Total    int
			Messages []MailpitMessage
		}
		m.get(t, fmt.Sprintf("/api/v1/messages?start=%d&limit=1000", start), &page)
		all = append(all, page.Messages...)
		start += len(page.Messages)
		if len(page.Messages) == 0 || start >= page.Total {
			return all
		}
	}
}

// Count returns how many messages Mailpit holds.
func (m *Mailpit) Count(t testing.TB) int {
	t.Helper()
	var page struct{ Total int }
	m.get(t, "/api/v1/messages?limit=1", &page)
	return page.Total
}

// Ignored returns how many messages Mailpit received but did not keep
// since it started: with --ignore-duplicate-ids, those whose Message-ID
// it held already.
func (m *Mailpit) Ignored(t testing.TB) int {
	t.Helper()
	var info struct{ RuntimeStats struct{ SMTPIgnored int } }
	m.get(t, "/api/v1/info", &info)
	return info.RuntimeStats.SMTPIgnored
}

// Message returns the whole message id: its text and HTML bodies too.
func (m *Mailpit) Message(t testing.TB, id string) MailpitMessage {
	t.Helper()
	var msg MailpitMessage
	m.get(t, "/api/v1/message/"+url.PathEscape(id), &msg)
	return msg
}

// Headers returns the headers of message id.
func (m *Mailpit) Headers(t testing.TB, id string) map[string][]string {
	t.Helper()
	h := map[string][]string{}
	m.get(t, "/api/v1/message/"+url.PathEscape(id)+"/headers", &h)
	return h
}

// Raw returns message id as the SMTP server received it.
func (m *Mailpit) Raw(t testing.TB, id string) string {
	t.Helper()
	var s string
	m.get(t, "/api/v1/message/"+url.PathEscape(id)+"/raw", &s)
	return s
}

// WaitTo waits until a message to addr arrives and returns it whole; it
// fails the test after timeout.
func (m *Mailpit) WaitTo(t testing.TB, addr string, timeout time.Duration) MailpitMessage {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		var page struct{ Messages []MailpitMessage }
		m.get(t, "/api/v1/search?query="+url.QueryEscape("to:"+addr), &page)
		if len(page.Messages) > 0 {
			return m.Message(t, page.Messages[0].ID)
		}
		if time.Now().After(deadline) {
			t.Fatalf("no message to %s within %v", addr, timeout)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// WaitCount waits until Mailpit holds at least n messages and returns how
// many it holds; it fails the test after timeout.
func (m *Mailpit) WaitCount(t testing.TB, n int, timeout time.Duration) int {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		if c := m.Count(t); c >= n {
			return c
		}
		if time.Now().After(deadline) {
			t.Fatalf("mailpit holds %d messages, not %d, after %v", m.Count(t), n, timeout)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

package mail_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-msgauth/dkim"

	"warta/internal/mail"
	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
	"warta/internal/tools/testenv"
)

// observer counts the worker's reports, as the metrics would.
type observer struct {
	mu     sync.Mutex
	sent   int
	failed map[bool]int
}

func (o *observer) MailSent(string) { o.mu.Lock(); o.sent++; o.mu.Unlock() }
func (o *observer) MailFailed(_ string, givenUp bool) {
	o.mu.Lock()
	if o.failed == nil {
		o.failed = map[bool]int{}
	}
	o.failed[givenUp]++
	o.mu.Unlock()
}

// setup returns a store whose settings send through mp (nil: a port that
// refuses connections), a composer and a worker.
func setup(t *testing.T, mp *testenv.Mailpit, edit func(*model.Settings)) (*store.Store, *mail.Composer, *mail.Worker, *observer) {
	t.Helper()
	st := storetest.New(t)
	set, err := st.Settings(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	set.Title = "Warta Kota"
	set.SMTPFrom = "redaksi@warta.example"
	set.SMTPSecurity = model.SMTPPlain
	if mp != nil {
		set.SMTPHost, set.SMTPPort = mp.SMTPHost, mp.SMTPPort
	} else {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		set.SMTPHost, set.SMTPPort = "127.0.0.1", ln.Addr().(*net.TCPAddr).Port
		ln.Close()
	}
	if edit != nil {
		edit(&set)
	}
	if err := st.SaveSettings(t.Context(), set); err != nil {
		t.Fatal(err)
	}
	c, err := mail.NewComposer("https://warta.example")
	if err != nil {
		t.Fatal(err)
	}
	obs := &observer{}
	return st, c, mail.NewWorker(st, mail.WorkerOptions{Observer: obs}), obs
}

func testLetter(to, lang string) mail.Letter {
	return mail.Letter{Kind: model.MailTest, To: to, ToName: "Ibu Ani", Lang: lang, Template: "test.html",
		Subject: "mail.test.subject", SubjectArgs: []any{"Warta Kota"}, Data: map[string]string{"By": "Sari & Co"},
		Unsubscribe: "https://warta.example/mail/unsubscribe?t=abc"}
}

func TestSendThroughMailpit(t *testing.T) {
	mp := testenv.StartMailpit(t)
	st, c, w, obs := setup(t, mp, nil)
	queued, err := queue(t, st, c, testLetter("ani@example.id", "id"))
	if err != nil {
		t.Fatal(err)
	}
	if n, err := w.RunOnce(t.Context()); err != nil || n != 1 {
		t.Fatalf("RunOnce: %d %v", n, err)
	}
	got := mp.WaitTo(t, "ani@example.id", 10*time.Second)
	t.Run("the message arrives whole, in the reader's language", func(t *testing.T) {
		if got.Subject != "Pesan uji dari Warta Kota" {
			t.Errorf("subject %q", got.Subject)
		}
		if got.MessageID != queued.MessageID {
			t.Errorf("Message-ID %q, the outbox has %q", got.MessageID, queued.MessageID)
		}
		if got.From.Address != "redaksi@warta.example" || got.From.Name != "Warta Kota" {
			t.Errorf("from %+v", got.From)
		}
		if !strings.Contains(got.Text, "Ini pesan uji dari Warta Kota.") || !strings.Contains(got.Text, "Sari & Co") {
			t.Errorf("text part:\n%s", got.Text)
		}
		if !strings.Contains(got.HTML, `<html lang="id">`) || !strings.Contains(got.HTML, "Sari &amp; Co") {
			t.Errorf("HTML part:\n%s", got.HTML)
		}
		if !strings.Contains(got.Text, "Berhenti berlangganan dengan satu klik (https://warta.example/mail/unsubscribe?t=abc)") {
			t.Errorf("the text part has no unsubscribe link:\n%s", got.Text)
		}
	})
	t.Run("the headers say multipart/alternative and one-click unsubscribe", func(t *testing.T) {
		h := mp.Headers(t, got.ID)
		if ct := strings.Join(h["Content-Type"], ""); !strings.HasPrefix(ct, "multipart/alternative;") {
			t.Errorf("Content-Type %q", ct)
		}
		if v := strings.Join(h["List-Unsubscribe"], ""); v != "<https://warta.example/mail/unsubscribe?t=abc>" {
			t.Errorf("List-Unsubscribe %q", v)
		}
		if v := strings.Join(h["List-Unsubscribe-Post"], ""); v != "List-Unsubscribe=One-Click" {
			t.Errorf("List-Unsubscribe-Post %q", v)
		}
	})
	t.Run("the outbox marks it sent", func(t *testing.T) {
		m, err := st.Mail(t.Context(), queued.ID)
		if err != nil || m.Status != model.MailSent || m.Attempts != 1 {
			t.Fatalf("%+v %v", m, err)
		}
		if obs.sent != 1 {
			t.Errorf("observer told of %d sent", obs.sent)
		}
		if n, _ := w.RunOnce(t.Context()); n != 0 {
			t.Errorf("a sent message was claimed again")
		}
	})
	t.Run("in English for an English reader", func(t *testing.T) {
		if _, err := queue(t, st, c, testLetter("bob@example.com", "en")); err != nil {
			t.Fatal(err)
		}
		w.RunOnce(t.Context())
		got := mp.WaitTo(t, "bob@example.com", 10*time.Second)
		if got.Subject != "Test message from Warta Kota" || !strings.Contains(got.HTML, `<html lang="en">`) {
			t.Errorf("subject %q, HTML %s", got.Subject, got.HTML)
		}
	})
}

func TestDKIM(t *testing.T) {
	mp := testenv.StartMailpit(t)
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	keyPEM := string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	st, c, w, _ := setup(t, mp, func(s *model.Settings) {
		s.DKIMDomain, s.DKIMSelector, s.DKIMKey = "warta.example", "w2026", keyPEM
	})
	if _, err := queue(t, st, c, testLetter("ani@example.id", "id")); err != nil {
		t.Fatal(err)
	}
	w.RunOnce(t.Context())
	got := mp.WaitTo(t, "ani@example.id", 10*time.Second)
	raw := mp.Raw(t, got.ID)
	record := "v=DKIM1; k=ed25519; p=" + base64.StdEncoding.EncodeToString(pub)
	verifications, err := dkim.VerifyWithOptions(strings.NewReader(raw), &dkim.VerifyOptions{
		LookupTXT: func(domain string) ([]string, error) {
			if domain != "w2026._domainkey.warta.example" {
				return nil, errors.New("no such record: " + domain)
			}
			return []string{record}, nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(verifications) != 1 || verifications[0].Err != nil || verifications[0].Domain != "warta.example" {
		t.Fatalf("verifications %+v", verifications)
	}
	signed := strings.ToLower(strings.Join(verifications[0].HeaderKeys, ","))
	for _, h := range []string{"from", "subject", "message-id", "list-unsubscribe", "list-unsubscribe-post"} {
		if !strings.Contains(signed, h) {
			t.Errorf("the signature does not cover %s (it covers %s)", h, signed)
		}
	}
}

func TestFailures(t *testing.T) {
	t.Run("an unreachable server: the message waits and is tried again", func(t *testing.T) {
		st, c, w, obs := setup(t, nil, nil)
		m, err := queue(t, st, c, testLetter("ani@example.id", "id"))
		if err != nil {
			t.Fatal(err)
		}
		before := time.Now()
		if err := w.SendNow(t.Context(), m.ID); err == nil {
			t.Fatal("SendNow reported no failure with the server down")
		}
		got, err := st.Mail(t.Context(), m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != model.MailQueued || got.Attempts != 1 || got.LastError == "" ||
			got.NextAttemptAt.Before(before.Add(59*time.Second)) {
			t.Fatalf("after one failure: %+v", got)
		}
		if obs.failed[false] != 1 {
			t.Errorf("observer: %+v", obs.failed)
		}
		if n, _ := w.RunOnce(t.Context()); n != 0 {
			t.Error("the message was tried again before its time")
		}
	})
	t.Run("a refusal for good: the message fails and the others still go", func(t *testing.T) {
		mp := testenv.StartMailpit(t, "--smtp-allowed-recipients", `@example\.id$`)
		st, c, w, obs := setup(t, mp, nil)
		bad, err := queue(t, st, c, testLetter("someone@blocked.example", "en"))
		if err != nil {
			t.Fatal(err)
		}
		good, err := queue(t, st, c, testLetter("ani@example.id", "id"))
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := w.RunOnce(t.Context()); n != 2 {
			t.Fatalf("claimed %d", n)
		}
		mp.WaitTo(t, "ani@example.id", 10*time.Second)
		b, _ := st.Mail(t.Context(), bad.ID)
		g, _ := st.Mail(t.Context(), good.ID)
		if b.Status != model.MailFailed || !strings.Contains(b.LastError, "55") {
			t.Errorf("the refused message: %+v", b)
		}
		if g.Status != model.MailSent {
			t.Errorf("the next message: %+v", g)
		}
		if obs.failed[true] != 1 || obs.sent != 1 {
			t.Errorf("observer: sent %d failed %+v", obs.sent, obs.failed)
		}
		failed, err := st.MailByStatus(t.Context(), model.MailFailed, 10)
		if err != nil || len(failed) != 1 || failed[0].To != "someone@blocked.example" {
			t.Errorf("the newsroom's list of failures: %+v %v", failed, err)
		}
	})
}

// queue composes l and writes it to st's outbox on its own, as a write
// that causes mail does inside its transaction.
func queue(t *testing.T, st *store.Store, c *mail.Composer, l mail.Letter) (*model.Mail, error) {
	t.Helper()
	set, err := st.Settings(t.Context())
	if err != nil {
		return nil, err
	}
	m, err := c.Compose(set, l, time.Now())
	if err != nil {
		return nil, err
	}
	return m, st.EnqueueMail(t.Context(), m)
}

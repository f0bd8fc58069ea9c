package mail

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"time"
)

// envelope is what compose writes besides the two bodies.
type envelope struct {
	From, FromName string // the sender's address and the name shown with it
	To, ToName     string
	Subject        string
	Lang           string // Content-Language
	Date           time.Time
	MessageID      string // without brackets
	// Unsubscribe, when set, is the one-click unsubscribe URL (RFC 8058):
	// List-Unsubscribe and List-Unsubscribe-Post carry it.
	Unsubscribe string
}

// newMessageID returns a Message-ID under the domain of the from address:
// 16 random bytes, so no two messages share one.
func newMessageID(from string) string {
	var b [16]byte
	rand.Read(b[:])
	domain := from[strings.LastIndexByte(from, '@')+1:]
	if domain == "" {
		domain = "warta.invalid"
	}
	return hex.EncodeToString(b[:]) + "@" + domain
}

// compose writes an RFC 5322 message in UTF-8: multipart/alternative with
// the plain text first and the HTML last (the part a client prefers when
// it can show it), both quoted-printable. The MIME boundary is derived
// from the Message-ID, so composing the same message twice gives the same
// bytes.
func compose(env envelope, text, html []byte) ([]byte, error) {
	var b bytes.Buffer
	h := func(name, value string) { fmt.Fprintf(&b, "%s: %s\r\n", name, value) }
	h("From", address(env.FromName, env.From))
	h("To", address(env.ToName, env.To))
	h("Subject", mime.QEncoding.Encode("utf-8", env.Subject))
	h("Date", env.Date.Format(time.RFC1123Z))
	h("Message-ID", "<"+env.MessageID+">")
	h("MIME-Version", "1.0")
	// RFC 3834: an automatic message, which vacation responders leave alone.
	h("Auto-Submitted", "auto-generated")
	if env.Lang != "" {
		h("Content-Language", env.Lang)
	}
	if env.Unsubscribe != "" {
		h("List-Unsubscribe", "<"+env.Unsubscribe+">")
		h("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
	}
	mw := multipart.NewWriter(&b)
	boundary := "warta-" + strings.NewReplacer("@", "-", ".", "-").Replace(env.MessageID)
	if len(boundary) > 70 {
		boundary = boundary[:70]
	}
	if err := mw.SetBoundary(boundary); err != nil {
		return nil, fmt.Errorf("mail: compose: %w", err)
	}
	h("Content-Type", "multipart/alternative; boundary=\""+boundary+"\"")
	b.WriteString("\r\n")
	for _, part := range []struct {
		typ  string
		body []byte
	}{{"text/plain; charset=utf-8", text}, {"text/html; charset=utf-8", html}} {
		w, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {part.typ},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return nil, fmt.Errorf("mail: compose: %w", err)
		}
		if err := writeQP(w, part.body); err != nil {
			return nil, fmt.Errorf("mail: compose: %w", err)
		}
	}
	if err := mw.Close(); err != nil {
		return nil, fmt.Errorf("mail: compose: %w", err)
	}
	return b.Bytes(), nil
}

// writeQP writes body quoted-printable with CRLF line ends.
func writeQP(w io.Writer, body []byte) error {
	qp := quotedprintable.NewWriter(w)
	body = bytes.ReplaceAll(body, []byte("\r\n"), []byte("\n"))
	if _, err := qp.Write(bytes.ReplaceAll(body, []byte("\n"), []byte("\r\n"))); err != nil {
		return err
	}
	return qp.Close()
}

// address writes a mailbox with its display name encoded when it needs it.
func address(name, addr string) string {
	return (&mail.Address{Name: name, Address: addr}).String()
}

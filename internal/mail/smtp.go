package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"net/textproto"
	"strconv"
	"strings"
	"time"

	"warta/internal/model"
)

// smtpTimeout bounds each step with the server: connecting, and each
// message from MAIL FROM to the reply to its data.
const smtpTimeout = 30 * time.Second

// client is one connection to the SMTP server the settings name, over
// which several messages may go.
type client struct {
	conn net.Conn
	c    *smtp.Client
	from string
	dkim *dkimSigner
}

// dial connects to the server set names, secures the link as
// set.SMTPSecurity says and signs in when a user is set. net/smtp refuses
// to send a password over an unencrypted link to another machine.
func dial(ctx context.Context, set model.Settings) (*client, error) {
	if set.SMTPHost == "" {
		return nil, errors.New("no SMTP server is set")
	}
	signer, err := newDKIMSigner(set)
	if err != nil {
		return nil, err
	}
	addr := net.JoinHostPort(set.SMTPHost, strconv.Itoa(set.SMTPPort))
	tlsConf := &tls.Config{ServerName: set.SMTPHost, MinVersion: tls.VersionTLS12}
	d := &net.Dialer{Timeout: smtpTimeout}
	deadline := time.Now().Add(smtpTimeout)
	if dl, ok := ctx.Deadline(); ok && dl.Before(deadline) {
		deadline = dl
	}
	var conn net.Conn
	if set.SMTPSecurity == model.SMTPTLS {
		conn, err = (&tls.Dialer{NetDialer: d, Config: tlsConf}).DialContext(ctx, "tcp", addr)
	} else {
		conn, err = d.DialContext(ctx, "tcp", addr)
	}
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", addr, err)
	}
	conn.SetDeadline(deadline)
	c, err := smtp.NewClient(conn, set.SMTPHost)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("greeting from %s: %w", addr, err)
	}
	cl := &client{conn: conn, c: c, from: set.SMTPFrom, dkim: signer}
	if err := c.Hello(helloName(set.SMTPFrom)); err != nil {
		cl.close()
		return nil, fmt.Errorf("EHLO: %w", err)
	}
	if set.SMTPSecurity == model.SMTPStartTLS || set.SMTPSecurity == "" {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			cl.close()
			return nil, fmt.Errorf("%s does not offer STARTTLS (choose implicit TLS or no encryption in the settings)", addr)
		}
		if err := c.StartTLS(tlsConf); err != nil {
			cl.close()
			return nil, fmt.Errorf("STARTTLS: %w", err)
		}
	}
	if set.SMTPUser != "" {
		if err := c.Auth(smtp.PlainAuth("", set.SMTPUser, set.SMTPPassword, set.SMTPHost)); err != nil {
			cl.close()
			return nil, fmt.Errorf("sign in as %s: %w", set.SMTPUser, err)
		}
	}
	return cl, nil
}

// helloName is the name warta greets the server with: the domain of its
// sender address (the server may check that it resolves).
func helloName(from string) string {
	if i := strings.LastIndexByte(from, '@'); i >= 0 && i < len(from)-1 {
		return from[i+1:]
	}
	return "localhost"
}

// send delivers one message to one recipient and returns nil only when the
// server has answered 250 to its data. A refusal of this message is a
// *textproto.Error; anything else leaves the connection unusable.
func (cl *client) send(ctx context.Context, to string, msg []byte) error {
	deadline := time.Now().Add(smtpTimeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	cl.conn.SetDeadline(deadline)
	if cl.dkim != nil {
		signed, err := cl.dkim.sign(msg)
		if err != nil {
			return err
		}
		msg = signed
	}
	if err := cl.c.Mail(cl.from); err != nil {
		return cl.reset(err)
	}
	if err := cl.c.Rcpt(to); err != nil {
		return cl.reset(recipientError{err})
	}
	w, err := cl.c.Data()
	if err != nil {
		return cl.reset(err)
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	// Close sends the final dot and reads the reply: nil means 250.
	return w.Close()
}

// reset, after the server refused a command, clears the transaction so the
// next message can use the connection.
func (cl *client) reset(err error) error {
	var te *textproto.Error
	if errors.As(err, &te) {
		cl.c.Reset()
	}
	return err
}

// recipientError is the server's refusal of the recipient (its reply to
// RCPT TO); with a 5xx code it is a hard bounce.
type recipientError struct{ error }

func (e recipientError) Unwrap() error { return e.error }

// hardBounce reports whether err is the server's permanent refusal of the
// recipient.
func hardBounce(err error) bool {
	var re recipientError
	return errors.As(err, &re) && permanent(err)
}

// close says QUIT and closes the connection.
func (cl *client) close() {
	cl.conn.SetDeadline(time.Now().Add(5 * time.Second))
	cl.c.Quit()
	cl.c.Close()
}

// permanent reports whether err is the server refusing a message for good
// (a 5xx reply): trying again would only be refused again.
func permanent(err error) bool {
	var te *textproto.Error
	return errors.As(err, &te) && te.Code >= 500 && te.Code < 600
}

// refused reports whether err is a reply of the server about one message,
// after which the connection may carry the next.
func refused(err error) bool {
	var te *textproto.Error
	return errors.As(err, &te)
}

package moderation

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"fmt"
	"log/slog"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/smtp"
	"strconv"
	"strings"
	"sync"
	"time"

	"warta/internal/locale"
	"warta/internal/model"
	"warta/internal/sanitize"
)

// smtpTimeout bounds one delivery, connection to QUIT.
const smtpTimeout = 30 * time.Second

// Mailer sends notifications in the background over the SMTP server the
// site settings name. A failed delivery is logged, never returned: the
// comment it is about is already stored.
type Mailer struct {
	wg sync.WaitGroup
}

// Wait blocks until every message handed to the mailer is sent or failed.
func (ml *Mailer) Wait() { ml.wg.Wait() }

// message is one email.
type message struct {
	to      []string
	subject string
	body    string
}

// send delivers msg in the background when set names an SMTP host.
func (ml *Mailer) send(log *slog.Logger, set model.Settings, msg message) {
	if set.SMTPHost == "" || len(msg.to) == 0 {
		return
	}
	ml.wg.Add(1)
	go func() {
		defer ml.wg.Done()
		if err := deliver(set, msg); err != nil {
			log.Error("moderation: notification not sent", "to_count", len(msg.to), "subject", msg.subject, "err", err)
		}
	}()
}

// deliver speaks SMTP to the configured server: implicit TLS on port 465,
// STARTTLS when the server offers it, PLAIN authentication when a user is
// set (net/smtp refuses it over an unencrypted link to another host).
func deliver(set model.Settings, msg message) error {
	addr := net.JoinHostPort(set.SMTPHost, strconv.Itoa(set.SMTPPort))
	dialer := &net.Dialer{Timeout: smtpTimeout}
	var conn net.Conn
	var err error
	if set.SMTPPort == 465 {
		conn, err = tls.DialWithDialer(dialer, "tcp", addr, &tls.Config{ServerName: set.SMTPHost})
	} else {
		conn, err = dialer.Dial("tcp", addr)
	}
	if err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(smtpTimeout)); err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	c, err := smtp.NewClient(conn, set.SMTPHost)
	if err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok && set.SMTPPort != 465 {
		if err := c.StartTLS(&tls.Config{ServerName: set.SMTPHost}); err != nil {
			return fmt.Errorf("smtp: starttls: %w", err)
		}
	}
	if set.SMTPUser != "" {
		if err := c.Auth(smtp.PlainAuth("", set.SMTPUser, set.SMTPPassword, set.SMTPHost)); err != nil {
			return fmt.Errorf("smtp: auth: %w", err)
		}
	}
	from := set.SMTPFrom
	if from == "" {
		from = "warta@" + set.SMTPHost
	}
	if err := c.Mail(from); err != nil {
		return fmt.Errorf("smtp: MAIL FROM: %w", err)
	}
	for _, to := range msg.to {
		if err := c.Rcpt(to); err != nil {
			return fmt.Errorf("smtp: RCPT TO: %w", err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("smtp: DATA: %w", err)
	}
	if _, err := w.Write(compose(from, set.Title, msg)); err != nil {
		return fmt.Errorf("smtp: DATA: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("smtp: DATA: %w", err)
	}
	return c.Quit()
}

// compose writes msg as an RFC 5322 message in UTF-8, quoted-printable.
// Recipients are not listed in To (they may be several readers); the
// envelope carries them.
func compose(from, site string, msg message) []byte {
	var b bytes.Buffer
	var id [12]byte
	rand.Read(id[:])
	host := from[strings.LastIndexByte(from, '@')+1:]
	fmt.Fprintf(&b, "From: %s <%s>\r\n", mime.QEncoding.Encode("utf-8", site), from)
	fmt.Fprintf(&b, "To: undisclosed-recipients:;\r\n")
	fmt.Fprintf(&b, "Subject: %s\r\n", mime.QEncoding.Encode("utf-8", msg.subject))
	fmt.Fprintf(&b, "Date: %s\r\n", time.Now().Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Message-ID: <%s@%s>\r\n", hex.EncodeToString(id[:]), host)
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
	qp := quotedprintable.NewWriter(&b)
	qp.Write([]byte(strings.ReplaceAll(msg.body, "\n", "\r\n")))
	qp.Close()
	return b.Bytes()
}

// moderators returns who is told of waiting comments.
func (m *Moderator) moderators(ctx context.Context, set model.Settings) []string {
	var list []string
	for _, e := range strings.Split(set.ModeratorEmails, ",") {
		if e = strings.TrimSpace(e); e != "" {
			list = append(list, e)
		}
	}
	if len(list) > 0 {
		return list
	}
	staff, err := m.st.StaffEmails(ctx)
	if err != nil {
		m.log.Error("moderation: moderators' addresses", "err", err)
	}
	return staff
}

// notifySubmitted tells moderators of a comment that waits, and the author
// of the parent of a visible reply who asked to be told.
func (m *Moderator) notifySubmitted(set model.Settings, a *model.Article, c *model.Comment, parent *model.Comment) {
	if set.SMTPHost == "" {
		return
	}
	p := locale.New(set.Language)
	url := m.baseURL + a.Path(m.permalinks(set))
	switch c.Status {
	case model.CommentPending:
		// The moderators see who wrote it: they decide on it.
		body := p.T("mail.pending.body", a.Title, c.AuthorName, c.AuthorEmail, c.AuthorURL, c.IP,
			sanitize.Text(string(c.Content)), url) + "\n\n" + p.T("mail.pending.cli", c.ID)
		m.mail.send(m.log, set, message{
			to:      m.moderators(context.Background(), set),
			subject: p.T("mail.pending.subject", set.Title, a.Title),
			body:    body,
		})
	case model.CommentApproved:
		m.notifyReply(set, a, c, parent)
	}
}

// notifyReply tells the author of parent, when they asked, that c answers
// them. The replier's email is not in it.
func (m *Moderator) notifyReply(set model.Settings, a *model.Article, c, parent *model.Comment) {
	if set.SMTPHost == "" || parent == nil || !parent.Notify || parent.AuthorEmail == "" ||
		strings.EqualFold(parent.AuthorEmail, c.AuthorEmail) {
		return
	}
	p := locale.New(set.Language)
	url := m.baseURL + a.Path(m.permalinks(set)) + "#comment-" + strconv.FormatInt(c.ID, 10)
	m.mail.send(m.log, set, message{
		to:      []string{parent.AuthorEmail},
		subject: p.T("mail.reply.subject", c.AuthorName, a.Title),
		body:    p.T("mail.reply.body", parent.AuthorName, c.AuthorName, a.Title, sanitize.Text(string(c.Content)), url),
	})
}

// notifyApproved sends the reply notification of c, which a moderator has
// just approved.
func (m *Moderator) notifyApproved(ctx context.Context, c *model.Comment) {
	if c.ParentID == 0 {
		return
	}
	set, err := m.st.Settings(ctx)
	if err != nil || set.SMTPHost == "" {
		return
	}
	parent, err := m.st.Comment(ctx, c.ParentID)
	if err != nil {
		return
	}
	a, err := m.st.ArticleByID(ctx, c.ArticleID)
	if err != nil {
		m.log.Error("moderation: reply notification", "comment", c.ID, "err", err)
		return
	}
	c.Status = model.CommentApproved
	m.notifyReply(set, a, c, parent)
}

// permalinks is what a notification's article link needs; when the
// categories cannot be read, a %category% falls back to the slug alone
// rather than losing the mail.
func (m *Moderator) permalinks(set model.Settings) model.Permalinks {
	links, err := m.st.PermalinksFor(context.Background(), set)
	if err != nil {
		m.log.Error("moderation: permalinks", "err", err)
	}
	return links
}

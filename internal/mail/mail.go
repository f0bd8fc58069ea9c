// Package mail is how warta sends email. A message is composed whole (HTML
// and plain text, in the recipient's language, from the templates in
// templates/ rendered by the view engine) and written to the outbox in the
// database, in the same transaction as the event it is about; a Worker in
// `warta serve` then claims it, sends it over SMTP (signed with DKIM when
// a key is set) and marks it sent only after the server's 250 reply.
//
// A process killed at any point loses no message (the row stays queued,
// and its claim runs out) and sends none twice except when it dies between
// the server's 250 and the row's update: the message then goes again with
// the same Message-ID, which receiving systems recognise.
package mail

import (
	"embed"
	"fmt"
	"net/url"
	"strings"
	"time"

	"warta/internal/locale"
	"warta/internal/model"
	"warta/internal/view"
)

//go:embed templates
var templateFS embed.FS

// Composer writes messages from the mail templates. It is safe for
// concurrent use.
type Composer struct {
	views   *view.Engine
	baseURL string
}

// NewComposer parses the mail templates. baseURL is the site's public
// origin, for the links in messages.
func NewComposer(baseURL string) (*Composer, error) {
	v, err := view.Load(view.Theme{FS: templateFS, Templates: "templates"})
	if err != nil {
		return nil, fmt.Errorf("mail: templates: %w", err)
	}
	return &Composer{views: v, baseURL: strings.TrimRight(baseURL, "/")}, nil
}

// BaseURL is the site's public origin the composer writes links under.
func (c *Composer) BaseURL() string { return c.baseURL }

// Letter is one message to compose.
type Letter struct {
	Kind     string // model.MailTest, model.MailReply…
	To       string
	ToName   string
	Lang     string // the recipient's language; the site's when empty
	Template string // the page in templates/: "test.html"
	// Subject is the subject's message key in the locale catalogues and
	// its arguments.
	Subject     string
	SubjectArgs []any
	Data        any // what the template reads as .Data
	// Unsubscribe is the one-click unsubscribe URL, for the footer and the
	// List-Unsubscribe headers; empty for a message one cannot unsubscribe
	// from (a password reset).
	Unsubscribe string
	// MessageID, when set, is the Message-ID's part before the "@" (the
	// sender's domain follows): a message that must be queued at most
	// once, whatever retries the queuing, names itself ("alert-12-345").
	// Empty: a random one.
	MessageID string
}

// Page is what a mail template receives.
type Page struct {
	P           *locale.Printer
	Loc         *time.Location
	Site        string // the site's title
	BaseURL     string
	Subject     string
	Unsubscribe string
	Data        any
}

// Printer and Location make Page a view.Localizer: {{t $ "key"}}.
func (p Page) Printer() *locale.Printer { return p.P }
func (p Page) Location() *time.Location { return p.Loc }

// Compose renders l under the site settings set, at now, into a message
// ready for the outbox. It fails when the settings name no sender.
func (c *Composer) Compose(set model.Settings, l Letter, now time.Time) (*model.Mail, error) {
	if set.SMTPFrom == "" {
		return nil, fmt.Errorf("mail: compose %s: no sender address in the settings", l.Kind)
	}
	lang := l.Lang
	if !locale.Supported(lang) {
		lang = set.Language
	}
	p := locale.New(lang)
	subject := p.T(l.Subject, l.SubjectArgs...)
	html, err := c.views.Bytes(l.Template, Page{P: p, Loc: set.Location(), Site: set.Title, BaseURL: c.baseURL,
		Subject: subject, Unsubscribe: l.Unsubscribe, Data: l.Data})
	if err != nil {
		return nil, fmt.Errorf("mail: compose %s: %w", l.Kind, err)
	}
	text, err := plainText(html)
	if err != nil {
		return nil, fmt.Errorf("mail: compose %s: %w", l.Kind, err)
	}
	env := envelope{From: set.SMTPFrom, FromName: set.Title, To: l.To, ToName: l.ToName, Subject: subject,
		Lang: p.Lang(), Date: now, MessageID: newMessageID(set.SMTPFrom), Unsubscribe: l.Unsubscribe}
	if l.MessageID != "" {
		env.MessageID = l.MessageID + set.SMTPFrom[strings.LastIndexByte(set.SMTPFrom, '@'):]
	}
	msg, err := compose(env, []byte(text), html)
	if err != nil {
		return nil, err
	}
	return &model.Mail{MessageID: env.MessageID, Kind: l.Kind, To: l.To, Subject: subject, Message: msg,
		CreatedAt: now, NextAttemptAt: now}, nil
}

// Link returns the absolute URL of path on the site with the query q.
func (c *Composer) Link(path string, q url.Values) string {
	u := c.baseURL + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}

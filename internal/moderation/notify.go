package moderation

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"warta/internal/mail"
	"warta/internal/model"
	"warta/internal/sanitize"
	"warta/internal/store"
)

// The notifications a comment causes are queued in the outbox in the same
// transaction as the comment or its approval (store.Hook), and sent by the
// mail worker; a site without an SMTP server queues none.
//
//   - a comment that waits: its moderators are told;
//   - a visible reply: the parent's author is told, when they asked to be
//     and have confirmed their address;
//   - a comment whose author asks to be told of replies, from an address
//     not confirmed yet: a confirmation message (double opt-in), at most
//     one a day to one address.

// reaskAfter is how long an address that has not confirmed waits before
// a new request sends it another confirmation, so the form cannot be used
// to flood someone's inbox.
const reaskAfter = 24 * time.Hour

// Paths of the links in notifications; web serves them.
const (
	ConfirmPath     = "/mail/confirm"
	UnsubscribePath = "/mail/unsubscribe"
)

// ReplyData is what the reply notification's template reads.
type ReplyData struct {
	Name, Replier, Article, Text, URL string
}

// ConfirmData is what the confirmation's template reads.
type ConfirmData struct {
	Name, Article, URL string
}

// PendingData is what the moderators' notice reads.
type PendingData struct {
	Article, Name, Email, Website, IP, Text, URL string
	ID                                           int64
}

// commentHooks returns the hook that queues what c, just stored (or, with
// approved, just approved), causes. parent is the comment c answers, or nil.
func (m *Moderator) commentHooks(set model.Settings, a *model.Article, c, parent *model.Comment) store.Hook {
	if !set.MailEnabled() || m.composer == nil {
		return nil
	}
	return func(tx *store.Tx) error {
		switch c.Status {
		case model.CommentPending:
			if err := m.queuePending(tx, set, a, c); err != nil {
				return err
			}
		case model.CommentApproved:
			if err := m.queueReply(tx, set, a, c, parent); err != nil {
				return err
			}
		}
		if c.Notify && c.Status != model.CommentSpam && c.AuthorEmail != "" {
			return m.queueConfirmation(tx, set, a, c)
		}
		return nil
	}
}

// afterQueue tells the worker there is mail, once the transaction that
// queued it has committed.
func (m *Moderator) afterQueue(set model.Settings) {
	if set.MailEnabled() && m.queued != nil {
		m.queued()
	}
}

func (m *Moderator) articleURL(set model.Settings, a *model.Article) string {
	return m.baseURL + a.Path(m.permalinks(set))
}

// queuePending tells the moderators of c, which waits. They see who wrote
// it: they decide on it.
func (m *Moderator) queuePending(tx *store.Tx, set model.Settings, a *model.Article, c *model.Comment) error {
	for _, to := range m.moderators(context.Background(), set) {
		msg, err := m.composer.Compose(set, mail.Letter{Kind: model.MailModeration, To: to, Lang: set.Language,
			Template: "pending.html", Subject: "mail.pending.subject", SubjectArgs: []any{set.Title, a.Title},
			Data: PendingData{Article: a.Title, Name: c.AuthorName, Email: c.AuthorEmail, Website: c.AuthorURL, IP: c.IP,
				Text: sanitize.Text(string(c.Content)), URL: m.baseURL + "/admin/comments/", ID: c.ID}}, m.now())
		if err != nil {
			return err
		}
		if err := tx.EnqueueMail(msg); err != nil {
			return err
		}
	}
	return nil
}

// queueReply tells the author of parent that c answers them, when they
// asked and have confirmed their address. The replier's email is not in it.
func (m *Moderator) queueReply(tx *store.Tx, set model.Settings, a *model.Article, c, parent *model.Comment) error {
	if parent == nil || !parent.Notify || parent.AuthorEmail == "" || strings.EqualFold(parent.AuthorEmail, c.AuthorEmail) {
		return nil
	}
	r, err := tx.MailRecipient(parent.AuthorEmail)
	if errors.Is(err, model.ErrNotFound) || (err == nil && !r.Receives()) {
		return nil
	}
	if err != nil {
		return err
	}
	link := m.articleURL(set, a) + "#comment-" + strconv.FormatInt(c.ID, 10)
	msg, err := m.composer.Compose(set, mail.Letter{Kind: model.MailReply, To: parent.AuthorEmail, ToName: parent.AuthorName,
		Lang: a.Lang, Template: "reply.html", Subject: "mail.reply.subject", SubjectArgs: []any{c.AuthorName, a.Title},
		Data: ReplyData{Name: parent.AuthorName, Replier: c.AuthorName, Article: a.Title,
			Text: sanitize.Text(string(c.Content)), URL: link},
		Unsubscribe: m.composer.Link(UnsubscribePath, url.Values{"t": {r.Token}})}, m.now())
	if err != nil {
		return err
	}
	return tx.EnqueueMail(msg)
}

// queueConfirmation sends the author of c, who asked to be told of
// replies, the link that confirms their address, unless it is confirmed
// already or was asked to confirm less than a day ago.
func (m *Moderator) queueConfirmation(tx *store.Tx, set model.Settings, a *model.Article, c *model.Comment) error {
	now := m.now()
	r, err := tx.MailRecipient(c.AuthorEmail)
	switch {
	case errors.Is(err, model.ErrNotFound):
		r = &model.MailRecipient{Email: c.AuthorEmail, Token: newToken()}
	case err != nil:
		return err
	case r.Receives():
		return nil
	case now.Sub(r.AskedAt) < reaskAfter:
		return nil
	}
	r.AskedAt = now
	if err := tx.PutMailRecipient(r); err != nil {
		return err
	}
	msg, err := m.composer.Compose(set, mail.Letter{Kind: model.MailConfirm, To: c.AuthorEmail, ToName: c.AuthorName,
		Lang: a.Lang, Template: "confirm.html", Subject: "mail.confirm.subject", SubjectArgs: []any{set.Title},
		Data:        ConfirmData{Name: c.AuthorName, Article: a.Title, URL: m.composer.Link(ConfirmPath, url.Values{"t": {r.Token}})},
		Unsubscribe: m.composer.Link(UnsubscribePath, url.Values{"t": {r.Token}})}, now)
	if err != nil {
		return err
	}
	return tx.EnqueueMail(msg)
}

// newToken returns 24 random bytes, URL-safe: the address's link secret.
func newToken() string {
	var b [24]byte
	rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
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

// approvalHook returns the hook that queues the reply notification of c
// when a moderator approves it; the store runs it only if the approval
// changes the status, so two moderators approving at once tell once.
func (m *Moderator) approvalHook(ctx context.Context, set model.Settings, c *model.Comment) store.Hook {
	if c.ParentID == 0 || !set.MailEnabled() || m.composer == nil {
		return nil
	}
	parent, err := m.st.Comment(ctx, c.ParentID)
	if err != nil {
		return nil
	}
	a, err := m.st.ArticleByID(ctx, c.ArticleID)
	if err != nil {
		m.log.Error("moderation: reply notification", "comment", c.ID, "err", err)
		return nil
	}
	approved := *c
	approved.Status = model.CommentApproved
	return func(tx *store.Tx) error { return m.queueReply(tx, set, a, &approved, parent) }
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

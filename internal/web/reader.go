package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"warta/internal/auth"
	"warta/internal/httpx"
	"warta/internal/mail"
	"warta/internal/model"
	"warta/internal/moderation"
	"warta/internal/store"
)

// Readers' accounts: a reader gives their address, gets a link by email
// (through the outbox) that works once and for auth.ReaderLinkLifetime,
// and following it signs them in with a reader session (auth.ReaderSession),
// which is not a newsroom session and grants nothing in the newsroom. The
// link's GET shows a page with a button, since mail scanners follow links
// and must not use them up; the POST signs in.
//
// The forms before signing in carry no token (there is no session to bind
// one to; http.CrossOriginProtection refuses other sites' posts, as for
// the comment form); the account's forms carry the reader session's token.

// Paths of the readers' pages.
const (
	accountPath = "/account/"
	signInPath  = "/account/sign-in"
	linkPath    = "/account/link"
	signOutPath = "/account/sign-out"
)

// accountPage is every page under /account/; Mode says which.
type accountPage struct {
	layout
	Mode   string // "sign-in", "sent", "link", "account", "deleted"
	Email  string // the address typed, or the signed-in reader's
	Next   string // where a sign-in leads back to
	Token  string // the sign-in link's secret, on the link's page
	CSRF   string // the reader session's form token
	Errors map[string]string
	// The account's data (Mode "account").
	Reader   *model.Reader
	Comments []accountComment
	Replies  *model.MailRecipient // reply notifications: nil when never asked
	// Newsletter is the address's newsletter subscription; nil when none.
	Newsletter *model.Subscriber
}

// Err returns the message key of the problem with field, or "".
func (p *accountPage) Err(field string) string { return p.Errors[field] }

func (h *Handler) readerRoutes(mux httpx.Mux) {
	mux.Handle("GET "+accountPath+"{$}", h.wrap(h.showAccount))
	mux.Handle("GET "+signInPath, h.wrap(h.showSignIn))
	mux.Handle("POST "+signInPath, h.wrap(h.postSignIn))
	mux.Handle("GET "+linkPath, h.wrap(h.showReaderLink))
	mux.Handle("POST "+linkPath, h.wrap(h.postReaderLink))
	mux.Handle("POST "+signOutPath, h.wrap(h.postSignOut))
	h.accountRoutes(mux)
}

// readerSession returns the signed-in reader's session, or nil when r
// carries none (or a stale one). Without the cookie it costs nothing.
func (h *Handler) readerSession(r *http.Request) (*auth.ReaderSession, error) {
	ses, err := auth.LoadReaderSession(r.Context(), h.store, r, h.now())
	if errors.Is(err, auth.ErrNoSession) {
		return nil, nil
	}
	return ses, err
}

// localPath returns p when it is a path on this site ("/2024/…/#respond"),
// or "".
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") ||
		len(p) > 500 || strings.ContainsAny(p, "\r\n") {
		return ""
	}
	return p
}

func (h *Handler) renderAccount(w http.ResponseWriter, r *http.Request, status int, p *accountPage, titleKey string) error {
	l, err := h.newLayout(r.Context(), r.URL.Path)
	if err != nil {
		return err
	}
	l.Title = l.printer.T(titleKey)
	l.Canonical = ""
	l.NoIndex = true
	l.noAds()
	p.layout = l
	// Pages of one reader, naming their address: no cache may keep them.
	w.Header().Set("Cache-Control", "private, no-store")
	return h.view.Render(w, status, "account.html", p)
}

func (h *Handler) showSignIn(w http.ResponseWriter, r *http.Request) error {
	ses, err := h.readerSession(r)
	if err != nil {
		return err
	}
	next := localPath(r.URL.Query().Get("next"))
	if ses != nil {
		if next == "" {
			next = accountPath
		}
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
	p := &accountPage{Mode: "sign-in", Next: next}
	if r.URL.Query().Has("sent") {
		p.Mode = "sent"
	}
	return h.renderAccount(w, r, http.StatusOK, p, "account.sign_in.title")
}

// postSignIn queues a sign-in link to the address given, and answers the
// same whether the address has an account or not (a first link makes
// one). An address gets at most auth.ReaderLinksPerHour links.
func (h *Handler) postSignIn(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := &accountPage{Mode: "sign-in", Email: strings.TrimSpace(r.PostFormValue("email")),
		Next: localPath(r.PostFormValue("next"))}
	l, err := h.newLayout(ctx, r.URL.Path)
	if err != nil {
		return err
	}
	switch {
	case !l.Site.MailEnabled() || h.composer == nil:
		p.Errors = map[string]string{"email": "account.err.no_mail"}
	case p.Email == "":
		p.Errors = map[string]string{"email": moderation.ErrRequired}
	case len(p.Email) > moderation.MaxEmail || !moderation.ValidEmail(p.Email):
		p.Errors = map[string]string{"email": moderation.ErrEmail}
	}
	if p.Errors != nil {
		return h.renderAccount(w, r, http.StatusUnprocessableEntity, p, "account.sign_in.title")
	}
	secret, hash, err := auth.NewLinkSecret()
	if err != nil {
		return err
	}
	now := h.now()
	link := h.composer.Link(linkPath, url.Values{"t": {secret}})
	msg, err := h.composer.Compose(l.Site, mail.Letter{Kind: model.MailSignIn, To: p.Email, Lang: l.Lang,
		Template: "signin.html", Subject: "mail.signin.subject", SubjectArgs: []any{l.Site.Title},
		Data: map[string]string{"URL": link, "Email": p.Email}}, now)
	if err != nil {
		return err
	}
	queued, err := h.store.CreateReaderLink(ctx, p.Email, hash, p.Next, now, now.Add(auth.ReaderLinkLifetime),
		now.Add(-time.Hour), auth.ReaderLinksPerHour, func(tx *store.Tx) error { return tx.EnqueueMail(msg) })
	if err != nil {
		return err
	}
	if queued && h.mailQueued != nil {
		h.mailQueued()
	}
	http.Redirect(w, r, signInPath+"?sent=1", http.StatusSeeOther)
	return nil
}

// showReaderLink shows the link's page: a button that signs in. A used,
// expired or unknown link says so and offers a new one.
func (h *Handler) showReaderLink(w http.ResponseWriter, r *http.Request) error {
	token := r.URL.Query().Get("t")
	email, err := h.store.ReaderLink(r.Context(), auth.HashLinkSecret(token), h.now())
	if errors.Is(err, model.ErrNotFound) {
		h.renderErrorPage(w, r, http.StatusNotFound, "account.link.dead_title", "account.link.dead")
		return nil
	}
	if err != nil {
		return err
	}
	return h.renderAccount(w, r, http.StatusOK, &accountPage{Mode: "link", Token: token, Email: email}, "account.link.title")
}

func (h *Handler) postReaderLink(w http.ResponseWriter, r *http.Request) error {
	l, err := h.newLayout(r.Context(), r.URL.Path)
	if err != nil {
		return err
	}
	ses, cookie, next, err := auth.UseReaderLink(r.Context(), h.store, r.PostFormValue("t"), l.Lang, h.now())
	if errors.Is(err, model.ErrNotFound) {
		h.renderErrorPage(w, r, http.StatusNotFound, "account.link.dead_title", "account.link.dead")
		return nil
	}
	if err != nil {
		return err
	}
	h.log.InfoContext(r.Context(), "reader signed in", "reader", ses.Reader.ID)
	// Each sign-in sweeps away the sessions and links that ran out.
	if err := h.store.DeleteExpiredReaderData(r.Context(), h.now()); err != nil {
		h.log.ErrorContext(r.Context(), "web: expired reader data", "err", err)
	}
	auth.SetReaderCookie(w, cookie, r.TLS != nil)
	if next = localPath(next); next == "" {
		next = accountPath
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (h *Handler) postSignOut(w http.ResponseWriter, r *http.Request) error {
	ses, err := h.readerSession(r)
	if err != nil {
		return err
	}
	if ses != nil {
		if !ses.CheckCSRF(r.PostFormValue("csrf")) {
			h.renderError(w, r, http.StatusForbidden)
			return nil
		}
		if err := h.store.DeleteReaderSession(r.Context(), ses.ID); err != nil {
			return err
		}
	}
	auth.ClearReaderCookie(w, r.TLS != nil)
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

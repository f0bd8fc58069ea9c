package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"warta/internal/auth"
	"warta/internal/httpx"
	"warta/internal/mail"
	"warta/internal/model"
	"warta/internal/moderation"
	"warta/internal/store"
)

// The newsletter's public side: the subscribe form (in every page's
// footer and at the end of each article; both post here), the double
// opt-in's confirmation, the page where a subscriber manages their
// choices (digest frequency, sections, breaking-news alerts) from the
// link in every newsletter, and the one-click unsubscribe (RFC 8058). As
// with the reply notifications, a link's GET shows a button and only the
// POST acts, since mail scanners follow links; the token in the link is
// the only authority.

// Paths of the newsletter's pages.
const (
	newsletterPath     = "/newsletter/"
	subscribePath      = "/newsletter/subscribe"
	nlConfirmPath      = "/newsletter/confirm"
	nlManagePath       = "/newsletter/manage"
	nlUnsubscribePath  = "/newsletter/unsubscribe"
	confirmationsPause = 24 * time.Hour // one confirmation a day to one address
)

// newsletterPage is every page under /newsletter/; Mode says which.
type newsletterPage struct {
	layout
	Mode     string // "subscribe", "sent", "confirm", "manage", "saved", "unsubscribe", "unsubscribed"
	Email    string
	Token    string
	Issue    string // the newsletter issue whose link led here, passed on to the unsubscribe
	Errors   map[string]string
	Sub      *model.Subscriber
	Sections []sectionChoice
}

// sectionChoice is a category a subscriber may pick for their digests.
type sectionChoice struct {
	ID      int64
	Name    string
	Checked bool
}

// Err returns the message key of the problem with field, or "".
func (p *newsletterPage) Err(field string) string { return p.Errors[field] }

func (h *Handler) newsletterRoutes(mux httpx.Mux) {
	mux.Handle("GET "+newsletterPath+"{$}", h.wrap(h.showNewsletter))
	mux.Handle("POST "+subscribePath, h.wrap(h.postSubscribe))
	mux.Handle("GET "+nlConfirmPath, h.wrap(h.showSubscriberLink("confirm")))
	mux.Handle("POST "+nlConfirmPath, h.wrap(h.postConfirmSubscriber))
	mux.Handle("GET "+nlManagePath, h.wrap(h.showSubscriberLink("manage")))
	mux.Handle("POST "+nlManagePath, h.wrap(h.postManage))
	mux.Handle("GET "+nlUnsubscribePath, h.wrap(h.showSubscriberLink("unsubscribe")))
	mux.Handle("POST "+nlUnsubscribePath, h.wrap(h.postNewsletterUnsubscribe))
}

func (h *Handler) renderNewsletter(w http.ResponseWriter, r *http.Request, status int, p *newsletterPage) error {
	l, err := h.newLayout(r.Context(), r.URL.Path)
	if err != nil {
		return err
	}
	l.Title = l.printer.T("newsletter.title")
	l.Canonical = ""
	l.NoIndex = true
	l.noAds()
	p.layout = l
	if p.Sub != nil && (p.Mode == "manage" || p.Mode == "confirmed" || p.Mode == "saved") {
		cats, err := h.store.Terms(r.Context(), model.TaxonomyCategory)
		if err != nil {
			return err
		}
		for _, c := range cats {
			p.Sections = append(p.Sections, sectionChoice{ID: c.ID, Name: c.Name, Checked: slices.Contains(p.Sub.Sections, c.ID)})
		}
	}
	// Pages of one subscriber, naming their address: no cache may keep them.
	w.Header().Set("Cache-Control", "private, no-store")
	return h.view.Render(w, status, "newsletter.html", p)
}

func (h *Handler) showNewsletter(w http.ResponseWriter, r *http.Request) error {
	p := &newsletterPage{Mode: "subscribe"}
	if r.URL.Query().Has("sent") {
		p.Mode = "sent"
	}
	return h.renderNewsletter(w, r, http.StatusOK, p)
}

// postSubscribe queues the confirmation of the double opt-in to the
// address given, and answers the same whether it was new, waiting or
// already subscribed.
func (h *Handler) postSubscribe(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := &newsletterPage{Mode: "subscribe", Email: strings.TrimSpace(r.PostFormValue("email"))}
	l, err := h.newLayout(ctx, r.URL.Path)
	if err != nil {
		return err
	}
	switch {
	case !l.Site.MailEnabled() || h.composer == nil:
		p.Errors = map[string]string{"email": "newsletter.err.no_mail"}
	case p.Email == "":
		p.Errors = map[string]string{"email": moderation.ErrRequired}
	case len(p.Email) > moderation.MaxEmail || !moderation.ValidEmail(p.Email):
		p.Errors = map[string]string{"email": moderation.ErrEmail}
	}
	if p.Errors != nil {
		return h.renderNewsletter(w, r, http.StatusUnprocessableEntity, p)
	}
	token, _, err := auth.NewLinkSecret()
	if err != nil {
		return err
	}
	now := h.now()
	_, asked, err := h.store.Subscribe(ctx, p.Email, l.Lang, token, now, now.Add(-confirmationsPause),
		func(sub *model.Subscriber) store.Hook {
			return func(tx *store.Tx) error {
				q := url.Values{"t": {sub.Token}}
				msg, err := h.composer.Compose(l.Site, mail.Letter{Kind: model.MailNewsletterConfirm, To: sub.Email, Lang: l.Lang,
					Template: "newsletter_confirm.html", Subject: "mail.newsletter.confirm_subject", SubjectArgs: []any{l.Site.Title},
					Data:        map[string]string{"URL": h.composer.Link(nlConfirmPath, q), "Email": sub.Email},
					Unsubscribe: h.composer.Link(nlUnsubscribePath, q)}, now)
				if err != nil {
					return err
				}
				return tx.EnqueueMail(msg)
			}
		})
	if err != nil {
		return err
	}
	if asked && h.mailQueued != nil {
		h.mailQueued()
	}
	http.Redirect(w, r, newsletterPath+"?sent=1", http.StatusSeeOther)
	return nil
}

// showSubscriberLink shows the page a link of a newsletter's mail leads
// to: a button to confirm, the choices, or a button to unsubscribe.
func (h *Handler) showSubscriberLink(mode string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		token := r.URL.Query().Get("t")
		sub, err := h.store.SubscriberByToken(r.Context(), token)
		if err != nil {
			return mailLinkErr(err)
		}
		p := &newsletterPage{Mode: mode, Token: token, Email: sub.Email, Sub: sub, Issue: issueParam(r)}
		switch {
		case mode == "confirm" && sub.Receives():
			p.Mode = "confirmed"
		case mode == "unsubscribe" && !sub.UnsubscribedAt.IsZero():
			p.Mode = "unsubscribed"
		}
		return h.renderNewsletter(w, r, http.StatusOK, p)
	}
}

func (h *Handler) postConfirmSubscriber(w http.ResponseWriter, r *http.Request) error {
	token := r.PostFormValue("t")
	sub, err := h.store.ConfirmSubscriber(r.Context(), token, h.now())
	if err != nil {
		return mailLinkErr(err)
	}
	return h.renderNewsletter(w, r, http.StatusOK, &newsletterPage{Mode: "confirmed", Token: token, Email: sub.Email, Sub: sub})
}

// issueParam is the request's issue id ("i"), when it is one.
func issueParam(r *http.Request) string {
	if id, err := strconv.ParseInt(r.FormValue("i"), 10, 64); err == nil && id > 0 {
		return strconv.FormatInt(id, 10)
	}
	return ""
}

// postNewsletterUnsubscribe is also RFC 8058's one-click request: the
// token comes in the URL's query, with no session or form token.
func (h *Handler) postNewsletterUnsubscribe(w http.ResponseWriter, r *http.Request) error {
	// i names the issue whose link it was, for the newsroom's counts.
	issue, _ := strconv.ParseInt(r.FormValue("i"), 10, 64)
	sub, err := h.store.UnsubscribeSubscriber(r.Context(), r.FormValue("t"), issue, h.now())
	if err != nil {
		return mailLinkErr(err)
	}
	return h.renderNewsletter(w, r, http.StatusOK, &newsletterPage{Mode: "unsubscribed", Email: sub.Email})
}

func (h *Handler) postManage(w http.ResponseWriter, r *http.Request) error {
	token := r.PostFormValue("t")
	freq := r.PostFormValue("frequency")
	if freq != model.DigestDaily && freq != model.DigestWeekly && freq != model.DigestNone {
		sub, err := h.store.SubscriberByToken(r.Context(), token)
		if err != nil {
			return mailLinkErr(err)
		}
		return h.renderNewsletter(w, r, http.StatusUnprocessableEntity, &newsletterPage{Mode: "manage", Token: token,
			Email: sub.Email, Sub: sub, Errors: map[string]string{"frequency": "newsletter.err.frequency"}})
	}
	var sections []int64
	for _, v := range r.PostForm["section"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
			sections = append(sections, id)
		}
	}
	sub, err := h.store.SetSubscriberChoices(r.Context(), token, freq, r.PostFormValue("breaking") != "", sections)
	if errors.Is(err, model.ErrNotFound) {
		return model.ErrNotFound
	}
	if err != nil {
		return err
	}
	return h.renderNewsletter(w, r, http.StatusOK, &newsletterPage{Mode: "saved", Token: token, Email: sub.Email, Sub: sub,
		Issue: issueParam(r)})
}

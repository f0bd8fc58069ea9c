package web

import (
	"errors"
	"net/http"

	"warta/internal/httpx"
	"warta/internal/model"
	"warta/internal/moderation"
)

// The links in readers' email: confirming an address (the double
// opt-in), and unsubscribing. Each GET shows a page with a button, since
// mail scanners follow links and must neither confirm nor unsubscribe
// anyone; the POST acts. The unsubscribe POST is also RFC 8058's one-click
// request, which a mail client sends to the List-Unsubscribe URL (the
// token in its query) with no session, cookie or CSRF token: the token is
// the authority.

// mailPage is the page of a confirmation or unsubscribe link.
type mailPage struct {
	layout
	TitleKey, TextKey, ButtonKey string
	Action                       string // where the button posts; "" when done
	Token                        string
	Email                        string
}

func (h *Handler) mailRoutes(mux httpx.Mux) {
	mux.Handle("GET "+moderation.ConfirmPath, h.wrap(h.showMailLink(false)))
	mux.Handle("POST "+moderation.ConfirmPath, h.wrap(h.postMailLink(false)))
	mux.Handle("GET "+moderation.UnsubscribePath, h.wrap(h.showMailLink(true)))
	mux.Handle("POST "+moderation.UnsubscribePath, h.wrap(h.postMailLink(true)))
}

func (h *Handler) showMailLink(unsubscribe bool) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		token := r.URL.Query().Get("t")
		rec, err := h.store.MailRecipientByToken(r.Context(), token)
		if err != nil {
			return mailLinkErr(err)
		}
		p := mailPage{Token: token, Email: rec.Email}
		switch {
		case unsubscribe && !rec.UnsubscribedAt.IsZero():
			p.TitleKey, p.TextKey = "mail.page.unsubscribed", "mail.page.unsubscribed_text"
		case unsubscribe:
			p.TitleKey, p.TextKey, p.ButtonKey, p.Action = "mail.page.unsubscribe", "mail.page.unsubscribe_text",
				"mail.page.unsubscribe_button", moderation.UnsubscribePath
		case rec.Receives():
			p.TitleKey, p.TextKey = "mail.page.confirmed", "mail.page.confirmed_text"
		default:
			p.TitleKey, p.TextKey, p.ButtonKey, p.Action = "mail.page.confirm", "mail.page.confirm_text",
				"mail.page.confirm_button", moderation.ConfirmPath
		}
		return h.renderMailPage(w, r, p)
	}
}

func (h *Handler) postMailLink(unsubscribe bool) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		// The one-click POST carries the token in the URL's query, the
		// page's button in the form; FormValue reads both.
		token := r.FormValue("t")
		act, title, text := h.store.ConfirmMailRecipient, "mail.page.confirmed", "mail.page.confirmed_text"
		if unsubscribe {
			act, title, text = h.store.UnsubscribeMailRecipient, "mail.page.unsubscribed", "mail.page.unsubscribed_text"
		}
		rec, err := act(r.Context(), token, h.now())
		if err != nil {
			return mailLinkErr(err)
		}
		return h.renderMailPage(w, r, mailPage{TitleKey: title, TextKey: text, Email: rec.Email})
	}
}

// mailLinkErr: an unknown or mangled token is the ordinary 404 page.
func mailLinkErr(err error) error {
	if errors.Is(err, model.ErrNotFound) {
		return model.ErrNotFound
	}
	return err
}

func (h *Handler) renderMailPage(w http.ResponseWriter, r *http.Request, p mailPage) error {
	l, err := h.newLayout(r.Context(), r.URL.Path)
	if err != nil {
		return err
	}
	l.Title = l.printer.T(p.TitleKey)
	l.Canonical = ""
	l.NoIndex = true
	l.noAds()
	p.layout = l
	// The page names the reader's address: no cache may keep it.
	w.Header().Set("Cache-Control", "private, no-store")
	return h.view.Render(w, http.StatusOK, "mail.html", &p)
}

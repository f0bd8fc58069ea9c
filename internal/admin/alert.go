package admin

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"warta/internal/auth"
	"warta/internal/httpx"
	"warta/internal/mail"
	"warta/internal/model"
	"warta/internal/store"
)

// The breaking-news alert: from a published article, an editor sends it
// to every newsletter subscriber who asked for alerts. Every message is
// queued in one transaction (all or none) under the Message-ID
// alert-{article}-{subscriber}, so an article's alert goes once however
// often the button is pressed; the mail worker then sends them at the
// site's pace (Settings.NewsletterRate), resuming after a restart as it
// does with every queued message, and a hard bounce stops further mail to
// the address. The screen counts what became of them.

func init() {
	notices["alert_queued"] = "admin.alert.notice.queued"
}

func (h *Handler) alertRoutes(mux httpx.Mux) {
	mux.Handle("GET /admin/articles/{id}/alert", h.page(h.showAlert))
	mux.Handle("POST /admin/articles/{id}/alert", h.page(h.sendAlert))
}

// alertPrefix is the start of the Message-IDs of article id's alert.
func alertPrefix(id int64) string { return "alert-" + strconv.FormatInt(id, 10) + "-" }

type alertData struct {
	Article *model.Article
	Counts  store.NewsletterCounts
	Sent    bool // the alert was queued already
}

// alertArticle returns the published post of the request's path that the
// user may send an alert for.
func (h *Handler) alertArticle(r *request) (*model.Article, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	a, err := h.store.ArticleByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if !auth.CanEdit(r.user(), a) || !r.can(auth.PublishPosts) {
		return nil, model.ErrForbidden
	}
	return a, nil
}

func (h *Handler) renderAlert(w http.ResponseWriter, r *request, status int, a *model.Article, errKey string) error {
	c, err := h.store.CountNewsletter(r.Context(), alertPrefix(a.ID))
	if err != nil {
		return err
	}
	d := alertData{Article: a, Counts: c, Sent: c.Queued+c.Sent+c.Failed > 0}
	v := h.newView(r, r.p.T("admin.alert.title"), "articles", d)
	if errKey != "" {
		v.Errors = map[string]string{"alert": errKey}
	}
	return h.render(w, status, "alert.html", v)
}

func (h *Handler) showAlert(w http.ResponseWriter, r *request) error {
	a, err := h.alertArticle(r)
	if err != nil {
		return err
	}
	return h.renderAlert(w, r, http.StatusOK, a, "")
}

func (h *Handler) sendAlert(w http.ResponseWriter, r *request) error {
	a, err := h.alertArticle(r)
	if err != nil {
		return err
	}
	switch {
	case !r.st.MailEnabled():
		return h.renderAlert(w, r, http.StatusUnprocessableEntity, a, "admin.alert.err.no_mail")
	case a.Status != model.StatusPublished || a.Type != model.TypePost:
		return h.renderAlert(w, r, http.StatusUnprocessableEntity, a, "admin.alert.err.unpublished")
	}
	links, err := h.store.PermalinksFor(r.Context(), r.st)
	if err != nil {
		return err
	}
	now := h.now()
	articleURL := h.composer.Link(a.Path(links), nil)
	n, err := h.store.QueueNewsletter(r.Context(), alertPrefix(a.ID), store.Audience{Breaking: true}, func(sub *model.Subscriber) (*model.Mail, error) {
		return h.composer.Compose(r.st, alertLetter(h.composer, a, articleURL, sub), now)
	})
	if errors.Is(err, model.ErrConflict) {
		return h.renderAlert(w, r, http.StatusConflict, a, "admin.alert.err.sent")
	}
	if err != nil {
		return err
	}
	h.audit(r.Context(), r, "article.alert", "article", a.ID, strconv.Itoa(n))
	if h.mailer != nil {
		h.mailer.Nudge()
	}
	http.Redirect(w, r.Request, "/admin/articles/"+strconv.FormatInt(a.ID, 10)+"/alert?notice=alert_queued", http.StatusSeeOther)
	return nil
}

// alertLetter is the alert about a (at articleURL) to sub, in the
// subscriber's language, with their manage and one-click unsubscribe links.
func alertLetter(c *mail.Composer, a *model.Article, articleURL string, sub *model.Subscriber) mail.Letter {
	q := url.Values{"t": {sub.Token}}
	return mail.Letter{Kind: model.MailNewsletter, To: sub.Email, Lang: sub.Lang, Template: "newsletter_alert.html",
		Subject: "mail.alert.subject", SubjectArgs: []any{a.Title},
		Data: map[string]string{"Title": a.Title, "Excerpt": a.Excerpt, "URL": articleURL,
			"Manage": c.Link("/newsletter/manage", q)},
		Unsubscribe: c.Link("/newsletter/unsubscribe", q),
		MessageID:   alertPrefix(a.ID) + strconv.FormatInt(sub.ID, 10)}
}

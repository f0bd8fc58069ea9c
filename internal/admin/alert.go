package admin

import (
	"errors"
	"net/http"
	"strconv"

	"warta/internal/auth"
	"warta/internal/httpx"
	"warta/internal/model"
	"warta/internal/newsletter"
)

// The breaking-news alert: from a published article, an editor sends it
// to every newsletter subscriber who asked for alerts. The request only
// creates the alert's issue (newsletter.Alert: an article's alert goes
// once however often the button is pressed) and returns; the newsletter
// sender fills the outbox from it in batches, resuming after a restart,
// and the mail worker sends the messages at the site's pace
// (Settings.NewsletterRate), a hard bounce stopping further mail to the
// address. The screen follows the queuing and counts what became of them.

func init() {
	notices["alert_queued"] = "admin.alert.notice.queued"
}

func (h *Handler) alertRoutes(mux httpx.Mux) {
	mux.Handle("GET /admin/articles/{id}/alert", h.page(h.showAlert))
	mux.Handle("POST /admin/articles/{id}/alert", h.page(h.sendAlert))
}

type alertData struct {
	Article *model.Article
	Issue   *model.NewsletterIssue // nil until the alert is sent
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
	d := alertData{Article: a}
	i, err := h.store.IssueByPrefix(r.Context(), newsletter.AlertPrefix(a.ID))
	switch {
	case err == nil:
		d.Issue = i
		followIssue(w, i)
	case !errors.Is(err, model.ErrNotFound):
		return err
	}
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
	i, err := newsletter.Alert(r.Context(), h.store, a, h.now())
	if errors.Is(err, model.ErrConflict) {
		return h.renderAlert(w, r, http.StatusConflict, a, "admin.alert.err.sent")
	}
	if err != nil {
		return err
	}
	h.audit(r.Context(), r, "article.alert", "article", a.ID, strconv.Itoa(i.Audience))
	if h.newsletterQueued != nil {
		h.newsletterQueued()
	}
	http.Redirect(w, r.Request, "/admin/articles/"+strconv.FormatInt(a.ID, 10)+"/alert?notice=alert_queued", http.StatusSeeOther)
	return nil
}

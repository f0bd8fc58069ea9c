package admin

import (
	"net/http"

	"warta/internal/auth"
	"warta/internal/httpx"
	"warta/internal/model"
)

// The newsletter's issues: one row per sending (a breaking-news alert or
// a digest), newest first, with how far the sender got in queuing it and
// what became of its messages: sent, waiting, failed, bounced (refused
// for good) and the subscribers who left through its unsubscribe link.

// issuesShown is how many issues the screen lists.
const issuesShown = 100

func (h *Handler) newsletterRoutes(mux httpx.Mux) {
	mux.Handle("GET /admin/newsletter", h.page(h.showIssues))
}

func (h *Handler) showIssues(w http.ResponseWriter, r *request) error {
	if !r.can(auth.EditOthersPosts) {
		return model.ErrForbidden
	}
	list, err := h.store.Issues(r.Context(), issuesShown)
	if err != nil {
		return err
	}
	for _, i := range list {
		followIssue(w, i)
	}
	return h.render(w, http.StatusOK, "newsletter.html", h.newView(r, r.p.T("admin.newsletter.title"), "newsletter", list))
}

// followIssue has the browser load the screen again in a few seconds while
// issue i is being queued or sent, so its counts follow.
func followIssue(w http.ResponseWriter, i *model.NewsletterIssue) {
	if !i.Filled() || i.Waiting > 0 {
		w.Header().Set("Refresh", "3")
		w.Header().Set("Cache-Control", "no-store")
	}
}

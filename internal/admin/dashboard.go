package admin

import (
	"net/http"

	"warta/internal/auth"
	"warta/internal/model"
	"warta/internal/store"
)

// dashboardData is the newsroom's front page: what waits for the user.
type dashboardData struct {
	Drafts, Pending, Scheduled listBox
	Comments                   []commentRow // the newest comments awaiting moderation
	CommentCount               int          // how many await moderation
	Moderates                  bool
}

// listBox is one of the dashboard's lists: its first rows, the total and
// where the whole list is.
type listBox struct {
	Rows  []model.Article
	Total int
	More  string
}

const dashboardRows = 5

// showDashboard is where the newsroom opens: the user's drafts, what
// awaits review, what is scheduled and the newest comments to moderate,
// each with its count and a link to the whole list.
func (h *Handler) showDashboard(w http.ResponseWriter, r *request) error {
	ctx := r.Context()
	var d dashboardData
	box := func(b *listBox, q store.AdminQuery, more string) error {
		q.Limit = dashboardRows
		var err error
		b.Rows, b.Total, err = h.store.AdminArticles(ctx, q)
		b.More = more
		return err
	}
	me := r.user().ID
	if err := box(&d.Drafts, store.AdminQuery{Status: model.StatusDraft, AuthorID: me}, "/admin/articles/?status=draft"); err != nil {
		return err
	}
	// Others' work is there for those who may edit it; a writer sees their own.
	mine := me
	if r.can(auth.EditOthersPosts) {
		mine = 0
	}
	if err := box(&d.Pending, store.AdminQuery{Status: model.StatusPending, AuthorID: mine}, "/admin/articles/?status=pending"); err != nil {
		return err
	}
	if err := box(&d.Scheduled, store.AdminQuery{Status: model.StatusScheduled, AuthorID: mine}, "/admin/articles/?status=scheduled"); err != nil {
		return err
	}
	if d.Moderates = r.can(auth.ModerateComments); d.Moderates {
		list, err := h.store.Comments(ctx, store.CommentFilter{Status: model.CommentPending, Limit: dashboardRows})
		if err != nil {
			return err
		}
		if d.Comments, err = h.commentRows(ctx, list); err != nil {
			return err
		}
		d.CommentCount = r.pending
	}
	return h.render(w, http.StatusOK, "dashboard.html", h.newView(r, r.p.T("admin.dashboard.title"), "dashboard", d))
}

package admin

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"warta/internal/auth"
	"warta/internal/httpx"
	"warta/internal/model"
	"warta/internal/sanitize"
	"warta/internal/store"
)

// CommentModerator applies moderators' decisions; the moderation package's
// Moderator fits (it also teaches its spam filter from them). Without one,
// the queue changes statuses through the store directly.
type CommentModerator interface {
	SetStatus(ctx context.Context, status model.CommentStatus, ids ...int64) error
	Delete(ctx context.Context, ids ...int64) error
}

// storeModerator is the fallback CommentModerator.
type storeModerator struct{ st *store.Store }

func (m storeModerator) SetStatus(ctx context.Context, status model.CommentStatus, ids ...int64) error {
	for _, id := range ids {
		if _, err := m.st.SetCommentStatus(ctx, id, status); err != nil && !errors.Is(err, model.ErrNotFound) {
			return err
		}
	}
	return nil
}

func (m storeModerator) Delete(ctx context.Context, ids ...int64) error {
	for _, id := range ids {
		if err := m.st.DeleteComment(ctx, id); err != nil && !errors.Is(err, model.ErrNotFound) {
			return err
		}
	}
	return nil
}

type commentRow struct {
	model.Comment
	Article *model.Article
}

type commentsData struct {
	Status   model.CommentStatus
	Statuses []model.CommentStatus
	Counts   map[model.CommentStatus]int
	Rows     []commentRow
	Page     int
	More     bool
	Reply    *commentRow // the comment being answered
	Text     string
}

func (h *Handler) commentRoutes(mux *http.ServeMux) {
	mux.Handle("GET /admin/comments/{$}", h.page(h.showComments))
	mux.Handle("POST /admin/comments/{$}", h.page(h.bulkComments))
	mux.Handle("GET /admin/comments/{id}/reply", h.page(h.showReply))
	mux.Handle("POST /admin/comments/{id}/reply", h.page(h.postReply))
}

var commentStatuses = []model.CommentStatus{model.CommentPending, model.CommentApproved, model.CommentSpam, model.CommentTrash}

func (h *Handler) showComments(w http.ResponseWriter, r *request) error {
	if !r.can(auth.ModerateComments) {
		return model.ErrForbidden
	}
	ctx := r.Context()
	d := commentsData{Status: model.CommentStatus(r.URL.Query().Get("status")), Statuses: commentStatuses, Page: 1}
	if !d.Status.Valid() {
		d.Status = model.CommentPending
	}
	if n, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && n > 1 {
		d.Page = n
	}
	const per = 50
	list, err := h.store.Comments(ctx, store.CommentFilter{Status: d.Status, Limit: per + 1, Offset: (d.Page - 1) * per})
	if err != nil {
		return err
	}
	if len(list) > per {
		list, d.More = list[:per], true
	}
	articles := map[int64]*model.Article{}
	for _, c := range list {
		a, ok := articles[c.ArticleID]
		if !ok {
			if a, err = h.store.ArticleByID(ctx, c.ArticleID); err != nil && !errors.Is(err, model.ErrNotFound) {
				return err
			}
			articles[c.ArticleID] = a
		}
		d.Rows = append(d.Rows, commentRow{Comment: c, Article: a})
	}
	if d.Counts, err = h.store.CommentStatusCounts(ctx); err != nil {
		return err
	}
	return h.render(w, http.StatusOK, "comments.html", h.newView(r, r.p.T("admin.nav.comments"), "comments", d))
}

// bulkComments applies one action to the ticked comments.
func (h *Handler) bulkComments(w http.ResponseWriter, r *request) error {
	if !r.can(auth.ModerateComments) {
		return model.ErrForbidden
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	var ids []int64
	for _, s := range r.PostForm["id"] {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil && id > 0 {
			ids = append(ids, id)
		}
	}
	back := "/admin/comments/?status=" + urlQueryEscape(r.PostFormValue("from"))
	if len(ids) == 0 {
		http.Redirect(w, r.Request, back, http.StatusSeeOther)
		return nil
	}
	action := r.PostFormValue("action")
	ctx := r.Context()
	var err error
	switch action {
	case "approve":
		err = h.moderator.SetStatus(ctx, model.CommentApproved, ids...)
	case "unapprove":
		err = h.moderator.SetStatus(ctx, model.CommentPending, ids...)
	case "spam":
		err = h.moderator.SetStatus(ctx, model.CommentSpam, ids...)
	case "trash":
		err = h.moderator.SetStatus(ctx, model.CommentTrash, ids...)
	case "delete":
		err = h.moderator.Delete(ctx, ids...)
	default:
		return &model.ValidationError{Fields: map[string]string{"action": "admin.err.invalid"}}
	}
	if err != nil {
		return err
	}
	h.audit(ctx, r, "comment."+action, "comment", ids[0], strconv.Itoa(len(ids)))
	http.Redirect(w, r.Request, back+"&notice=comments", http.StatusSeeOther)
	return nil
}

func (h *Handler) replyTarget(r *request) (*commentRow, error) {
	if !r.can(auth.ModerateComments) {
		return nil, model.ErrForbidden
	}
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	c, err := h.store.Comment(r.Context(), id)
	if err != nil {
		return nil, err
	}
	a, err := h.store.ArticleByID(r.Context(), c.ArticleID)
	if err != nil {
		return nil, err
	}
	return &commentRow{Comment: *c, Article: a}, nil
}

func (h *Handler) showReply(w http.ResponseWriter, r *request) error {
	c, err := h.replyTarget(r)
	if err != nil {
		return err
	}
	return h.render(w, http.StatusOK, "comment_reply.html", h.newView(r, r.p.T("admin.comments.reply_title"), "comments", commentsData{Reply: c}))
}

// postReply answers a comment as the signed-in editor: the reply is
// approved at once, and a parent still waiting is approved with it, as
// WordPress does.
func (h *Handler) postReply(w http.ResponseWriter, r *request) error {
	c, err := h.replyTarget(r)
	if err != nil {
		return err
	}
	text := strings.TrimSpace(r.PostFormValue("comment"))
	if text == "" || len(text) > 65525 {
		v := h.newView(r, r.p.T("admin.comments.reply_title"), "comments", commentsData{Reply: c, Text: text})
		v.Errors = map[string]string{"comment": "admin.err.reply"}
		return h.render(w, http.StatusUnprocessableEntity, "comment_reply.html", v)
	}
	ctx := r.Context()
	if c.Status == model.CommentPending {
		if err := h.moderator.SetStatus(ctx, model.CommentApproved, c.ID); err != nil {
			return err
		}
	}
	u := r.user()
	reply := &model.Comment{ArticleID: c.ArticleID, ParentID: c.ID, AuthorName: u.DisplayName, AuthorEmail: u.Email,
		AuthorURL: u.URL, UserID: u.ID, Content: sanitize.CommentHTML(text), Status: model.CommentApproved,
		Kind: model.CommentKindComment, IP: httpx.ClientIP(r.Request), UserAgent: r.UserAgent(), CreatedAt: time.Now().UTC()}
	if err := h.store.InsertComment(ctx, reply); err != nil {
		return err
	}
	h.audit(ctx, r, "comment.reply", "comment", reply.ID, "")
	http.Redirect(w, r.Request, "/admin/comments/?status=approved&notice=comments", http.StatusSeeOther)
	return nil
}

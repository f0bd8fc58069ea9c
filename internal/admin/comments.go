package admin

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"warta/internal/auth"
	"warta/internal/httpx"
	"warta/internal/model"
	"warta/internal/moderation"
	"warta/internal/store"
)

type commentRow struct {
	model.Comment
	Article    *model.Article
	ParentName string // the author of the comment this one answers
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

func (h *Handler) commentRoutes(mux httpx.Mux) {
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
	if d.Rows, err = h.commentRows(ctx, list); err != nil {
		return err
	}
	if d.Counts, err = h.store.CommentStatusCounts(ctx); err != nil {
		return err
	}
	return h.render(w, http.StatusOK, "comments.html", h.newView(r, r.p.T("admin.nav.comments"), "comments", d))
}

// commentRows gives each comment of a queue its article (read once per
// article) and, for a reply, the name of the comment it answers.
func (h *Handler) commentRows(ctx context.Context, list []model.Comment) ([]commentRow, error) {
	articles := map[int64]*model.Article{}
	rows := make([]commentRow, 0, len(list))
	for _, c := range list {
		a, ok := articles[c.ArticleID]
		if !ok {
			var err error
			if a, err = h.store.ArticleByID(ctx, c.ArticleID); err != nil && !errors.Is(err, model.ErrNotFound) {
				return nil, err
			}
			articles[c.ArticleID] = a
		}
		row := commentRow{Comment: c, Article: a}
		if c.ParentID != 0 {
			if p, err := h.store.Comment(ctx, c.ParentID); err == nil {
				row.ParentName = p.AuthorName
			} else if !errors.Is(err, model.ErrNotFound) {
				return nil, err
			}
		}
		rows = append(rows, row)
	}
	return rows, nil
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
	action := r.PostFormValue("action")
	// A row's own button (approve, spam, trash) acts on that comment only,
	// whatever is ticked.
	if act, id, ok := strings.Cut(r.PostFormValue("row"), ":"); ok {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil || n <= 0 {
			return &model.ValidationError{Fields: map[string]string{"action": "admin.err.invalid"}}
		}
		action, ids = act, []int64{n}
	}
	back := "/admin/comments/?status=" + urlQueryEscape(r.PostFormValue("from"))
	if len(ids) == 0 {
		http.Redirect(w, r.Request, back, http.StatusSeeOther)
		return nil
	}
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

// postReply answers a comment as the signed-in editor, under the staff
// rules of moderation.Reply: the reply is approved at once, a parent still
// waiting is approved with it, as WordPress does, and the parent's author
// is told when they asked.
func (h *Handler) postReply(w http.ResponseWriter, r *request) error {
	c, err := h.replyTarget(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	text := r.PostFormValue("comment")
	reply, err := h.moderator.Reply(ctx, r.user(), moderation.StaffInput{ParentID: c.ID, Comment: text},
		moderation.Meta{IP: httpx.ClientIP(r.Request), UserAgent: r.UserAgent()})
	var verr *model.ValidationError
	if errors.As(err, &verr) {
		v := h.newView(r, r.p.T("admin.comments.reply_title"), "comments", commentsData{Reply: c, Text: text})
		v.Errors = replyErrors(verr)
		return h.render(w, http.StatusUnprocessableEntity, "comment_reply.html", v)
	}
	if err != nil {
		return err
	}
	h.audit(ctx, r, "comment.reply", "comment", reply.Comment.ID, "")
	http.Redirect(w, r.Request, "/admin/comments/?status=approved&notice=comments", http.StatusSeeOther)
	return nil
}

// replyErrors shows the rules' refusals of a reply under its one field;
// an empty one asks for the reply, in the newsroom's words.
func replyErrors(v *model.ValidationError) map[string]string {
	for _, f := range []string{"comment", "form", "article"} {
		if key, ok := v.Fields[f]; ok {
			if key == moderation.ErrRequired {
				key = "admin.err.reply"
			}
			return map[string]string{"comment": key}
		}
	}
	return map[string]string{"comment": "admin.err.reply"}
}

package wpapi

import (
	"errors"
	"html"
	"net/http"
	"strconv"

	"warta/internal/auth"
	"warta/internal/httpx"
	"warta/internal/model"
	"warta/internal/moderation"
)

// commentStatuses maps WordPress's comment statuses (as the status
// parameter takes them) to warta's.
var commentStatuses = map[string]model.CommentStatus{
	"approve": model.CommentApproved, "approved": model.CommentApproved, "1": model.CommentApproved,
	"hold": model.CommentPending, "0": model.CommentPending, "spam": model.CommentSpam, "trash": model.CommentTrash,
}

// wpCommentStatus names a warta comment status as WordPress shows it.
func wpCommentStatus(s model.CommentStatus) string {
	switch s {
	case model.CommentApproved:
		return "approved"
	case model.CommentPending:
		return "hold"
	}
	return string(s)
}

// commentErrors are the moderation rules' refusals as WordPress words them.
var commentErrors = map[string]*apiError{
	moderation.ErrClosed:    errorf(http.StatusForbidden, "rest_comment_closed", "Sorry, comments are closed for this item."),
	moderation.ErrDuplicate: errorf(http.StatusConflict, "comment_duplicate", "Duplicate comment detected; it looks as though you’ve already said that!"),
	moderation.ErrRateLimit: errorf(http.StatusBadRequest, "comment_flood", "You are posting comments too quickly. Slow down."),
	moderation.ErrTooFast:   errorf(http.StatusBadRequest, "comment_flood", "You are posting comments too quickly. Slow down."),
	moderation.ErrParent:    errorf(http.StatusBadRequest, "rest_comment_invalid_parent", "Invalid comment parent ID."),
	moderation.ErrArticle: errorf(http.StatusForbidden, "rest_comment_invalid_post_id",
		"Sorry, you are not allowed to create this comment without a post."),
}

// commentFields names the comment form's fields as the REST API's.
var commentFields = map[string]string{"name": "author_name", "email": "author_email", "url": "author_url", "comment": "content"}

// createComment answers POST /wp/v2/comments. The comment goes through
// the same moderation as the site's comment form: validation, throttles,
// spam defences and the moderation setting decide its status. Anonymous
// clients may comment only when the site allows it.
func (q *request) createComment() (any, error) {
	if q.who == nil && !q.settings.RESTAnonymousComments {
		return nil, errorf(http.StatusUnauthorized, "rest_comment_login_required", "Sorry, you must be logged in to comment.")
	}
	ctx := q.r.Context()
	postID, _, err := q.intParam("post")
	if err != nil {
		return nil, err
	}
	moderator := q.can(auth.ModerateComments)
	in := moderation.Input{ArticleID: postID}
	if in.ParentID, _, err = q.intParam("parent"); err != nil {
		return nil, err
	}
	for name, dst := range map[string]*string{"author_name": &in.Name, "author_email": &in.Email, "author_url": &in.URL, "content": &in.Comment} {
		if *dst, _, err = q.textParam(name); err != nil {
			return nil, err
		}
	}
	if q.who != nil {
		if id, ok, err := q.intParam("author"); err != nil {
			return nil, err
		} else if ok && id != q.who.ID && !moderator {
			return nil, errorf(http.StatusForbidden, "rest_comment_invalid_author",
				"Sorry, you are not allowed to edit 'author' for comments.")
		}
		in.UserID = q.who.ID
		if !moderator { // Reply signs staff comments with their account
			if in.Name == "" {
				in.Name = q.who.DisplayName
			}
			if in.Email == "" {
				in.Email = q.who.Email
			}
			if in.URL == "" {
				in.URL = q.who.URL
			}
		}
	} else if in.Name == "" || in.Email == "" {
		return nil, errorf(http.StatusBadRequest, "rest_comment_author_data_required",
			"Creating a comment requires valid author name and email values.")
	}
	var want model.CommentStatus
	if s, ok, err := q.textParam("status"); err != nil {
		return nil, err
	} else if ok {
		if !moderator {
			return nil, q.denied("rest_comment_invalid_status", "Sorry, you are not allowed to edit 'status' for comments.")
		}
		if want, ok = commentStatuses[s]; !ok {
			return nil, invalid("status", "is not one of approve, hold, spam, trash")
		}
	}
	meta := moderation.Meta{IP: httpx.ClientIP(q.r), UserAgent: q.r.UserAgent()}
	var res *moderation.Result
	if moderator {
		// Staff: approved at once, past the spam defences (moderation.Reply).
		res, err = q.h.mod.Reply(ctx, q.who, moderation.StaffInput{ArticleID: in.ArticleID, ParentID: in.ParentID,
			Comment: in.Comment, Name: in.Name, Email: in.Email, URL: in.URL}, meta)
	} else {
		res, err = q.h.mod.Submit(ctx, in, meta)
	}
	var verr *model.ValidationError
	if errors.As(err, &verr) {
		return nil, commentError(verr)
	}
	if err != nil {
		return nil, err
	}
	c := res.Comment
	if want != "" && want != c.Status {
		if err := q.h.mod.SetStatus(ctx, want, c.ID); err != nil {
			return nil, err
		}
		c.Status = want
	}
	q.status = http.StatusCreated
	q.header.Set("Location", q.url("/wp/v2/comments/"+strconv.FormatInt(c.ID, 10), nil))
	return q.commentEdit(c), nil
}

// commentError is a refusal of the moderation rules in WordPress's words.
func commentError(v *model.ValidationError) *apiError {
	for _, key := range v.Fields {
		if e, ok := commentErrors[key]; ok {
			return e
		}
	}
	if v.Fields["comment"] == moderation.ErrRequired {
		return errorf(http.StatusBadRequest, "rest_comment_content_invalid", "Invalid comment content.")
	}
	named := &model.ValidationError{Fields: map[string]string{}}
	for f, key := range v.Fields {
		if n, ok := commentFields[f]; ok {
			f = n
		}
		named.Fields[f] = key
	}
	return validationError(named)
}

// commentEdit is a comment with the edit context's raw content (the
// stored, sanitized HTML: warta keeps no other form of it).
func (q *request) commentEdit(c *model.Comment) map[string]any {
	m := q.comment(c)
	m["content"].(map[string]any)["raw"] = html.UnescapeString(string(c.Content))
	// What only moderators see (WordPress's edit context); an anonymous
	// writer's answer carries none of it.
	if q.can(auth.ModerateComments) {
		m["author_email"], m["author_ip"], m["author_user_agent"] = c.AuthorEmail, c.IP, c.UserAgent
	}
	return m
}

// moderatedComment loads the comment param for a moderator's write.
func (q *request) moderatedComment(param, code, msg string) (*model.Comment, error) {
	if !q.can(auth.ModerateComments) {
		return nil, q.denied(code, msg)
	}
	id, _ := strconv.ParseInt(param, 10, 64)
	c, err := q.h.store.Comment(q.r.Context(), id)
	if errors.Is(err, model.ErrNotFound) {
		return nil, errorf(http.StatusNotFound, "rest_comment_invalid_id", "Invalid comment ID.")
	}
	return c, err
}

// updateComment answers POST/PUT/PATCH /wp/v2/comments/{id}: moderators
// change its status, as in the newsroom's queue.
func (q *request) updateComment(param string) (any, error) {
	c, err := q.moderatedComment(param, "rest_cannot_edit", "Sorry, you are not allowed to edit this comment.")
	if err != nil {
		return nil, err
	}
	if s, ok, err := q.textParam("status"); err != nil {
		return nil, err
	} else if ok {
		st, known := commentStatuses[s]
		if !known {
			return nil, invalid("status", "is not one of approve, hold, spam, trash")
		}
		if st != c.Status {
			if err := q.h.mod.SetStatus(q.r.Context(), st, c.ID); err != nil {
				return nil, err
			}
			c.Status = st
		}
	}
	return q.commentEdit(c), nil
}

// deleteComment answers DELETE /wp/v2/comments/{id}: to the trash, or for
// good with force=true.
func (q *request) deleteComment(param string) (any, error) {
	c, err := q.moderatedComment(param, "rest_cannot_delete", "Sorry, you are not allowed to delete this comment.")
	if err != nil {
		return nil, err
	}
	force, _, err := q.boolField("force")
	if err != nil {
		return nil, err
	}
	if force {
		previous := q.commentEdit(c)
		if err := q.h.mod.Delete(q.r.Context(), c.ID); err != nil {
			return nil, err
		}
		return map[string]any{"deleted": true, "previous": previous}, nil
	}
	if c.Status == model.CommentTrash {
		return nil, errorf(http.StatusGone, "rest_already_trashed", "The comment has already been trashed.")
	}
	if err := q.h.mod.SetStatus(q.r.Context(), model.CommentTrash, c.ID); err != nil {
		return nil, err
	}
	c.Status = model.CommentTrash
	return q.commentEdit(c), nil
}

// commentStatusFilter reads the status parameter of the comment list:
// moderators see any status, others only approved comments.
func (q *request) commentStatusFilter() ([]model.CommentStatus, error) {
	s := q.query.Get("status")
	if s == "" || s == "approve" || s == "approved" {
		return nil, nil
	}
	if !q.can(auth.ModerateComments) {
		return nil, q.denied("rest_forbidden_param", "Query parameter not permitted: status")
	}
	if s == "all" {
		return []model.CommentStatus{model.CommentApproved, model.CommentPending}, nil
	}
	st, ok := commentStatuses[s]
	if !ok {
		return nil, invalid("status", "is not one of approve, hold, spam, trash, all")
	}
	return []model.CommentStatus{st}, nil
}

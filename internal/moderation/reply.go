package moderation

import (
	"context"
	"fmt"
	"strings"

	"warta/internal/auth"
	"warta/internal/model"
	"warta/internal/sanitize"
)

// StaffInput is what a member of the newsroom writes: an answer to a
// comment from the moderation queue or a REST client, or a comment of
// their own through the REST API.
type StaffInput struct {
	// ArticleID is the article commented on; 0 takes the parent's.
	ArticleID int64
	// ParentID is the comment answered; 0 for a comment of its own.
	ParentID int64
	Comment  string
	// Name, Email and URL replace the account's own when not empty (a REST
	// client may sign a comment differently); they are checked as a
	// reader's are.
	Name, Email, URL string
	Notify           bool // email me when someone replies
}

// Reply stores a comment by u, who must be allowed to moderate comments
// (model.ErrForbidden otherwise), under the rules WordPress gives staff:
//
//   - the comment is approved at once and skips the spam defences (time
//     trap, rate limits, blocklist, classifier), but not the duplicate check;
//   - the article must be published (ErrArticle); a comment of its own
//     needs comments open (ErrClosed), while an answer to a comment already
//     in the thread may still be written after comments closed, as
//     WordPress's newsroom allows;
//   - the parent must be on the article and approved or waiting (ErrParent);
//     answering a waiting comment approves it first ("Approve and reply");
//   - like any visible reply, it notifies the parent's author who asked,
//     and the pages showing the thread change at once.
//
// Problems are *model.ValidationError values, as Submit's.
func (m *Moderator) Reply(ctx context.Context, u *model.User, in StaffInput, meta Meta) (*Result, error) {
	if u == nil || !auth.Can(u.Role, auth.ModerateComments) {
		return nil, model.ErrForbidden
	}
	if in.ArticleID == 0 && in.ParentID != 0 {
		p, err := m.st.Comment(ctx, in.ParentID)
		if err != nil {
			return nil, &model.ValidationError{Fields: map[string]string{"form": ErrParent}}
		}
		in.ArticleID = p.ArticleID
	}
	set, a, err := m.target(ctx, in.ArticleID)
	if err != nil {
		return nil, err
	}
	now := m.now()
	written := Input{Name: strings.TrimSpace(in.Name), Email: strings.TrimSpace(in.Email),
		URL: strings.TrimSpace(in.URL), Comment: cleanText(in.Comment)}
	verr := validate(written)
	// What the account holds was checked when it was saved.
	name, email, url := written.Name, written.Email, written.URL
	if name == "" {
		name = u.DisplayName
		if name == "" {
			name = u.Login
		}
		delete(verr.Fields, "name")
	}
	if email == "" {
		email = u.Email
		delete(verr.Fields, "email")
	}
	if url == "" {
		url = u.URL
	}
	parent, err := m.parent(ctx, a, in.ParentID, model.CommentApproved, model.CommentPending)
	if err != nil {
		return nil, err
	}
	switch {
	case in.ParentID != 0 && parent == nil:
		verr.Add("form", ErrParent)
	case in.ParentID == 0 && !CommentsOpen(a, set, now):
		verr.Add("form", ErrClosed)
	}
	if err := verr.Err(); err != nil {
		return nil, err
	}
	c := &model.Comment{
		ArticleID:   a.ID,
		ParentID:    in.ParentID,
		AuthorName:  name,
		AuthorEmail: email,
		AuthorURL:   normalURL(url),
		UserID:      u.ID,
		Content:     sanitize.CommentHTML(written.Comment),
		Status:      model.CommentApproved,
		Kind:        model.CommentKindComment,
		IP:          meta.IP,
		UserAgent:   truncate(meta.UserAgent, 255),
		Notify:      in.Notify,
		CreatedAt:   now,
	}
	if blank(c.Content) {
		return nil, &model.ValidationError{Fields: map[string]string{"comment": ErrRequired}}
	}
	facts, err := m.st.CommentChecks(ctx, commentCheck(c, now))
	if err != nil {
		return nil, fmt.Errorf("moderation: reply: %w", err)
	}
	if facts.Duplicate {
		return nil, &model.ValidationError{Fields: map[string]string{"comment": ErrDuplicate}}
	}
	if parent != nil && parent.Status == model.CommentPending {
		if err := m.SetStatus(ctx, model.CommentApproved, parent.ID); err != nil {
			return nil, fmt.Errorf("moderation: reply: %w", err)
		}
		parent.Status = model.CommentApproved
	}
	if err := m.st.InsertComment(ctx, c, m.commentHooks(set, a, c, parent)); err != nil {
		return nil, fmt.Errorf("moderation: reply: %w", err)
	}
	m.afterQueue(set)
	return &Result{Comment: c, Article: a, Visible: true}, nil
}

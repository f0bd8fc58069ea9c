package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"warta/internal/httpx"
	"warta/internal/model"
	"warta/internal/moderation"
)

// Cookies of the comment form (see the brief's cookie contract).
const (
	// pendingCookie, HttpOnly and signed, lists the comments this reader
	// wrote that await moderation; only while there are some. The page
	// cache neither serves nor stores requests carrying it.
	pendingCookie = "warta_pending"
	// commenterCookie holds the name, email and website of a reader who
	// ticked "remember me", for warta.js to fill the form in the browser;
	// the server never reads it, so cached pages stay the same for all.
	commenterCookie = "warta_commenter"
	// maxPending is how many waiting comments the pending cookie remembers.
	maxPending = 20
)

// postComment handles the comment form: 422 with the article re-rendered,
// the reader's text kept and the problems named; or 303 to the new
// comment when it is visible, or to the article with the awaiting
// moderation notice when it is not.
func (h *Handler) postComment(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return err
		}
		h.renderError(w, r, http.StatusBadRequest)
		return nil
	}
	form := commentForm{
		Name:     r.PostForm.Get("name"),
		Email:    r.PostForm.Get("email"),
		URL:      r.PostForm.Get("url"),
		Comment:  r.PostForm.Get("comment"),
		Remember: r.PostForm.Get("remember") != "",
		Notify:   r.PostForm.Get("notify") != "",
	}
	form.ParentID, _ = strconv.ParseInt(r.PostForm.Get("parent_id"), 10, 64)
	articleID, _ := strconv.ParseInt(r.PostForm.Get("article_id"), 10, 64)
	l, err := h.newLayout(ctx, r.URL.Path)
	if err != nil {
		return err
	}
	var readerID int64
	ses, err := h.readerSession(r)
	if err != nil {
		return err
	}
	if ses != nil {
		// A signed-in reader writes as their account: its address, and
		// the name they last used when they give none.
		readerID, form.Email = ses.Reader.ID, ses.Reader.Email
		if strings.TrimSpace(form.Name) == "" {
			form.Name = ses.Reader.Name
		}
		form.URL, form.Remember = "", false
	}
	res, err := h.mod.Submit(ctx, moderation.Input{
		ArticleID: articleID,
		ParentID:  form.ParentID,
		Name:      form.Name,
		Email:     form.Email,
		URL:       form.URL,
		Comment:   form.Comment,
		Notify:    form.Notify,
		Honeypot:  r.PostForm.Get(honeypotField),
		Token:     r.PostForm.Get("token"),
		ReaderID:  readerID,
	}, moderation.Meta{IP: httpx.ClientIP(r), UserAgent: r.UserAgent()})
	var verr *model.ValidationError
	if errors.As(err, &verr) && verr.Fields["article"] != "" {
		h.renderErrorPage(w, r, http.StatusUnprocessableEntity, "comment.article.title", verr.Fields["article"])
		return nil
	}
	if errors.As(err, &verr) {
		form.Errors = verr.Fields
		w.Header().Set("Cache-Control", "no-store")
		// The page shows the whole article again: load the rest of it.
		full, err := h.store.ArticleByID(ctx, articleID)
		if err != nil {
			return fmt.Errorf("web: comment on %d: %w", articleID, err)
		}
		return h.renderArticle(w, r, l, full, http.StatusUnprocessableEntity, form)
	}
	if err != nil {
		return err
	}
	a := res.Article
	c := res.Comment
	if ses == nil {
		rememberCommenter(w, r, form)
	}
	path := a.Path(l.links)
	anchor := "#comment-" + strconv.FormatInt(c.ID, 10)
	if res.Visible {
		if n, err := h.commentPageOf(ctx, a, l.Site, c.ID); err == nil && n > 1 {
			path += "?cpage=" + strconv.Itoa(n)
		}
		http.Redirect(w, r, path+anchor, http.StatusSeeOther)
		return nil
	}
	if c.Status == model.CommentPending {
		ids := append(h.pendingIDs(r), c.ID)
		if len(ids) > maxPending {
			ids = ids[len(ids)-maxPending:]
		}
		if err := h.setPendingCookie(ctx, w, r, ids); err != nil {
			return err
		}
	}
	// Spam is told the same as a waiting comment: nothing to learn from.
	http.Redirect(w, r, path+"?unapproved="+strconv.FormatInt(c.ID, 10)+anchor, http.StatusSeeOther)
	return nil
}

// honeypotField is the form field people never see or fill.
const honeypotField = "contact_me"

// commentToken answers the time trap's token, fetched by warta.js when an
// article's comment form is shown. It is never cached.
func (h *Handler) commentToken(w http.ResponseWriter, r *http.Request) error {
	tok, err := h.mod.IssueToken(r.Context())
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write([]byte(tok))
	return err
}

// commentPageOf returns the comment page of a that shows the approved
// comment id under the site's settings; 1 when it is not found.
func (h *Handler) commentPageOf(ctx context.Context, a *model.Article, set model.Settings, id int64) (int, error) {
	comments, err := h.store.ApprovedComments(ctx, a.ID)
	if err != nil {
		return 1, err
	}
	threads := threadComments(comments, set.ThreadDepth, set.CommentOrder == "desc", "")
	per := perPage(set)
	for i, t := range threads {
		if t.Holds(id) {
			return i/per + 1, nil
		}
	}
	return 1, nil
}

// perPage is the number of threads a comment page shows.
func perPage(set model.Settings) int {
	if set.CommentsPerPage < 1 {
		return model.DefaultSettings().CommentsPerPage
	}
	return set.CommentsPerPage
}

// rememberCommenter sets the remember-me cookie when the reader consented
// and removes it when they did not.
func rememberCommenter(w http.ResponseWriter, r *http.Request, f commentForm) {
	if !f.Remember {
		if _, err := r.Cookie(commenterCookie); err == nil {
			http.SetCookie(w, &http.Cookie{Name: commenterCookie, Path: "/", MaxAge: -1, SameSite: http.SameSiteLaxMode})
		}
		return
	}
	v := url.Values{"name": {f.Name}, "email": {f.Email}, "url": {f.URL}}
	http.SetCookie(w, &http.Cookie{
		Name:     commenterCookie,
		Value:    v.Encode(),
		Path:     "/",
		MaxAge:   int((365 * 24 * time.Hour).Seconds()),
		Secure:   r.TLS != nil,
		SameSite: http.SameSiteLaxMode,
		// Not HttpOnly: warta.js reads it to fill the form.
	})
}

// pendingIDs returns the comment ids r's pending cookie holds, if signed by us.
func (h *Handler) pendingIDs(r *http.Request) []int64 {
	ck, err := r.Cookie(pendingCookie)
	if err != nil || ck.Value == "" {
		return nil
	}
	return h.pending.ids(r.Context(), ck.Value)
}

// setPendingCookie sets the pending cookie to ids, or removes it when
// there are none.
func (h *Handler) setPendingCookie(ctx context.Context, w http.ResponseWriter, r *http.Request, ids []int64) error {
	if len(ids) == 0 {
		http.SetCookie(w, &http.Cookie{Name: pendingCookie, Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
		return nil
	}
	v, err := h.pending.value(ctx, ids)
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{
		Name:     pendingCookie,
		Value:    v,
		Path:     "/",
		MaxAge:   int((30 * 24 * time.Hour).Seconds()),
		HttpOnly: true,
		Secure:   r.TLS != nil,
		SameSite: http.SameSiteLaxMode,
	})
	return nil
}

// ownPending returns the comments of a that r's reader wrote and that still
// await moderation, and keeps the pending cookie to what still waits
// (removing it when nothing does), so that it stops bypassing the cache.
func (h *Handler) ownPending(w http.ResponseWriter, r *http.Request, a *model.Article) ([]model.Comment, error) {
	ids := h.pendingIDs(r)
	if _, err := r.Cookie(pendingCookie); err != nil {
		return nil, nil
	}
	waiting, err := h.store.CommentsByIDs(r.Context(), model.CommentPending, ids)
	if err != nil {
		return nil, fmt.Errorf("web: pending comments: %w", err)
	}
	if len(waiting) != len(ids) || len(ids) == 0 { // also a forged or stale cookie: drop it
		still := make([]int64, len(waiting))
		for i, c := range waiting {
			still[i] = c.ID
		}
		if err := h.setPendingCookie(r.Context(), w, r, still); err != nil {
			return nil, err
		}
	}
	var own []model.Comment
	for _, c := range waiting {
		if c.ArticleID == a.ID {
			own = append(own, c)
		}
	}
	if len(own) > 0 {
		w.Header().Set("Cache-Control", "private, no-store")
	}
	return own, nil
}

// unapprovedNotice reports whether the page should say a comment awaits
// moderation: after a submission that was held (?unapproved=N).
func unapprovedNotice(r *http.Request) bool {
	_, err := strconv.ParseInt(strings.TrimSpace(r.URL.Query().Get("unapproved")), 10, 64)
	return err == nil
}

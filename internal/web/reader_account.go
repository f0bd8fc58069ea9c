package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"warta/internal/auth"
	"warta/internal/httpx"
	"warta/internal/model"
	"warta/internal/moderation"
	"warta/internal/sanitize"
	"warta/internal/store"
)

// The reader's account page: what the site keeps about them (address,
// name, comments, reply notifications), their name to change, and the
// deletion of the account and its data. Deleting keeps the reader's
// comments on the site as written by "Anonymous" without name, address,
// website, IP or browser, as WordPress's personal data eraser does, so
// that replies to them still read; `warta comments erase --delete` is
// there for a moderator asked to remove the words too.

// accountComments caps the comments the page lists, newest first.
const accountComments = 200

// accountComment is one of the reader's comments as their page lists it.
type accountComment struct {
	ID           int64
	ArticleTitle string
	URL          string // the article's path; "" when it is no longer published
	Waiting      bool   // not (yet) shown to readers: pending, or held as spam
	Excerpt      string
	CreatedAt    time.Time
}

func (h *Handler) accountRoutes(mux httpx.Mux) {
	mux.Handle("POST "+accountPath+"name", h.wrap(h.postAccountName))
	mux.Handle("POST "+accountPath+"delete", h.wrap(h.postAccountDelete))
}

// signedIn returns r's reader session, or nil after having sent the
// reader to the sign-in page (GET) or answered 403 to a form without the
// session's token (POST).
func (h *Handler) signedIn(w http.ResponseWriter, r *http.Request) (*auth.ReaderSession, error) {
	ses, err := h.readerSession(r)
	if err != nil {
		return nil, err
	}
	if ses == nil {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			http.Redirect(w, r, signInPath+"?next="+accountPath, http.StatusSeeOther)
		} else {
			h.renderErrorPage(w, r, http.StatusForbidden, "account.err.signed_out_title", "account.err.signed_out")
		}
		return nil, nil
	}
	if r.Method == http.MethodPost && !ses.CheckCSRF(r.PostFormValue("csrf")) {
		h.renderError(w, r, http.StatusForbidden)
		return nil, nil
	}
	return ses, nil
}

func (h *Handler) showAccount(w http.ResponseWriter, r *http.Request) error {
	ses, err := h.signedIn(w, r)
	if ses == nil || err != nil {
		return err
	}
	p, err := h.accountData(r, ses)
	if err != nil {
		return err
	}
	return h.renderAccount(w, r, http.StatusOK, p, "account.title")
}

// accountData reads what the account page shows of ses's reader.
func (h *Handler) accountData(r *http.Request, ses *auth.ReaderSession) (*accountPage, error) {
	ctx := r.Context()
	rd := ses.Reader
	p := &accountPage{Mode: "account", Reader: rd, Email: rd.Email, CSRF: ses.CSRFToken()}
	list, err := h.store.Comments(ctx, store.CommentFilter{Email: rd.Email, Limit: accountComments})
	if err != nil {
		return nil, fmt.Errorf("web: account %d: %w", rd.ID, err)
	}
	l, err := h.newLayout(ctx, r.URL.Path)
	if err != nil {
		return nil, err
	}
	articles := map[int64]*model.Article{}
	for _, c := range list {
		a, ok := articles[c.ArticleID]
		if !ok {
			a, err = h.store.ArticleToComment(ctx, c.ArticleID)
			if err != nil && !errors.Is(err, model.ErrNotFound) {
				return nil, fmt.Errorf("web: account %d: %w", rd.ID, err)
			}
			articles[c.ArticleID] = a
		}
		ac := accountComment{ID: c.ID, Waiting: c.Status != model.CommentApproved, CreatedAt: c.CreatedAt,
			Excerpt: summary(sanitize.Text(string(c.Content)), 160)}
		if a != nil {
			ac.ArticleTitle = a.Title
			if a.Status == model.StatusPublished {
				ac.URL = a.Path(l.links)
			}
		}
		if c.Status == model.CommentTrash {
			continue
		}
		p.Comments = append(p.Comments, ac)
	}
	p.Replies, err = h.store.MailRecipient(ctx, rd.Email)
	if err != nil && !errors.Is(err, model.ErrNotFound) {
		return nil, fmt.Errorf("web: account %d: %w", rd.ID, err)
	}
	p.Newsletter, err = h.store.SubscriberByEmail(ctx, rd.Email)
	if err != nil && !errors.Is(err, model.ErrNotFound) {
		return nil, fmt.Errorf("web: account %d: %w", rd.ID, err)
	}
	return p, nil
}

func (h *Handler) postAccountName(w http.ResponseWriter, r *http.Request) error {
	ses, err := h.signedIn(w, r)
	if ses == nil || err != nil {
		return err
	}
	name := strings.TrimSpace(r.PostFormValue("name"))
	if utf8.RuneCountInString(name) > moderation.MaxName {
		p, err := h.accountData(r, ses)
		if err != nil {
			return err
		}
		p.Reader.Name = name
		p.Errors = map[string]string{"name": moderation.ErrTooLong}
		return h.renderAccount(w, r, http.StatusUnprocessableEntity, p, "account.title")
	}
	if err := h.store.SetReaderName(r.Context(), ses.Reader.ID, name); err != nil {
		return err
	}
	http.Redirect(w, r, accountPath+"?saved=1", http.StatusSeeOther)
	return nil
}

// postAccountDelete deletes the account once the reader ticked the box
// that says what goes.
func (h *Handler) postAccountDelete(w http.ResponseWriter, r *http.Request) error {
	ses, err := h.signedIn(w, r)
	if ses == nil || err != nil {
		return err
	}
	if r.PostFormValue("confirm") == "" {
		p, err := h.accountData(r, ses)
		if err != nil {
			return err
		}
		p.Errors = map[string]string{"confirm": "account.delete.err_confirm"}
		return h.renderAccount(w, r, http.StatusUnprocessableEntity, p, "account.title")
	}
	l, err := h.newLayout(r.Context(), r.URL.Path)
	if err != nil {
		return err
	}
	n, err := h.store.DeleteReader(r.Context(), ses.Reader.ID, l.printer.T("comments.anonymous"))
	if err != nil && !errors.Is(err, model.ErrNotFound) {
		return err
	}
	h.log.InfoContext(r.Context(), "reader deleted their account", "reader", ses.Reader.ID, "comments_anonymised", n)
	auth.ClearReaderCookie(w, r.TLS != nil)
	return h.renderAccount(w, r, http.StatusOK, &accountPage{Mode: "deleted"}, "account.delete.done_title")
}

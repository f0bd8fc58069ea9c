// Package moderation holds the rules of reader comments, whichever front
// end a comment comes through: validation, who gets through at once and who
// waits, the spam defences (honeypot, time trap, links, rate limits,
// duplicates, blocklist, a Bayesian classifier), moderators' decisions and
// what they teach the classifier, the notifications, and the purging of
// spam and of IP addresses. Reads for pages go straight to the store.
package moderation

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"slices"
	"strings"
	"time"

	"warta/internal/httpx"
	"warta/internal/mail"
	"warta/internal/model"
	"warta/internal/sanitize"
	"warta/internal/store"
)

// Limits of the fields, as WordPress has them.
const (
	MaxName    = 245
	MaxEmail   = 100
	MaxURL     = 200
	MaxComment = 65525
)

// Message keys of the problems Submit names (model.ValidationError values).
const (
	ErrRequired  = "comment.error.required"
	ErrEmail     = "comment.error.email"
	ErrURL       = "comment.error.url"
	ErrTooLong   = "comment.error.too_long"
	ErrClosed    = "comment.error.closed"
	ErrDuplicate = "comment.error.duplicate"
	ErrTooFast   = "comment.error.too_fast"
	ErrRateLimit = "comment.error.rate"
	ErrParent    = "comment.error.parent"
	ErrArticle   = "comment.error.article"
	ErrSignIn    = "comment.error.sign_in"
)

// CommentSecret names the store's secret (store.Secret) that signs what
// the comment form hands readers: the time trap's token here, the
// pending-comment cookie in web.
const CommentSecret = "comments"

// Input is what a reader sent.
type Input struct {
	ArticleID int64
	ParentID  int64
	Name      string
	Email     string
	URL       string
	Comment   string // plain text with a few inline tags
	Notify    bool   // email me when someone replies
	Honeypot  string // a field people never see: anything in it is a robot
	Token     string // the time trap's token; empty when the browser ran no script
	// UserID is the commenter's account when a signed-in client (the REST
	// API with an application password) sends the comment; 0 otherwise.
	// Such a client runs no script, so the time trap does not apply. Staff
	// who may moderate comments write through Reply instead.
	UserID int64
	// ReaderID is the signed-in reader's account (their session was
	// checked by the front end, which also puts the account's address in
	// Email); 0 otherwise. Their address is proven, so the time trap does
	// not apply; moderation does. Their name is remembered.
	ReaderID int64
}

// Meta is what the request says about the reader, kept for moderation.
type Meta struct {
	IP        string
	UserAgent string
}

// Moderator applies the rules over a store. Build it with New; it is safe
// for concurrent use.
type Moderator struct {
	st       *store.Store
	log      *slog.Logger
	baseURL  string
	composer *mail.Composer // nil: no notifications (the templates failed)
	queued   func()         // called after a commit that queued mail
	now      func() time.Time
	signer   *httpx.Signer // the time trap's tokens
}

// Options configure a Moderator.
type Options struct {
	// BaseURL is the site's public origin, for the links in notifications.
	BaseURL string
	// Logger receives failed notifications and purges; slog.Default() when nil.
	Logger *slog.Logger
	// Mail composes the notifications; nil: one is made for BaseURL.
	Mail *mail.Composer
	// MailQueued is called after a comment's transaction queued mail
	// (the worker's Nudge), so it goes at once rather than at the next poll.
	MailQueued func()
}

// New returns the moderator of st's comments.
func New(st *store.Store, opts Options) *Moderator {
	logger := opts.Logger
	if logger == nil {
		logger = slog.Default()
	}
	composer := opts.Mail
	if composer == nil {
		var err error
		if composer, err = mail.NewComposer(opts.BaseURL); err != nil {
			logger.Error("moderation: no notifications", "err", err)
		}
	}
	return &Moderator{st: st, log: logger, baseURL: strings.TrimRight(opts.BaseURL, "/"), composer: composer,
		queued: opts.MailQueued, now: time.Now,
		signer: httpx.NewSigner(func(ctx context.Context) ([]byte, error) { return st.Secret(ctx, CommentSecret) })}
}

// SetClock replaces the clock, for tests of time-based rules.
func (m *Moderator) SetClock(now func() time.Time) { m.now = now }

// Result is the fate of a submitted comment.
type Result struct {
	Comment *model.Comment
	// Article is the article commented on, with its bylines and terms
	// (what its path needs).
	Article *model.Article
	// Visible is true when readers see the comment at once.
	Visible bool
}

// CommentsOpen reports whether a accepts comments at now under set: it
// must be open, not password protected, and not older than the automatic
// closing allows.
func CommentsOpen(a *model.Article, set model.Settings, now time.Time) bool {
	if a.CommentStatus != model.CommentsOpen || a.Password != "" {
		return false
	}
	if set.CommentsCloseDays > 0 && now.Sub(a.PublishedAt) > time.Duration(set.CommentsCloseDays)*24*time.Hour {
		return false
	}
	return true
}

// Submit checks in and stores it as a comment on the article
// in.ArticleID with the status the rules give it. The article must exist,
// be published and accept comments (CommentsOpen under the site's
// settings). A problem the reader can fix is a *model.ValidationError
// naming the field (or "form" for the whole form; "article" with
// ErrArticle when there is no published article to comment on); spam is
// stored, not refused, so that a moderator can rescue a false positive,
// and the reader is told no more than that the comment awaits moderation.
// Notifications are sent in the background and never fail a submission.
func (m *Moderator) Submit(ctx context.Context, in Input, meta Meta) (*Result, error) {
	set, a, err := m.target(ctx, in.ArticleID)
	if err != nil {
		return nil, err
	}
	now := m.now()
	in.Name = strings.TrimSpace(in.Name)
	in.Email = strings.TrimSpace(in.Email)
	in.URL = strings.TrimSpace(in.URL)
	in.Comment = cleanText(in.Comment)
	verr := validate(in)
	if !CommentsOpen(a, set, now) {
		verr.Add("form", ErrClosed)
	} else if set.CommentRegistration && in.UserID == 0 && in.ReaderID == 0 {
		verr.Add("form", ErrSignIn)
	}
	parent, err := m.parent(ctx, a, in.ParentID, model.CommentApproved)
	if err != nil {
		return nil, err
	}
	if in.ParentID != 0 && parent == nil {
		verr.Add("form", ErrParent)
	}
	if err := verr.Err(); err != nil {
		return nil, err
	}
	c := &model.Comment{
		ArticleID:   a.ID,
		ParentID:    in.ParentID,
		AuthorName:  in.Name,
		AuthorEmail: in.Email,
		AuthorURL:   normalURL(in.URL),
		Content:     sanitize.CommentHTML(in.Comment),
		Kind:        model.CommentKindComment,
		IP:          meta.IP,
		UserAgent:   truncate(meta.UserAgent, 255),
		Notify:      in.Notify,
		UserID:      in.UserID,
		CreatedAt:   now,
	}
	if blank(c.Content) {
		return nil, &model.ValidationError{Fields: map[string]string{"comment": ErrRequired}}
	}
	facts, err := m.throttle(ctx, set, c, in, now)
	if err != nil {
		return nil, err
	}
	status, score, err := m.decide(ctx, set, c, in, facts)
	if err != nil {
		return nil, fmt.Errorf("moderation: submit: %w", err)
	}
	c.Status, c.SpamScore = status, score
	hooks := []store.Hook{m.commentHooks(set, a, c, parent)}
	if in.ReaderID != 0 {
		hooks = append(hooks, func(tx *store.Tx) error { return tx.SetReaderName(in.ReaderID, in.Name) })
	}
	if err := m.st.InsertComment(ctx, c, hooks...); err != nil {
		return nil, fmt.Errorf("moderation: submit: %w", err)
	}
	m.afterQueue(set)
	return &Result{Comment: c, Article: a, Visible: c.Status == model.CommentApproved}, nil
}

// target reads the settings and the article id that a comment is sent
// to; an article that is missing or not published is ErrArticle.
func (m *Moderator) target(ctx context.Context, id int64) (model.Settings, *model.Article, error) {
	set, err := m.st.Settings(ctx)
	if err != nil {
		return set, nil, fmt.Errorf("moderation: comment on %d: %w", id, err)
	}
	a, err := m.st.ArticleToComment(ctx, id)
	if errors.Is(err, model.ErrNotFound) || (err == nil && a.Status != model.StatusPublished) {
		return set, nil, &model.ValidationError{Fields: map[string]string{"article": ErrArticle}}
	}
	if err != nil {
		return set, nil, fmt.Errorf("moderation: comment on %d: %w", id, err)
	}
	return set, a, nil
}

// parent returns the comment id that a new comment on a answers, when it
// is on a and has one of the statuses; nil when id is 0 or it is not.
func (m *Moderator) parent(ctx context.Context, a *model.Article, id int64, statuses ...model.CommentStatus) (*model.Comment, error) {
	if id == 0 {
		return nil, nil
	}
	p, err := m.st.Comment(ctx, id)
	if errors.Is(err, model.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("moderation: comment on %d: %w", a.ID, err)
	}
	if p.ArticleID != a.ID || !slices.Contains(statuses, p.Status) {
		return nil, nil
	}
	return p, nil
}

// cleanText is a comment's text as the rules read it: no surrounding
// space, one kind of line break.
func cleanText(s string) string { return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n")) }

// blank reports whether sanitized content holds nothing a reader would see.
func blank(content template.HTML) bool {
	return strings.TrimSpace(sanitize.Text(string(content))) == ""
}

// throttle refuses, with a problem the reader can read, a comment sent too
// soon after the form was loaded, too often, or twice; it returns what it
// learnt of the writer for decide.
func (m *Moderator) throttle(ctx context.Context, set model.Settings, c *model.Comment, in Input, now time.Time) (store.CommentFacts, error) {
	if in.Token != "" && in.ReaderID == 0 {
		issued, ok := m.tokenTime(ctx, in.Token)
		if ok && now.Sub(issued) < time.Duration(set.CommentMinSeconds)*time.Second {
			return store.CommentFacts{}, &model.ValidationError{Fields: map[string]string{"form": ErrTooFast}}
		}
	}
	f, err := m.st.CommentChecks(ctx, commentCheck(c, now))
	if err != nil {
		return f, fmt.Errorf("moderation: submit: %w", err)
	}
	if (set.CommentRateIP > 0 && f.ByIP >= set.CommentRateIP) || (set.CommentRateEmail > 0 && f.ByEmail >= set.CommentRateEmail) {
		return f, &model.ValidationError{Fields: map[string]string{"form": ErrRateLimit}}
	}
	if f.Duplicate {
		return f, &model.ValidationError{Fields: map[string]string{"comment": ErrDuplicate}}
	}
	return f, nil
}

// commentCheck asks the store what the throttles and the duplicate rule need to
// know of c: the writer's comments in the last hour, and whether c's text
// is already on its article.
func commentCheck(c *model.Comment, now time.Time) store.CommentCheck {
	return store.CommentCheck{IP: c.IP, Email: c.AuthorEmail, Since: now.Add(-time.Hour), ArticleID: c.ArticleID, Content: c.Content}
}

// decide gives a new comment its status and spam score.
func (m *Moderator) decide(ctx context.Context, set model.Settings, c *model.Comment, in Input, facts store.CommentFacts) (model.CommentStatus, float64, error) {
	score, err := m.Score(ctx, c)
	if err != nil {
		return "", 0, err
	}
	switch {
	case in.Honeypot != "":
		return model.CommentSpam, 1, nil
	case blocked(set.CommentBlocklist, c):
		return model.CommentSpam, score, nil
	case set.SpamThreshold > 0 && score*100 >= float64(set.SpamThreshold):
		return model.CommentSpam, score, nil
	}
	if _, ok := m.tokenTime(ctx, in.Token); !ok && in.UserID == 0 && in.ReaderID == 0 {
		// No script ran (or the token is forged or stale): a person
		// without JavaScript keeps their comment; a moderator decides.
		return model.CommentPending, score, nil
	}
	if links(in.Comment)+links(in.URL)/2 > set.CommentMaxLinks {
		return model.CommentPending, score, nil
	}
	switch set.CommentModeration {
	case model.ModerateNever:
		return model.CommentApproved, score, nil
	case model.ModerateAlways:
		return model.CommentPending, score, nil
	}
	if facts.Known {
		return model.CommentApproved, score, nil
	}
	return model.CommentPending, score, nil
}

// SetStatus moves the comments ids to status, in order, and teaches the
// classifier what approving and marking spam mean. It stops at the first
// unknown id (model.ErrNotFound) after having moved those before it.
func (m *Moderator) SetStatus(ctx context.Context, status model.CommentStatus, ids ...int64) error {
	set, err := m.st.Settings(ctx)
	if err != nil {
		return fmt.Errorf("moderation: %w", err)
	}
	for _, id := range ids {
		c, err := m.st.Comment(ctx, id)
		if err != nil {
			return fmt.Errorf("moderation: comment %d: %w", id, err)
		}
		var hook store.Hook
		if status == model.CommentApproved && c.Status != model.CommentApproved {
			// The reply notification goes in the approval's transaction.
			hook = m.approvalHook(ctx, set, c)
		}
		if _, err := m.st.SetCommentStatus(ctx, id, status, hook); err != nil {
			return fmt.Errorf("moderation: %w", err)
		}
		if hook != nil {
			m.afterQueue(set)
		}
		class := ""
		switch status {
		case model.CommentApproved:
			class = "ham"
		case model.CommentSpam:
			class = "spam"
		}
		if class != "" {
			if err := m.st.TrainComment(ctx, id, class, Tokens(c)); err != nil {
				return fmt.Errorf("moderation: %w", err)
			}
		}
	}
	return nil
}

// Delete deletes the comments ids for good, stopping at the first unknown
// one (model.ErrNotFound).
func (m *Moderator) Delete(ctx context.Context, ids ...int64) error {
	for _, id := range ids {
		if err := m.st.DeleteComment(ctx, id); err != nil {
			return fmt.Errorf("moderation: %w", err)
		}
	}
	return nil
}

// Purge deletes spam older than the settings keep it and erases the IP
// addresses and user agents older than they are kept. It returns how many
// comments it deleted and how many it erased.
func (m *Moderator) Purge(ctx context.Context) (deleted, erased int64, err error) {
	set, err := m.st.Settings(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("moderation: purge: %w", err)
	}
	now := m.now()
	if set.SpamPurgeDays > 0 {
		if deleted, err = m.st.PurgeSpam(ctx, now.AddDate(0, 0, -set.SpamPurgeDays)); err != nil {
			return 0, 0, fmt.Errorf("moderation: purge: %w", err)
		}
	}
	days := set.CommentIPRetainDays
	if days <= 0 {
		days = model.DefaultSettings().CommentIPRetainDays
	}
	if erased, err = m.st.EraseCommentMeta(ctx, now.AddDate(0, 0, -days)); err != nil {
		return deleted, 0, fmt.Errorf("moderation: purge: %w", err)
	}
	return deleted, erased, nil
}

// RunPurge calls Purge every interval until ctx ends, logging failures.
func (m *Moderator) RunPurge(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if d, e, err := m.Purge(ctx); err != nil {
			if ctx.Err() == nil {
				m.log.Error("moderation: purge", "err", err)
			}
		} else if d > 0 || e > 0 {
			m.log.Info("moderation: purged", "spam_deleted", d, "ip_erased", e)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !isRuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

package newsletter

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"time"

	"warta/internal/mail"
	"warta/internal/model"
	"warta/internal/store"
)

// Options configure a Sender.
type Options struct {
	Logger *slog.Logger // slog.Default() when nil
	// MailQueued, when set, is called after each batch queued (the mail
	// worker's Nudge).
	MailQueued func()
	// Batch is how many subscribers one transaction queues for; 500 when
	// zero.
	Batch int
	// Poll is how often the sender looks for issues to fill that nothing
	// told it of (created by another instance); 5 s when zero.
	Poll time.Duration
	// DigestEvery is how often it checks whether digests are due; 15
	// minutes when zero.
	DigestEvery time.Duration
}

// Sender creates the digests when due and fills every issue's messages
// into the outbox. Senders of several instances on one database may run
// at once: each batch is queued by one of them.
type Sender struct {
	st    *store.Store
	c     *mail.Composer
	opts  Options
	nudge chan struct{}
	now   func() time.Time
}

// New returns a sender over st that composes with c.
func New(st *store.Store, c *mail.Composer, opts Options) *Sender {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Batch <= 0 {
		opts.Batch = 500
	}
	if opts.Poll <= 0 {
		opts.Poll = 5 * time.Second
	}
	if opts.DigestEvery <= 0 {
		opts.DigestEvery = 15 * time.Minute
	}
	return &Sender{st: st, c: c, opts: opts, nudge: make(chan struct{}, 1), now: time.Now}
}

// Nudge tells the sender an issue was created, so that it fills it at
// once rather than at its next poll. It never blocks.
func (s *Sender) Nudge() {
	select {
	case s.nudge <- struct{}{}:
	default:
	}
}

// Run creates the digests when due and fills issues until ctx ends.
func (s *Sender) Run(ctx context.Context) {
	poll := time.NewTicker(s.opts.Poll)
	defer poll.Stop()
	var lastDigests time.Time
	for {
		if now := s.now(); now.Sub(lastDigests) >= s.opts.DigestEvery {
			lastDigests = now
			if n, err := Digests(ctx, s.st, now); err != nil && ctx.Err() == nil {
				s.opts.Logger.Error("newsletter: digests", "err", err)
			} else if n > 0 {
				s.opts.Logger.Info("newsletter: digests created", "issues", n)
			}
		}
		for ctx.Err() == nil {
			more, err := s.FillOnce(ctx)
			if err != nil {
				if ctx.Err() == nil {
					s.opts.Logger.Error("newsletter: fill", "err", err)
				}
				break
			}
			if !more {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-s.nudge:
		case <-poll.C:
		}
	}
}

// FillOnce queues one batch of the oldest issue not filled yet, and
// reports whether any issue is left to fill.
func (s *Sender) FillOnce(ctx context.Context) (bool, error) {
	list, err := s.st.UnfilledIssues(ctx)
	if err != nil || len(list) == 0 {
		return false, err
	}
	i := list[0]
	set, err := s.st.Settings(ctx)
	if err != nil {
		return false, err
	}
	subs, err := s.st.IssueBatch(ctx, i, s.opts.Batch)
	if err != nil {
		return false, err
	}
	compose, err := s.composer(ctx, set, i)
	if err != nil {
		return false, fmt.Errorf("newsletter: issue %s: %w", i.Prefix, err)
	}
	now := s.now()
	var msgs []*model.Mail
	through := i.QueuedThrough
	for _, sub := range subs {
		through = sub.ID
		if compose == nil {
			continue
		}
		l, ok := compose(sub)
		if !ok {
			continue
		}
		l.To, l.Lang, l.Kind = sub.Email, sub.Lang, model.MailNewsletter
		l.Unsubscribe = s.link("/newsletter/unsubscribe", sub, i)
		l.MessageID = i.Prefix + strconv.FormatInt(sub.ID, 10)
		m, err := s.c.Compose(set, l, now)
		if err != nil {
			return false, fmt.Errorf("newsletter: issue %s: %w", i.Prefix, err)
		}
		msgs = append(msgs, m)
	}
	last := len(subs) < s.opts.Batch
	switch err := s.st.FillIssue(ctx, i, through, msgs, last, now); {
	case errors.Is(err, model.ErrConflict):
		return true, nil // another sender queued this batch: look again
	case err != nil:
		return false, err
	}
	if len(msgs) > 0 && s.opts.MailQueued != nil {
		s.opts.MailQueued()
	}
	if last {
		s.opts.Logger.Info("newsletter: issue queued", "issue", i.Prefix, "messages", i.Queued)
	}
	return !last || len(list) > 1, nil
}

// composer returns what writes issue i's letter to a subscriber (false:
// none for them), or nil when the issue has nothing to send any more (its
// article was deleted or unpublished).
func (s *Sender) composer(ctx context.Context, set model.Settings, i *model.NewsletterIssue) (func(*model.Subscriber) (mail.Letter, bool), error) {
	links, err := s.st.PermalinksFor(ctx, set)
	if err != nil {
		return nil, err
	}
	manage := func(sub *model.Subscriber) string { return s.link("/newsletter/manage", sub, i) }
	if i.Kind == model.IssueAlert {
		a, err := s.st.ArticleByID(ctx, i.ArticleID)
		if errors.Is(err, model.ErrNotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		if a.Status != model.StatusPublished {
			return nil, nil
		}
		articleURL := s.c.Link(a.Path(links), nil)
		return func(sub *model.Subscriber) (mail.Letter, bool) {
			return mail.Letter{Template: "newsletter_alert.html", Subject: "mail.alert.subject", SubjectArgs: []any{a.Title},
				Data: map[string]string{"Title": a.Title, "Excerpt": a.Excerpt, "URL": articleURL, "Manage": manage(sub)}}, true
		}, nil
	}
	list, _, err := s.st.PublishedArticles(ctx, store.ListQuery{From: i.PeriodFrom, Until: i.PeriodUntil, Limit: maxArticles})
	if err != nil {
		return nil, err
	}
	return func(sub *model.Subscriber) (mail.Letter, bool) {
		d := DigestData{Manage: manage(sub)}
		for _, a := range list {
			if covers(sub, a) {
				d.Items = append(d.Items, DigestItem{Title: a.Title, Excerpt: a.Excerpt, URL: s.c.Link(a.Path(links), nil)})
			}
		}
		return mail.Letter{Template: "newsletter_digest.html", Subject: "mail.digest.subject." + i.Kind,
			SubjectArgs: []any{set.Title}, Data: d}, len(d.Items) > 0
	}, nil
}

// link is the URL of path for sub from issue i: the subscriber's token,
// then the issue, to which an unsubscribe through it is counted.
func (s *Sender) link(path string, sub *model.Subscriber, i *model.NewsletterIssue) string {
	return s.c.Link(path, url.Values{"t": {sub.Token}}) + "&i=" + strconv.FormatInt(i.ID, 10)
}

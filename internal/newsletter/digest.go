// Package newsletter sends the newsletter's digests: every morning the
// articles of the last day to subscribers who chose a daily digest, and on
// Mondays those of the last week to those who chose a weekly one, each
// limited to the sections the subscriber picked. The messages go through
// the outbox like all mail; an issue's Message-IDs
// (digest-daily-20240426-{subscriber}) make queuing it a second time, on
// another instance or after a restart, do nothing.
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

// SendHour is the site-local hour from which a day's digests go.
const SendHour = 6

// maxArticles caps the articles of one digest, newest first.
const maxArticles = 30

// DigestItem is one article of a digest as its template reads it.
type DigestItem struct {
	Title, Excerpt, URL string
}

// DigestData is what the digest's template reads.
type DigestData struct {
	Items  []DigestItem
	Manage string
}

// Digests queues the digests due at now under the site's settings: the
// day's daily digest from SendHour (site time) on, and on Mondays the
// week's. Issues already queued are left alone. It returns how many
// messages it queued.
func Digests(ctx context.Context, st *store.Store, c *mail.Composer, now time.Time) (int, error) {
	set, err := st.Settings(ctx)
	if err != nil {
		return 0, fmt.Errorf("newsletter: %w", err)
	}
	if !set.MailEnabled() {
		return 0, nil
	}
	local := now.In(set.Location())
	if local.Hour() < SendHour {
		return 0, nil
	}
	day := time.Date(local.Year(), local.Month(), local.Day(), SendHour, 0, 0, 0, local.Location())
	issues := []struct {
		freq  string
		since time.Time
	}{{model.DigestDaily, day.AddDate(0, 0, -1)}}
	if local.Weekday() == time.Monday {
		issues = append(issues, struct {
			freq  string
			since time.Time
		}{model.DigestWeekly, day.AddDate(0, 0, -7)})
	}
	links, err := st.PermalinksFor(ctx, set)
	if err != nil {
		return 0, fmt.Errorf("newsletter: %w", err)
	}
	total := 0
	for _, is := range issues {
		list, _, err := st.PublishedArticles(ctx, store.ListQuery{From: is.since.UTC(), Until: day.UTC(), Limit: maxArticles})
		if err != nil {
			return total, fmt.Errorf("newsletter: %s digest: %w", is.freq, err)
		}
		if len(list) == 0 {
			continue
		}
		prefix := "digest-" + is.freq + "-" + day.Format("20060102") + "-"
		n, err := st.QueueNewsletter(ctx, prefix, store.Audience{Frequency: is.freq}, func(sub *model.Subscriber) (*model.Mail, error) {
			d := DigestData{Manage: c.Link("/newsletter/manage", url.Values{"t": {sub.Token}})}
			for _, a := range list {
				if !covers(sub, a) {
					continue
				}
				d.Items = append(d.Items, DigestItem{Title: a.Title, Excerpt: a.Excerpt, URL: c.Link(a.Path(links), nil)})
			}
			if len(d.Items) == 0 {
				return nil, nil
			}
			return c.Compose(set, mail.Letter{Kind: model.MailNewsletter, To: sub.Email, Lang: sub.Lang,
				Template: "newsletter_digest.html", Subject: "mail.digest.subject." + is.freq, SubjectArgs: []any{set.Title},
				Data: d, Unsubscribe: c.Link("/newsletter/unsubscribe", url.Values{"t": {sub.Token}}),
				MessageID: prefix + strconv.FormatInt(sub.ID, 10)}, now)
		})
		if errors.Is(err, model.ErrConflict) {
			continue
		}
		if err != nil {
			return total, fmt.Errorf("newsletter: %s digest: %w", is.freq, err)
		}
		total += n
	}
	return total, nil
}

// covers reports whether sub's digests include a: it is in one of their
// sections, or they picked none.
func covers(sub *model.Subscriber, a model.Article) bool {
	if len(sub.Sections) == 0 {
		return true
	}
	for _, cat := range a.Categories {
		if sub.HasSection(cat.ID) {
			return true
		}
	}
	return false
}

// Run queues the digests that are due every interval until ctx ends,
// calling queued after each run that queued mail, and logging failures.
func Run(ctx context.Context, st *store.Store, c *mail.Composer, log *slog.Logger, queued func(), interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		n, err := Digests(ctx, st, c, time.Now())
		switch {
		case err != nil && ctx.Err() == nil:
			log.Error("newsletter: digests", "err", err)
		case n > 0:
			log.Info("newsletter: digests queued", "messages", n)
			if queued != nil {
				queued()
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

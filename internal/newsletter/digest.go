// Package newsletter sends the newsletter: every morning a digest of the
// articles of the last day to subscribers who chose a daily digest, on
// Mondays one of the last week to those who chose a weekly one (each
// limited to the sections the subscriber picked), and the breaking-news
// alerts editors send from an article.
//
// Each sending is an issue (store: newsletter_issues), created at once;
// a Sender then fills the outbox from it in batches of subscribers, each
// batch in one transaction with the issue's cursor, so that a restart
// resumes after the last batch and the request that asked for an alert
// returns at once. The messages' Message-IDs (alert-12-{subscriber},
// digest-daily-20260427-{subscriber}) start with the issue's unique
// prefix, so an issue goes once however often, or on however many
// instances, it is asked for.
package newsletter

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

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

// Digests creates the digest issues due at now under the site's settings:
// the day's daily digest from SendHour (site time) on, and on Mondays the
// week's, each when it has articles. Issues created already are left
// alone. It returns how many it created; a Sender fills them.
func Digests(ctx context.Context, st *store.Store, now time.Time) (int, error) {
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
	kinds := []string{model.DigestDaily}
	if local.Weekday() == time.Monday {
		kinds = append(kinds, model.DigestWeekly)
	}
	created := 0
	for _, kind := range kinds {
		since := day.AddDate(0, 0, -1)
		if kind == model.DigestWeekly {
			since = day.AddDate(0, 0, -7)
		}
		i := &model.NewsletterIssue{Prefix: "digest-" + kind + "-" + day.Format("20060102") + "-", Kind: kind,
			PeriodFrom: since.UTC(), PeriodUntil: day.UTC(), CreatedAt: now}
		if _, err := st.IssueByPrefix(ctx, i.Prefix); err == nil {
			continue
		} else if !errors.Is(err, model.ErrNotFound) {
			return created, fmt.Errorf("newsletter: %s digest: %w", kind, err)
		}
		list, _, err := st.PublishedArticles(ctx, store.ListQuery{From: i.PeriodFrom, Until: i.PeriodUntil, Limit: 1})
		if err != nil {
			return created, fmt.Errorf("newsletter: %s digest: %w", kind, err)
		}
		if len(list) == 0 {
			continue
		}
		switch err := st.CreateIssue(ctx, i); {
		case errors.Is(err, model.ErrConflict):
			continue // another instance was first
		case err != nil:
			return created, fmt.Errorf("newsletter: %s digest: %w", kind, err)
		}
		created++
	}
	return created, nil
}

// Alert creates the breaking-news alert about the published post a, at
// now; a Sender fills it. An article's alert goes once: asking again is
// model.ErrConflict.
func Alert(ctx context.Context, st *store.Store, a *model.Article, now time.Time) (*model.NewsletterIssue, error) {
	i := &model.NewsletterIssue{Prefix: AlertPrefix(a.ID), Kind: model.IssueAlert, Title: a.Title, ArticleID: a.ID, CreatedAt: now}
	if err := st.CreateIssue(ctx, i); err != nil {
		return nil, err
	}
	return i, nil
}

// AlertPrefix is the start of the Message-IDs of article id's alert.
func AlertPrefix(id int64) string { return "alert-" + strconv.FormatInt(id, 10) + "-" }

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

package model

import (
	"strconv"
	"strings"
	"time"
)

// Newsletter frequencies (Subscriber.Frequency): how often digests go.
const (
	DigestDaily  = "daily"
	DigestWeekly = "weekly"
	DigestNone   = "none"
)

// Subscriber is an address that asked for the newsletter, with its
// double opt-in's state and its choices.
type Subscriber struct {
	ID        int64
	Email     string // lower-cased
	Token     string // in the manage and unsubscribe links
	Lang      string
	Frequency string  // DigestDaily, DigestWeekly or DigestNone
	Breaking  bool    // wants breaking-news alerts
	Sections  []int64 // category ids the digests cover; none: every section
	AskedAt   time.Time
	// ConfirmedAt is zero until the address followed the confirmation.
	ConfirmedAt    time.Time
	UnsubscribedAt time.Time
	BouncedAt      time.Time // a hard bounce: no more mail
}

// Receives reports whether the address may be sent newsletters.
func (s *Subscriber) Receives() bool {
	return s != nil && !s.ConfirmedAt.IsZero() && s.UnsubscribedAt.IsZero() && s.BouncedAt.IsZero()
}

// HasSection reports whether the digests cover category id.
func (s *Subscriber) HasSection(id int64) bool {
	if len(s.Sections) == 0 {
		return true
	}
	for _, x := range s.Sections {
		if x == id {
			return true
		}
	}
	return false
}

// JoinIDs writes ids comma separated, as the store keeps them.
func JoinIDs(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}

// SplitIDs reads ids written by JoinIDs, skipping anything else.
func SplitIDs(s string) []int64 {
	var ids []int64
	for _, p := range strings.Split(s, ",") {
		if id, err := strconv.ParseInt(strings.TrimSpace(p), 10, 64); err == nil && id > 0 {
			ids = append(ids, id)
		}
	}
	return ids
}

// Kinds of newsletter issue (NewsletterIssue.Kind): a breaking-news alert,
// or a digest named by its frequency.
const IssueAlert = "alert"

// NewsletterIssue is one sending of the newsletter: a breaking-news alert
// or a daily or weekly digest, filled into the outbox in batches of
// subscribers by a background worker.
type NewsletterIssue struct {
	ID int64
	// Prefix starts the Message-ID of each of its messages; it is unique.
	Prefix      string
	Kind        string // IssueAlert, DigestDaily or DigestWeekly
	Title       string // the alert's article title; empty for a digest
	ArticleID   int64  // the alert's article
	PeriodFrom  time.Time
	PeriodUntil time.Time // a digest's articles were published in [PeriodFrom, PeriodUntil)
	CreatedAt   time.Time
	// Audience is how many subscribers it was for when it was created.
	Audience int
	// QueuedThrough is the last subscriber id queued for: the next batch
	// starts after it.
	QueuedThrough int64
	Queued        int       // messages queued so far
	FilledAt      time.Time // zero while the worker is still queuing
	IssueCounts
}

// IssueCounts are what became of an issue's messages.
type IssueCounts struct {
	Waiting int // queued in the outbox, not sent yet
	Sent    int // the server answered 250
	Failed  int // refused for good or given up
	// Bounced counts the failed whose address the server refused for
	// good (a hard bounce): they get no more newsletters.
	Bounced int
	// Unsubscribed counts the subscribers who left through this issue's
	// unsubscribe link.
	Unsubscribed int
}

// Filled reports whether every message of the issue is in the outbox.
func (i *NewsletterIssue) Filled() bool { return !i.FilledAt.IsZero() }

// Digest reports whether the issue is a digest.
func (i *NewsletterIssue) Digest() bool { return i.Kind == DigestDaily || i.Kind == DigestWeekly }

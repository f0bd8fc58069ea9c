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

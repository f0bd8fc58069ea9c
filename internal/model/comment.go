package model

import (
	"html/template"
	"time"
)

// CommentStatus is where a comment stands in moderation.
type CommentStatus string

// Comment statuses.
const (
	CommentPending  CommentStatus = "pending"
	CommentApproved CommentStatus = "approved"
	CommentSpam     CommentStatus = "spam"
	CommentTrash    CommentStatus = "trash"
)

// Valid reports whether s is a known comment status.
func (s CommentStatus) Valid() bool {
	switch s {
	case CommentPending, CommentApproved, CommentSpam, CommentTrash:
		return true
	}
	return false
}

// Comment kinds.
const (
	CommentKindComment   = "comment"
	CommentKindPingback  = "pingback"
	CommentKindTrackback = "trackback"
)

// Comment is a reader's comment. AuthorEmail is never shown publicly: not in
// pages, feeds, the API or page source. IP and UserAgent are kept only as
// long as moderation needs them.
type Comment struct {
	ID          int64
	ArticleID   int64
	ParentID    int64 // 0 for a top-level comment
	AuthorName  string
	AuthorEmail string
	AuthorURL   string
	UserID      int64 // the commenter's account when signed in; 0 otherwise
	Staff       bool  // written by a member of the newsroom (read by ApprovedComments only)
	Content     template.HTML
	Status      CommentStatus
	Kind        string  // CommentKindComment, CommentKindPingback, CommentKindTrackback
	SpamScore   float64 // 0..1, set by the classifier
	IP          string
	UserAgent   string
	Notify      bool // email the author when someone replies (they ticked the box)
	CreatedAt   time.Time
}

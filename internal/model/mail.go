package model

import "time"

// Mail is one message in the outbox: composed whole when it is queued,
// sent later by the mail worker.
type Mail struct {
	ID int64
	// MessageID is the Message-ID header's value without the angle
	// brackets. It is chosen when the message is composed and never
	// changes, so a message sent again after a crash is recognisably the
	// same message.
	MessageID string
	Kind      string // what the message is about: MailTest, MailReply…
	To        string // the one recipient
	Subject   string // as the newsroom lists it
	Message   []byte // the RFC 5322 message, headers and body, unsigned
	Status    MailStatus
	Attempts  int
	// NextAttemptAt is when a queued message is due (again).
	NextAttemptAt time.Time
	LastError     string // the last refusal or failure, for the newsroom
	CreatedAt     time.Time
	SentAt        time.Time // zero until the server accepted it
	// IssueID is the newsletter issue the message belongs to; 0 for
	// every other message.
	IssueID int64
}

// MailStatus is where a message is in the outbox.
type MailStatus string

// Outbox statuses.
const (
	MailQueued MailStatus = "queued" // waiting for its first or next attempt
	MailSent   MailStatus = "sent"   // the server answered 250 to its data
	MailFailed MailStatus = "failed" // refused for good, or too many attempts
)

// Kinds of message.
const (
	MailTest              = "test"               // the newsroom's "send a test mail"
	MailModeration        = "moderation"         // a comment awaits a moderator
	MailReply             = "reply"              // someone replied to a reader who asked to be told
	MailConfirm           = "confirm"            // the double opt-in's confirmation
	MailReset             = "reset"              // a newsroom user's password reset link
	MailSignIn            = "signin"             // a reader's sign-in link
	MailNewsletterConfirm = "newsletter_confirm" // the newsletter's double opt-in
	MailNewsletter        = "newsletter"         // a newsletter: a breaking-news alert or a digest
)

// MailRecipient is a reader's address that asked for email, with the
// double opt-in's state.
type MailRecipient struct {
	Email          string // lower-cased
	Token          string // in the confirmation and unsubscribe links
	AskedAt        time.Time
	ConfirmedAt    time.Time // zero until the reader confirmed
	UnsubscribedAt time.Time // zero unless the reader unsubscribed
}

// Receives reports whether the address may be sent notifications: it was
// confirmed and has not unsubscribed since.
func (r *MailRecipient) Receives() bool {
	return r != nil && !r.ConfirmedAt.IsZero() && r.UnsubscribedAt.IsZero()
}

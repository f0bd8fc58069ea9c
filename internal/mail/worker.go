package mail

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"os"
	"strconv"
	"time"

	"warta/internal/model"
	"warta/internal/store"
)

// Outbox tuning.
const (
	// DefaultLease is how long a claim holds a batch unless told
	// otherwise. A batch takes far less; a worker never sends past its
	// claim (each message's deadline ends before it), so another worker
	// never sends what this one still may.
	DefaultLease = time.Minute
	batch        = 20
	// MaxAttempts: a message still refused (for the moment) after this
	// many attempts fails for good, about a day after it was queued.
	MaxAttempts = 10
	// keepSent is how long sent messages stay in the outbox, for the
	// newsroom to look at.
	keepSent = 30 * 24 * time.Hour
)

// Observer is told of each attempt's outcome (*metrics.Metrics is one).
type Observer interface {
	MailSent(kind string)
	MailFailed(kind string, givenUp bool)
}

// Worker sends the outbox's messages. Any number of workers, in one
// process or in several instances on one database, may run at once: each
// message is claimed by one of them at a time.
type Worker struct {
	st    *store.Store
	log   *slog.Logger
	obs   Observer
	name  string
	poll  time.Duration
	lease time.Duration
	nudge chan struct{}
	now   func() time.Time
}

// WorkerOptions configure a Worker.
type WorkerOptions struct {
	Logger *slog.Logger // slog.Default() when nil
	// Observer, when not nil, is told of every attempt.
	Observer Observer
	// Poll is how often the worker looks for due messages when nothing
	// nudges it (messages queued by another process, retries coming due);
	// 2 s when zero.
	Poll time.Duration
	// Lease is how long a claim on a batch holds (DefaultLease when
	// zero): after a crash, the batch's unsent messages wait this long
	// for another worker.
	Lease time.Duration
}

// NewWorker returns a worker over st's outbox.
func NewWorker(st *store.Store, opts WorkerOptions) *Worker {
	w := &Worker{st: st, log: opts.Logger, obs: opts.Observer, poll: opts.Poll, lease: opts.Lease,
		nudge: make(chan struct{}, 1), now: time.Now}
	if w.lease <= 0 {
		w.lease = DefaultLease
	}
	if w.log == nil {
		w.log = slog.Default()
	}
	if w.poll <= 0 {
		w.poll = 2 * time.Second
	}
	host, _ := os.Hostname()
	var b [4]byte
	rand.Read(b[:])
	w.name = host + "/" + strconv.Itoa(os.Getpid()) + "/" + hex.EncodeToString(b[:])
	return w
}

// Nudge tells the worker a message was queued, so that it looks at once
// instead of at its next poll. It never blocks.
func (w *Worker) Nudge() {
	select {
	case w.nudge <- struct{}{}:
	default:
	}
}

// Run sends due messages until ctx ends, and deletes sent messages older
// than a month once an hour. A message being sent when ctx ends is
// finished and marked; the rest of its batch is given back.
func (w *Worker) Run(ctx context.Context) {
	t := time.NewTicker(w.poll)
	defer t.Stop()
	lastPurge := time.Time{}
	for {
		n, err := w.RunOnce(ctx)
		if err != nil && ctx.Err() == nil {
			w.log.Error("mail: outbox", "err", err)
		}
		if now := w.now(); now.Sub(lastPurge) > time.Hour {
			lastPurge = now
			if _, err := w.st.PurgeSentMail(ctx, now.Add(-keepSent)); err != nil && ctx.Err() == nil {
				w.log.Error("mail: purge sent", "err", err)
			}
		}
		if n == batch {
			continue // more may be due
		}
		select {
		case <-ctx.Done():
			return
		case <-w.nudge:
		case <-t.C:
		}
	}
}

// RunOnce claims one batch of due messages, sends them over one
// connection and records each outcome. It returns how many it claimed.
// Without an SMTP server in the settings it claims nothing: the messages
// wait.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	set, err := w.st.Settings(ctx)
	if err != nil {
		return 0, err
	}
	if !set.MailEnabled() {
		return 0, nil
	}
	claimed := w.now()
	list, err := w.st.ClaimMail(ctx, w.name, claimed, w.lease, batch)
	if err != nil || len(list) == 0 {
		return 0, err
	}
	w.deliver(ctx, set, claimed, list)
	return len(list), nil
}

// SendNow sends the queued message id at once, whether due or not, and
// returns the server's refusal or the failure to reach it; for the
// newsroom's test mail, whose sender waits for the answer. A message
// another worker holds is model.ErrNotFound.
func (w *Worker) SendNow(ctx context.Context, id int64) error {
	set, err := w.st.Settings(ctx)
	if err != nil {
		return err
	}
	if !set.MailEnabled() {
		return errors.New("no SMTP server is set")
	}
	claimed := w.now()
	m, err := w.st.ClaimMailByID(ctx, id, w.name, claimed, w.lease)
	if err != nil {
		return err
	}
	return w.deliver(ctx, set, claimed, []*model.Mail{m})
}

// deliver sends list, claimed at claimed, and records every outcome. It
// returns the first failure.
func (w *Worker) deliver(ctx context.Context, set model.Settings, claimed time.Time, list []*model.Mail) error {
	// Outcomes are recorded even when ctx ends meanwhile: a message the
	// server took must be marked sent.
	record := context.WithoutCancel(ctx)
	var first error
	note := func(err error) {
		if first == nil {
			first = err
		}
	}
	var cl *client
	var lastNewsletter time.Time
	defer func() {
		if cl != nil {
			cl.close()
		}
	}()
	// Every step with the server ends a second before the claim does.
	until := claimed.Add(w.lease - time.Second)
	sendCtx, cancel := context.WithDeadline(context.WithoutCancel(ctx), until)
	defer cancel()
	for i, m := range list {
		// Stop when asked to, or when the claim leaves too little time
		// for one more message, and give the rest back.
		if ctx.Err() != nil || until.Sub(w.now()) < min(smtpTimeout, w.lease/4) {
			for _, rest := range list[i:] {
				if err := w.st.ReleaseMail(record, rest.ID, w.name); err != nil {
					w.log.Error("mail: release", "id", rest.ID, "err", err)
				}
			}
			return first
		}
		if cl == nil {
			var err error
			if cl, err = dial(sendCtx, set); err != nil {
				note(err)
				// The server cannot be reached: every message of the batch
				// waits for its next attempt.
				for _, rest := range list[i:] {
					w.failed(record, rest, err)
				}
				return first
			}
		}
		if m.Kind == model.MailNewsletter && set.NewsletterRate > 0 {
			// Newsletters go at the site's pace, so that a list of
			// thousands does not get the site's mail refused as a flood.
			if wait := time.Until(lastNewsletter.Add(time.Second / time.Duration(set.NewsletterRate))); wait > 0 {
				select {
				case <-ctx.Done():
					continue // the loop's head gives the rest back
				case <-time.After(wait):
				}
			}
			lastNewsletter = time.Now()
		}
		err := cl.send(sendCtx, m.To, m.Message)
		if err == nil {
			if err := w.st.MarkMailSent(record, m.ID, w.name, w.now()); err != nil {
				w.log.Error("mail: sent but not marked", "id", m.ID, "message_id", m.MessageID, "err", err)
			}
			if w.obs != nil {
				w.obs.MailSent(m.Kind)
			}
			continue
		}
		note(err)
		w.failed(record, m, err)
		if !refused(err) {
			// The connection broke: the next message gets a new one.
			cl.conn.Close()
			cl = nil
		}
	}
	return first
}

// failed records a failed attempt at m: a permanent refusal, or the last
// allowed attempt, fails it for good; otherwise it waits, twice as long
// after each attempt (1, 2, 4… minutes, at most six hours).
func (w *Worker) failed(ctx context.Context, m *model.Mail, cause error) {
	attempts := m.Attempts // the claim counted this one
	retry := !permanent(cause) && attempts < MaxAttempts
	wait := time.Minute << max(0, min(attempts-1, 9))
	wait = min(wait, 6*time.Hour)
	reason := cause.Error()
	if len(reason) > 500 {
		reason = reason[:500]
	}
	if hardBounce(cause) {
		// A hard bounce at send time: the message fails for good and the
		// address gets no more newsletters.
		retry = false
		if err := w.st.MarkMailBounced(ctx, m.ID, w.name, reason, m.To, w.now()); err != nil {
			w.log.Error("mail: record bounce", "id", m.ID, "to", m.To, "err", err)
		}
	} else if err := w.st.MarkMailFailed(ctx, m.ID, w.name, reason, retry, w.now().Add(wait)); err != nil {
		w.log.Error("mail: record failure", "id", m.ID, "err", err)
	}
	level := slog.LevelWarn
	if !retry {
		level = slog.LevelError
	}
	w.log.Log(ctx, level, "mail: not sent", "id", m.ID, "kind", m.Kind, "attempt", attempts, "retry", retry,
		"err", cause)
	if w.obs != nil {
		w.obs.MailFailed(m.Kind, !retry)
	}
}

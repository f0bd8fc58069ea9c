package config

import (
	"errors"
	"flag"
	"time"

	"warta/internal/locale"
)

// Mail configures the outbox worker of one `warta serve`. The SMTP server
// itself is a site setting, changed in the newsroom.
type Mail struct {
	// Lease (WARTA_MAIL_LEASE, --mail-lease) is how long a worker's claim
	// on a batch of messages holds. A worker never sends past its claim,
	// and the messages of an instance killed mid-batch go out from
	// another (or the restarted one) once it ends.
	Lease time.Duration
	// Poll (WARTA_MAIL_POLL, --mail-poll) is how often the worker looks
	// for messages queued by other processes and retries coming due; what
	// this process queues is sent at once.
	Poll time.Duration
}

// DefaultMail is the mail configuration Default uses.
func DefaultMail() Mail { return Mail{Lease: time.Minute, Poll: 2 * time.Second} }

func (m *Mail) mailFlags(fs *flag.FlagSet, env Getenv) {
	fs.DurationVar(&m.Lease, "mail-lease", envDuration(env, "WARTA_MAIL_LEASE", m.Lease),
		"cli.flag.mail_lease")
	fs.DurationVar(&m.Poll, "mail-poll", envDuration(env, "WARTA_MAIL_POLL", m.Poll),
		"cli.flag.mail_poll")
}

func (m Mail) validate() error {
	var errs []error
	if m.Lease < 2*time.Second {
		errs = append(errs, locale.Errorf("config.err.mail_lease", m.Lease))
	}
	if m.Poll < 10*time.Millisecond {
		errs = append(errs, locale.Errorf("config.err.mail_poll", m.Poll))
	}
	return errors.Join(errs...)
}

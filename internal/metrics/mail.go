package metrics

import (
	"context"
	"time"
)

// Mail registers the outbox's metrics: the messages it holds by status,
// counted at each scrape (counts, from *store.Store.MailCounts through the
// wiring), and the attempts this process made, reported through MailSent
// and MailFailed. A failed count is left out of that scrape.
func (m *Metrics) Mail(counts func(ctx context.Context) (map[string]int64, error)) {
	if m == nil {
		return
	}
	m.mailSent = m.Registry.Counter("warta_mail_sent_total",
		"Messages the SMTP server accepted (250) since start, by kind.", "kind")
	m.mailFailed = m.Registry.Counter("warta_mail_failures_total",
		"Failed attempts to send a message since start, by kind and outcome (retry: it waits for another attempt; failed: it was given up).",
		"kind", "outcome")
	m.Registry.GaugeFunc("warta_mail_outbox", "Messages in the outbox by status (queued, sent, failed).",
		[]string{"status"}, func(emit Emit) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			c, err := counts(ctx)
			if err != nil {
				return
			}
			for _, status := range []string{"queued", "sent", "failed"} {
				emit(float64(c[status]), status)
			}
		})
}

// MailSent counts a message the server accepted.
func (m *Metrics) MailSent(kind string) {
	if m == nil || m.mailSent == nil {
		return
	}
	m.mailSent.Inc(kind)
}

// MailFailed counts a failed attempt; given up when the message will not
// be tried again.
func (m *Metrics) MailFailed(kind string, givenUp bool) {
	if m == nil || m.mailFailed == nil {
		return
	}
	outcome := "retry"
	if givenUp {
		outcome = "failed"
	}
	m.mailFailed.Inc(kind, outcome)
}

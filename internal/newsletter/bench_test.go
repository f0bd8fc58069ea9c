package newsletter_test

import (
	"fmt"
	"testing"
	"time"

	"warta/internal/mail"
	"warta/internal/model"
	"warta/internal/newsletter"
	"warta/internal/store"
	"warta/internal/store/storetest"
	"warta/internal/tools/testenv"
)

// BenchmarkNewsletterToMailpit queues a breaking-news alert to b.N
// confirmed subscribers (the issue filled by the newsletter sender) and
// sends it to a real SMTP server (Mailpit) with the mail
// worker, unpaced, reporting messages a second from the queuing to the
// last 250. The issue's figure is for 20,000:
//
//	go test ./internal/newsletter -run - -bench NewsletterToMailpit -benchtime 20000x
func BenchmarkNewsletterToMailpit(b *testing.B) {
	mp := testenv.StartMailpit(b)
	st := storetest.New(b)
	ctx := b.Context()
	set, _ := st.Settings(ctx)
	set.SMTPHost, set.SMTPPort, set.SMTPSecurity, set.SMTPFrom = mp.SMTPHost, mp.SMTPPort, model.SMTPPlain, "redaksi@warta.test"
	set.NewsletterRate = 0
	if err := st.SaveSettings(ctx, set); err != nil {
		b.Fatal(err)
	}
	now := time.Now()
	for i := range b.N {
		sub, _, err := st.Subscribe(ctx, fmt.Sprintf("pembaca%d@example.id", i), "id", fmt.Sprintf("tok-%d", i), now, now,
			func(*model.Subscriber) store.Hook { return nil })
		if err != nil {
			b.Fatal(err)
		}
		if _, err := st.ConfirmSubscriber(ctx, sub.Token, now); err != nil {
			b.Fatal(err)
		}
	}
	c, err := mail.NewComposer("https://warta.example")
	if err != nil {
		b.Fatal(err)
	}
	a := storetest.Post(b, st, func(a *model.Article) { a.Title = "Gempa di Cianjur" })
	w := mail.NewWorker(st, mail.WorkerOptions{})
	b.ResetTimer()
	start := time.Now()
	i, err := newsletter.Alert(ctx, st, a, now)
	if err != nil {
		b.Fatal(err)
	}
	fill(b, newsletter.New(st, c, newsletter.Options{}))
	if i, err = st.Issue(ctx, i.ID); err != nil || i.Queued != b.N {
		b.Fatalf("queued %+v: %v", i, err)
	}
	queued := time.Since(start)
	for {
		k, err := w.RunOnce(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if k == 0 {
			break
		}
	}
	b.StopTimer()
	if got := mp.WaitCount(b, b.N, time.Minute); got != b.N {
		b.Fatalf("Mailpit holds %d messages, want %d", got, b.N)
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "msgs/s")
	b.ReportMetric(queued.Seconds(), "queue-s")
}

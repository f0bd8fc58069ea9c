package newsletter_test

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"warta/internal/mail"
	"warta/internal/model"
	"warta/internal/newsletter"
	"warta/internal/store/storetest"
)

// TestAlertFilledInBatches: creating an alert queues nothing (the editor's
// request returns at once); senders then fill it in batches, a new one
// (after a restart) going on from the last batch queued, two at once
// never queuing a subscriber twice. An unsubscribe through the issue's
// link counts against it.
func TestAlertFilledInBatches(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			ctx := t.Context()
			set, _ := st.Settings(ctx)
			set.SMTPHost, set.SMTPPort, set.SMTPFrom = "127.0.0.1", 2525, "redaksi@warta.test"
			if err := st.SaveSettings(ctx, set); err != nil {
				t.Fatal(err)
			}
			const n = 230
			subs := make([]*model.Subscriber, n)
			for k := range n {
				subs[k] = subscriber(t, st, fmt.Sprintf("pembaca%03d@example.id", k), model.DigestWeekly)
			}
			// One asked for no alerts, one left: 228 get it.
			if _, err := st.SetSubscriberChoices(ctx, subs[7].Token, model.DigestWeekly, false, nil); err != nil {
				t.Fatal(err)
			}
			if _, err := st.UnsubscribeSubscriber(ctx, subs[8].Token, 0, time.Now()); err != nil {
				t.Fatal(err)
			}
			a := storetest.Post(t, st, func(a *model.Article) { a.Title = "Gempa di Cianjur" })
			i, err := newsletter.Alert(ctx, st, a, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			if i.Audience != n-2 {
				t.Errorf("audience %d, want %d", i.Audience, n-2)
			}
			if _, err := newsletter.Alert(ctx, st, a, time.Now()); err != model.ErrConflict {
				t.Errorf("a second alert: %v, want a conflict", err)
			}
			if c, _ := st.MailCounts(ctx); c[model.MailQueued] != 0 {
				t.Fatalf("creating the alert queued %d messages", c[model.MailQueued])
			}
			c, err := mail.NewComposer("https://warta.example")
			if err != nil {
				t.Fatal(err)
			}
			first := newsletter.New(st, c, newsletter.Options{Batch: 40})
			for range 3 {
				if more, err := first.FillOnce(ctx); err != nil || !more {
					t.Fatalf("a batch: more %v, %v", more, err)
				}
			}
			if i, err = st.Issue(ctx, i.ID); err != nil || i.Queued != 120 || i.Filled() {
				t.Fatalf("after three batches: %+v, %v", i, err)
			}
			// The process dies; two instances go on at once.
			var wg sync.WaitGroup
			for range 2 {
				s := newsletter.New(st, c, newsletter.Options{Batch: 40})
				wg.Go(func() {
					for {
						more, err := s.FillOnce(ctx)
						if err != nil {
							t.Error(err)
							return
						}
						if !more {
							return
						}
					}
				})
			}
			wg.Wait()
			if i, err = st.Issue(ctx, i.ID); err != nil || i.Queued != n-2 || !i.Filled() || i.Waiting != n-2 {
				t.Fatalf("filled: %+v, %v", i, err)
			}
			queued, err := st.MailByStatus(ctx, model.MailQueued, 1000)
			if err != nil {
				t.Fatal(err)
			}
			to := map[string]int{}
			for _, m := range queued {
				to[m.To]++
				if !strings.HasPrefix(m.MessageID, "alert-"+strconv.FormatInt(a.ID, 10)+"-") {
					t.Errorf("Message-ID %s", m.MessageID)
				}
			}
			if len(queued) != n-2 || len(to) != n-2 || to[subs[7].Email]+to[subs[8].Email] != 0 {
				t.Errorf("%d messages to %d addresses (want %d each), to the one without alerts %d, to the one who left %d",
					len(queued), len(to), n-2, to[subs[7].Email], to[subs[8].Email])
			}
			var toFirst *model.Mail
			for _, m := range queued {
				if m.To == subs[0].Email {
					toFirst = m
				}
			}
			full, err := st.Mail(ctx, toFirst.ID)
			if err != nil {
				t.Fatal(err)
			}
			link := "https://warta.example/newsletter/unsubscribe?t=" + subs[0].Token + "&i=" + strconv.FormatInt(i.ID, 10)
			if head := strings.ReplaceAll(string(full.Message), "\r\n ", " "); !strings.Contains(head, "List-Unsubscribe: <"+link+">") {
				t.Errorf("the message to %s lacks the issue's unsubscribe link %s", toFirst.To, link)
			}
			// Two leave through this issue's link, one through no issue's, and
			// one of them again through an issue that does not exist.
			for _, u := range []struct {
				sub   *model.Subscriber
				issue int64
			}{{subs[0], i.ID}, {subs[1], i.ID}, {subs[2], 0}, {subs[0], i.ID + 99}} {
				if _, err := st.UnsubscribeSubscriber(ctx, u.sub.Token, u.issue, time.Now()); err != nil {
					t.Fatal(err)
				}
			}
			if i, err = st.Issue(ctx, i.ID); err != nil || i.Unsubscribed != 2 {
				t.Errorf("unsubscribed through the issue: %+v, %v; want 2", i, err)
			}
		})
	}
}

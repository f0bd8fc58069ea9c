package mail_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"warta/internal/mail"
	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
	"warta/internal/tools/testenv"
)

// TestInstancesSendEachOnce: two instances on one database (two stores,
// each with two workers) send one outbox to Mailpit at once; every message
// arrives exactly once.
func TestInstancesSendEachOnce(t *testing.T) {
	mp := testenv.StartMailpit(t)
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			dsn, dir := "", t.TempDir()
			if engine == "postgres" {
				dsn, dir = storetest.PostgresURL(t), ""
			}
			var stores [2]*store.Store
			for i := range stores {
				st, err := store.Open(t.Context(), dsn, dir)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { st.Close() })
				if err := st.Migrate(t.Context()); err != nil {
					t.Fatal(err)
				}
				stores[i] = st
			}
			domain := engine + ".instances.test"
			set, _ := stores[0].Settings(t.Context())
			set.SMTPHost, set.SMTPPort, set.SMTPSecurity, set.SMTPFrom = mp.SMTPHost, mp.SMTPPort, model.SMTPPlain, "redaksi@"+domain
			if err := stores[0].SaveSettings(t.Context(), set); err != nil {
				t.Fatal(err)
			}
			c, err := mail.NewComposer("https://warta.example")
			if err != nil {
				t.Fatal(err)
			}
			const n = 200
			for i := range n {
				m, err := c.Compose(set, mail.Letter{Kind: model.MailTest, To: fmt.Sprintf("pembaca%d@%s", i, domain),
					Template: "test.html", Subject: "mail.test.subject", SubjectArgs: []any{"Warta"},
					Data: map[string]string{"By": "uji"}}, time.Now())
				if err != nil {
					t.Fatal(err)
				}
				if err := stores[i%2].EnqueueMail(t.Context(), m); err != nil {
					t.Fatal(err)
				}
			}
			ctx, stop := context.WithCancel(t.Context())
			var wg sync.WaitGroup
			for i := range 4 {
				w := mail.NewWorker(stores[i%2], mail.WorkerOptions{Poll: 20 * time.Millisecond})
				wg.Go(func() { w.Run(ctx) })
			}
			deadline := time.Now().Add(60 * time.Second)
			for {
				counts, err := stores[0].MailCounts(t.Context())
				if err != nil {
					t.Fatal(err)
				}
				if counts[model.MailSent] == n || time.Now().After(deadline) {
					break
				}
				time.Sleep(50 * time.Millisecond)
			}
			stop()
			wg.Wait()
			ids, to := map[string]int{}, map[string]int{}
			for _, m := range mp.Messages(t) {
				if len(m.To) > 0 && strings.HasSuffix(m.To[0].Address, "@"+domain) {
					ids[m.MessageID]++
					to[m.To[0].Address]++
				}
			}
			if len(ids) != n || len(to) != n {
				t.Errorf("%d Message-IDs to %d addresses arrived, want %d", len(ids), len(to), n)
			}
			for id, k := range ids {
				if k != 1 {
					t.Errorf("%s arrived %d times", id, k)
				}
			}
		})
	}
}

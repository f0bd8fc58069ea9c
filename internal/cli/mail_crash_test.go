package cli

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"warta/internal/mail"
	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/tools/testenv"
)

// TestMailKilledMidBatch queues messages, then SIGKILLs the real `warta
// serve` twice while its worker sends them to Mailpit, and lets a third
// life finish. Every message must arrive; a message may arrive twice only
// when a kill fell between the server's 250 and the outbox's update, so at
// most one per kill, and then with the same Message-ID.
func TestMailKilledMidBatch(t *testing.T) {
	mp := testenv.StartMailpit(t)
	bin := buildWarta(t)
	for _, eng := range crashEngines {
		t.Run(eng.name, func(t *testing.T) {
			db := eng.db(t)
			const n = 300
			domain := eng.name + ".crash.test"
			want := queueCrashMail(t, db, mp, domain, n)
			kills := 0
			for life := 1; life <= 3; life++ {
				// A short lease: the batch a killed life claimed goes out from
				// the next one within seconds.
				cmd, urls := startServing(t, bin, db, "--mail-lease", "3s", "--mail-poll", "100ms")
				var base string
				select {
				case base = <-urls:
				case <-time.After(30 * time.Second):
					t.Fatal("serve did not start")
				}
				if life < 3 {
					// Kill while the worker is in the middle of the outbox.
					waitArrived(t, mp, domain, life*n/4, 60*time.Second)
					cmd.Process.Signal(syscall.SIGKILL)
					cmd.Wait()
					kills++
					continue
				}
				waitArrived(t, mp, domain, n, 60*time.Second)
				checkMailMetrics(t, base, n)
				cmd.Process.Signal(syscall.SIGTERM)
				cmd.Wait()
			}
			got := map[string]int{}
			for _, m := range mp.Messages(t) {
				if strings.HasSuffix(m.To[0].Address, "@"+domain) {
					got[m.MessageID]++
				}
			}
			dups := 0
			for id := range want {
				switch c := got[id]; {
				case c == 0:
					t.Errorf("message %s never arrived", id)
				case c > 1:
					dups += c - 1
				}
			}
			for id := range got {
				if !want[id] {
					t.Errorf("a message nobody queued arrived: %s", id)
				}
			}
			if dups > kills {
				t.Errorf("%d messages arrived twice after %d kills: more than the one in flight at each kill", dups, kills)
			}
			t.Logf("%d messages, %d kills, %d sent again after a kill (same Message-ID)", n, kills, dups)
		})
	}
}

// queueCrashMail migrates db, points its settings at mp and queues n
// messages to addresses under domain; it returns their Message-IDs.
func queueCrashMail(t *testing.T, db dbTarget, mp *testenv.Mailpit, domain string, n int) map[string]bool {
	t.Helper()
	st, err := store.Open(t.Context(), db.dsn, db.dataDir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	set, err := st.Settings(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	set.SMTPHost, set.SMTPPort, set.SMTPSecurity, set.SMTPFrom = mp.SMTPHost, mp.SMTPPort, model.SMTPPlain, "redaksi@"+domain
	if err := st.SaveSettings(t.Context(), set); err != nil {
		t.Fatal(err)
	}
	c, err := mail.NewComposer("http://warta.test")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for i := range n {
		m, err := c.Compose(set, mail.Letter{Kind: model.MailTest, To: fmt.Sprintf("pembaca%d@%s", i, domain),
			Template: "test.html", Subject: "mail.test.subject", SubjectArgs: []any{fmt.Sprint(i)},
			Data: map[string]string{"By": "uji"}}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if err := st.EnqueueMail(t.Context(), m); err != nil {
			t.Fatal(err)
		}
		want[m.MessageID] = true
	}
	return want
}

// waitArrived waits until Mailpit holds at least n messages to domain.
func waitArrived(t *testing.T, mp *testenv.Mailpit, domain string, n int, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		c := 0
		for _, m := range mp.Messages(t) {
			if len(m.To) > 0 && strings.HasSuffix(m.To[0].Address, "@"+domain) {
				c++
			}
		}
		if c >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d messages arrived in %v", c, n, timeout)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// checkMailMetrics reads /metrics of the serving process: every message
// is counted sent, none waits or failed.
func checkMailMetrics(t *testing.T, base string, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	want := fmt.Sprintf(`warta_mail_outbox{status="sent"} %d`, n)
	for {
		res, err := http.Get(base + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		body := string(b)
		if strings.Contains(body, want) && strings.Contains(body, `warta_mail_outbox{status="queued"} 0`) &&
			strings.Contains(body, `warta_mail_outbox{status="failed"} 0`) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("/metrics does not say %s:\n%s", want, grepLines(body, "warta_mail"))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

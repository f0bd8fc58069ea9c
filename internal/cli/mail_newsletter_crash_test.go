package cli

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/newsletter"
	"warta/internal/store"
	"warta/internal/store/storetest"
	"warta/internal/tools/testenv"
)

// TestNewsletterKilledHalfway sends a breaking-news alert to 20,000
// subscribers from the real `warta serve`, SIGKILLs it twice, while its
// newsletter sender is still queuing the issue and when half the messages
// have arrived, and lets a third life finish: Mailpit must end with exactly
// 20,000 messages, one to each subscriber, each under its own Message-ID.
//
// Mailpit, like the mail systems the messages go to, takes a message whose
// Message-ID it holds already as that message (--ignore-duplicate-ids):
// the one message in flight at a kill (sent, its 250 not yet recorded)
// goes again under the same Message-ID, and that is what the stable
// Message-ID is for. At most one per kill may be, and the test logs how
// many were.
func TestNewsletterKilledHalfway(t *testing.T) {
	mp := testenv.StartMailpit(t, "--ignore-duplicate-ids")
	bin := buildWarta(t)
	db := dbTarget{dataDir: t.TempDir()}
	const n = 20000
	issue := queueCrashNewsletter(t, db, mp, n)
	start := time.Now()
	for life, killAt := range []int{n / 8, n / 2, 0} {
		cmd, urls := startServing(t, bin, db, "--mail-lease", "3s", "--mail-poll", "100ms")
		select {
		case <-urls:
		case <-time.After(30 * time.Second):
			t.Fatal("serve did not start")
		}
		if killAt > 0 {
			mp.WaitCount(t, killAt, 2*time.Minute)
			cmd.Process.Signal(syscall.SIGKILL)
			cmd.Wait()
			t.Logf("life %d killed with %d messages at Mailpit after %v", life+1, mp.Count(t), time.Since(start).Round(time.Millisecond))
			continue
		}
		mp.WaitCount(t, n, 3*time.Minute)
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}
	t.Logf("%d messages at Mailpit after %v", mp.Count(t), time.Since(start).Round(time.Millisecond))

	msgs := mp.Messages(t)
	if len(msgs) != n {
		t.Errorf("Mailpit holds %d messages, want %d", len(msgs), n)
	}
	ids, to := map[string]string{}, map[string]int{}
	for _, m := range msgs {
		addr := m.To[0].Address
		to[addr]++
		if prev, ok := ids[m.MessageID]; ok {
			t.Errorf("Message-ID %s went to %s and %s", m.MessageID, prev, addr)
		}
		ids[m.MessageID] = addr
		if !strings.HasPrefix(m.MessageID, issue.Prefix) {
			t.Errorf("a message not of the alert: %s to %s", m.MessageID, addr)
		}
	}
	for k := range n {
		addr := fmt.Sprintf("pembaca%d@crash.test", k)
		if c := to[addr]; c != 1 {
			t.Errorf("%s got %d messages", addr, c)
		}
	}

	st, err := store.Open(t.Context(), db.dsn, db.dataDir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	got, err := st.Issue(t.Context(), issue.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Filled() || got.Queued != n || got.Sent != n || got.Waiting != 0 || got.Failed != 0 {
		t.Errorf("the issue: %+v, want %d queued and sent", got, n)
	}
	if again := mp.Ignored(t); again > 2 {
		t.Errorf("%d messages were sent twice: more than the one in flight at each of 2 kills", again)
	} else {
		t.Logf("%d messages sent again after a kill, under their Message-ID", again)
	}
}

// queueCrashNewsletter migrates db, points its settings at mp with a fast
// pace, makes n confirmed subscribers (pembaca0@crash.test …) and creates a
// breaking-news alert for them, as the editor's button does; the serving
// process queues and sends it.
func queueCrashNewsletter(t *testing.T, db dbTarget, mp *testenv.Mailpit, n int) *model.NewsletterIssue {
	t.Helper()
	ctx := t.Context()
	st, err := store.Open(ctx, db.dsn, db.dataDir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	set, err := st.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	set.SMTPHost, set.SMTPPort, set.SMTPSecurity, set.SMTPFrom = mp.SMTPHost, mp.SMTPPort, model.SMTPPlain, "redaksi@crash.test"
	set.NewsletterRate = 2000
	if err := st.SaveSettings(ctx, set); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	first, _, err := st.Subscribe(ctx, "pembaca0@crash.test", "id", "tok-0", now, now, func(*model.Subscriber) store.Hook { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ConfirmSubscriber(ctx, first.Token, now); err != nil {
		t.Fatal(err)
	}
	a := storetest.Post(t, st, func(a *model.Article) { a.Title = "Gempa di Cianjur" })
	st.Close()
	// The rest as copies of the first, in one statement.
	raw, err := sql.Open("sqlite", filepath.Join(db.dataDir, "warta.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.ExecContext(ctx, `WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < `+strconv.Itoa(n-1)+`)
		INSERT INTO newsletter_subscribers (email, token, lang, frequency, breaking, sections, asked_at, confirmed_at)
		SELECT 'pembaca' || i || '@crash.test', 'tok-' || i, s.lang, s.frequency, s.breaking, s.sections, s.asked_at, s.confirmed_at
		FROM k, newsletter_subscribers s WHERE s.id = $1`, first.ID); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	if st, err = store.Open(ctx, db.dsn, db.dataDir); err != nil {
		t.Fatal(err)
	}
	i, err := newsletter.Alert(ctx, st, a, now)
	if err != nil {
		t.Fatal(err)
	}
	if i.Audience != n {
		t.Fatalf("the alert is for %d subscribers, want %d", i.Audience, n)
	}
	return i
}

package store_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
)

func TestOutbox(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name+"/several workers on one database claim each message once", func(t *testing.T) {
			testOutboxClaimsOnce(t, eng.Name)
		})
		t.Run(eng.Name+"/a claim that runs out lets another worker take the message", func(t *testing.T) {
			testOutboxLease(t, eng.New(t))
		})
		t.Run(eng.Name+"/a failed attempt waits, a refusal fails, a retry queues again", func(t *testing.T) {
			testOutboxFailures(t, eng.New(t))
		})
		t.Run(eng.Name+"/a hook's message commits and rolls back with the write", func(t *testing.T) {
			testOutboxInTransaction(t, eng.New(t))
		})
	}
}

func mailN(i int) *model.Mail {
	return &model.Mail{MessageID: fmt.Sprintf("m%d@warta.example", i), Kind: model.MailTest,
		To: fmt.Sprintf("r%d@example.id", i), Subject: "s", Message: []byte("Subject: s\r\n\r\nbody\r\n")}
}

// twoStores opens two stores on one new database, as two instances would.
func twoStores(t *testing.T, engine string) (*store.Store, *store.Store) {
	t.Helper()
	dsn, dir := "", t.TempDir()
	if engine == "postgres" {
		dsn, dir = storetest.PostgresURL(t), ""
	}
	var out [2]*store.Store
	for i := range out {
		st, err := store.Open(t.Context(), dsn, dir)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		if err := st.Migrate(t.Context()); err != nil {
			t.Fatal(err)
		}
		out[i] = st
	}
	return out[0], out[1]
}

func testOutboxClaimsOnce(t *testing.T, engine string) {
	a, b := twoStores(t, engine)
	const n = 300
	for i := range n {
		if err := a.EnqueueMail(t.Context(), mailN(i)); err != nil {
			t.Fatal(err)
		}
	}
	var mu sync.Mutex
	seen := map[int64]string{}
	var dup []string
	var wg sync.WaitGroup
	for w, st := range []*store.Store{a, b, a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := fmt.Sprintf("worker-%d", w)
			for {
				list, err := st.ClaimMail(t.Context(), name, time.Now(), time.Minute, 7)
				if err != nil {
					t.Error(err)
					return
				}
				if len(list) == 0 {
					return
				}
				for _, m := range list {
					mu.Lock()
					if prev, ok := seen[m.ID]; ok {
						dup = append(dup, fmt.Sprintf("%d by %s and %s", m.ID, prev, name))
					}
					seen[m.ID] = name
					mu.Unlock()
					if err := st.MarkMailSent(t.Context(), m.ID, name, time.Now()); err != nil {
						t.Error(err)
					}
				}
			}
		}()
	}
	wg.Wait()
	if len(dup) > 0 {
		t.Fatalf("messages claimed twice: %v", dup)
	}
	if len(seen) != n {
		t.Fatalf("%d of %d messages claimed", len(seen), n)
	}
	counts, err := a.MailCounts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if counts[model.MailSent] != n || counts[model.MailQueued] != 0 {
		t.Fatalf("counts %v, want %d sent", counts, n)
	}
}

func testOutboxLease(t *testing.T, st *store.Store) {
	ctx := t.Context()
	if err := st.EnqueueMail(ctx, mailN(1)); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	first, err := st.ClaimMail(ctx, "dead", now, time.Minute, 10)
	if err != nil || len(first) != 1 {
		t.Fatalf("claim: %v %v", first, err)
	}
	if again, err := st.ClaimMail(ctx, "other", now.Add(30*time.Second), time.Minute, 10); err != nil || len(again) != 0 {
		t.Fatalf("a live claim was taken over: %v %v", again, err)
	}
	if _, err := st.ClaimMailByID(ctx, first[0].ID, "other", now.Add(30*time.Second), time.Minute); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("a live claim was taken over by id: %v", err)
	}
	later, err := st.ClaimMail(ctx, "other", now.Add(61*time.Second), time.Minute, 10)
	if err != nil || len(later) != 1 {
		t.Fatalf("the message of a dead worker was not claimed again: %v %v", later, err)
	}
	if later[0].MessageID != first[0].MessageID || string(later[0].Message) != string(first[0].Message) {
		t.Fatal("the message changed between attempts")
	}
	if later[0].Attempts != 2 {
		t.Fatalf("attempts %d, want 2", later[0].Attempts)
	}
	if err := st.MarkMailSent(ctx, first[0].ID, "dead", now); err == nil {
		t.Fatal("a worker whose claim ran out marked the message")
	}
	if err := st.MarkMailSent(ctx, first[0].ID, "other", now); err != nil {
		t.Fatal(err)
	}
	m, err := st.Mail(ctx, first[0].ID)
	if err != nil || m.Status != model.MailSent || m.SentAt.IsZero() {
		t.Fatalf("after sending: %+v %v", m, err)
	}
}

func testOutboxFailures(t *testing.T, st *store.Store) {
	ctx := t.Context()
	for i := range 2 {
		if err := st.EnqueueMail(ctx, mailN(i)); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Now()
	list, err := st.ClaimMail(ctx, "w", now, time.Minute, 10)
	if err != nil || len(list) != 2 {
		t.Fatalf("claim: %v %v", list, err)
	}
	if err := st.MarkMailFailed(ctx, list[0].ID, "w", "421 try later", true, now.Add(5*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := st.MarkMailFailed(ctx, list[1].ID, "w", "550 no such user", false, now); err != nil {
		t.Fatal(err)
	}
	if due, _ := st.ClaimMail(ctx, "w", now.Add(time.Minute), time.Minute, 10); len(due) != 0 {
		t.Fatalf("a message was claimed before its next attempt, or after failing: %v", due)
	}
	due, err := st.ClaimMail(ctx, "w", now.Add(6*time.Minute), time.Minute, 10)
	if err != nil || len(due) != 1 || due[0].ID != list[0].ID || due[0].LastError != "421 try later" {
		t.Fatalf("the retry: %+v %v", due, err)
	}
	if err := st.MarkMailSent(ctx, due[0].ID, "w", now.Add(6*time.Minute)); err != nil {
		t.Fatal(err)
	}
	failed, err := st.MailByStatus(ctx, model.MailFailed, 10)
	if err != nil || len(failed) != 1 || failed[0].LastError != "550 no such user" {
		t.Fatalf("failed list: %+v %v", failed, err)
	}
	if err := st.RetryMail(ctx, list[1].ID, now.Add(6*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := st.RetryMail(ctx, list[1].ID, now); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("retrying a queued message: %v", err)
	}
	if again, _ := st.ClaimMail(ctx, "w", now.Add(7*time.Minute), time.Minute, 10); len(again) != 1 || again[0].Attempts != 1 {
		t.Fatalf("the retried message: %+v", again)
	}
}

func testOutboxInTransaction(t *testing.T, st *store.Store) {
	ctx := t.Context()
	a := storetest.Post(t, st, nil)
	c := &model.Comment{ArticleID: a.ID, AuthorName: "Ani", AuthorEmail: "ani@example.id", Content: "<p>Halo</p>",
		Status: model.CommentApproved}
	boom := errors.New("boom")
	err := st.InsertComment(ctx, c, func(tx *store.Tx) error {
		if err := tx.EnqueueMail(mailN(1)); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("insert: %v", err)
	}
	if counts, _ := st.MailCounts(ctx); counts[model.MailQueued] != 0 {
		t.Fatal("a message outlived the rolled-back comment")
	}
	var id int64
	err = st.InsertComment(ctx, c, func(tx *store.Tx) error {
		id = c.ID
		return tx.EnqueueMail(mailN(2))
	})
	if err != nil || id == 0 {
		t.Fatalf("insert: %v, id seen by the hook %d", err, id)
	}
	if counts, _ := st.MailCounts(ctx); counts[model.MailQueued] != 1 {
		t.Fatalf("counts %v after the comment", counts)
	}
}

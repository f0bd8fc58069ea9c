package moderation_test

import (
	"fmt"
	"html/template"
	"net"
	"regexp"
	"strings"
	"testing"
	"time"

	"warta/internal/mail"
	"warta/internal/model"
	"warta/internal/moderation"
	"warta/internal/store"
	"warta/internal/store/storetest"
	"warta/internal/tools/testenv"
)

// rig is a moderator over a fresh store, on a clock the test moves.
type rig struct {
	st  *store.Store
	mod *moderation.Moderator
	now time.Time
	a   *model.Article
}

func newRig(t *testing.T, st *store.Store, edit func(*model.Settings)) *rig {
	t.Helper()
	set, err := st.Settings(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	set.CommentRateIP, set.CommentRateEmail = 0, 0
	if edit != nil {
		edit(&set)
	}
	if err := st.SaveSettings(t.Context(), set); err != nil {
		t.Fatal(err)
	}
	r := &rig{st: st, now: time.Now().UTC()}
	r.mod = moderation.New(st, moderation.Options{BaseURL: "https://warta.example"})
	r.mod.SetClock(func() time.Time { return r.now })
	r.a = storetest.Post(t, st, func(a *model.Article) { a.Title = "Banjir di Kemang" })
	return r
}

// submit sends a comment the way a browser with scripts does: a token,
// then the form ten seconds later.
func (r *rig) submit(t *testing.T, in moderation.Input) *moderation.Result {
	t.Helper()
	tok, err := r.mod.IssueToken(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	r.now = r.now.Add(10 * time.Second)
	if in.Name == "" {
		in.Name = "Pembaca"
	}
	in.ArticleID, in.Token = r.a.ID, tok
	res, err := r.mod.Submit(t.Context(), in, moderation.Meta{IP: "203.0.113.9", UserAgent: "test"})
	if err != nil {
		t.Fatalf("submit %q: %v", in.Comment, err)
	}
	return res
}

func TestModeration(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name+"/the classifier learns from moderators", func(t *testing.T) { testClassifierLearns(t, eng.New(t)) })
		t.Run(eng.Name+"/notifications reach moderators and those who asked", func(t *testing.T) { testNotifications(t, eng.New(t)) })
		t.Run(eng.Name+"/old spam and old IP addresses are purged", func(t *testing.T) { testPurge(t, eng.New(t)) })
		t.Run(eng.Name+"/moderation decisions change what readers see at once", func(t *testing.T) { testDecisionsTouch(t, eng.New(t)) })
	}
}

var spamTexts = []string{
	"Cheap viagra pills online, best casino bonus, click now",
	"Win money fast at our casino, free bonus spins, cheap pills",
	"Pinjaman online cepat cair tanpa jaminan, klik sekarang, bonus judi slot",
	"Slot gacor hari ini, bonus deposit, judi online terpercaya, klik link",
	"Buy cheap pills, casino jackpot bonus, click here for free money",
	"Obat kuat murah, slot gacor, bonus judi, klik sekarang juga",
}

var hamTexts = []string{
	"Terima kasih atas liputan banjir ini, semoga warga Kemang segera pulih.",
	"Pemerintah daerah perlu memperbaiki saluran air sebelum musim hujan berikutnya.",
	"Saya tinggal dekat sungai itu, airnya memang naik sejak sore hari.",
	"Good reporting on the flood, the drainage problem has been known for years.",
	"Apakah ada informasi posko bantuan untuk warga yang mengungsi?",
	"Liputan yang jernih, semoga ada tindak lanjut dari dinas terkait.",
}

func testClassifierLearns(t *testing.T, st *store.Store) {
	r := newRig(t, st, func(s *model.Settings) { s.CommentModeration = model.ModerateAlways })
	newSpam := &model.Comment{Content: template.HTML("<p>Bonus casino and cheap pills, slot gacor, klik sekarang</p>"), AuthorEmail: "x@spam.example"}
	newHam := &model.Comment{Content: template.HTML("<p>Semoga warga Kemang segera pulih, saluran air harus diperbaiki.</p>"), AuthorEmail: "y@example.id"}
	before, err := r.mod.Score(t.Context(), newSpam)
	if err != nil {
		t.Fatal(err)
	}
	if before != 0.5 {
		t.Errorf("untrained score %.2f, want 0.5", before)
	}
	var spamIDs []int64
	for i, text := range spamTexts {
		res := r.submit(t, moderation.Input{Email: fmt.Sprintf("s%d@spam.example", i), Comment: text})
		spamIDs = append(spamIDs, res.Comment.ID)
		if err := r.mod.SetStatus(t.Context(), model.CommentSpam, res.Comment.ID); err != nil {
			t.Fatal(err)
		}
	}
	for i, text := range hamTexts {
		res := r.submit(t, moderation.Input{Email: fmt.Sprintf("h%d@example.id", i), Comment: text})
		if err := r.mod.SetStatus(t.Context(), model.CommentApproved, res.Comment.ID); err != nil {
			t.Fatal(err)
		}
	}
	spamScore, _ := r.mod.Score(t.Context(), newSpam)
	hamScore, _ := r.mod.Score(t.Context(), newHam)
	t.Logf("after training: spam %.3f, ham %.3f", spamScore, hamScore)
	if spamScore < 0.9 {
		t.Errorf("similar spam scores %.3f, want at least 0.9", spamScore)
	}
	if hamScore > 0.1 {
		t.Errorf("similar ham scores %.3f, want at most 0.1", hamScore)
	}

	t.Run("a new comment above the threshold is kept as spam with its score", func(t *testing.T) {
		res := r.submit(t, moderation.Input{Email: "baru@spam.example", Comment: "Slot gacor bonus casino, cheap pills, klik sekarang"})
		c, err := st.Comment(t.Context(), res.Comment.ID)
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != model.CommentSpam || c.SpamScore < 0.9 {
			t.Errorf("stored as %s with score %.3f, want spam ≥ 0.9", c.Status, c.SpamScore)
		}
		ham := r.submit(t, moderation.Input{Email: "warga@example.id", Comment: "Semoga bantuan untuk warga Kemang segera datang."})
		if ham.Comment.Status == model.CommentSpam || ham.Comment.SpamScore > 0.1 {
			t.Errorf("ham stored as %s with score %.3f", ham.Comment.Status, ham.Comment.SpamScore)
		}
	})
	t.Run("rescuing a false positive moves what was learnt", func(t *testing.T) {
		for _, id := range spamIDs {
			if err := r.mod.SetStatus(t.Context(), model.CommentApproved, id); err != nil {
				t.Fatal(err)
			}
		}
		// Now every comment is ham: spam words are no longer telling.
		if got, _ := r.mod.Score(t.Context(), newSpam); got != 0.5 {
			t.Errorf("score after unlearning every spam: %.3f, want 0.5 (nothing learnt as spam)", got)
		}
	})
}

// sendAll has w send everything due in the outbox.
func sendAll(t *testing.T, w *mail.Worker) {
	t.Helper()
	for {
		n, err := w.RunOnce(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
}

// mailTo returns the messages Mailpit holds for addr, newest first.
func mailTo(t *testing.T, mp *testenv.Mailpit, addr string) []testenv.MailpitMessage {
	t.Helper()
	var out []testenv.MailpitMessage
	for _, m := range mp.Messages(t) {
		if len(m.To) > 0 && m.To[0].Address == addr {
			out = append(out, mp.Message(t, m.ID))
		}
	}
	return out
}

func testNotifications(t *testing.T, st *store.Store) {
	mp := testenv.StartMailpit(t)
	r := newRig(t, st, func(s *model.Settings) {
		s.CommentModeration = model.ModerateFirst
		s.SMTPHost, s.SMTPPort, s.SMTPFrom, s.SMTPSecurity = mp.SMTPHost, mp.SMTPPort, "warta@warta.example", model.SMTPPlain
		s.ModeratorEmails = "redaksi@warta.example"
	})
	// The rig's clock moves ten seconds a comment; starting an hour back,
	// what it queues is due for the worker, which runs on the real clock.
	r.now = time.Now().UTC().Add(-time.Hour)
	w := mail.NewWorker(st, mail.WorkerOptions{})
	send := func(t *testing.T) { t.Helper(); sendAll(t, w) }
	to := func(t *testing.T, addr string) []testenv.MailpitMessage { t.Helper(); return mailTo(t, mp, addr) }
	parent := storetest.Comment(t, st, r.a.ID, func(c *model.Comment) {
		c.AuthorName, c.AuthorEmail, c.Notify = "Ibu Ani", "ani@example.id", true
	})
	quiet := storetest.Comment(t, st, r.a.ID, func(c *model.Comment) { c.AuthorEmail = "diam@example.id" })

	held := r.submit(t, moderation.Input{Email: "baru@example.id", Name: "Pak Baru", Comment: "Komentar pertama Pak Baru"})
	asks := r.submit(t, moderation.Input{Email: "ani@example.id", Name: "Ibu Ani", Comment: "Kabari saya", Notify: true})
	early := r.submit(t, moderation.Input{Email: "diam@example.id", Name: "Pak Diam", Comment: "Balasan sebelum konfirmasi", ParentID: parent.ID})
	r.submit(t, moderation.Input{Email: "ani@example.id", Comment: "Balasan untuk yang tak minta kabar", ParentID: quiet.ID})
	send(t)
	if held.Visible || !asks.Visible || !early.Visible {
		t.Fatalf("visibility: held %v, asks %v, early %v", held.Visible, asks.Visible, early.Visible)
	}

	t.Run("moderators are told of a waiting comment", func(t *testing.T) {
		got := to(t, "redaksi@warta.example")
		if len(got) != 1 {
			t.Fatalf("moderators got %d messages, want 1", len(got))
		}
		for _, want := range []string{"Banjir di Kemang", "baru@example.id", "Komentar pertama Pak Baru", fmt.Sprintf("warta comments approve %d", held.Comment.ID)} {
			if !strings.Contains(got[0].Text, want) {
				t.Errorf("moderators' message lacks %q:\n%s", want, got[0].Text)
			}
		}
	})
	var token string
	t.Run("asking to be told sends a confirmation first, and nothing else", func(t *testing.T) {
		got := to(t, "ani@example.id")
		if len(got) != 1 || got[0].Subject != "Konfirmasikan alamat email Anda untuk Warta" {
			t.Fatalf("Ibu Ani got %d messages (%+v), want the confirmation only", len(got), got)
		}
		m := regexp.MustCompile(`https://warta\.example/mail/confirm\?t=([\w-]+)`).FindStringSubmatch(got[0].Text)
		if m == nil {
			t.Fatalf("no confirmation link in:\n%s", got[0].Text)
		}
		token = m[1]
		if len(to(t, "diam@example.id")) != 0 {
			t.Error("a commenter who did not ask was emailed")
		}
	})
	t.Run("a second request the same day sends no second confirmation", func(t *testing.T) {
		r.submit(t, moderation.Input{Email: "ANI@example.id", Name: "Ibu Ani", Comment: "Kabari saya lagi", Notify: true})
		send(t)
		if n := len(to(t, "ani@example.id")); n != 1 {
			t.Errorf("Ibu Ani has %d messages, want 1", n)
		}
	})
	other := &moderation.Result{}
	t.Run("once confirmed, the author is told of a reply, without the replier's address", func(t *testing.T) {
		if _, err := st.ConfirmMailRecipient(t.Context(), token, time.Now()); err != nil {
			t.Fatal(err)
		}
		other = r.submit(t, moderation.Input{Email: "diam@example.id", Name: "Pak Diam", Comment: "Balasan untuk Ibu Ani", ParentID: parent.ID})
		r.submit(t, moderation.Input{Email: "ani@example.id", Name: "Ibu Ani", Comment: "Membalas diri sendiri", ParentID: parent.ID})
		send(t)
		got := to(t, "ani@example.id")
		if len(got) != 2 {
			t.Fatalf("Ibu Ani has %d messages, want the confirmation and one reply (not for her own)", len(got))
		}
		reply := got[0] // newest first
		link := fmt.Sprintf("https://warta.example%s#comment-%d", r.a.Path(model.Permalinks{Loc: model.DefaultSettings().Location()}), other.Comment.ID)
		for _, want := range []string{"Pak Diam", "Balasan untuk Ibu Ani", link} {
			if !strings.Contains(reply.Text, want) {
				t.Errorf("reply message lacks %q:\n%s", want, reply.Text)
			}
		}
		if strings.Contains(reply.Text+reply.HTML, "diam@example.id") {
			t.Error("the reply notification shows the replier's email")
		}
		h := mp.Headers(t, reply.ID)
		if u := strings.Join(h["List-Unsubscribe"], ""); u != "<https://warta.example/mail/unsubscribe?t="+token+">" {
			t.Errorf("List-Unsubscribe %q", u)
		}
	})
	t.Run("a reply approved later is notified then, once", func(t *testing.T) {
		late := r.submit(t, moderation.Input{Email: "telat@example.id", Name: "Pak Telat", Comment: "Balasan yang ditahan", ParentID: parent.ID})
		if late.Visible {
			t.Fatal("a new address was not held")
		}
		send(t)
		if n := len(to(t, "ani@example.id")); n != 2 {
			t.Fatalf("told of a held reply: %d messages", n)
		}
		for range 2 {
			if err := r.mod.SetStatus(t.Context(), model.CommentApproved, late.Comment.ID); err != nil {
				t.Fatal(err)
			}
		}
		send(t)
		if n := len(to(t, "ani@example.id")); n != 3 {
			t.Errorf("after approval Ibu Ani has %d messages, want 3", n)
		}
	})
	t.Run("after unsubscribing, no more", func(t *testing.T) {
		if _, err := st.UnsubscribeMailRecipient(t.Context(), token, time.Now()); err != nil {
			t.Fatal(err)
		}
		r.submit(t, moderation.Input{Email: "diam@example.id", Name: "Pak Diam", Comment: "Balasan terakhir", ParentID: parent.ID})
		send(t)
		if n := len(to(t, "ani@example.id")); n != 3 {
			t.Errorf("after unsubscribing Ibu Ani has %d messages, want 3", n)
		}
	})
	t.Run("an unreachable mail server neither loses nor delays the comment", func(t *testing.T) {
		dead, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := dead.Addr().(*net.TCPAddr).Port
		dead.Close()
		set, _ := st.Settings(t.Context())
		set.SMTPPort = port
		if err := st.SaveSettings(t.Context(), set); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		res := r.submit(t, moderation.Input{Email: "lagi@example.id", Comment: "Tetap tersimpan"})
		if took := time.Since(start); took > 2*time.Second {
			t.Errorf("submission took %v with the mail server down", took)
		}
		send(t)
		if c, err := st.Comment(t.Context(), res.Comment.ID); err != nil || c.Status != model.CommentPending {
			t.Errorf("comment after a failed send: %+v, %v", c, err)
		}
		if counts, _ := st.MailCounts(t.Context()); counts[model.MailQueued] != 1 {
			t.Errorf("the moderators' notice is not waiting for its next attempt: %v", counts)
		}
	})
}

func testPurge(t *testing.T, st *store.Store) {
	r := newRig(t, st, func(s *model.Settings) { s.SpamPurgeDays = 30; s.CommentIPRetainDays = 30 })
	old := r.now.AddDate(0, 0, -40)
	oldSpam := storetest.Comment(t, st, r.a.ID, func(c *model.Comment) { c.Status = model.CommentSpam; c.CreatedAt = old })
	newSpam := storetest.Comment(t, st, r.a.ID, func(c *model.Comment) { c.Status = model.CommentSpam; c.CreatedAt = r.now.AddDate(0, 0, -5) })
	oldHam := storetest.Comment(t, st, r.a.ID, func(c *model.Comment) { c.CreatedAt = old; c.IP = "198.51.100.1"; c.UserAgent = "Firefox" })
	newHam := storetest.Comment(t, st, r.a.ID, func(c *model.Comment) { c.IP = "198.51.100.2" })
	deleted, erased, err := r.mod.Purge(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if deleted != 1 || erased != 1 {
		t.Errorf("purge deleted %d and erased %d, want 1 and 1", deleted, erased)
	}
	if _, err := st.Comment(t.Context(), oldSpam.ID); err == nil {
		t.Error("spam of 40 days ago is still there")
	}
	if _, err := st.Comment(t.Context(), newSpam.ID); err != nil {
		t.Errorf("recent spam was purged: %v", err)
	}
	if c, _ := st.Comment(t.Context(), oldHam.ID); c == nil || c.IP != "" || c.UserAgent != "" || c.Content == "" {
		t.Errorf("old comment after purge: %+v, want text kept and IP, user agent erased", c)
	}
	if c, _ := st.Comment(t.Context(), newHam.ID); c == nil || c.IP != "198.51.100.2" {
		t.Errorf("recent comment lost its IP: %+v", c)
	}
}

func testDecisionsTouch(t *testing.T, st *store.Store) {
	r := newRig(t, st, nil)
	c := storetest.Comment(t, st, r.a.ID, func(c *model.Comment) { c.Status = model.CommentPending })
	tags := func(do func()) []string {
		last, err := st.LastChange(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		do()
		ch, err := st.ChangesSince(t.Context(), last, 100)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, c := range ch {
			out = append(out, c.Tags...)
		}
		return out
	}
	want := fmt.Sprintf("comments:%d", r.a.ID)
	has := func(list []string) bool {
		for _, s := range list {
			if s == want {
				return true
			}
		}
		return false
	}
	if got := tags(func() { r.mod.SetStatus(t.Context(), model.CommentApproved, c.ID) }); !has(got) {
		t.Errorf("approving touched %v, want %s", got, want)
	}
	if got := tags(func() { r.mod.SetStatus(t.Context(), model.CommentSpam, c.ID) }); !has(got) {
		t.Errorf("marking an approved comment spam touched %v, want %s", got, want)
	}
	if got := tags(func() { r.mod.SetStatus(t.Context(), model.CommentTrash, c.ID) }); has(got) {
		t.Errorf("moving spam to trash touched %v: readers saw neither", got)
	}
	if err := r.mod.SetStatus(t.Context(), model.CommentApproved, 987654); err == nil {
		t.Error("approving an unknown comment succeeded")
	}
}

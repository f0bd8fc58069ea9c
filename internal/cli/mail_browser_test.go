package cli

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
	"warta/internal/tools/testenv"
)

// TestBrowserReplyNotifications follows a reader through reply
// notifications end to end: they comment in Chromium asking to be told of
// replies, receive the confirmation in Mailpit, follow its link and
// confirm; a reply is approved (warta comments approve, as a moderator's
// script would); the notification arrives; the mail client's one-click
// POST to the List-Unsubscribe URL unsubscribes them; the next approved
// reply sends nothing.
func TestBrowserReplyNotifications(t *testing.T) {
	mp := testenv.StartMailpit(t)
	ctx := testenv.Browser(t)
	dir := t.TempDir()
	a := prepareMailSite(t, dir, mp)
	base, _ := startServeDir(t, dir, "--no-demo", "--mail-poll", "100ms")
	b := &tab{t: t, ctx: ctx, base: base}
	const reader = "ani@pembaca.test"
	mine := func() []testenv.MailpitMessage {
		var out []testenv.MailpitMessage
		for _, m := range mp.Messages(t) {
			if len(m.To) > 0 && m.To[0].Address == reader {
				out = append(out, m)
			}
		}
		return out
	}

	b.do("comment asking to be told of replies",
		chromedp.Navigate(base+a),
		visible("#reply-notify"),
		keys("#reply-comment", "Semoga jalannya segera diperbaiki."),
		keys("#reply-name", "Ibu Ani"),
		keys("#reply-email", reader),
		click("#reply-notify"),
		click(`#commentform button[type="submit"]`),
		chromedp.WaitVisible(chromedp.CSS(`li.comment`)),
	)
	loc := b.eval(`location.hash`)
	parentID := strings.TrimPrefix(loc, "#comment-")
	if parentID == loc || parentID == "" {
		t.Fatalf("the comment did not appear at once: location hash %q", loc)
	}

	confirm := mp.WaitTo(t, reader, 15*time.Second)
	link := regexp.MustCompile(`https?://\S+/mail/confirm\?t=[\w-]+`).FindString(confirm.Text)
	if confirm.Subject != "Konfirmasikan alamat email Anda untuk Warta Uji" || link == "" {
		t.Fatalf("confirmation: subject %q, text:\n%s", confirm.Subject, confirm.Text)
	}
	b.do("follow the confirmation link and confirm",
		chromedp.Navigate(link),
		visible(`form[action="/mail/confirm"] button`),
		click(`form[action="/mail/confirm"] button`),
		chromedp.WaitNotPresent(chromedp.CSS(`form[action="/mail/confirm"]`)),
		visible(`.mail-page h1`),
	)
	if h := b.text("h1"); h != "Alamat dikonfirmasi" {
		t.Fatalf("after confirming the page says %q", h)
	}

	reply := postReply(t, base, a, parentID, "Pak Budi", "Sudah dilaporkan ke kelurahan, Bu.")
	approve(t, dir, base, reply)
	waitMine := func(n int) []testenv.MailpitMessage {
		deadline := time.Now().Add(15 * time.Second)
		for {
			if got := mine(); len(got) >= n || time.Now().After(deadline) {
				return got
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	got := waitMine(2)
	if len(got) != 2 || got[0].Subject != `Pak Budi membalas komentar Anda pada "Warta di Kemang"` {
		t.Fatalf("after the approved reply: %+v", got)
	}
	h := mp.Headers(t, got[0].ID)
	unsub := strings.Trim(strings.Join(h["List-Unsubscribe"], ""), "<>")
	if !strings.HasPrefix(unsub, base+"/mail/unsubscribe?t=") || strings.Join(h["List-Unsubscribe-Post"], "") != "List-Unsubscribe=One-Click" {
		t.Fatalf("unsubscribe headers: %v", h)
	}

	// RFC 8058: the mail client POSTs the body to the URL, without cookies,
	// session or token of any kind.
	res, err := http.Post(unsub, "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click"))
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("one-click unsubscribe answered %d", res.StatusCode)
	}

	again := postReply(t, base, a, parentID, "Pak Budi", "Kelurahan sudah datang, Bu.")
	approve(t, dir, base, again)
	waitOutboxEmpty(t, dir)
	if n := len(mine()); n != 2 {
		t.Errorf("after unsubscribing the reader has %d messages, want 2", n)
	}
}

// prepareMailSite migrates a site in dir whose mail goes to mp, with one
// article open to comments, and returns the article's path.
func prepareMailSite(t *testing.T, dir string, mp *testenv.Mailpit) string {
	t.Helper()
	st, err := store.Open(t.Context(), "", dir)
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
	set.Title = "Warta Uji"
	set.SMTPHost, set.SMTPPort, set.SMTPSecurity, set.SMTPFrom = mp.SMTPHost, mp.SMTPPort, model.SMTPPlain, "redaksi@warta.test"
	set.ModeratorEmails = "meja@warta.test"
	set.CommentModeration = model.ModerateNever
	set.CommentMinSeconds = 0
	if err := st.SaveSettings(t.Context(), set); err != nil {
		t.Fatal(err)
	}
	a := storetest.Post(t, st, func(a *model.Article) { a.Title = "Warta di Kemang"; a.Slug = "warta-di-kemang" })
	return a.Path(model.Permalinks{Structure: set.PermalinkStructure, Loc: set.Location()})
}

var heldComment = regexp.MustCompile(`unapproved=(\d+)`)

// postReply posts a reply as a reader without scripts does: it waits for
// a moderator. It returns the reply's id.
func postReply(t *testing.T, base, article, parent, name, text string) string {
	t.Helper()
	form := url.Values{"article_id": {articleIDOf(t, base, article)}, "parent_id": {parent}, "name": {name},
		"email": {"budi@pembaca.test"}, "comment": {text}}
	res, err := noRedirects().PostForm(base+"/comments", form)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	m := heldComment.FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("reply: %d, Location %q", res.StatusCode, res.Header.Get("Location"))
	}
	return m[1]
}

var articleIDField = regexp.MustCompile(`name="article_id" value="(\d+)"`)

func articleIDOf(t *testing.T, base, path string) string {
	t.Helper()
	_, _, body := get(t, base, path)
	m := articleIDField.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no comment form on %s", path)
	}
	return m[1]
}

// approve approves comment id with `warta comments approve`, apart from
// the server, as a moderator's script would; base is the site's URL, for
// the links of the notification it queues.
func approve(t *testing.T, dir, base, id string) {
	t.Helper()
	var out, errOut syncBuffer
	code := RunEnv(context.Background(), []string{"comments", "approve", "--data-dir", dir, "--base-url", base, id},
		Env{Stdout: &out, Stderr: &errOut, Getenv: noEnv})
	if code != 0 {
		t.Fatalf("comments approve %s: %d\n%s", id, code, errOut.String())
	}
}

// waitOutboxEmpty waits until no message in dir's outbox waits.
func waitOutboxEmpty(t *testing.T, dir string) {
	t.Helper()
	st, err := store.Open(t.Context(), "", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	deadline := time.Now().Add(15 * time.Second)
	for {
		counts, err := st.MailCounts(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if counts[model.MailQueued] == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the outbox still holds %v", counts)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

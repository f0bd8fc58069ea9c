package cli

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"warta/internal/tools/testenv"

	"github.com/chromedp/chromedp"
)

// runCLI runs warta with args in-process and returns its exit code and output.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr syncBuffer
	code := RunEnv(context.Background(), args, Env{Stdout: &stdout, Stderr: &stderr, Getenv: noEnv})
	return code, stdout.String(), stderr.String()
}

// postForm posts the comment form as a script-less client would, without
// following the redirect.
func postForm(t *testing.T, baseURL string, form url.Values, header map[string]string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, baseURL+"/comments", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	client := &http.Client{Timeout: 20 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res
}

var articleIDRE = regexp.MustCompile(`name="article_id" value="(\d+)"`)

// openArticle returns the path and id of a demo article open to comments.
func openArticle(t *testing.T, base string) (string, string) {
	t.Helper()
	articles, _ := demoPaths(t, base)
	for _, p := range articles {
		_, _, body := get(t, base, p)
		if m := articleIDRE.FindStringSubmatch(body); m != nil {
			return p, m[1]
		}
	}
	t.Fatal("no demo article takes comments")
	return "", ""
}

func TestCommentsCommand(t *testing.T) {
	base, dir := startServe(t)
	path, articleID := openArticle(t, base)
	const email = "pembaca.cli@example.id"
	res := postForm(t, base, url.Values{"article_id": {articleID}, "name": {"Pembaca CLI"}, "email": {email},
		"comment": {"Komentar dari uji perintah"}}, nil)
	loc := res.Header.Get("Location")
	m := regexp.MustCompile(`\?unapproved=(\d+)#comment-(\d+)$`).FindStringSubmatch(loc)
	if res.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("post: %d to %q, want 303 to the moderation notice", res.StatusCode, loc)
	}
	id := m[1]
	visible := func() bool {
		_, _, body := get(t, base, path)
		return strings.Contains(body, "Komentar dari uji perintah")
	}
	if visible() {
		t.Fatal("a pending comment is visible to everyone")
	}
	// becomes reports whether the page reaches the wanted state within a
	// second: the command is another process, whose change the serving
	// process's page cache learns of by watching the database.
	becomes := func(want func() bool) bool {
		for deadline := time.Now().Add(time.Second); ; time.Sleep(50 * time.Millisecond) {
			if want() {
				return true
			}
			if time.Now().After(deadline) {
				return false
			}
		}
	}
	hidden := func() bool { return !visible() }

	t.Run("list shows the waiting comment to the moderator", func(t *testing.T) {
		code, out, errOut := runCLI(t, "comments", "list", "--status", "pending", "--data-dir", dir)
		if code != 0 || !strings.Contains(out, id+"\tpending\t"+articleID) || !strings.Contains(out, email) {
			t.Errorf("list: %d\n%s%s", code, out, errOut)
		}
	})
	t.Run("approve makes it visible at once", func(t *testing.T) {
		code, out, errOut := runCLI(t, "comments", "approve", id, "--data-dir", dir)
		if code != 0 || !strings.Contains(out, "comment "+id+": approved") {
			t.Fatalf("approve: %d %s %s", code, out, errOut)
		}
		if !becomes(visible) {
			t.Error("an approved comment is not shown within a second")
		}
	})
	t.Run("spam and trash hide it again, approve brings it back", func(t *testing.T) {
		for _, verb := range []string{"spam", "trash"} {
			if code, _, errOut := runCLI(t, "comments", verb, "--data-dir", dir, id); code != 0 {
				t.Fatalf("%s: %d %s", verb, code, errOut)
			}
			if !becomes(hidden) {
				t.Errorf("still visible a second after %s", verb)
			}
		}
		runCLI(t, "comments", "approve", id, "--data-dir", dir)
		if !becomes(visible) {
			t.Error("not visible a second after approving again")
		}
	})
	t.Run("the approved comment's email is in no feed, JSON answer or sitemap", func(t *testing.T) {
		if !becomes(visible) {
			t.Fatal("the comment is not visible, so this check would prove nothing")
		}
		paths := []string{"/comments/feed/", "/comments/feed/atom/", "/comments/feed.json",
			path + "feed/", path + "feed/atom/", path + "feed.json", "/feed/", "/feed.json",
			"/wp-json/wp/v2/comments", "/wp-json/wp/v2/comments?post=" + articleID + "&context=embed",
			"/?rest_route=/wp/v2/comments", "/sitemap.xml", "/search?q=uji+perintah"}
		seen := false
		for _, p := range paths {
			status, _, body := get(t, base, p)
			if status >= 500 {
				t.Errorf("GET %s: status %d", p, status)
			}
			if strings.Contains(strings.ToLower(body), email) {
				t.Errorf("GET %s shows the commenter's email address", p)
			}
			seen = seen || strings.Contains(body, "Komentar dari uji perintah")
		}
		if !seen {
			t.Error("no feed or API answer shows the approved comment at all, so the check proves nothing")
		}
	})
	t.Run("export writes the reader's comments as JSON", func(t *testing.T) {
		code, out, errOut := runCLI(t, "comments", "export", "--email", strings.ToUpper(email), "--data-dir", dir)
		var doc struct {
			Comments []struct {
				ID    int64  `json:"id"`
				Email string `json:"author_email"`
			} `json:"comments"`
		}
		if code != 0 || json.Unmarshal([]byte(out), &doc) != nil || len(doc.Comments) != 1 || doc.Comments[0].Email != email {
			t.Errorf("export: %d %s %s", code, out, errOut)
		}
	})
	t.Run("erase keeps the text and removes the person", func(t *testing.T) {
		code, out, errOut := runCLI(t, "comments", "erase", "--email", email, "--data-dir", dir)
		if code != 0 || !strings.Contains(out, "anonymised 1 comments") {
			t.Fatalf("erase: %d %s %s", code, out, errOut)
		}
		erased := func() bool {
			_, _, body := get(t, base, path)
			return strings.Contains(body, "Komentar dari uji perintah") && !strings.Contains(body, "Pembaca CLI")
		}
		if !becomes(erased) {
			t.Error("a second after erase the page should keep the text without the name")
		}
		_, out, _ = runCLI(t, "comments", "export", "--email", email, "--data-dir", dir)
		if strings.Contains(out, `"id"`) {
			t.Errorf("export after erase still finds comments: %s", out)
		}
	})
	t.Run("delete removes it for good", func(t *testing.T) {
		if code, _, errOut := runCLI(t, "comments", "delete", id, "--data-dir", dir); code != 0 {
			t.Fatalf("delete: %d %s", code, errOut)
		}
		if !becomes(hidden) {
			t.Error("visible a second after delete")
		}
		code, _, errOut := runCLI(t, "comments", "approve", id, "--data-dir", dir)
		if code != 1 || !strings.Contains(errOut, "comment "+id+": not found") {
			t.Errorf("approve of a deleted comment: %d %q", code, errOut)
		}
	})
	t.Run("a wrong command line exits 2 naming the problem", func(t *testing.T) {
		for _, args := range [][]string{
			{"comments"},
			{"comments", "approve"},
			{"comments", "approve", "abc"},
			{"comments", "list", "--status", "bogus"},
			{"comments", "export"},
			{"comments", "frobnicate"},
		} {
			code, _, errOut := runCLI(t, append(args, "--data-dir", dir)...)
			if code != 2 || errOut == "" {
				t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
			}
		}
	})
	t.Run("a cross-site form post is refused", func(t *testing.T) {
		res := postForm(t, base, url.Values{"article_id": {articleID}, "name": {"X"}, "email": {"x@example.id"},
			"comment": {"Dari situs lain"}}, map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"})
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("cross-site post: %d, want 403", res.StatusCode)
		}
	})
}

func TestBrowserComment(t *testing.T) {
	ctx := testenv.Browser(t)
	base, dir := startServe(t)
	path, _ := openArticle(t, base)
	text := func(sel string) string {
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	// The browser's own checks would stop an empty required field before
	// it reaches the server; the server's answer is what is tested here.
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+path),
		chromedp.WaitReady(chromedp.CSS("#commentform")),
		chromedp.SendKeys(chromedp.CSS("#reply-comment"), "Komentar dari peramban sungguhan"),
		chromedp.SendKeys(chromedp.CSS("#reply-name"), "Rina Peramban"),
	)
	if err != nil {
		t.Fatalf("fill the form: %v", err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("commentform").noValidate = true`)); err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#commentform button[type="submit"]`)),
		chromedp.WaitReady(chromedp.CSS("#reply-email-error")),
	)
	if err != nil {
		t.Fatalf("submit without email: %v", err)
	}
	t.Run("a submission without email names the error and keeps the text", func(t *testing.T) {
		if got := text("#reply-email-error"); got != "Ruas ini wajib diisi." {
			t.Errorf("email error %q", got)
		}
		kept, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("reply-comment").value`))
		if kept != "Komentar dari peramban sungguhan" {
			t.Errorf("comment kept as %q", kept)
		}
	})
	// A person reads the form again before sending: past the time trap.
	err = chromedp.Do(ctx,
		chromedp.Sleep(3500*time.Millisecond),
		chromedp.SendKeys(chromedp.CSS("#reply-email"), "rina@example.id"),
		chromedp.Click(chromedp.CSS(`#commentform button[type="submit"]`)),
		chromedp.WaitReady(chromedp.CSS(".comment-pending")),
	)
	if err != nil {
		t.Fatalf("submit: %v", err)
	}
	t.Run("the author sees the comment marked as pending", func(t *testing.T) {
		got := text(".comment-pending")
		if !strings.Contains(got, "Komentar dari peramban sungguhan") || !strings.Contains(got, "menunggu moderasi") {
			t.Errorf("pending comment reads %q", got)
		}
	})
	fresh, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	shows := func(c context.Context, s string) bool {
		body, err := chromedp.Run(c, chromedp.Evaluate[string](`document.body.innerText`))
		if err != nil {
			t.Fatal(err)
		}
		return strings.Contains(body, s)
	}
	if err := chromedp.Do(fresh, chromedp.Navigate(base+path), chromedp.WaitReady(chromedp.CSS("#comments"))); err != nil {
		t.Fatal(err)
	}
	if shows(fresh, "Komentar dari peramban sungguhan") {
		t.Fatal("another reader sees the pending comment")
	}
	_, out, _ := runCLI(t, "comments", "list", "--status", "pending", "--data-dir", dir)
	id := ""
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "rina@example.id") {
			id = strings.Split(line, "\t")[0]
		}
	}
	if code, _, errOut := runCLI(t, "comments", "approve", id, "--data-dir", dir); code != 0 {
		t.Fatalf("approve %q: %s", id, errOut)
	}
	t.Run("after approval a fresh browser sees it", func(t *testing.T) {
		// The command is another process: the page cache learns of its
		// change by watching the database, within a second.
		found := false
		for deadline := time.Now().Add(time.Second); !found && time.Now().Before(deadline); {
			err := chromedp.Do(fresh, chromedp.Navigate(base+path), chromedp.WaitReady(chromedp.CSS("#comments")))
			if err != nil {
				t.Fatal(err)
			}
			found, err = chromedp.Run(fresh, chromedp.Evaluate[bool](`!!document.getElementById("comment-`+id+`")`))
			if err != nil {
				t.Fatal(err)
			}
		}
		if !found || !shows(fresh, "Komentar dari peramban sungguhan") {
			t.Error("the approved comment is not shown")
		}
	})
	t.Run("a reply nests under its parent", func(t *testing.T) {
		err := chromedp.Do(fresh,
			chromedp.Click(chromedp.CSS("#comment-"+id+" .comment-reply a")),
			chromedp.WaitReady(chromedp.CSS(".cancel-reply")),
			chromedp.Sleep(3500*time.Millisecond),
			chromedp.SendKeys(chromedp.CSS("#reply-comment"), "Balasan bersarang"),
			chromedp.SendKeys(chromedp.CSS("#reply-name"), "Rina Peramban"),
			chromedp.SendKeys(chromedp.CSS("#reply-email"), "rina@example.id"),
			chromedp.Click(chromedp.CSS(`#commentform button[type="submit"]`)),
			chromedp.WaitReady(chromedp.CSS("#comment-"+id+" .children .comment")),
		)
		if err != nil {
			t.Fatalf("reply: %v", err)
		}
		got, _ := chromedp.Run(fresh, chromedp.Text(chromedp.CSS("#comment-"+id+" .children")))
		if !strings.Contains(got, "Balasan bersarang") {
			t.Errorf("nested reply reads %q", got)
		}
	})
}

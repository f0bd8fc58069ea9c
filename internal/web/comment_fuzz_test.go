package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"warta/internal/model"
	"warta/internal/moderation"
	"warta/internal/store/storetest"
	"warta/internal/tools/hostile"
	"warta/internal/view"
)

// FuzzCommentForm sends arbitrary comment forms through POST /comments —
// the real handler, the real moderation rules, a real SQLite store — with
// comments appearing at once (no moderation). Whatever a reader types, the
// answer is never a server error; a refused form is re-rendered without
// any markup of the reader's alive in it; a stored comment holds no active
// markup and no script URL as its website; and the article page showing it
// holds none either.
func FuzzCommentForm(f *testing.F) {
	for _, s := range [][5]string{
		{"Wati", "wati@example.id", "https://wati.example.id", "Liputan yang <em>bagus</em> & jernih", ""},
		{"<script>alert(1)</script>", "x@example.id", "javascript:alert(1)", "<img src=x onerror=alert(1)>", "0"},
		{`"><svg onload=alert(1)>`, "a@b.c", ` JaVaScRiPt:alert(1)`, "<a href=\"jav&#x09;ascript:alert(1)\">klik</a>", "-1"},
		{"{{.Email}}", "bukan-email", "https://example.com/\"><img src=x onerror=alert(1)>", "</textarea><script>alert(1)</script>", "999999"},
		{"", "", "", "", "abc"},
		{`<img src=x onerror=alert(1)>`, "b@example.id", "wati.example.id", "<script>alert(1)</script><a href=\"javascript:alert(1)\">x</a>", ""},
		{`'><svg/onload=alert(1)>`, "c@example.id", "https://example.com/a?b=<c>", "<iframe srcdoc=\"&lt;script&gt;\"></iframe><p style=x>y", ""},
		{"Budi", "budi@example.id", "data:text/html,<script>alert(1)</script>", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "1"},
	} {
		f.Add(s[0], s[1], s[2], s[3], s[4])
	}
	st := storetest.New(f)
	set, err := st.Settings(f.Context())
	if err != nil {
		f.Fatal(err)
	}
	set.CommentMinSeconds, set.CommentRateIP, set.CommentRateEmail = 0, 0, 0
	set.CommentModeration, set.SpamThreshold, set.CommentMaxLinks = model.ModerateNever, 0, 100
	if err := st.SaveSettings(f.Context(), set); err != nil {
		f.Fatal(err)
	}
	a := storetest.Post(f, st, nil)
	v, err := view.New("")
	if err != nil {
		f.Fatal(err)
	}
	// A direct mux, not the scenario runner's site: the fuzzer runs
	// thousands of forms a second, which a loopback connection each (and
	// the server's rate limit on comments) would cut to a few.
	mux := http.NewServeMux()
	mod := moderation.New(st, moderation.Options{BaseURL: "https://warta.example"})
	New(st, v, Options{BaseURL: "https://warta.example", Moderation: mod}).Routes(mux)
	tok, err := mod.IssueToken(f.Context())
	if err != nil {
		f.Fatal(err)
	}
	do := func(r *http.Request) (*http.Response, string) {
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		b, _ := io.ReadAll(w.Result().Body)
		return w.Result(), string(b)
	}
	idRE := regexp.MustCompile(`(?:#comment-|unapproved=)(\d+)`)

	f.Fuzz(func(t *testing.T, name, email, website, comment, parent string) {
		form := url.Values{"article_id": {strconv.FormatInt(a.ID, 10)}, "name": {name}, "email": {email},
			"url": {website}, "comment": {comment}, "parent_id": {parent}, "token": {tok}}
		r := httptest.NewRequest(http.MethodPost, "/comments", strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res, body := do(r)
		switch {
		case res.StatusCode >= 500:
			t.Fatalf("POST /comments %v: %d\n%s", form, res.StatusCode, body)
		case res.StatusCode == http.StatusUnprocessableEntity:
			if p := hostile.LiveMarkup(body); p != "" {
				t.Fatalf("the re-rendered form for %v has live markup: %s", form, p)
			}
			return
		case res.StatusCode != http.StatusSeeOther:
			return
		}
		m := idRE.FindStringSubmatch(res.Header.Get("Location"))
		if m == nil {
			t.Fatalf("303 to %q names no comment", res.Header.Get("Location"))
		}
		id, _ := strconv.ParseInt(m[1], 10, 64)
		c, err := st.Comment(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		// Comments do not pile up on the article from one input to the next.
		defer st.DeleteComment(t.Context(), id)
		if p := hostile.LiveMarkup(string(c.Content)); p != "" {
			t.Fatalf("stored content %q of %q has live markup: %s", c.Content, comment, p)
		}
		if c.AuthorURL != "" && hostile.ScriptURL(c.AuthorURL) {
			t.Fatalf("stored website %q of %q is a script URL", c.AuthorURL, website)
		}
		if c.Status != model.CommentApproved {
			return
		}
		page := httptest.NewRequest(http.MethodGet, strings.SplitN(res.Header.Get("Location"), "#", 2)[0], nil)
		pres, pbody := do(page)
		if pres.StatusCode != http.StatusOK {
			t.Fatalf("the article page after comment %d: %d", id, pres.StatusCode)
		}
		if p := hostile.LiveMarkup(pbody); p != "" {
			t.Fatalf("the article page showing %v has live markup: %s", form, p)
		}
	})
}

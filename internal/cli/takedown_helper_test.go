package cli

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// editLink is the newsroom's Edit link a signed-in editor sees on a story.
var editLink = regexp.MustCompile(`href="(?:[^"]*)?/admin/articles/(\d+)"`)

// takeDownStory takes the published story at path down for a guideline
// reason through the newsroom's form, as an editor signed in with session
// (a Cookie header value, from signInHTTP), and checks that path now
// answers 410: the demo site has no story taken down.
func takeDownStory(t *testing.T, base, session, path string) {
	t.Helper()
	c := noRedirects()
	do := func(method, target string, form url.Values) (int, string) {
		t.Helper()
		var body io.Reader
		if form != nil {
			body = strings.NewReader(form.Encode())
		}
		req, err := http.NewRequest(method, base+target, body)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Cookie", session)
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", base)
		}
		res, err := c.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, target, err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	_, page := do(http.MethodGet, path, nil)
	m := editLink.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no Edit link for the editor on %s", path)
	}
	guide := "/admin/articles/" + m[1] + "/guideline"
	_, page = do(http.MethodGet, guide, nil)
	csrf := csrfValue.FindStringSubmatch(page)
	if csrf == nil {
		t.Fatalf("no form on %s", guide)
	}
	form := url.Values{"csrf": {csrf[1]}, "reason": {"trauma"}, "note": {"Atas permintaan keluarga korban."}}
	if status, body := do(http.MethodPost, "/admin/articles/"+m[1]+"/takedown", form); status != http.StatusSeeOther {
		t.Fatalf("take down %s: status %d\n%s", path, status, body)
	}
	if status, _, _ := get(t, base, path); status != http.StatusGone {
		t.Fatalf("%s after its takedown answers %d, want 410", path, status)
	}
}

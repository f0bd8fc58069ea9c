package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"warta/internal/tools/testenv"
)

// TestBrowserRESTCrossOrigin: a page on another origin (another port) can
// call the REST API with an application password, as WordPress allows,
// while the newsroom's forms stay closed to other origins even for a
// browser that is signed in.
func TestBrowserRESTCrossOrigin(t *testing.T) {
	ctx := testenv.Browser(t)
	base, dataDir, _ := startServeOut(t)
	flags := []string{"--data-dir", dataDir}
	if code, _, errOut := runIn("kata sandi yang panjang\n", append([]string{"user", "add", "--login", "redaksi",
		"--email", "redaksi@warta.test", "--role", "editor"}, flags...)...); code != 0 {
		t.Fatalf("user add: %d %s", code, errOut)
	}
	code, out, errOut := runIn("", append([]string{"user", "app-password", "Aplikasi seberang", "--login", "redaksi"}, flags...)...)
	if code != 0 {
		t.Fatalf("app-password: %d %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	pw := lines[len(lines)-1]

	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><title>Situs lain</title>
<form id="f" method="post" action="%s/admin/terms/"><input name="taxonomy" value="category"><input name="name" value="Dipalsukan"></form>`, base)
	}))
	t.Cleanup(other.Close)
	if strings.TrimPrefix(other.URL, "http://") == strings.TrimPrefix(base, "http://") {
		t.Fatal("the two servers share an origin")
	}

	// What the API holds, asked from Go with the application password.
	count := func(route string) int {
		req, _ := http.NewRequest("GET", base+route, nil)
		req.SetBasicAuth("redaksi", pw)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var list []map[string]any
		if err := json.NewDecoder(res.Body).Decode(&list); err != nil {
			t.Fatalf("GET %s: %v", route, err)
		}
		return len(list)
	}

	b := &tab{t: t, ctx: ctx, base: base}
	b.signIn("redaksi", "kata sandi yang panjang")
	b.do("open the other origin's page", chromedp.Navigate(other.URL), chromedp.WaitReady(chromedp.CSS("#f")))

	got := b.eval(fmt.Sprintf(`fetch(%q + "/wp-json/wp/v2/posts", {method: "POST",
		headers: {"Authorization": "Basic " + btoa("redaksi:" + %q), "Content-Type": "application/json"},
		body: JSON.stringify({title: "Dikirim dari situs lain", status: "draft"})})
		.then(async r => r.status + " " + (await r.json()).title.raw + " " + r.headers.get("X-WP-Total"))
		.catch(e => "refused: " + e)`, base, pw))
	if got != "201 Dikirim dari situs lain null" {
		t.Errorf("cross-origin fetch with an application password: %q", got)
	}
	got = b.eval(fmt.Sprintf(`fetch(%q + "/?rest_route=/wp/v2/posts&status=draft", {headers: {"Authorization": "Basic " + btoa("redaksi:" + %q)}})
		.then(async r => r.status + " " + r.headers.get("X-WP-Total") + " " + (await r.json()).length)
		.catch(e => "refused: " + e)`, base, pw))
	if got != "200 1 1" {
		t.Errorf("cross-origin ?rest_route= read with an application password: %q", got)
	}
	got = b.eval(fmt.Sprintf(`fetch(%q + "/wp-json/wp/v2/posts", {method: "POST", credentials: "include",
		headers: {"Content-Type": "application/json"}, body: JSON.stringify({title: "Tanpa sandi", status: "draft"})})
		.then(r => "answered " + r.status).catch(e => "refused")`, base))
	if got != "refused" {
		t.Errorf("a cross-origin write without credentials: %q", got)
	}
	if n := count("/wp-json/wp/v2/posts?status=draft"); n != 1 {
		t.Errorf("%d drafts, want only the one sent with the application password", n)
	}

	b.do("submit the other origin's form to the newsroom",
		chromedp.Evaluate[chromedp.Void](`document.getElementById("f").submit()`),
		chromedp.WaitReady(chromedp.CSS("body")),
	)
	if body := b.eval(`new Promise(r => setTimeout(() => r(location.href + " " + document.body.innerText), 300))`); !strings.Contains(body, "cross-origin request") {
		t.Errorf("the signed-in browser's cross-origin form post was not refused: %q", body)
	}
	if n := count("/wp-json/wp/v2/categories?search=Dipalsukan"); n != 0 {
		t.Errorf("a cross-origin form post created a category")
	}
}

package cli

import (
	"bytes"
	"context"
	"html/template"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/tools/testenv"
)

// startServeOut is startServe that also returns what serve printed, where
// the one-time setup link is.
func startServeOut(t *testing.T, args ...string) (baseURL, dataDir string, stdout *syncBuffer) {
	t.Helper()
	dataDir = t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan int, 1)
	stdout = &syncBuffer{}
	var stderr syncBuffer
	all := append([]string{"serve", "--listen", "127.0.0.1:0", "--data-dir", dataDir}, args...)
	go func() {
		done <- RunEnv(ctx, all, Env{Stdout: stdout, Stderr: &stderr, Getenv: noEnv, Ready: func(u string) { ready <- u }})
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			t.Errorf("serve did not stop")
		}
	})
	select {
	case baseURL = <-ready:
	case code := <-done:
		t.Fatalf("serve exited with %d; stderr:\n%s", code, stderr.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("serve did not listen; stderr:\n%s", stderr.String())
	}
	return baseURL, dataDir, stdout
}

var setupLink = regexp.MustCompile(`open (http://\S+/admin/setup\?token=\S+) once`)

// writePNG writes a w×h picture to a file for the browser to upload.
func writePNG(t *testing.T, w, h int) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		for y := range h {
			img.Set(x, y, color.RGBA{uint8(x / 5), 90, uint8(y / 4), 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "pasar-lawang-sari.png")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestBrowserNewsroom(t *testing.T) {
	ctx := testenv.Browser(t)
	base, dataDir, out := startServeOut(t)
	m := setupLink.FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("serve printed no setup link:\n%s", out.String())
	}
	b := &tab{t: t, ctx: ctx, base: base}
	do, text, attr := b.do, b.text, b.attr

	do("first-run setup",
		chromedp.Navigate(m[1]),
		keys("#f-login", "redaksi"),
		keys("#f-name", "Meja Redaksi"),
		keys("#f-email", "redaksi@warta.test"),
		keys("#f-password", "kata sandi yang panjang"),
		keys("#f-password2", "kata sandi yang panjang"),
		click(`main button[type=submit]`),
		visible(`nav.nav`),
	)
	if h := text("h1"); h != "Dasbor" && h != "Dashboard" {
		t.Errorf("after setup the heading is %q", h)
	}

	do("sign out, then sign in",
		click(`form[action="/admin/logout"] button`),
		visible(`#f-login`),
		keys("#f-login", "redaksi"),
		keys("#f-password", "kata sandi yang panjang"),
		click(`form[action="/admin/login"] button`),
		visible(`nav.nav`),
	)

	picture := writePNG(t, 1400, 800)
	do("write an article in the rich editor",
		chromedp.Navigate(base+"/admin/articles/new"),
		visible("#f-title"),
		keys("#f-title", "Pasar Lawang Sari Ramai Lagi"),
		// The editor turns typed Markdown marks into formatting as it goes.
		keys("#f-body-rich", "Pedagang **kembali** berjualan.\r> \"Alhamdulillah,\" kata Bu Sri."),
		visible("#f-body-rich strong"),
		visible("#f-body-rich blockquote"),
	)
	if hint := attr("#f-slug", "placeholder"); hint != "pasar-lawang-sari-ramai-lagi" {
		t.Errorf("slug placeholder %q", hint)
	}
	do("attach a picture and a video, then publish",
		chromedp.SetUploadFiles(chromedp.CSS("#f-featured_upload"), []string{picture}),
		keys("#f-featured_alt", "Lapak sayur di Pasar Lawang Sari"),
		keys("#f-embed0", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
		keys("#f-embed-title0", "Suasana pagi di pasar"),
		keys("#f-embed-dur0", "3:06"),
		click(`button[name=status][value=published]`),
		visible(`.notice`),
	)
	viewURL := attr(`.meta a[href^="/20"]`, "href")
	if !strings.HasSuffix(viewURL, "/pasar-lawang-sari-ramai-lagi/") {
		t.Fatalf("public link %q", viewURL)
	}

	do("see it on the site", chromedp.Navigate(base+viewURL), visible("h1"))
	srcset, alt, card := attr(`main img[srcset]`, "srcset"), attr(`main img[srcset]`, "alt"), text(videoCardSelector)
	for _, w := range []string{"480w", "800w", "1200w", "1400w"} {
		if !strings.Contains(srcset, w) {
			t.Errorf("srcset %q lacks %s", srcset, w)
		}
	}
	if alt != "Lapak sayur di Pasar Lawang Sari" || !strings.Contains(card, "Suasana pagi di pasar") || !strings.Contains(card, "3:06") {
		t.Errorf("alt %q, video card %q", alt, card)
	}
	if body := text("main"); !strings.Contains(body, "Alhamdulillah") {
		t.Errorf("the article body is not on the page")
	}

	t.Run("bulk moderation approves the ticked comments", func(t *testing.T) {
		b := newTab(t, base)
		do, text, eval := b.do, b.text, b.eval
		b.signIn("redaksi", "kata sandi yang panjang")
		st, err := store.Open(context.Background(), "", dataDir)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		slug := strings.Trim(viewURL[strings.LastIndex(strings.TrimSuffix(viewURL, "/"), "/"):], "/")
		a, err := st.ArticleBySlug(context.Background(), model.TypePost, slug)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"Rina", "Joko"} {
			c := &model.Comment{ArticleID: a.ID, AuthorName: name, AuthorEmail: strings.ToLower(name) + "@pembaca.test",
				Content: template.HTML("<p>Salam dari " + name + ".</p>"), Status: model.CommentPending, Kind: model.CommentKindComment}
			if err := st.InsertComment(context.Background(), c); err != nil {
				t.Fatal(err)
			}
		}
		do("tick both and approve",
			chromedp.Navigate(base+"/admin/comments/"),
			visible(`#bulk input[name=id]`),
			chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('#bulk input[name=id]').forEach(c => c.click())`),
			chromedp.SetValue(chromedp.CSS("#f-action"), "approve"),
			click(`#bulk button[type=submit]`),
			visible(`.notice`),
		)
		if n := eval(`String(document.querySelectorAll('#bulk input[name=id]').length)`); n != "0" {
			t.Errorf("%s comments still wait after approving all", n)
		}
		do("open the article", chromedp.Navigate(base+viewURL), visible("h1"))
		if body := text("main"); !strings.Contains(body, "Salam dari Rina.") || !strings.Contains(body, "Salam dari Joko.") {
			t.Errorf("approved comments are not on the article")
		}
	})

	t.Run("an older revision can be restored", func(t *testing.T) {
		b := newTab(t, base)
		do, text := b.do, b.text
		b.signIn("redaksi", "kata sandi yang panjang")
		do("edit the title",
			chromedp.Navigate(base+"/admin/articles/"),
			click(`table.list td a[href^="/admin/articles/"]`),
			visible("#f-title"),
			chromedp.SetValue(chromedp.CSS("#f-title"), "Pasar Lawang Sari Sepi Lagi"),
			click(`button[name=status][value=published]`),
			visible(`.notice`),
		)
		do("the site shows the new title", chromedp.Navigate(base+viewURL), visible("h1"))
		if h := text("h1"); h != "Pasar Lawang Sari Sepi Lagi" {
			t.Fatalf("after the edit the article's heading is %q", h)
		}
		do("open the revisions",
			chromedp.Navigate(base+"/admin/articles/"),
			click(`table.list td a[href^="/admin/articles/"]`),
			visible(`.meta a[href$="/revisions"]`),
			click(`.meta a[href$="/revisions"]`),
			visible(`dl.diff`),
		)
		// The title comes first: its changed word is marked, not the line.
		if del, ins := text("dl.diff dd del"), text("dl.diff dd ins"); !strings.Contains(del, "Ramai") || !strings.Contains(ins, "Sepi") ||
			strings.Contains(del+ins, "Pasar") {
			t.Errorf("the diff does not mark the title's changed word: removed %q, added %q", del, ins)
		}
		do("click restore", click(`form[action^="/admin/revisions/"] button`), visible(`.notice`),
			chromedp.Navigate(base+viewURL), visible("h1"))
		if h := text("h1"); h != "Pasar Lawang Sari Ramai Lagi" {
			t.Errorf("after restoring, the heading is %q", h)
		}
	})

	t.Run("a contributor's article waits for an editor, and publishing by hand is refused", func(t *testing.T) {
		b := newTab(t, base)
		do, text, attr, eval := b.do, b.text, b.attr, b.eval
		b.signIn("redaksi", "kata sandi yang panjang")
		do("add a contributor",
			chromedp.Navigate(base+"/admin/users/"),
			keys("#f-login", "kontri"),
			keys("#f-name", "Kontributor Tamu"),
			keys("#f-email", "kontri@warta.test"),
			chromedp.SetValue(chromedp.CSS("#f-role"), "contributor"),
			keys("#f-password", "sandi kontributor panjang"),
			click(`form[action="/admin/users/"] button.primary`),
			visible(`.notice`),
		)
		b.signIn("kontri", "sandi kontributor panjang")
		do("write and submit",
			chromedp.Navigate(base+"/admin/articles/new"),
			visible("#f-title"),
			keys("#f-title", "Kebun Sekolah SMPN 4 Panen Kangkung"),
			keys("#f-body-rich", "Siswa memanen kangkung pertama mereka."),
		)
		if n := eval(`String(document.querySelectorAll('button[name=status][value=published]').length)`); n != "0" {
			t.Errorf("a contributor is offered %s publish buttons", n)
		}
		do("submit for review", click(`button[name=status][value=pending]`), visible(`.notice`))
		status := eval(`(() => { const f = document.getElementById("editor"); const d = new FormData(f); d.set("status", "published");
			return fetch(f.action, {method: "POST", body: d}).then(r => String(r.status)); })()`)
		if status != "403" {
			t.Errorf("a contributor posting status=published by hand: %s", status)
		}
		status = eval(`(() => { const f = document.getElementById("editor"); const d = new FormData(f); d.set("status", "scheduled");
			d.set("publish_at", new Date(Date.now() + 86400000).toISOString().slice(0, 16));
			return fetch(f.action, {method: "POST", body: d}).then(r => String(r.status)); })()`)
		if status != "403" {
			t.Errorf("a contributor posting status=scheduled by hand: %s", status)
		}
		if s := eval(`fetch(location.pathname).then(r => r.text()).then(h => new DOMParser().parseFromString(h, "text/html").querySelector(".meta .status").className)`); s != "status status-pending" {
			t.Errorf("after the refused posts the article's status is %q, want pending", s)
		}
		b.signIn("redaksi", "kata sandi yang panjang")
		do("the editor opens the pending list",
			chromedp.Navigate(base+"/admin/articles/?status=pending"),
			visible(`table.list`),
		)
		if list := text("table.list"); !strings.Contains(list, "Kebun Sekolah SMPN 4 Panen Kangkung") {
			t.Fatalf("the pending list lacks the contributor's article: %q", list)
		}
		do("publish it",
			click(`table.list td a[href^="/admin/articles/"]`),
			visible("#f-title"),
			click(`button[name=status][value=published]`),
			visible(`.notice`),
		)
		path := attr(`.meta a[href^="/20"]`, "href")
		do("read it on the site", chromedp.Navigate(base+path), visible("h1"))
		if h, by := text("h1"), text("main"); h != "Kebun Sekolah SMPN 4 Panen Kangkung" || !strings.Contains(by, "Kontributor Tamu") {
			t.Errorf("published article: heading %q, byline present %v", h, strings.Contains(by, "Kontributor Tamu"))
		}
	})

	t.Run("the newsroom fits a phone's screen", func(t *testing.T) {
		b := newTab(t, base)
		b.signIn("redaksi", "kata sandi yang panjang")
		for _, p := range []string{"/admin/", "/admin/articles/", "/admin/articles/new", "/admin/media/", "/admin/comments/?status=approved",
			"/admin/comments/", "/admin/pages/", "/admin/categories/", "/admin/tags/", "/admin/users/", "/admin/settings",
			"/admin/audit", "/admin/profile", "/admin/front"} {
			b.do("open "+p+" at 375 pixels", chromedp.EmulateViewport(375, 740), chromedp.Navigate(base+p), visible("h1"))
			if over := b.eval(`String(document.documentElement.scrollWidth - window.innerWidth)`); over != "0" {
				t.Errorf("%s is %s pixels wider than a phone's screen: %s", p, over, b.eval(`Array.from(document.querySelectorAll("body *")).filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 8).map(e => e.tagName + "." + e.className + " " + Math.round(e.getBoundingClientRect().right)).join("; ")`))
			}
		}
		b.do("open the article list at 390 pixels", chromedp.EmulateViewport(390, 844), chromedp.Navigate(base+"/admin/articles/"), visible("#menu-toggle"))
		if shown := b.eval(`String(document.getElementById("admin-nav").getBoundingClientRect().height > 0)`); shown != "false" {
			t.Errorf("at 390 pixels the navigation is open before the menu button is pressed")
		}
		if d := b.eval(`getComputedStyle(document.querySelector("table.list tbody tr")).display`); d != "block" {
			t.Errorf("at 390 pixels a table row is displayed as %q, not as a block of a list", d)
		}
		b.do("press the menu button", click("#menu-toggle"), visible(`#admin-nav a[href="/admin/articles/"]`))
		if e := b.attr("#menu-toggle", "aria-expanded"); e != "true" {
			t.Errorf("the open menu's button says aria-expanded=%q", e)
		}
	})

	t.Run("drag and drop into the media library uploads", func(t *testing.T) {
		b := newTab(t, base)
		do, attr, eval := b.do, b.attr, b.eval
		b.signIn("redaksi", "kata sandi yang panjang")
		do("open the library", chromedp.Navigate(base+"/admin/media/"), visible("#drop"))
		eval(`new Promise(ok => {
			const c = document.createElement("canvas"); c.width = 640; c.height = 360;
			const g = c.getContext("2d"); g.fillStyle = "#2f6f9f"; g.fillRect(0, 0, 640, 360);
			c.toBlob(b => {
				const dt = new DataTransfer();
				dt.items.add(new File([b], "dijatuhkan.png", {type: "image/png"}));
				document.getElementById("drop").dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
				ok("dropped");
			}, "image/png");
		})`)
		do("wait for the new item", visible(`.library li.new`))
		if src := attr(`.library li.new img`, "src"); !strings.Contains(src, "dijatuhkan-") {
			t.Errorf("the dropped file is not the new item: %q", src)
		}
	})

	t.Run("admin pages are valid HTML and have no serious axe violations", func(t *testing.T) {
		b := newTab(t, base)
		do, attr, eval := b.do, b.attr, b.eval
		b.signIn("redaksi", "kata sandi yang panjang")
		do("open the list", chromedp.Navigate(base+"/admin/articles/"), visible("table.list"))
		editPath := attr(`table.list td a[href^="/admin/articles/"]`, "href")
		do("open the users", chromedp.Navigate(base+"/admin/users/"), visible("table.list"))
		deletePath := attr(`table.list a[href$="/delete"]`, "href")
		do("open the library", chromedp.Navigate(base+"/admin/media/"), visible(".library"))
		mediaDeletePath := attr(`.library a[href$="/delete"]`, "href")
		pages := []string{"/admin/", "/admin/articles/", "/admin/articles/new", "/admin/pages/", "/admin/media/", "/admin/users/",
			"/admin/categories/", "/admin/tags/", "/admin/settings", "/admin/audit", "/admin/profile",
			"/admin/import", "/admin/front", "/admin/comments/", "/admin/comments/?status=approved", editPath, editPath + "/revisions", editPath + "/guideline", deletePath,
			strings.TrimSuffix(deletePath, "/delete") + "/password", mediaDeletePath}
		docs := map[string]string{}
		// An application password made first: the page that shows it once,
		// and the profile's list of them, are checked too.
		docs["/admin/profile (a new application password)"] = eval(`fetch("/admin/profile").then(r => r.text()).then(html => {
			const csrf = new DOMParser().parseFromString(html, "text/html").querySelector('input[name="csrf"]').value;
			return fetch("/admin/profile/app-passwords", {method: "POST", body: new URLSearchParams({csrf, app_name: "Ponsel redaksi"})});
		}).then(r => r.text())`)
		if !strings.Contains(docs["/admin/profile (a new application password)"], `id="new-app-password"`) {
			t.Fatalf("no application password was made:\n%s", docs["/admin/profile (a new application password)"])
		}
		for _, p := range pages {
			docs[p] = eval(`fetch(` + jsString(p) + `).then(r => r.text())`)
		}
		docs["/admin/login"] = eval(`fetch("/admin/login", {credentials: "omit"}).then(r => r.text())`)
		// The checker's JVM and the browser work side by side.
		t.Run("Nu checker", func(t *testing.T) {
			t.Parallel()
			testenv.ValidateHTML(t, docs)
		})
		t.Run("axe-core", func(t *testing.T) {
			t.Parallel()
			axe := testenv.AxeSource(t)
			b.t = t
			// One page per template: the pages and tags screens, and the
			// approved comments, share theirs with ones on this list.
			for _, p := range pages {
				if p == "/admin/pages/" || p == "/admin/tags/" || strings.Contains(p, "?") {
					continue
				}
				b.do("axe on "+p, chromedp.Navigate(base+p), chromedp.WaitReady(chromedp.CSS("body")),
					chromedp.Evaluate[chromedp.Void](axe))
				violations, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]axeViolation](
					`axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations)`, chromedp.EvalAwaitPromise))
				if err != nil {
					t.Fatal(err)
				}
				for _, v := range violations {
					if v.Impact == "serious" || v.Impact == "critical" {
						t.Errorf("%s: %s (%s): %s %v", p, v.ID, v.Impact, v.Help, v.Nodes)
					}
				}
			}
		})
	})
}

// tab drives one Chromium tab for a test.
type tab struct {
	t    *testing.T
	ctx  context.Context
	base string
}

// newTab starts a browser of its own for a subtest, so each has its own
// cookies and its own time budget.
func newTab(t *testing.T, base string) *tab {
	return &tab{t: t, ctx: testenv.Browser(t), base: base}
}

func (b *tab) do(step string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", step, err)
	}
}

func (b *tab) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

func (b *tab) attr(sel, name string) string {
	b.t.Helper()
	a, err := chromedp.Run(b.ctx, chromedp.AttributeValue(chromedp.CSS(sel), name))
	if err != nil {
		b.t.Fatalf("%s of %s: %v", name, sel, err)
	}
	return a.Value
}

func (b *tab) eval(js string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("evaluate: %v", err)
	}
	return s
}

func (b *tab) signIn(login, password string) {
	b.t.Helper()
	b.do("sign in as "+login,
		// Signed in already, the sign-in page sends the browser to the
		// newsroom, whose sign-out form is then used first.
		chromedp.Navigate(b.base+"/admin/login"),
		chromedp.Evaluate[chromedp.Void](`(() => { const f = document.querySelector('form[action="/admin/logout"]'); if (f) f.submit(); })()`),
		visible("#f-login"),
		keys("#f-login", login),
		keys("#f-password", password),
		click(`form[action="/admin/login"] button`),
		visible(`nav.nav`),
	)
}

func keys(sel, v string) chromedp.Action[chromedp.Void] {
	return chromedp.SendKeys(chromedp.CSS(sel), v)
}
func click(sel string) chromedp.Action[chromedp.Void] { return chromedp.Click(chromedp.CSS(sel)) }
func visible(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.WaitVisible(chromedp.CSS(sel))
}

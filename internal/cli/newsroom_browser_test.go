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
	"warta/internal/testenv"
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
	do := func(step string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	attr := func(sel, name string) string {
		t.Helper()
		a, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(sel), name))
		if err != nil {
			t.Fatalf("%s of %s: %v", name, sel, err)
		}
		return a.Value
	}
	eval := func(js string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("evaluate: %v", err)
		}
		return s
	}
	keys := func(sel, v string) chromedp.Action[chromedp.Void] { return chromedp.SendKeys(chromedp.CSS(sel), v) }
	click := func(sel string) chromedp.Action[chromedp.Void] { return chromedp.Click(chromedp.CSS(sel)) }
	visible := func(sel string) chromedp.Action[chromedp.Void] { return chromedp.WaitVisible(chromedp.CSS(sel)) }

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
	if h := text("h1"); h != "Artikel" && h != "Articles" {
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
	do("write an article with a live preview",
		chromedp.Navigate(base+"/admin/articles/new"),
		visible("#f-title"),
		keys("#f-title", "Pasar Lawang Sari Ramai Lagi"),
		keys("#f-body", "Pedagang **kembali** berjualan.\n\n> \"Alhamdulillah,\" kata Bu Sri."),
		visible("#preview strong"),
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

	t.Run("drag and drop into the media library uploads", func(t *testing.T) {
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
		do("open the list", chromedp.Navigate(base+"/admin/articles/"), visible("table.list"))
		editPath := attr(`table.list td a[href^="/admin/articles/"]`, "href")
		pages := []string{"/admin/articles/", "/admin/articles/new", "/admin/pages/", "/admin/media/", "/admin/users/",
			"/admin/categories/", "/admin/tags/", "/admin/settings", "/admin/audit", "/admin/profile",
			"/admin/comments/", "/admin/comments/?status=approved", editPath, editPath + "/revisions"}
		docs := map[string]string{}
		for _, p := range pages {
			docs[p] = eval(`fetch(` + jsString(p) + `).then(r => r.text())`)
		}
		docs["/admin/login"] = eval(`fetch("/admin/login", {credentials: "omit"}).then(r => r.text())`)
		testenv.ValidateHTML(t, docs)

		axe := testenv.AxeSource(t)
		for _, p := range pages {
			do("axe on "+p, chromedp.Navigate(base+p), chromedp.WaitReady(chromedp.CSS("body")),
				chromedp.Evaluate[chromedp.Void](axe))
			violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](
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
}

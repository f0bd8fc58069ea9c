package cli

import (
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"warta/internal/tools/testenv"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// findVideoArticle returns the path of the demo article that carries a
// video card.
func findVideoArticle(t *testing.T, base string) string {
	t.Helper()
	articles, _ := demoPaths(t, base)
	for _, p := range articles {
		if _, _, body := get(t, base, p); strings.Contains(body, videoCardMark) {
			return p
		}
	}
	t.Fatalf("no demo article shows a video card (%s) among %d articles", videoCardMark, len(articles))
	return ""
}

func TestBrowserArticle(t *testing.T) {
	ctx := testenv.Browser(t)
	base, _ := startServe(t)
	path := findVideoArticle(t, base)
	origin, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}

	var mu sync.Mutex
	var requested []string
	if err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			mu.Lock()
			requested = append(requested, e.Request.URL)
			mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+path), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
		t.Fatalf("open %s: %v", path, err)
	}

	t.Run("the comment form is there with its labelled fields", func(t *testing.T) {
		for _, sel := range []string{
			`form[action="/comments"][method="post"]`,
			`form[action="/comments"] input[name="name"][required]`,
			`form[action="/comments"] input[name="email"][type="email"][required]`,
			`form[action="/comments"] input[name="url"]`,
			`form[action="/comments"] textarea[name="comment"][required]`,
			`form[action="/comments"] input[name="remember"][type="checkbox"]`,
		} {
			labelled, err := chromedp.Run(ctx, chromedp.Evaluate[bool](
				`(() => { const el = document.querySelector(`+jsString(sel)+`);
				  return !!el && (el.tagName === "FORM" || (el.labels !== null && el.labels.length > 0)) })()`))
			if err != nil || !labelled {
				t.Errorf("%s: present with a label = %v (%v)", sel, labelled, err)
			}
		}
	})

	t.Run("no third-party request is made before the video card is clicked", func(t *testing.T) {
		// Let late resources (lazy images, the deferred script) start.
		if err := chromedp.Do(ctx, chromedp.Sleep(500*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		defer mu.Unlock()
		if len(requested) == 0 {
			t.Fatal("the browser reported no requests at all")
		}
		for _, u := range requested {
			p, err := url.Parse(u)
			if err != nil || (p.Host != origin.Host && p.Scheme != "data") {
				t.Errorf("request to another host before any click: %s", u)
			}
		}
	})

	t.Run("the video card shows its title and duration and has no player yet", func(t *testing.T) {
		text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(videoCardSelector)))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(text, "3:06") {
			t.Errorf("video card text %q has no duration 3:06", text)
		}
		frames, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("iframe").length`))
		if err != nil || frames != 0 {
			t.Errorf("iframes before the click: %d (%v)", frames, err)
		}
	})

	t.Run("clicking the video card loads the player in place", func(t *testing.T) {
		err := chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(videoCardSelector+" a")),
			chromedp.WaitReady(chromedp.CSS(videoCardSelector+" iframe")),
		)
		if err != nil {
			t.Fatalf("click: %v", err)
		}
		src, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(videoCardSelector+" iframe"), "src"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(src.Value, "https://www.youtube-nocookie.com/embed/") {
			t.Errorf("player src = %q", src.Value)
		}
		current, err := chromedp.Run(ctx, chromedp.Location())
		if err != nil || !strings.HasSuffix(current, path) {
			t.Errorf("the click left the article: now at %q (%v)", current, err)
		}
	})
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

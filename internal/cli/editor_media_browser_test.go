package cli

import (
	"net/url"
	"strconv"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"warta/internal/tools/testenv"
)

// dropImage drops an image file on the editor's first paragraph as a
// writer dragging it from their desktop would: a drop event whose
// DataTransfer holds a real PNG (drawn on a canvas, w by h pixels). It
// first starts recording whether the upload's progress bar is shown.
func dropImage(name string, w, h int) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](`(async () => {
		const bar = document.getElementById("rt-progress");
		window.__progressShown = false;
		new MutationObserver(() => { if (!bar.hidden) window.__progressShown = true; }).observe(bar, {attributes: true});
		const c = document.createElement("canvas");
		c.width = `+strconv.Itoa(w)+`; c.height = `+strconv.Itoa(h)+`;
		const g = c.getContext("2d");
		g.fillStyle = "#1d6b4f"; g.fillRect(0, 0, c.width, c.height);
		g.fillStyle = "#f4c430"; g.fillRect(c.width / 4, c.height / 4, c.width / 2, c.height / 2);
		const blob = await new Promise((r) => c.toBlob(r, "image/png"));
		const dt = new DataTransfer();
		dt.items.add(new File([blob], `+jsString(name)+`, {type: "image/png"}));
		const el = document.getElementById("f-body-rich");
		const r = el.querySelector("p").getBoundingClientRect();
		const at = {clientX: r.left + 4, clientY: r.top + r.height / 2, bubbles: true, cancelable: true, dataTransfer: dt};
		for (const type of ["dragenter", "dragover", "drop"]) { el.dispatchEvent(new DragEvent(type, at)); }
	})()`, chromedp.EvalAwaitPromise)
}

// pasteText pastes plain text into the focused editor, as a link copied
// from a browser's address bar.
func pasteText(text string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](`(() => {
		const dt = new DataTransfer();
		dt.setData("text/plain", ` + jsString(text) + `);
		document.getElementById("f-body-rich").dispatchEvent(new ClipboardEvent("paste", {clipboardData: dt, bubbles: true, cancelable: true}));
	})()`)
}

// requestLog records the address of every request the tab sends.
type requestLog struct {
	mu   sync.Mutex
	urls []string
}

func listenRequests(t *testing.T, b *tab) *requestLog {
	t.Helper()
	log := &requestLog{}
	if err := chromedp.Listen(b.ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			log.mu.Lock()
			log.urls = append(log.urls, e.Request.URL)
			log.mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	return log
}

// foreign returns the requests so far to a host other than base's, and
// how many requests there were in all.
func (l *requestLog) foreign(base string) ([]string, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	origin, _ := url.Parse(base)
	var out []string
	for _, u := range l.urls {
		p, err := url.Parse(u)
		if err != nil || (p.Host != origin.Host && p.Scheme != "data" && p.Scheme != "blob") {
			out = append(out, u)
		}
	}
	return out, len(l.urls)
}

// checkAxe runs axe-core on the tab's page and reports serious and
// critical violations to t (a subtest: b.t is not used).
func checkAxe(t *testing.T, b *tab) {
	t.Helper()
	if err := chromedp.Do(b.ctx, chromedp.Evaluate[chromedp.Void](testenv.AxeSource(t))); err != nil {
		t.Fatal(err)
	}
	violations, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]axeViolation](
		`axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations)`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range violations {
		if v.Impact == "serious" || v.Impact == "critical" {
			t.Errorf("%s (%s): %s %v", v.ID, v.Impact, v.Help, v.Nodes)
		}
	}
}

package cli

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"warta/internal/model"
	"warta/internal/publishing"
	"warta/internal/store"
	"warta/internal/tools/testenv"
)

// shiftLeft selects n characters to the left of the caret.
func shiftLeft(n int) chromedp.Action[chromedp.Void] {
	return press(kb.ArrowLeft, n, chromedp.ModifierShift)
}

// press presses key n times with the modifiers.
func press(key string, n int, mods ...chromedp.Modifier) chromedp.Action[chromedp.Void] {
	return chromedp.Action[chromedp.Void](func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		for range n {
			if _, err := chromedp.KeyEvent(key, chromedp.KeyModifiers(mods...))(ctx, tg); err != nil {
				return chromedp.Void{}, err
			}
		}
		return chromedp.Void{}, nil
	})
}

// selectWord selects the first occurrence of word in the editor as a
// mouse drag over it would: through the document's selection, which the
// editor follows.
func selectWord(word string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](`(() => {
		const el = document.getElementById("f-body-rich");
		el.focus();
		const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
		while (w.nextNode()) {
			const i = w.currentNode.data.indexOf(` + jsString(word) + `);
			if (i < 0) continue;
			getSelection().setBaseAndExtent(w.currentNode, i, w.currentNode, i + ` + strconv.Itoa(len(word)) + `);
			return;
		}
		throw new Error("no such word");
	})()`)
}

func ctrl(key string) chromedp.Action[chromedp.Void] {
	return chromedp.KeyEvent(key, chromedp.KeyModifiers(chromedp.ModifierCtrl))
}

// pasteHTML pastes html into the focused editor as a clipboard from a word
// processor would: a paste event whose data holds text/html.
func pasteHTML(html string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](`(() => {
		const dt = new DataTransfer();
		dt.setData("text/html", ` + jsString(html) + `);
		dt.setData("text/plain", "pasted");
		document.getElementById("f-body-rich").dispatchEvent(new ClipboardEvent("paste", {clipboardData: dt, bubbles: true, cancelable: true}));
	})()`)
}

// googleDocsClip is what Google Docs puts on the clipboard for a heading
// and a paragraph with a bold and an italic word.
const googleDocsClip = `<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-5f1c"><h1 dir="ltr" style="line-height:1.38;margin-top:20pt"><span style="font-size:20pt;font-family:Arial;color:#000000;font-weight:400">Suara Pedagang</span></h1><p dir="ltr" style="line-height:1.38"><span style="font-size:11pt;font-family:Arial;color:#000000;font-weight:400">Harga cabai </span><span style="font-size:11pt;font-family:Arial;font-weight:700">turun</span><span style="font-size:11pt;font-family:Arial;font-weight:400"> minggu ini, kata </span><span style="font-size:11pt;font-family:Arial;font-style:italic;font-weight:400">Bu Sri</span><span style="font-size:11pt;font-family:Arial;font-weight:400">.</span></p></b><br class="Apple-interchange-newline">`

func TestBrowserRichEditor(t *testing.T) {
	ctx := testenv.Browser(t)
	dataDir := t.TempDir()
	addEditor(t, dataDir, "")
	base, _ := serveAt(t, dataDir, "")
	b := &tab{t: t, ctx: ctx, base: base}
	b.signIn("jadwal", "sandi redaktur jadwal")

	b.do("open a new article and type a paragraph",
		chromedp.Navigate(base+"/admin/articles/new"),
		visible("#f-body-rich"),
		keys("#f-title", "Pasar Lawang Sari Ramai Lagi"),
		keys("#f-body-rich", "Pedagang kembali berjualan di pasar kota"),
	)
	b.do("add a link with Ctrl+K",
		shiftLeft(len("kota")),
		ctrl("k"),
		visible("#rt-link-url"),
		keys("#rt-link-url", "https://pemkot.example/pasar"),
		chromedp.KeyEvent("\r"),
		visible(`#f-body-rich a[href="https://pemkot.example/pasar"]`),
	)
	b.do("make a word bold with the toolbar",
		selectWord("pasar"),
		chromedp.Poll[chromedp.Void](`wartaEditor.state.doc.textBetween(wartaEditor.state.selection.from, wartaEditor.state.selection.to) === "pasar"`),
		click(`.rt-toolbar [data-cmd=bold]`),
		visible("#f-body-rich strong"),
	)
	if p := b.attr(`.rt-toolbar [data-cmd=bold]`, "aria-pressed"); p != "true" {
		t.Errorf("the bold button is not pressed on bold text: %q", p)
	}
	b.do("paste from a document",
		chromedp.Evaluate[chromedp.Void](`wartaEditor.commands.focus("end")`),
		keys("#f-body-rich", ".\r"),
		pasteHTML(googleDocsClip),
		visible("#f-body-rich h2"),
	)
	body := b.eval(`document.getElementById("f-body").value`)
	for _, want := range []string{`<strong>pasar</strong>`, `<a href="https://pemkot.example/pasar">kota</a>`,
		`<h2>Suara Pedagang</h2>`, `<strong>turun</strong>`, `<em>Bu Sri</em>`} {
		if !strings.Contains(body, want) {
			t.Errorf("the body field lacks %s:\n%s", want, body)
		}
	}
	for _, junk := range []string{"style=", "docs-internal", "<span", "<b ", "<h1"} {
		if strings.Contains(body, junk) {
			t.Errorf("the pasted document left %q in the body:\n%s", junk, body)
		}
	}
	b.do("undo the paste, then redo it",
		ctrl("z"),
		chromedp.Poll[chromedp.Void](`!document.querySelector("#f-body-rich h2")`),
		chromedp.KeyEvent("z", chromedp.KeyModifiers(chromedp.ModifierCtrl|chromedp.ModifierShift)),
		visible("#f-body-rich h2"),
	)

	b.do("drag an image file in",
		dropImage("pasar-lawang-sari.png", 1600, 900),
		visible("#rt-image-alt"),
	)
	if shown := b.eval(`String(window.__progressShown) + " " + document.getElementById("rt-progress-bar").value`); shown != "true 100" {
		t.Errorf("the upload's progress bar (shown, value): %s, want true 100", shown)
	}
	b.do("give it no alt text: the dialog stays and says why",
		click(`#rt-image button[value=ok]`),
		visible("#rt-image-alt"),
	)
	if valid := b.eval(`String(document.getElementById("rt-image-alt").validity.valid)`); valid != "false" {
		t.Errorf("an empty alt text was accepted: validity %s", valid)
	}
	b.do("give alt text, a caption and a credit",
		keys("#rt-image-alt", "Kios sayur di Pasar Lawang Sari pada pagi hari"),
		keys("#rt-image-caption", "Pedagang menata sayur sebelum pasar dibuka."),
		keys("#rt-image-credit", "Foto: Andi Lensa"),
		click(`#rt-image button[value=ok]`),
		visible("#f-body-rich figure.image img"),
	)
	b.do("embed a YouTube and an X link by pasting them",
		chromedp.Evaluate[chromedp.Void](`wartaEditor.commands.focus("end")`),
		pasteText("https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
		visible(".rt-embed .rt-embed-title"),
		// The editor keeps the focus after a paste (Tiptap focuses in the
		// next frames); the reporter, a moment later, clicks into the
		// card's title and types.
		chromedp.Poll[chromedp.Void](`document.activeElement === document.getElementById("f-body-rich")`),
		chromedp.Sleep(400*time.Millisecond),
		click(".rt-embed .rt-embed-title"),
		chromedp.Poll[chromedp.Void](`document.activeElement === document.querySelector(".rt-embed .rt-embed-title")`),
		keys(".rt-embed .rt-embed-title", "Peresmian Pasar Lawang Sari"),
		chromedp.Poll[chromedp.Void](`document.querySelector(".rt-embed .rt-embed-title").value === "Peresmian Pasar Lawang Sari"`),
		chromedp.Evaluate[chromedp.Void](`document.querySelector(".rt-embed .rt-embed-title").dispatchEvent(new Event("change"))`),
		chromedp.Evaluate[chromedp.Void](`wartaEditor.commands.focus("end")`),
		pasteText("https://x.com/pemkotwening/status/1790000000000000000"),
		chromedp.Poll[chromedp.Void](`document.querySelectorAll("#f-body-rich .rt-embed").length === 2`),
	)
	body = b.eval(`document.getElementById("f-body").value`)
	for _, want := range []string{`<figure class="image"><img src="/media/`, `alt="Kios sayur di Pasar Lawang Sari pada pagi hari" width="1600" height="900">`,
		`<figcaption>Pedagang menata sayur sebelum pasar dibuka. <span class="credit">Foto: Andi Lensa</span></figcaption></figure>`,
		`<figure class="embed" data-provider="youtube"><figcaption><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">Peresmian Pasar Lawang Sari</a></figcaption></figure>`,
		`<figure class="embed" data-provider="x"><figcaption><a href="https://x.com/pemkotwening/status/1790000000000000000">https://x.com/pemkotwening/status/1790000000000000000</a></figcaption></figure>`} {
		if !strings.Contains(body, want) {
			t.Errorf("the body field lacks %s:\n%s", want, body)
		}
	}

	b.do("publish", click(`button[name=status][value=published]`), visible(`.notice`))
	path := b.attr(`.meta a[href^="/20"]`, "href")
	// A reader, signed out, in a browser of their own.
	r := newTab(t, base)
	requests := listenRequests(t, r)
	r.do("read it on the site", chromedp.Navigate(base+path), visible("h1"), chromedp.Sleep(500*time.Millisecond))
	for sel, want := range map[string]string{
		"main strong": "pasar",
		`main a[href="https://pemkot.example/pasar"]`: "kota",
		"main h2":                               "Suara Pedagang",
		"main em":                               "Bu Sri",
		".article-body figure.image figcaption": "Pedagang menata sayur sebelum pasar dibuka. Foto: Andi Lensa",
		".article-body figure.image figcaption .credit": "Foto: Andi Lensa",
		".embed-card.embed-youtube .video-card-title":   "Peresmian Pasar Lawang Sari",
		".embed-card.embed-x .video-card-title":         "Kiriman di X",
	} {
		if got := normalSpace(r.text(sel)); got != want {
			t.Errorf("%s on the public page: %q, want %q", sel, got, want)
		}
	}
	if name := r.eval(`document.querySelector(".embed-card.embed-x a[href='https://x.com/pemkotwening/status/1790000000000000000']").textContent.replace(/\s+/g, " ").trim()`); name != "Tampilkan kiriman: Kiriman di X" {
		t.Errorf("the X card's link reads %q, want it to say what it does and what it shows", name)
	}
	if srcset := r.attr(".article-body figure.image img", "srcset"); !strings.Contains(srcset, " 1600w") || strings.Count(srcset, "w,") < 1 {
		t.Errorf("the story's image has srcset %q, want its variants and the 1600w original", srcset)
	}
	if alt := r.attr(".article-body figure.image img", "alt"); alt != "Kios sayur di Pasar Lawang Sari pada pagi hari" {
		t.Errorf("the story's image has alt %q", alt)
	}
	if n := r.eval(`String(document.querySelectorAll("iframe").length)`); n != "0" {
		t.Errorf("%s frames on the page before any click", n)
	}
	if foreign, all := requests.foreign(base); all == 0 || len(foreign) > 0 {
		t.Errorf("before any click, of %d requests these left for another origin: %v", all, foreign)
	}
	t.Run("the page with an image and two cards has no serious axe violation", func(t *testing.T) { checkAxe(t, r) })
	r.do("click the YouTube card",
		click(".embed-card.embed-youtube a"),
		visible(".embed-card.embed-youtube iframe"),
		chromedp.Sleep(300*time.Millisecond), // the frame's request
	)
	if src := r.attr(".embed-card.embed-youtube iframe", "src"); !strings.HasPrefix(src, "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ") {
		t.Errorf("the YouTube card framed %q", src)
	}
	if n := r.eval(`String(document.querySelectorAll("iframe").length)`); n != "1" {
		t.Errorf("%s frames after one click, want only the clicked card's", n)
	}
	if foreign, _ := requests.foreign(base); len(foreign) == 0 || strings.Contains(strings.Join(foreign, " "), "twitter") {
		t.Errorf("after clicking the YouTube card only it may reach its platform: %v", foreign)
	}

	t.Run("a second story picks the photo from the media library, found by its alt text", func(t *testing.T) {
		e := newTab(t, base)
		e.signIn("jadwal", "sandi redaktur jadwal")
		e.do("open the library from the toolbar and search it",
			chromedp.Navigate(base+"/admin/articles/new"),
			visible("#f-body-rich"),
			keys("#f-title", "Pasar Lawang Sari dalam gambar"),
			click(`.rt-toolbar [data-cmd=library]`),
			visible("#rt-library-list input"),
			keys("#rt-library-q", "kios sayur"),
			visible("#rt-library-list input"),
		)
		if got := normalSpace(e.text("#rt-library-list")); got != "Kios sayur di Pasar Lawang Sari pada pagi hari" {
			t.Errorf("the library found %q for \"kios sayur\"", got)
		}
		t.Run("the editor with the library open has no serious axe violation", func(t *testing.T) { checkAxe(t, e) })
		e.do("pick the photo and keep the alt text and caption the library remembers",
			click("#rt-library-list input"),
			click(`#rt-library button[value=ok]`),
			visible("#rt-image-alt"),
		)
		if alt := e.eval(`document.getElementById("rt-image-alt").value`); alt != "Kios sayur di Pasar Lawang Sari pada pagi hari" {
			t.Errorf("the image dialog offers alt text %q, want the one given at upload", alt)
		}
		e.do("insert it", click(`#rt-image button[value=ok]`), visible("#f-body-rich figure.image img"))
		if body := e.eval(`document.getElementById("f-body").value`); !strings.Contains(body, `<figure class="image"><img src="/media/`) ||
			!strings.Contains(body, `alt="Kios sayur di Pasar Lawang Sari pada pagi hari" width="1600" height="900"><figcaption>Pedagang menata sayur sebelum pasar dibuka.</figcaption></figure>`) {
			t.Errorf("the body field after picking from the library:\n%s", body)
		}
	})

	t.Run("an imported WordPress body opens and saves without loss", func(t *testing.T) {
		st, err := store.Open(context.Background(), "", dataDir)
		if err != nil {
			t.Fatal(err)
		}
		u, err := st.UserByLogin(context.Background(), "jadwal")
		if err != nil {
			t.Fatal(err)
		}
		a, err := publishing.Save(context.Background(), st, u, publishing.Input{Title: "Impor WordPress", Format: model.FormatHTML,
			Body: wordpressBody, Status: model.StatusPublished}, time.Now().UTC())
		st.Close()
		if err != nil {
			t.Fatal(err)
		}
		before := string(a.BodyHTML)
		b := newTab(t, base)
		b.signIn("jadwal", "sandi redaktur jadwal")
		b.do("open it, touch the text and save",
			chromedp.Navigate(base+"/admin/articles/"+strconv.FormatInt(a.ID, 10)),
			visible("#f-body-rich"),
			chromedp.Evaluate[chromedp.Void](`wartaEditor.commands.focus("end")`),
			chromedp.KeyEvent("x"),
			chromedp.KeyEvent(kb.Backspace),
			click(`button[name=status][value=published]`),
			visible(`.notice`),
		)
		st, err = store.Open(context.Background(), "", dataDir)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		after, err := st.ArticleByID(context.Background(), a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if normalSpace(string(after.BodyHTML)) != normalSpace(before) {
			t.Errorf("the body changed on a save without edits\nbefore %s\n after %s", before, after.BodyHTML)
		}
	})
}

// normalSpace collapses runs of white space, which HTML renders alike.
func normalSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// wordpressBody is a post as WordPress's block editor stores it, after the
// importer's autop: figures with classes, a table, a quote with its
// citation, inline semantics the editor has no button for.
const wordpressBody = `<!-- wp:paragraph -->
<p>Wali kota meresmikan <a href="https://example.org/pasar" title="Pasar">pasar baru</a> pada hari <time datetime="2024-04-26">Jumat</time>.</p>
<!-- /wp:paragraph -->
<h2 id="latar-belakang">Latar belakang</h2>
<figure class="wp-block-image size-large"><img src="https://example.org/pasar.jpg" alt="Pasar baru" width="1200" height="800"><figcaption>Foto: Redaksi</figcaption></figure>
<ul><li>Lantai satu: sayur</li><li>Lantai dua: <strong>pakaian</strong></li></ul>
<ol start="3"><li>tiga</li><li>empat</li></ol>
<blockquote class="wp-block-quote"><p>Pasar ini nyawa kami.</p><cite>Bu Sri</cite></blockquote>
<table><thead><tr><th scope="col">Jam</th><th scope="col">Rute</th></tr></thead><tbody><tr><td>07.00</td><td>Koridor 1</td></tr></tbody></table>
<p>Rumus air: H<sub>2</sub>O, dan <abbr title="Badan Meteorologi">BMKG</abbr> mencatat hujan.</p>
<pre><code class="language-go">x := 1
y := 2</code></pre>
<p>Paragraf <em>terakhir</em> dengan<br>baris baru.</p>`

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

	b.do("publish", click(`button[name=status][value=published]`), visible(`.notice`))
	path := b.attr(`.meta a[href^="/20"]`, "href")
	b.do("read it on the site", chromedp.Navigate(base+path), visible("h1"))
	for sel, want := range map[string]string{
		"main strong": "pasar",
		`main a[href="https://pemkot.example/pasar"]`: "kota",
		"main h2": "Suara Pedagang",
		"main em": "Bu Sri",
	} {
		if got := b.text(sel); got != want {
			t.Errorf("%s on the public page: %q, want %q", sel, got, want)
		}
	}

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

package cli

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/tools/testenv"
)

// TestBrowserNoLostEdits: two editors in two browsers save one article;
// the second gets the conflict page with both versions and keeps what was
// typed. Leaving an editor with changes raises the browser's dialog.
func TestBrowserNoLostEdits(t *testing.T) {
	dataDir := t.TempDir()
	addEditor(t, dataDir, "")
	if code, _, errOut := runIn("sandi redaktur kedua\n", "user", "add", "--login", "kedua", "--email", "kedua@warta.test",
		"--role", "editor", "--name", "Redaktur Kedua", "--data-dir", dataDir); code != 0 {
		t.Fatalf("user add: %s", errOut)
	}
	base, _ := serveAt(t, dataDir, "")
	first := &tab{t: t, ctx: testenv.Browser(t), base: base}
	first.signIn("jadwal", "sandi redaktur jadwal")
	first.do("publish an article",
		chromedp.Navigate(base+"/admin/articles/new"),
		visible("#f-body-rich"),
		keys("#f-title", "Jembatan Kali Wening Dibuka"),
		keys("#f-body-rich", "Jembatan dibuka pagi ini."),
		click(`button[name=status][value=published]`),
		visible(`.notice`),
	)
	if n := first.text(".notice"); !strings.Contains(n, "Published") && !strings.Contains(n, "Terbit") {
		t.Errorf("the notice after publishing says %q", n)
	}
	edit := first.eval(`location.pathname`)

	second := &tab{t: t, ctx: testenv.Browser(t), base: base}
	second.signIn("kedua", "sandi redaktur kedua")
	second.do("the second editor opens the same article", chromedp.Navigate(base+edit), visible("#f-body-rich"))

	first.do("the first editor changes the title and updates",
		chromedp.Navigate(base+edit),
		visible("#f-title"),
		chromedp.SetValue(chromedp.CSS("#f-title"), "Jembatan Kali Wening Resmi Dibuka"),
		click(`button[name=status][value=published]`),
		visible(`.notice`),
	)
	if n := first.text(".notice"); !strings.Contains(n, "Updated") && !strings.Contains(n, "Diperbarui") {
		t.Errorf("the notice after updating a live article says %q", n)
	}
	if b := first.text(`button[name=status][value=published]`); b != "Update" && b != "Perbarui" {
		t.Errorf("a live article's main button reads %q", b)
	}

	second.do("the second editor adds a paragraph and updates",
		chromedp.Evaluate[chromedp.Void](`wartaEditor.commands.focus("end")`),
		keys("#f-body-rich", "\rWarga menyambut dengan syukur."),
		click(`button[name=status][value=published]`),
		visible(`.conflict`),
	)
	conflict := second.text(".conflict")
	for _, want := range []string{"Redaktur Jadwal", "Jembatan Kali Wening Resmi Dibuka", "Warga menyambut dengan syukur."} {
		if !strings.Contains(conflict, want) {
			t.Errorf("the conflict page lacks %q:\n%s", want, conflict)
		}
	}
	if body := second.eval(`document.getElementById("f-body").value`); !strings.Contains(body, "Warga menyambut dengan syukur.") {
		t.Errorf("the second editor's text is not in the form any more: %q", body)
	}
	if a := articleAt(t, dataDir, edit); a.Title != "Jembatan Kali Wening Resmi Dibuka" || strings.Contains(string(a.BodyHTML), "syukur") {
		t.Errorf("the stale save overwrote the article: %q %q", a.Title, a.BodyHTML)
	}
	second.do("saving again, on purpose, keeps the second version",
		click(`button[name=status][value=published]`),
		visible(`.notice`),
	)
	if a := articleAt(t, dataDir, edit); !strings.Contains(string(a.BodyHTML), "Warga menyambut dengan syukur.") {
		t.Errorf("the deliberate save did not keep the text: %q", a.BodyHTML)
	}

	t.Run("leaving with unsaved changes asks first", func(t *testing.T) {
		second.t = t
		dialogs := chromedp.Events(second.ctx, page.JavascriptDialogOpening)
		got := make(chan page.DialogType, 1)
		go func() {
			for ev, err := range dialogs {
				if err != nil {
					return
				}
				got <- ev.Type
				_, _ = chromedp.Call(second.ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
				return
			}
		}()
		second.do("type, then follow a link away",
			chromedp.Evaluate[chromedp.Void](`wartaEditor.commands.focus("end")`),
			keys("#f-body-rich", " Belum disimpan."),
			click(`nav.nav a[href="/admin/articles/"]`),
		)
		select {
		case typ := <-got:
			if typ != page.DialogTypeBeforeunload {
				t.Errorf("the dialog is a %s, want beforeunload", typ)
			}
		case <-time.After(20 * time.Second):
			t.Fatal("leaving with changes raised no dialog")
		}
		if p := second.eval(`location.pathname`); p != edit {
			t.Errorf("after staying, the page is %s", p)
		}
	})
}

// articleAt reads the article whose editor is at path from the database.
func articleAt(t *testing.T, dataDir, path string) *model.Article {
	t.Helper()
	st, err := store.Open(context.Background(), "", dataDir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var id int64
	for _, c := range strings.TrimPrefix(path, "/admin/articles/") {
		id = id*10 + int64(c-'0')
	}
	a, err := st.ArticleByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

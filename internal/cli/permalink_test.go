package cli

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestImportKeepPermalinks imports an export whose links follow a
// structure of its own with --keep-permalinks, then serves the site: every
// old link shows its article (200), through the page cache too.
func TestImportKeepPermalinks(t *testing.T) {
	data := t.TempDir()
	fixture, _ := filepath.Abs("../wxr/testdata/permalinks.wxr")
	code, out, errOut := run("import", "wxr", fixture, "--keep-permalinks", "--data-dir", data)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"permalink  /%year%/%category%/%postname%.html (3 of 3 posts)",
		"permalink  kept: the site's permalink structure is now /%year%/%category%/%postname%.html"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	base, _ := startServeDir(t, data, "--no-demo")
	for link, title := range map[string]string{
		"/2024/berita/daerah/banjir-rob-surut.html": "Banjir rob mulai surut",
		"/2023/olahraga/tim-lokal-menang.html":      "Tim lokal menang di final",
		"/2024/berita/pasar-ikan-baru.html":         "Pasar ikan baru dibuka",
	} {
		for range 2 { // the second answer comes from the page cache
			status, _, body := get(t, base, link)
			if status != 200 || !strings.Contains(body, title) {
				t.Errorf("GET %s: %d, want 200 with %q", link, status, title)
			}
		}
	}
	t.Run("a new structure empties the page cache and old links move", func(t *testing.T) {
		st := openAside(t, "", data) // as another process would
		set, err := st.Settings(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		set.ChangePermalink("/%postname%/")
		if err := st.SaveSettings(t.Context(), set); err != nil {
			t.Fatal(err)
		}
		old := "/2023/olahraga/tim-lokal-menang.html"
		eventually(t, base, old, `<link rel="canonical" href="`+base+`/tim-lokal-menang/"`, 10*time.Second)
		if status, h, _ := get(t, base, old); status != 301 || h.Get("Location") != "/tim-lokal-menang/" {
			t.Errorf("GET %s: %d to %q", old, status, h.Get("Location"))
		}
	})
	t.Run("an export without readable permalinks cannot keep them", func(t *testing.T) {
		v10, _ := filepath.Abs("../wxr/testdata/v10.wxr")
		code, _, errOut := run("import", "wxr", v10, "--keep-permalinks", "--data-dir", t.TempDir())
		// Exit 3: the file cannot give what was asked, and nothing changed.
		if code != exitInput || !strings.Contains(errOut, "import it without --keep-permalinks; nothing was imported") {
			t.Errorf("exit %d: %s", code, errOut)
		}
	})
}

package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"

	"warta/internal/tools/testenv"
)

// TestFeedsParseInIndependentParsers reads the demo site's RSS and Atom
// feeds — site, archive, comments, an article's comments — with Debian's
// python3-feedparser and with two npm parsers. (JSON Feed has no parser in
// either; internal/feed's tests check its required members.)
func TestFeedsParseInIndependentParsers(t *testing.T) {
	python, nodeDir := testenv.FeedParsers(t)
	base, _ := startServe(t)
	articles, _ := demoPaths(t, base)
	var urls []string
	for _, p := range []string{"/", "/category/kota/", "/tag/banjir/", "/author/rina-kusumawardani/", "/comments/", articles[0]} {
		urls = append(urls, base+p+"feed/", base+p+"feed/atom/")
	}
	for _, u := range urls {
		if status, _, _ := get(t, base, u[len(base):]); status != 200 {
			t.Fatalf("%s answers %d", u, status)
		}
	}
	dir, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	py := exec.Command(python, append([]string{filepath.Join(dir, "feedparser_check.py")}, urls...)...)
	if out, err := py.CombinedOutput(); err != nil {
		t.Errorf("python3-feedparser: %v\n%s", err, out)
	}
	node := exec.Command("node", append([]string{filepath.Join(dir, "feed_check.cjs")}, urls...)...)
	node.Env = append(os.Environ(), "NODE_PATH="+filepath.Join(nodeDir, "node_modules"))
	out, err := node.CombinedOutput()
	if err != nil {
		t.Errorf("npm parsers: %v\n%s", err, out)
	}
	if n := len(regexp.MustCompile(`(?m) ok$`).FindAll(out, -1)); n != len(urls) {
		t.Errorf("npm parsers read %d of %d feeds:\n%s", n, len(urls), out)
	}
}

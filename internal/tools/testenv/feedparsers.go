package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// FeedParsers returns the two independent feed parsers the feed tests read
// warta's feeds with: a Python interpreter that imports Debian's
// python3-feedparser (WARTA_TEST_FEEDPARSER_PYTHON, default /usr/bin/python3),
// and a folder whose node_modules holds the npm packages rss-parser and
// @rowanmanning/feed-parser (WARTA_TEST_FEED_NODE_DIR). Missing ones skip
// the test, or fail it under CI=true.
func FeedParsers(t testing.TB) (python, nodeDir string) {
	t.Helper()
	python = os.Getenv("WARTA_TEST_FEEDPARSER_PYTHON")
	if python == "" {
		python = "/usr/bin/python3"
	}
	if err := exec.Command(python, "-c", "import feedparser").Run(); err != nil {
		missing(t, python+" cannot import feedparser", "apt-get install python3-feedparser")
	}
	nodeDir = os.Getenv("WARTA_TEST_FEED_NODE_DIR")
	for _, pkg := range []string{"rss-parser", "@rowanmanning/feed-parser"} {
		if _, err := os.Stat(filepath.Join(nodeDir, "node_modules", pkg, "package.json")); nodeDir == "" || err != nil {
			missing(t, "WARTA_TEST_FEED_NODE_DIR does not hold "+pkg, "npm install rss-parser @rowanmanning/feed-parser in a folder and name it")
		}
	}
	if _, err := exec.LookPath("node"); err != nil {
		missing(t, "node is not installed", "apt-get install nodejs")
	}
	return python, nodeDir
}

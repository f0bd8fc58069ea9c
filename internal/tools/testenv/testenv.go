// Package testenv finds the outside programs warta's tests drive — Debian's
// Chromium, the Nu Html Checker and axe-core — and wraps them for tests.
//
// .ci/run installs each and exports its path. On a developer machine
// without one, the test that needs it skips; under CI=true it fails, so CI
// never passes by skipping.
package testenv

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// missing skips t on a developer machine and fails it under CI=true.
func missing(t testing.TB, why, hint string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s; .ci/run installs it", why)
	}
	t.Skipf("%s (%s)", why, hint)
}

// Chromium returns the path of Debian's Chromium (WARTA_TEST_CHROMIUM, or
// chromium on the PATH).
func Chromium(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("WARTA_TEST_CHROMIUM"); p != "" {
		return p
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	missing(t, "chromium is not installed", "apt install chromium")
	return ""
}

// Browser starts headless Chromium with the flags this machine needs and
// returns a tab context that ends with the test.
func Browser(t testing.TB) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(Chromium(t)),
		chromedp.Headless,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.DisableGPU,
		chromedp.NoSandbox,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelTab(); cancelAlloc() })
	return ctx
}

// Lighthouse returns the path of Lighthouse's command (WARTA_TEST_LIGHTHOUSE:
// node_modules/.bin/lighthouse of the npm package lighthouse 12, run with
// the machine's Node).
func Lighthouse(t testing.TB) string {
	t.Helper()
	p := os.Getenv("WARTA_TEST_LIGHTHOUSE")
	if p == "" {
		missing(t, "WARTA_TEST_LIGHTHOUSE is not set", "npm install --ignore-scripts lighthouse@12, then point it at node_modules/.bin/lighthouse")
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("WARTA_TEST_LIGHTHOUSE: %v", err)
	}
	return p
}

// AxeSource returns axe-core's script (WARTA_TEST_AXE_JS, axe.min.js from
// the npm package axe-core).
func AxeSource(t testing.TB) string {
	t.Helper()
	p := os.Getenv("WARTA_TEST_AXE_JS")
	if p == "" {
		missing(t, "WARTA_TEST_AXE_JS is not set", "npm install axe-core, then point it at axe.min.js")
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("WARTA_TEST_AXE_JS: %v", err)
	}
	return string(b)
}

// ValidateHTML checks documents with the Nu Html Checker
// (WARTA_TEST_VNU_JAR, vnu.jar from the npm package vnu-jar, run with the
// machine's Java) and fails the test with every error, each named by the
// key it was given under (a path, usually).
func ValidateHTML(t testing.TB, docs map[string]string) {
	t.Helper()
	jar := os.Getenv("WARTA_TEST_VNU_JAR")
	if jar == "" {
		missing(t, "WARTA_TEST_VNU_JAR is not set", "npm install --ignore-scripts vnu-jar, then point it at vnu.jar")
	}
	if _, err := os.Stat(jar); err != nil {
		t.Fatalf("WARTA_TEST_VNU_JAR: %v", err)
	}
	if _, err := exec.LookPath("java"); err != nil {
		missing(t, "java is not installed", "apt install default-jre-headless")
	}
	keys := make([]string, 0, len(docs))
	for k := range docs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	dir := t.TempDir()
	files := make([]string, len(keys))
	for i, k := range keys {
		files[i] = filepath.Join(dir, "doc"+strconv.Itoa(i)+".html")
		if err := os.WriteFile(files[i], []byte(docs[k]), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	args := append([]string{"-jar", jar, "--errors-only", "--format", "gnu"}, files...)
	out, err := exec.Command("java", args...).CombinedOutput()
	if err == nil && strings.TrimSpace(string(out)) == "" {
		return
	}
	report := string(out)
	for i := range files {
		report = strings.ReplaceAll(report, "file:"+files[i], keys[i])
		report = strings.ReplaceAll(report, files[i], keys[i])
	}
	t.Fatalf("the Nu Html Checker found errors (%v):\n%s", err, report)
}

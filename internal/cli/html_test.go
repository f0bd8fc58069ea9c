package cli

import (
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// vnuJar returns the Nu Html Checker's jar; .ci/run installs it from npm
// (vnu-jar) and exports WARTA_TEST_VNU_JAR. Without it the test skips on a
// developer machine and fails under CI=true.
func vnuJar(t *testing.T) string {
	t.Helper()
	jar := os.Getenv("WARTA_TEST_VNU_JAR")
	if jar != "" {
		if _, err := os.Stat(jar); err == nil {
			if _, err := exec.LookPath("java"); err == nil {
				return jar
			}
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("the Nu Html Checker is not available (WARTA_TEST_VNU_JAR=%q, java needed); .ci/run installs both", jar)
	}
	t.Skip("set WARTA_TEST_VNU_JAR to vnu.jar (npm install --ignore-scripts vnu-jar) to check the HTML")
	return ""
}

func TestPublicPagesAreValidHTML(t *testing.T) {
	jar := vnuJar(t)
	base, _ := startServe(t)
	articles, archives := demoPaths(t, base)
	paths := append([]string{"/", "/page/2/", "/tentang-kami/", "/about/", "/halaman-yang-tidak-ada/"}, archives...)
	paths = append(paths, articles...)

	dir := t.TempDir()
	names := map[string]string{}
	for i, p := range paths {
		status, _, body := get(t, base, p)
		if status != http.StatusOK && status != http.StatusNotFound {
			t.Fatalf("GET %s: status %d", p, status)
		}
		name := filepath.Join(dir, "page"+strconv.Itoa(i)+".html")
		if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		names[name] = p
	}
	files := make([]string, 0, len(names))
	for n := range names {
		files = append(files, n)
	}
	out, err := exec.Command("java", append([]string{"-jar", jar, "--errors-only", "--format", "gnu"}, files...)...).CombinedOutput()
	if err != nil || len(strings.TrimSpace(string(out))) > 0 {
		report := string(out)
		for file, p := range names {
			report = strings.ReplaceAll(report, "file:"+file, p)
			report = strings.ReplaceAll(report, file, p)
		}
		t.Fatalf("the Nu Html Checker found errors (%v):\n%s", err, report)
	}
}

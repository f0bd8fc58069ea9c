package wpapi

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"warta/internal/view"
	"warta/internal/web"
)

// ClientEnv names the folder where the npm package wpapi is installed
// (.ci/run installs it); the default is where .ci/run puts it.
const ClientEnv = "WARTA_TEST_WPAPI_DIR"

func clientDir(t *testing.T) string {
	dir := os.Getenv(ClientEnv)
	if dir == "" {
		if cache, err := os.UserCacheDir(); err == nil {
			dir = filepath.Join(cache, "warta-ci", "wpapi")
		}
	}
	_, errNode := exec.LookPath("node")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "wpapi")); err != nil || errNode != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but node or the npm package wpapi (in %s, %s) is missing", dir, ClientEnv)
		}
		t.Skip("node or the npm package wpapi is not installed")
	}
	return dir
}

// TestRealWordPressClient runs node-wpapi against a running warta.
func TestRealWordPressClient(t *testing.T) {
	dir := clientDir(t)
	s := newAPISite(t)
	var mux http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { mux.ServeHTTP(w, r) }))
	defer srv.Close()
	v, err := view.New("")
	if err != nil {
		t.Fatal(err)
	}
	m := http.NewServeMux()
	api := New(s.st, srv.URL, nil)
	api.Routes(m)
	web.New(s.st, v, web.Options{BaseURL: srv.URL, RESTRoute: api}).Routes(m)
	mux = m

	script, _ := filepath.Abs("testdata/client.js")
	cmd := exec.Command("node", script, srv.URL)
	cmd.Env = append(os.Environ(), "NODE_PATH="+filepath.Join(dir, "node_modules"))
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("node: %v\n%s", err, stderr)
	}
	var got struct {
		Total          int        `json:"total"`
		TotalPages     int        `json:"totalPages"`
		Titles         []string   `json:"titles"`
		EmbeddedAuthor string     `json:"embeddedAuthor"`
		EmbeddedTerms  [][]string `json:"embeddedTerms"`
		Categories     []string   `json:"categories"`
		Pages          []string   `json:"pages"`
		ByID           string     `json:"byId"`
		Comments       int        `json:"comments"`
		Create         string     `json:"create"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if got.Total != 2 || got.TotalPages != 2 || !slices.Equal(got.Titles,
		[]string{"Harga ikan naik menjelang musim angin barat", "Perahu baru untuk koperasi"}) {
		t.Errorf("paging: %+v", got)
	}
	if got.EmbeddedAuthor != "Sari Wulandari" || len(got.EmbeddedTerms) != 2 || !slices.Equal(got.EmbeddedTerms[0], []string{"perikanan"}) {
		t.Errorf("embed: %q %v", got.EmbeddedAuthor, got.EmbeddedTerms)
	}
	if !slices.Equal(got.Categories, []string{"ekonomi", "perikanan"}) || !slices.Equal(got.Pages, []string{"tentang", "tim"}) ||
		got.ByID != "harga-ikan-naik" || got.Comments != 5 {
		t.Errorf("reads: %+v", got)
	}
	if got.Create != "rest_cannot_create 401" {
		t.Errorf("anonymous create: %q, want WordPress's 401", got.Create)
	}
}

package wpapi_test

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"warta/internal/auth"
	"warta/internal/model"
	"warta/internal/tools/scenario"
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
	// The client follows the links the site gives, so the site's address
	// is the test server's own.
	s := importedSite(t, scenario.Options{})
	editor, err := auth.CreateUser(t.Context(), s.Store, auth.NewUser{Login: "redaktur", Email: "redaktur@kabar.example",
		DisplayName: "Redaktur", Role: model.RoleEditor, Password: "sandi akun redaktur"})
	if err != nil {
		t.Fatal(err)
	}
	_, appPassword, err := auth.CreateAppPassword(t.Context(), s.Store, editor, "node-wpapi", time.Now())
	if err != nil {
		t.Fatal(err)
	}

	script, _ := filepath.Abs("testdata/client.js")
	cmd := exec.Command("node", script, s.URL, "redaktur", auth.FormatAppPassword(appPassword),
		base64.StdEncoding.EncodeToString(pngBytes(t, 640, 360)))
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
		Me             string     `json:"me"`
		Created        struct {
			ID     int64
			Status string
			Raw    string
		} `json:"created"`
		Updated struct {
			ID     int64
			Status string
			Title  string
			Link   string
		} `json:"updated"`
		Uploaded struct {
			ID   int64
			Alt  string
			Type string
			Src  string
		} `json:"uploaded"`
		Comment struct {
			ID     int64
			Status string
		} `json:"comment"`
		Listed         []string `json:"listed"`
		Featured       int64    `json:"featured"`
		Media          []int64  `json:"media"`
		ListedComments []string `json:"listedComments"`
		WrongPassword  string   `json:"wrongPassword"`
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

	// Signed in with the application password, the client wrote.
	if got.Me != editor.Slug {
		t.Errorf("users/me: %q", got.Me)
	}
	if got.Created.ID == 0 || got.Created.Status != "draft" || got.Created.Raw != "Nelayan kembali melaut" {
		t.Errorf("create: %+v", got.Created)
	}
	if got.Updated.ID != got.Created.ID || got.Updated.Status != "publish" || got.Updated.Title != "Nelayan kembali melaut pagi ini" {
		t.Errorf("update: %+v", got.Updated)
	}
	if got.Uploaded.ID == 0 || got.Uploaded.Alt != "Perahu nelayan" || got.Uploaded.Type != "image" || got.Featured != got.Uploaded.ID {
		t.Errorf("upload: %+v, featured %d", got.Uploaded, got.Featured)
	}
	if got.Comment.ID == 0 || got.Comment.Status != "approved" {
		t.Errorf("comment: %+v", got.Comment)
	}
	if !slices.Contains(got.Listed, "Nelayan kembali melaut pagi ini") || !slices.Contains(got.Media, got.Uploaded.ID) ||
		len(got.ListedComments) != 1 || !strings.Contains(got.ListedComments[0], "Semoga hasil tangkapan melimpah.") {
		t.Errorf("lists after writing: posts %q, media %v, comments %q", got.Listed, got.Media, got.ListedComments)
	}
	if got.WrongPassword != "incorrect_password 401" {
		t.Errorf("wrong application password: %q", got.WrongPassword)
	}
	// The new post is on the public site, with its image.
	s.c.Run(t,
		scenario.Scenario{Name: "the public page", URL: got.Updated.Link, ExpectedStatus: 200,
			ExpectedContent: []string{"Nelayan kembali melaut pagi ini", "Semoga hasil tangkapan melimpah."}},
		scenario.Scenario{Name: "the uploaded image", URL: got.Uploaded.Src, ExpectedStatus: 200,
			ExpectedHeaders: map[string]string{"Content-Type": "image/png"}},
	)
}

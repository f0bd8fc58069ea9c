package cli

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"io"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"warta/internal/auth"
	"warta/internal/model"
	"warta/internal/store/storetest"
	"warta/internal/tools/testenv"
)

// Two instances on one PostgreSQL database keep their media in one S3
// bucket (a real SeaweedFS server): an image uploaded through one is
// served by the other, a deletion through either removes it for both, and
// a backup holds the bucket's objects, which a restore writes back.
func TestMediaInABucketOnTwoInstances(t *testing.T) {
	weed := testenv.StartSeaweed(t)
	dsn := storetest.PostgresURL(t)
	bucket := weed.Bucket(t)
	mediaURL := "s3://" + bucket + "/situs/media"
	if code, out, errOut := run("migrate", "--database-url", dsn); code != 0 {
		t.Fatalf("migrate: %d %s%s", code, out, errOut)
	}
	st := openAside(t, dsn, "")
	editor, err := auth.CreateUser(t.Context(), st, auth.NewUser{Login: "redaksi", Email: "redaksi@warta.example",
		DisplayName: "Redaksi", Role: model.RoleEditor, Password: "sandi redaksi yang panjang"})
	if err != nil {
		t.Fatal(err)
	}
	_, pw, err := auth.CreateAppPassword(t.Context(), st, editor, "uji", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	dirs := []string{t.TempDir(), t.TempDir()}
	first, _ := startServeEnv(t, dirs[0], weed.Getenv, "--database-url", dsn, "--no-demo", "--media-url", mediaURL)
	second, _ := startServeEnv(t, dirs[1], weed.Getenv, "--database-url", dsn, "--no-demo", "--media-url", mediaURL)
	rest := func(method, base, path string, body []byte, name string) (int, map[string]any) {
		t.Helper()
		req, err := http.NewRequest(method, base+path, bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.SetBasicAuth("redaksi", auth.FormatAppPassword(pw))
		if name != "" {
			req.Header.Set("Content-Type", "image/png")
			req.Header.Set("Content-Disposition", `attachment; filename="`+name+`"`)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		defer resp.Body.Close()
		var v map[string]any
		b, _ := io.ReadAll(resp.Body)
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, b)
		}
		return resp.StatusCode, v
	}
	upload := func(base, name string, img []byte) (id int64, paths []string) {
		t.Helper()
		code, m := rest("POST", base, "/wp-json/wp/v2/media?alt_text=Pasar+ikan", img, name)
		if code != http.StatusCreated {
			t.Fatalf("upload through %s: %d %v", base, code, m)
		}
		// Root-relative: each instance names its own origin.
		paths = []string{strings.TrimPrefix(m["source_url"].(string), base)}
		sizes := m["media_details"].(map[string]any)["sizes"].(map[string]any)
		for _, k := range slices.Sorted(maps.Keys(sizes)) {
			if u := strings.TrimPrefix(sizes[k].(map[string]any)["source_url"].(string), base); u != paths[0] {
				paths = append(paths, u)
			}
		}
		return int64(m["id"].(float64)), paths
	}
	// The WebP and AVIF copies are made beside the server, seconds after
	// an upload: the backup, the deletion and the restore below are about
	// an item whose files are all written.
	settled := func(id int64) {
		t.Helper()
		for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(200 * time.Millisecond) {
			lacking, err := st.MediaLackingRenditions(t.Context(), 0, 1000)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Contains(lacking, id) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("media %d still lacks its WebP and AVIF copies after 2 minutes", id)
			}
		}
	}
	img := gradientPNG(1000, 600)
	id, paths := upload(first, "pasar ikan.png", img)
	if len(paths) != 3 {
		t.Fatalf("the upload's files: %v, want the original, 480w and 800w", paths)
	}
	settled(id)

	t.Run("an image uploaded through one instance is served by the other", func(t *testing.T) {
		for _, p := range paths {
			status, h, body := get(t, second, p)
			if status != 200 || !strings.HasPrefix(body, "\x89PNG") || h.Get("Content-Type") != "image/png" || h.Get("ETag") == "" {
				t.Errorf("second instance, %s: %d %q ETag %q", p, status, h.Get("Content-Type"), h.Get("ETag"))
			}
		}
		if _, _, body := get(t, second, paths[0]); body != string(img) {
			t.Errorf("the original as served differs from the upload")
		}
		keys := weed.Keys(t, bucket, "")
		for _, p := range paths {
			if !slices.Contains(keys, "situs/media/"+strings.TrimPrefix(p, "/media/")) {
				t.Errorf("the bucket lacks %s: %v", p, keys)
			}
		}
		for _, d := range dirs {
			if _, err := os.Stat(filepath.Join(d, "media")); err == nil {
				t.Errorf("%s/media exists: an instance wrote media to its own folder", d)
			}
		}
	})

	archive := filepath.Join(t.TempDir(), "cadangan.tar.gz")
	t.Run("a backup holds the bucket's objects", func(t *testing.T) {
		code, out, errOut := runWith(weed.Getenv, "backup", "--database-url", dsn, "--data-dir", dirs[0], "--media-url", mediaURL, archive)
		if code != 0 {
			t.Fatalf("backup: %d %s%s", code, out, errOut)
		}
		held := archiveMedia(t, archive)
		for _, p := range paths {
			if held[strings.TrimPrefix(p, "/")] == "" {
				t.Errorf("the archive lacks %s: %v", p, held)
			}
		}
		if held[strings.TrimPrefix(paths[0], "/")] != string(img) {
			t.Errorf("the archived original differs from the upload")
		}
	})

	t.Run("deleting through one instance removes the image for both", func(t *testing.T) {
		if code, m := rest("DELETE", second, "/wp-json/wp/v2/media/"+strconv.FormatInt(id, 10)+"?force=true", nil, ""); code != 200 || m["deleted"] != true {
			t.Fatalf("delete: %d %v", code, m)
		}
		for _, base := range []string{first, second} {
			for _, p := range paths {
				if status, _, _ := get(t, base, p); status != http.StatusNotFound {
					t.Errorf("%s%s after deletion: %d, want 404", base, p, status)
				}
			}
		}
		if keys := weed.Keys(t, bucket, ""); len(keys) != 0 {
			t.Errorf("the bucket still holds %v", keys)
		}
	})

	t.Run("a restore writes the backup's objects back and drops the others", func(t *testing.T) {
		laterID, later := upload(second, "setelah cadangan.png", gradientPNG(300, 200))
		settled(laterID)
		code, out, errOut := runWith(weed.Getenv, "restore", "--yes", "--database-url", dsn, "--data-dir", t.TempDir(), "--media-url", mediaURL, archive)
		if code != 0 {
			t.Fatalf("restore: %d %s%s", code, out, errOut)
		}
		for _, base := range []string{first, second} {
			for _, p := range paths {
				if status, _, body := get(t, base, p); status != 200 || !strings.HasPrefix(body, "\x89PNG") {
					t.Errorf("%s%s after the restore: %d, want the image", base, p, status)
				}
			}
			if status, _, _ := get(t, base, later[0]); status != http.StatusNotFound {
				t.Errorf("%s%s, uploaded after the backup, after the restore: %d, want 404", base, later[0], status)
			}
		}
		if keys, held := weed.Keys(t, bucket, ""), archiveMedia(t, archive); len(keys) != len(held) {
			t.Errorf("the bucket holds %v after the restore, want the %d backed-up objects", keys, len(held))
		}
		if code, m := rest("GET", first, "/wp-json/wp/v2/media/"+strconv.FormatInt(id, 10), nil, ""); code != 200 {
			t.Errorf("the restored item: %d %v", code, m)
		}
	})
}

// gradientPNG is a w×h image: big enough for resized copies, small as a file.
func gradientPNG(w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{R: byte(x * 255 / w), G: byte(y * 255 / h), B: 128, A: 255})
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

// archiveMedia returns the media/… files of a backup archive by name.
func archiveMedia(t *testing.T, file string) map[string]string {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	out := map[string]string{}
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(hdr.Name, "media/") {
			b, err := io.ReadAll(tr)
			if err != nil {
				t.Fatal(err)
			}
			out[hdr.Name] = string(b)
		}
	}
}

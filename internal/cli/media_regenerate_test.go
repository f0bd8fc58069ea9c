package cli

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"warta/internal/media"
	"warta/internal/model"
	"warta/internal/store/storetest"
)

// warta media regenerate makes the WebP and AVIF copies and the focal-point
// crops of an uploaded photo; made again for an item whose record lost them
// (an archive restored without them), and with --force for files gone from
// the folder; a stray argument is a usage error.
func TestMediaRegenerate(t *testing.T) {
	data := t.TempDir()
	cmd := func(args ...string) (int, string, string) { return run(append(args, "--data-dir", data)...) }
	if code, out, errOut := cmd("migrate"); code != 0 {
		t.Fatalf("migrate: %d %s%s", code, out, errOut)
	}
	st := openAside(t, "", data)
	files, err := media.Open(t.Context(), "", filepath.Join(data, "media"), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	// A photo, as a newsroom uploads one (small, so the AVIF encoder is quick).
	img := image.NewRGBA(image.Rect(0, 0, 960, 540))
	for y := range 540 {
		for x := range 960 {
			img.Set(x, y, color.RGBA{R: uint8(x / 6), G: uint8(y / 4), B: uint8((x + y) / 9), A: 0xff})
		}
	}
	var photo bytes.Buffer
	if err := jpeg.Encode(&photo, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	editor := storetest.User(t, st, "redaktur")
	m, err := media.Save(t.Context(), st, files, &photo, "banjir-kali-wening.jpg", editor.ID, time.Now().UTC())
	if err != nil {
		t.Fatal(err)
	}
	onDisk := func() (have, lack []string) {
		item, err := st.Media(t.Context(), m.ID)
		if err != nil {
			t.Fatal(err)
		}
		fx, fy, err := st.MediaFocal(t.Context(), m.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := *item
		want.Renditions = media.WantedRenditions(item, fx, fy)
		for _, p := range want.RenditionPaths() {
			if _, err := os.Stat(filepath.Join(data, "media", filepath.FromSlash(p))); err == nil {
				have = append(have, p)
			} else {
				lack = append(lack, p)
			}
		}
		return have, lack
	}
	regenerate := func(t *testing.T, wantChanged string, args ...string) {
		t.Helper()
		code, out, errOut := cmd(append([]string{"media", "regenerate", "--quiet"}, args...)...)
		if code != 0 || !strings.Contains(out, wantChanged) {
			t.Fatalf("media regenerate %v: exit %d, %q %q; want %q", args, code, out, errOut, wantChanged)
		}
		have, lack := onDisk()
		if len(lack) > 0 {
			t.Errorf("after media regenerate %v the folder lacks %v (has %v)", args, lack, have)
		}
		// WebP and AVIF copies of each size, and the three crops.
		var webp, avif, crops int
		for _, p := range have {
			switch {
			case strings.HasSuffix(p, ".webp"):
				webp++
			case strings.HasSuffix(p, ".avif"):
				avif++
			case strings.Contains(p, "crop") || strings.HasSuffix(p, ".jpg"):
				crops++
			}
		}
		if webp == 0 || webp != avif || crops != len(model.CropRatios) {
			t.Errorf("made %d WebP, %d AVIF and %d crops: %v", webp, avif, crops, have)
		}
		item, err := st.Media(t.Context(), m.ID)
		if err != nil || item.Renditions == "" {
			t.Errorf("the record names no renditions: %+v %v", item, err)
		}
	}

	// The upload cuts its crops at once and leaves the copies to the
	// server's background, which is not running here.
	if _, lack := onDisk(); len(lack) == 0 {
		t.Fatal("the upload already has its WebP and AVIF copies: the command would have nothing to make")
	}
	t.Run("an upload gets its WebP and AVIF copies", func(t *testing.T) {
		regenerate(t, "1 media items given new renditions, 0 failed")
	})
	t.Run("an item whose record lost them gets them again", func(t *testing.T) {
		item, err := st.Media(t.Context(), m.ID)
		if err != nil {
			t.Fatal(err)
		}
		paths := item.RenditionPaths()
		for _, p := range paths {
			if err := os.Remove(filepath.Join(data, "media", filepath.FromSlash(p))); err != nil {
				t.Fatal(err)
			}
		}
		if err := st.SetMediaRenditions(t.Context(), m.ID, item.Renditions, ""); err != nil {
			t.Fatal(err)
		}
		regenerate(t, "1 media items given new renditions, 0 failed")
	})
	t.Run("--force makes files gone from the folder again", func(t *testing.T) {
		have, _ := onDisk()
		for _, p := range have {
			if err := os.Remove(filepath.Join(data, "media", filepath.FromSlash(p))); err != nil {
				t.Fatal(err)
			}
		}
		regenerate(t, "1 media items given new renditions, 0 failed", "--force")
	})
	t.Run("a stray argument is refused", func(t *testing.T) {
		if code, _, errOut := cmd("media", "regenerate", "semua"); code != exitUsage || !strings.Contains(errOut, "semua") {
			t.Errorf("media regenerate semua: exit %d, %q", code, errOut)
		}
	})
}

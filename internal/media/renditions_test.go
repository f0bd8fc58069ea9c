package media_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"path/filepath"
	"slices"
	"testing"
	"time"

	_ "github.com/gen2brain/avif" // decodes the AVIF copies

	"warta/internal/media"
	"warta/internal/model"
	"warta/internal/store/storetest"
	"warta/internal/tools/gen"
)

var now = time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)

func encodeJPEG(t *testing.T, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// decode reads key from files and decodes it, whatever its format.
func decode(t *testing.T, files media.Storage, key string) (image.Image, string, int) {
	t.Helper()
	rc, err := files.Open(t.Context(), key, 0)
	if err != nil {
		t.Fatalf("open %s: %v", key, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	img, format, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decode %s: %v", key, err)
	}
	return img, format, len(b)
}

func keys(t *testing.T, files media.Storage) []string {
	t.Helper()
	var out []string
	err := files.Walk(t.Context(), func(i media.Info) error { out = append(out, i.Key); return nil })
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestRenditions(t *testing.T) {
	ctx := context.Background()
	st := storetest.New(t)
	user := storetest.User(t, st, "Rina")
	files := media.NewFolder(filepath.Join(t.TempDir(), "media"))

	t.Run("a photo gets crops at upload, and WebP and AVIF copies of every size after", func(t *testing.T) {
		m, err := media.Save(ctx, st, files, bytes.NewReader(encodeJPEG(t, gen.Photo(7, 1700, 1100))), "banjir.jpg", user.ID, now)
		if err != nil {
			t.Fatal(err)
		}
		crops := m.Crops()
		if len(crops) != 3 {
			t.Fatalf("crops at upload: %q gives %d", m.Renditions, len(crops))
		}
		// 1200 pixels wide where the photo has them; the square has only
		// 1100 across and is not scaled up.
		want := map[string][2]int{"16x9": {1200, 675}, "4x3": {1200, 900}, "1x1": {1100, 1100}}
		for _, c := range crops {
			img, format, _ := decode(t, files, c.Path)
			w := want[c.Ratio.Name()]
			if b := img.Bounds(); b.Dx() != w[0] || b.Dy() != w[1] || c.Width != w[0] || c.Height != w[1] || format != "jpeg" {
				t.Errorf("crop %s: file %s %dx%d, named %dx%d; want jpeg %dx%d", c.Ratio.Name(), format, b.Dx(), b.Dy(), c.Width, c.Height, w[0], w[1])
			}
		}
		if got := m.FormatFiles(model.Formats[0]); got != nil {
			t.Errorf("AVIF copies before they were made: %v", got)
		}

		made, err := media.Renditions(ctx, st, files, m.ID, false)
		if err != nil || !made {
			t.Fatalf("renditions: made %v, %v", made, err)
		}
		m, err = st.Media(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		jpegSize := map[int]int{}
		for _, v := range m.Variants {
			_, _, n := decode(t, files, v.Path)
			jpegSize[v.Width] = n
		}
		for _, f := range model.Formats {
			list := m.FormatFiles(f)
			var widths []int
			for _, v := range list {
				img, format, n := decode(t, files, v.Path)
				if format != f.Name || img.Bounds().Dx() != v.Width || img.Bounds().Dy() != v.Height {
					t.Errorf("%s: a %s of %v, want %s %dx%d", v.Path, format, img.Bounds().Size(), f.Name, v.Width, v.Height)
				}
				if n >= jpegSize[v.Width] {
					t.Errorf("%s is %d bytes, no smaller than the JPEG's %d", v.Path, n, jpegSize[v.Width])
				}
				widths = append(widths, v.Width)
			}
			// The 1700-pixel original is wider than any slot: not copied.
			if !slices.Equal(widths, []int{480, 800, 1200, 1600}) {
				t.Errorf("%s widths %v", f.Name, widths)
			}
		}
		if made, err := media.Renditions(ctx, st, files, m.ID, false); made || err != nil {
			t.Errorf("a second run made %v, %v; want nothing to do", made, err)
		}

		gone, err := media.Delete(ctx, st, files, m.ID)
		if err != nil || gone == nil {
			t.Fatal(err)
		}
		if left := keys(t, files); len(left) != 0 {
			t.Errorf("files left after delete: %v", left)
		}
	})

	t.Run("the crops follow the focal point an editor sets, and the old ones go", func(t *testing.T) {
		// A portrait photo, red above and blue below: a 16:9 crop is a band
		// of it, red or blue depending on the focal point.
		img := image.NewRGBA(image.Rect(0, 0, 1200, 2000))
		for y := range 2000 {
			c := color.RGBA{200, 20, 20, 255}
			if y >= 1000 {
				c = color.RGBA{20, 20, 200, 255}
			}
			for x := range 1200 {
				img.SetRGBA(x, y, c)
			}
		}
		var b bytes.Buffer
		if err := png.Encode(&b, img); err != nil {
			t.Fatal(err)
		}
		m, err := media.Save(ctx, st, files, &b, "dua-warna.png", user.ID, now)
		if err != nil {
			t.Fatal(err)
		}
		centre := func(m *model.Media) (r, b uint32) {
			t.Helper()
			crop, format, _ := decode(t, files, m.Crops()[0].Path)
			if format != "png" {
				t.Errorf("a PNG's crop is %s, want png", format)
			}
			r, _, b, _ = crop.At(crop.Bounds().Dx()/2, crop.Bounds().Dy()/2).RGBA()
			return r >> 8, b >> 8
		}
		old := m.Crops()
		if err := media.SetFocal(ctx, st, files, m.ID, 0.5, 0.05); err != nil {
			t.Fatal(err)
		}
		top, err := st.Media(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if r, bl := centre(top); r < 150 || bl > 60 {
			t.Errorf("focal point near the top: the 16:9 crop's centre is r=%d b=%d, want red", r, bl)
		}
		if x, y, _ := top.CropFocal(); x != 500 || y != 50 {
			t.Errorf("crops recorded around %d,%d; want 500,50", x, y)
		}
		for _, c := range old {
			if _, err := files.Stat(ctx, c.Path); err == nil {
				t.Errorf("old crop %s left behind", c.Path)
			}
		}
		if err := media.SetFocal(ctx, st, files, m.ID, 0.5, 0.95); err != nil {
			t.Fatal(err)
		}
		bottom, _ := st.Media(ctx, m.ID)
		if r, bl := centre(bottom); bl < 150 || r > 60 {
			t.Errorf("focal point near the bottom: the 16:9 crop's centre is r=%d b=%d, want blue", r, bl)
		}
		if err := media.SetFocal(ctx, st, files, m.ID, 1.5, 0.5); err == nil {
			t.Error("a focal point outside the image was taken")
		}
	})
}

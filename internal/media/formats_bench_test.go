package media_test

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"math"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/gen2brain/avif"
	"github.com/gen2brain/webp"

	"warta/internal/tools/gen"
)

// BenchmarkImageFormats measures what the WebP and AVIF copies cost and
// save: for generated photos (gen.Photo: sky, clouds, textured hills,
// buildings, grain) at the size a page most often asks for, each encoder
// setting's mean file size against the JPEG variants' (quality 82, as
// media.Save writes them), their quality by SSIM against the photo, and the
// time to encode one. scripts/image-formats.sh runs it; docs/images.md
// quotes the figures. WARTA_BENCH_PHOTOS (default 200) and
// WARTA_BENCH_WIDTH (default 480, the narrowest variant, which cards
// ask for most) set the photos.
func BenchmarkImageFormats(b *testing.B) {
	n, width := envInt("WARTA_BENCH_PHOTOS", 200), envInt("WARTA_BENCH_WIDTH", 480)
	height := width * 2 / 3
	type setting struct {
		name   string
		encode func(*bytes.Buffer, image.Image) error
		decode func([]byte) (image.Image, error)
	}
	settings := []setting{
		{"jpeg q82", func(w *bytes.Buffer, img image.Image) error { return jpeg.Encode(w, img, &jpeg.Options{Quality: 82}) },
			func(d []byte) (image.Image, error) { return jpeg.Decode(bytes.NewReader(d)) }},
	}
	for _, q := range []int{80, 88} {
		settings = append(settings, setting{"webp q" + strconv.Itoa(q) + " m4", func(w *bytes.Buffer, img image.Image) error {
			return webp.Encode(w, img, webp.Options{Quality: q, Method: 4})
		}, func(d []byte) (image.Image, error) { return webp.Decode(bytes.NewReader(d)) }})
	}
	for _, q := range []int{60, 72} {
		settings = append(settings, setting{"avif q" + strconv.Itoa(q) + " s8", func(w *bytes.Buffer, img image.Image) error {
			return avif.Encode(w, img, avif.Options{Quality: q, QualityAlpha: q, Speed: 8})
		}, func(d []byte) (image.Image, error) { return avif.Decode(bytes.NewReader(d)) }})
	}
	type total struct {
		bytes, ssim float64
		took        time.Duration
	}
	totals := make([]total, len(settings))
	// The first encode of each wasm module compiles it: not a photo's cost.
	warm := gen.Photo(0, 64, 64)
	for _, s := range settings {
		var buf bytes.Buffer
		if err := s.encode(&buf, warm); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for range b.N {
		for i := range n {
			photo := gen.Photo(uint64(i+1), width, height)
			for k, s := range settings {
				var buf bytes.Buffer
				start := time.Now()
				if err := s.encode(&buf, photo); err != nil {
					b.Fatal(err)
				}
				totals[k].took += time.Since(start)
				totals[k].bytes += float64(buf.Len())
				back, err := s.decode(buf.Bytes())
				if err != nil {
					b.Fatal(err)
				}
				totals[k].ssim += ssim(photo, back)
			}
		}
	}
	b.StopTimer()
	count := float64(n * b.N)
	base := totals[0].bytes / count
	var table bytes.Buffer
	fmt.Fprintf(&table, "%d photos %dx%d\n%-14s %10s %8s %8s %12s\n", n, width, height, "setting", "mean bytes", "vs jpeg", "SSIM", "ms/encode")
	for k, s := range settings {
		t := totals[k]
		fmt.Fprintf(&table, "%-14s %10.0f %7.0f%% %8.4f %12.1f\n", s.name, t.bytes/count, 100*t.bytes/count/base,
			t.ssim/count, float64(t.took.Milliseconds())/count)
	}
	b.Log("\n" + table.String())
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// ssim is the mean structural similarity of a and b's luma over 8×8
// windows (Wang et al. 2004, with their constants): 1 for the same
// picture, lower as an encoder loses detail or adds blocks.
func ssim(a, b image.Image) float64 {
	r := a.Bounds()
	luma := func(img image.Image, x, y int) float64 {
		cr, cg, cb, _ := img.At(x, y).RGBA()
		return (0.299*float64(cr) + 0.587*float64(cg) + 0.114*float64(cb)) / 257
	}
	const c1, c2 = (0.01 * 255) * (0.01 * 255), (0.03 * 255) * (0.03 * 255)
	var sum float64
	var windows int
	for y0 := r.Min.Y; y0+8 <= r.Max.Y; y0 += 8 {
		for x0 := r.Min.X; x0+8 <= r.Max.X; x0 += 8 {
			var ma, mb, va, vb, cov float64
			var pa, pb [64]float64
			for i := range 64 {
				pa[i] = luma(a, x0+i%8, y0+i/8)
				pb[i] = luma(b, x0+i%8-r.Min.X+b.Bounds().Min.X, y0+i/8-r.Min.Y+b.Bounds().Min.Y)
				ma += pa[i]
				mb += pb[i]
			}
			ma, mb = ma/64, mb/64
			for i := range 64 {
				va += (pa[i] - ma) * (pa[i] - ma)
				vb += (pb[i] - mb) * (pb[i] - mb)
				cov += (pa[i] - ma) * (pb[i] - mb)
			}
			va, vb, cov = va/63, vb/63, cov/63
			sum += ((2*ma*mb + c1) * (2*cov + c2)) / ((ma*ma + mb*mb + c1) * (va + vb + c2))
			windows++
		}
	}
	if windows == 0 {
		return math.NaN()
	}
	return sum / float64(windows)
}

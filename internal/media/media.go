// Package media takes uploads into the media library: it checks that a file
// is an image of a kind browsers show, not broken and not too big, stores it
// under the data folder's media directory and writes resized variants for
// srcset.
package media

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/draw"
	_ "image/gif" // registers GIF decoding
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	xdraw "golang.org/x/image/draw"
	_ "golang.org/x/image/webp" // decodes WebP uploads

	"warta/internal/model"
	"warta/internal/slug"
	"warta/internal/store"
)

// MaxUploadBytes is the largest file accepted.
const MaxUploadBytes = 10 << 20

// MaxPixels bounds the decoded size of an image (about 40 megapixels), so a
// small file that unpacks into a huge picture is refused before it is.
const MaxPixels = 40_000_000

// VariantWidths are the widths of the resized copies, made only when
// narrower than the original.
var VariantWidths = []int{480, 800, 1200, 1600}

// UploadError is a problem with the uploaded file the uploader can fix; Key
// is its message key.
type UploadError struct{ Key string }

func (e *UploadError) Error() string { return "media: " + e.Key }

var types = map[string]string{
	"image/jpeg": ".jpg",
	"image/png":  ".png",
	"image/gif":  ".gif",
	"image/webp": ".webp",
}

// Save checks the upload read from r (its name as the browser gave it),
// writes it and its variants under dir/yyyy/mm/ and stores the media item,
// credited to uploaderID. Problems the uploader can fix are *UploadError:
// "media.err.too_big", "media.err.type", "media.err.broken".
func Save(ctx context.Context, st *store.Store, dir string, r io.Reader, name string, uploaderID int64, now time.Time) (*model.Media, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxUploadBytes+1))
	if err != nil {
		return nil, fmt.Errorf("media: read upload: %w", err)
	}
	if len(data) > MaxUploadBytes {
		return nil, &UploadError{"media.err.too_big"}
	}
	if len(data) == 0 {
		return nil, &UploadError{"media.err.broken"}
	}
	mime := http.DetectContentType(data)
	ext, ok := types[mime]
	if !ok {
		return nil, &UploadError{"media.err.type"}
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, &UploadError{"media.err.broken"}
	}
	if cfg.Width*cfg.Height > MaxPixels {
		return nil, &UploadError{"media.err.too_many_pixels"}
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, &UploadError{"media.err.broken"}
	}

	base := slug.Make(strings.TrimSuffix(filepath.Base(name), filepath.Ext(name)))
	if base == "" {
		base = "gambar"
	}
	if len(base) > 50 {
		base = strings.TrimSuffix(base[:50], "-")
	}
	suffix := make([]byte, 3)
	_, _ = rand.Read(suffix)
	base += "-" + hex.EncodeToString(suffix)
	folder := path.Join(strconv.Itoa(now.Year()), fmt.Sprintf("%02d", int(now.Month())))
	if err := os.MkdirAll(filepath.Join(dir, filepath.FromSlash(folder)), 0o750); err != nil {
		return nil, fmt.Errorf("media: %w", err)
	}
	m := &model.Media{
		UploaderID: uploaderID, Path: path.Join(folder, base+ext), MimeType: mime, Size: int64(len(data)),
		Width: cfg.Width, Height: cfg.Height, CreatedAt: now,
	}
	var written []string
	cleanup := func() {
		for _, p := range written {
			os.Remove(p)
		}
	}
	orig := filepath.Join(dir, filepath.FromSlash(m.Path))
	if err := writeFile(orig, data); err != nil {
		return nil, err
	}
	written = append(written, orig)
	for _, w := range VariantWidths {
		if w >= cfg.Width {
			break
		}
		h := max(1, cfg.Height*w/cfg.Width)
		vext := ".jpg"
		if mime != "image/jpeg" {
			vext = ".png" // keeps transparency
		}
		v := model.MediaVariant{Path: path.Join(folder, base+"-"+strconv.Itoa(w)+"w"+vext), Width: w, Height: h}
		b, err := encodeResized(img, w, h, vext)
		if err != nil {
			cleanup()
			return nil, err
		}
		full := filepath.Join(dir, filepath.FromSlash(v.Path))
		if err := writeFile(full, b); err != nil {
			cleanup()
			return nil, err
		}
		written = append(written, full)
		m.Variants = append(m.Variants, v)
	}
	if err := st.InsertMedia(ctx, m); err != nil {
		cleanup()
		return nil, err
	}
	return m, nil
}

func encodeResized(src image.Image, w, h int, ext string) ([]byte, error) {
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	if ext == ".jpg" {
		// JPEG has no transparency: start from white, not black.
		draw.Draw(dst, dst.Bounds(), image.White, image.Point{}, draw.Src)
	}
	xdraw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), xdraw.Over, nil)
	var buf bytes.Buffer
	bw := bufio.NewWriter(&buf)
	var err error
	if ext == ".jpg" {
		err = jpeg.Encode(bw, dst, &jpeg.Options{Quality: 82})
	} else {
		err = (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(bw, dst)
	}
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return nil, fmt.Errorf("media: encode variant: %w", err)
	}
	return buf.Bytes(), nil
}

// writeFile writes b to a new file at p, synced, refusing to overwrite.
func writeFile(p string, b []byte) error {
	// Written under a hidden temporary name and linked into place once
	// synced, so the file appears whole or not at all: a backup running
	// beside an upload never copies half an image (and skips TempPrefix).
	tmp := filepath.Join(filepath.Dir(p), TempPrefix+filepath.Base(p))
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return fmt.Errorf("media: %w", err)
	}
	defer os.Remove(tmp)
	if _, err := f.Write(b); err != nil {
		f.Close()
		return fmt.Errorf("media: write %s: %w", p, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("media: sync %s: %w", p, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("media: write %s: %w", p, err)
	}
	// A link, unlike a rename, fails when p exists: a name is never
	// taken over. A filesystem without links gets the rename.
	if err := os.Link(tmp, p); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("media: %w", err)
		}
		if _, serr := os.Lstat(p); serr == nil {
			return fmt.Errorf("media: %s exists", p)
		}
		if err := os.Rename(tmp, p); err != nil {
			return fmt.Errorf("media: %w", err)
		}
	}
	return nil
}

// TempPrefix starts the name of a media file while it is being written.
const TempPrefix = ".tmp-"

// IsUploadError reports whether err is a problem with the file itself, and
// its message key.
func IsUploadError(err error) (string, bool) {
	var ue *UploadError
	if errors.As(err, &ue) {
		return ue.Key, true
	}
	return "", false
}

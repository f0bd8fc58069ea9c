// Package media takes uploads into the media library: it checks that a file
// is an image of a kind browsers show, not broken and not too big, stores it
// and resized variants for srcset in a Storage (a folder, or an S3 bucket),
// and serves, deletes and lists them.
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
	"net/http"
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
// stores it and its variants in files under yyyy/mm/ and records the media
// item, credited to uploaderID. Problems the uploader can fix are
// *UploadError: "media.err.too_big", "media.err.type", "media.err.broken".
// On any error nothing is left behind: neither a record nor a file.
func Save(ctx context.Context, st *store.Store, files Storage, r io.Reader, name string, uploaderID int64, now time.Time) (*model.Media, error) {
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
	m := &model.Media{
		UploaderID: uploaderID, Path: path.Join(folder, base+ext), MimeType: mime, Size: int64(len(data)),
		Width: cfg.Width, Height: cfg.Height, CreatedAt: now,
	}
	var written []string
	cleanup := func() {
		// A fresh context: a cancelled request still removes what it wrote.
		for _, key := range written {
			_ = files.Delete(context.WithoutCancel(ctx), key)
		}
	}
	put := func(key string, b []byte, mime string) error {
		if err := files.Put(ctx, key, bytes.NewReader(b), int64(len(b)), mime, false); err != nil {
			return err
		}
		written = append(written, key)
		return nil
	}
	if err := put(m.Path, data, mime); err != nil {
		return nil, err
	}
	for _, w := range VariantWidths {
		if w >= cfg.Width {
			break
		}
		h := max(1, cfg.Height*w/cfg.Width)
		vext, vmime := ".jpg", "image/jpeg"
		if mime != "image/jpeg" {
			vext, vmime = ".png", "image/png" // keeps transparency
		}
		v := model.MediaVariant{Path: path.Join(folder, base+"-"+strconv.Itoa(w)+"w"+vext), Width: w, Height: h}
		b, err := encodeResized(img, w, h, vext)
		if err == nil {
			err = put(v.Path, b, vmime)
		}
		if err != nil {
			cleanup()
			return nil, err
		}
		m.Variants = append(m.Variants, v)
	}
	if err := uploadCrops(img, m, put); err != nil {
		cleanup()
		return nil, err
	}
	if err := st.InsertMedia(ctx, m); err != nil {
		cleanup()
		return nil, err
	}
	wakeRenditions()
	return m, nil
}

// Delete removes the media item id: its record first, so that nothing
// links to it any more (articles that featured it lose their featured
// image), then its file and every variant's from files. It returns the
// deleted item; model.ErrNotFound when there is none. Files that cannot be
// removed are reported in the error after the record is gone: they are
// orphans, which a later backup still holds but no page names.
func Delete(ctx context.Context, st *store.Store, files Storage, id int64) (*model.Media, error) {
	m, err := st.DeleteMedia(ctx, id)
	if err != nil {
		return nil, err
	}
	// The record is gone: its files go too even if the request that asked
	// for it ends now.
	ctx = context.WithoutCancel(ctx)
	errs := []error{files.Delete(ctx, m.Path)}
	for _, v := range m.Variants {
		errs = append(errs, files.Delete(ctx, v.Path))
	}
	for _, p := range m.RenditionPaths() {
		errs = append(errs, files.Delete(ctx, p))
	}
	if err := errors.Join(errs...); err != nil {
		return m, fmt.Errorf("media: delete %d: %w", id, err)
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

// IsUploadError reports whether err is a problem with the file itself, and
// its message key.
func IsUploadError(err error) (string, bool) {
	var ue *UploadError
	if errors.As(err, &ue) {
		return ue.Key, true
	}
	return "", false
}

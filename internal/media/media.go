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
	"crypto/sha256"
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

// DefaultMaxBytes is the largest upload taken when none is configured
// (--upload-max-mb).
const DefaultMaxBytes = 25 << 20

// MaxPixels bounds the decoded size of an image (about 40 megapixels), so a
// small file that unpacks into a huge picture is refused before it is.
const MaxPixels = 40_000_000

// VariantWidths are the widths of the resized copies, made only when
// narrower than the original.
var VariantWidths = []int{480, 800, 1200, 1600}

// UploadError is a problem with the uploaded file the uploader can fix; Key
// is its message key. LimitMB, for "media.err.too_big", is the limit.
type UploadError struct {
	Key     string
	LimitMB int64
}

func (e *UploadError) Error() string { return "media: " + e.Key }

// Message is the key and values of the message that names the problem
// fully: the limit too, for a file too large.
func (e *UploadError) Message() (string, []any) {
	if e.Key == "media.err.too_big" && e.LimitMB > 0 {
		return "media.err.too_big_limit", []any{e.LimitMB}
	}
	return e.Key, nil
}

// TooBig is the error of an upload over maxBytes.
func TooBig(maxBytes int64) *UploadError {
	return &UploadError{Key: "media.err.too_big", LimitMB: max(1, maxBytes>>20)}
}

var types = map[string]string{
	"image/jpeg": ".jpg",
	"image/png":  ".png",
	"image/gif":  ".gif",
	"image/webp": ".webp",
}

// Upload is one file given to the library.
type Upload struct {
	Body       io.Reader
	Name       string // as the browser gave it
	UploaderID int64
	Now        time.Time
	// MaxBytes is the largest file taken; 0: DefaultMaxBytes.
	MaxBytes int64
}

// checked is an upload read and found to be an image.
type checked struct {
	data []byte
	mime string
	ext  string
	cfg  image.Config
	img  image.Image
	sum  string // hex SHA-256 of data
}

// check reads r, at most maxBytes of it, and checks that it is an image
// of a kind browsers show, neither broken nor too large.
func check(r io.Reader, maxBytes int64) (*checked, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	data, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) || int64(len(data)) > maxBytes {
		return nil, TooBig(maxBytes)
	}
	if err != nil {
		return nil, fmt.Errorf("media: read upload: %w", err)
	}
	if len(data) == 0 {
		return nil, &UploadError{Key: "media.err.broken"}
	}
	c := &checked{data: data, mime: http.DetectContentType(data)}
	var ok bool
	if c.ext, ok = types[c.mime]; !ok {
		return nil, &UploadError{Key: "media.err.type"}
	}
	c.cfg, _, err = image.DecodeConfig(bytes.NewReader(data))
	if err != nil || c.cfg.Width <= 0 || c.cfg.Height <= 0 {
		return nil, &UploadError{Key: "media.err.broken"}
	}
	if c.cfg.Width*c.cfg.Height > MaxPixels {
		return nil, &UploadError{Key: "media.err.too_many_pixels"}
	}
	if c.img, _, err = image.Decode(bytes.NewReader(data)); err != nil {
		return nil, &UploadError{Key: "media.err.broken"}
	}
	h := sha256.Sum256(data)
	c.sum = hex.EncodeToString(h[:])
	return c, nil
}

// Save is Add with the default limit, which gives back the item already
// holding the same file instead of storing it twice.
func Save(ctx context.Context, st *store.Store, files Storage, r io.Reader, name string, uploaderID int64, now time.Time) (*model.Media, error) {
	m, _, err := Add(ctx, st, files, Upload{Body: r, Name: name, UploaderID: uploaderID, Now: now})
	return m, err
}

// Add checks the upload, stores it and its variants in files under
// yyyy/mm/ and records the media item. When the library already holds the
// same bytes it stores nothing and returns that item, with existed true.
// Problems the uploader can fix are *UploadError: "media.err.too_big",
// "media.err.type", "media.err.broken", "media.err.too_many_pixels".
// On any error nothing is left behind: neither a record nor a file.
func Add(ctx context.Context, st *store.Store, files Storage, u Upload) (m *model.Media, existed bool, err error) {
	c, err := check(u.Body, u.MaxBytes)
	if err != nil {
		return nil, false, err
	}
	if m, err := Duplicate(ctx, st, files, c.sum, int64(len(c.data))); err != nil || m != nil {
		return m, m != nil, err
	}
	base := slug.Make(strings.TrimSuffix(filepath.Base(u.Name), filepath.Ext(u.Name)))
	if base == "" {
		base = "gambar"
	}
	if len(base) > 50 {
		base = strings.TrimSuffix(base[:50], "-")
	}
	suffix := make([]byte, 3)
	_, _ = rand.Read(suffix)
	base += "-" + hex.EncodeToString(suffix)
	folder := path.Join(strconv.Itoa(u.Now.Year()), fmt.Sprintf("%02d", int(u.Now.Month())))
	m = &model.Media{
		UploaderID: u.UploaderID, Path: path.Join(folder, base+c.ext), MimeType: c.mime, Size: int64(len(c.data)),
		Width: c.cfg.Width, Height: c.cfg.Height, CreatedAt: u.Now, SHA256: c.sum,
	}
	w := &writer{files: files, ctx: ctx}
	if err := w.put(m.Path, c.data, c.mime, false); err != nil {
		return nil, false, err
	}
	if m.Variants, err = makeVariants(w, c, m.Path); err != nil {
		w.cleanup()
		return nil, false, err
	}
	if err := uploadCrops(c.img, m, func(key string, b []byte, mime string) error { return w.put(key, b, mime, false) }); err != nil {
		w.cleanup()
		return nil, false, err
	}
	if err := st.InsertMedia(ctx, m); err != nil {
		w.cleanup()
		return nil, false, err
	}
	wakeRenditions()
	return m, false, nil
}

// writer puts files, remembering what it wrote so that a failure can
// remove it.
type writer struct {
	files   Storage
	ctx     context.Context
	written []string
}

func (w *writer) put(key string, b []byte, mime string, replace bool) error {
	if err := w.files.Put(w.ctx, key, bytes.NewReader(b), int64(len(b)), mime, replace); err != nil {
		return err
	}
	w.written = append(w.written, key)
	return nil
}

// cleanup removes what w wrote, with a fresh context: a cancelled request
// still removes what it wrote.
func (w *writer) cleanup() {
	for _, key := range w.written {
		_ = w.files.Delete(context.WithoutCancel(w.ctx), key)
	}
}

// makeVariants writes the resized copies of c beside the original at key
// (key without its extension, then -WIDTHw and the copy's extension),
// replacing files of those names, and returns them.
func makeVariants(w *writer, c *checked, key string) ([]model.MediaVariant, error) {
	stem := strings.TrimSuffix(key, path.Ext(key))
	var out []model.MediaVariant
	for _, width := range VariantWidths {
		if width >= c.cfg.Width {
			break
		}
		h := max(1, c.cfg.Height*width/c.cfg.Width)
		vext, vmime := ".jpg", "image/jpeg"
		if c.mime != "image/jpeg" {
			vext, vmime = ".png", "image/png" // keeps transparency
		}
		v := model.MediaVariant{Path: stem + "-" + strconv.Itoa(width) + "w" + vext, Width: width, Height: h}
		b, err := encodeResized(c.img, width, h, vext)
		if err == nil {
			err = w.put(v.Path, b, vmime, true)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// Delete removes the media item id: its record first, so that nothing
// links to it any more (articles that featured it lose their featured
// image), then its file and every variant's, rendition's and extra file's
// (model.Media.ExtraFiles) from files. It returns the
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
	for _, p := range append(m.RenditionPaths(), m.ExtraFiles...) {
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
	if ue, ok := AsUploadError(err); ok {
		return ue.Key, true
	}
	return "", false
}

// AsUploadError returns the problem with the file that err is, if it is one.
func AsUploadError(err error) (*UploadError, bool) {
	var ue *UploadError
	ok := errors.As(err, &ue)
	return ue, ok
}

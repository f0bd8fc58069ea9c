package media

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"

	"warta/internal/model"
	"warta/internal/store"
)

// unhashedReads bounds how many items of the same size without a known
// sum one upload reads to compare with.
const unhashedReads = 20

// Duplicate returns the item whose original holds the bytes of hex
// SHA-256 sum and size, or nil. Items stored before sums were kept have
// none: those of that exact size are read, and their sums recorded, on
// the way.
func Duplicate(ctx context.Context, st *store.Store, files Storage, sum string, size int64) (*model.Media, error) {
	m, err := st.MediaBySHA256(ctx, sum)
	if err == nil {
		return m, nil
	}
	if !errors.Is(err, model.ErrNotFound) {
		return nil, err
	}
	list, err := st.UnhashedMedia(ctx, size, unhashedReads)
	if err != nil {
		return nil, err
	}
	for _, old := range list {
		got, err := fileSum(ctx, files, old.Path)
		if errors.Is(err, fs.ErrNotExist) {
			continue // its file is gone; nothing to offer
		}
		if err != nil {
			return nil, err
		}
		if err := st.SetMediaSHA256(ctx, old.ID, got); err != nil {
			return nil, err
		}
		if got == sum {
			return st.Media(ctx, old.ID)
		}
	}
	return nil, nil
}

// fileSum returns the hex SHA-256 of the stored file key.
func fileSum(ctx context.Context, files Storage, key string) (string, error) {
	f, err := files.Open(ctx, key, 0)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("media: read %s: %w", key, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Replace puts a new file in place of the media item id's, at the same
// address: the upload read from r (at most maxBytes; 0, DefaultMaxBytes)
// must be an image of the same type, so that the address's extension
// still names it ("media.err.replace_type" otherwise). Its sizes are made
// anew, every other file made from the old one (the sizes the new ones do
// not reuse, the WebP and AVIF copies, the crops) is removed, and the pages
// that showed the item are touched. The copies and crops are made again in
// the background. It returns the item as it is now.
func Replace(ctx context.Context, st *store.Store, files Storage, id int64, r io.Reader, maxBytes int64) (*model.Media, error) {
	m, err := st.Media(ctx, id)
	if err != nil {
		return nil, err
	}
	c, err := check(r, maxBytes)
	if err != nil {
		return nil, err
	}
	if c.mime != m.MimeType {
		return nil, &UploadError{Key: "media.err.replace_type"}
	}
	next := *m
	next.Size, next.Width, next.Height, next.SHA256 = int64(len(c.data)), c.cfg.Width, c.cfg.Height, c.sum
	// The WebP and AVIF copies and the crops are made again in the
	// background (RunRenditions); until then the pages show none.
	next.Renditions = ""
	// The sizes first, then the original over the old one: a reader meets
	// the old file or the new one, each whole.
	w := &writer{files: files, ctx: ctx}
	if next.Variants, err = makeVariants(w, c, m.Path); err != nil {
		return nil, err
	}
	if err := w.put(m.Path, c.data, c.mime, true); err != nil {
		return nil, err
	}
	old, err := st.ReplaceMedia(ctx, &next)
	if err != nil {
		return nil, err
	}
	// The record names the new sizes: the old ones it no longer names go,
	// even if the request that asked for it ends now.
	ctx = context.WithoutCancel(ctx)
	var errs []error
	for _, p := range oldFiles(old) {
		if p != next.Path && !slices.ContainsFunc(next.Variants, func(n model.MediaVariant) bool { return n.Path == p }) {
			errs = append(errs, files.Delete(ctx, p))
		}
	}
	wakeRenditions()
	if err := errors.Join(errs...); err != nil {
		return &next, fmt.Errorf("media: replace %d: old sizes left behind: %w", id, err)
	}
	return &next, nil
}

// oldFiles lists every file of m but its original: its variants and
// whatever else its record says was generated.
func oldFiles(m *model.Media) []string {
	var out []string
	for _, v := range m.Variants {
		out = append(out, v.Path)
	}
	return append(out, m.RenditionPaths()...)
}

package media

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
)

// TempPrefix starts the name of a media file while it is being written.
const TempPrefix = ".tmp-"

// Folder is a Storage on a local folder, warta's default (the data
// folder's media/). Several instances share it only if they share the
// folder itself.
type Folder struct{ dir string }

// NewFolder returns the storage over dir, which is created on the first
// Put if missing.
func NewFolder(dir string) *Folder { return &Folder{dir: dir} }

// Dir is the folder's path.
func (f *Folder) Dir() string { return f.dir }

func (f *Folder) String() string { return f.dir }

func (f *Folder) path(key string) (string, error) {
	if !ValidKey(key) {
		return "", invalidKey(key)
	}
	return filepath.Join(f.dir, filepath.FromSlash(key)), nil
}

// Put writes the file under a hidden temporary name, synced, and then
// links it into place, so it appears whole or not at all: a backup running
// beside an upload never copies half an image (Walk skips TempPrefix).
func (f *Folder) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string, replace bool) error {
	p, err := f.path(key)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
		return fmt.Errorf("media: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), TempPrefix+filepath.Base(p)+"-*")
	if err != nil {
		return fmt.Errorf("media: %w", err)
	}
	defer os.Remove(tmp.Name())
	n, err := io.Copy(tmp, r)
	if err == nil && n != size {
		err = fmt.Errorf("%d bytes, want %d", n, size)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("media: write %s: %w", p, err)
	}
	if err := os.Chmod(tmp.Name(), 0o640); err != nil {
		return fmt.Errorf("media: %w", err)
	}
	if replace {
		if err := os.Rename(tmp.Name(), p); err != nil {
			return fmt.Errorf("media: %w", err)
		}
		return nil
	}
	// A link, unlike a rename, fails when p exists: a name is never
	// taken over. A filesystem without links gets the rename.
	if err := os.Link(tmp.Name(), p); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("media: %w", err)
		}
		if _, serr := os.Lstat(p); serr == nil {
			return fmt.Errorf("media: %s: %w", p, fs.ErrExist)
		}
		if err := os.Rename(tmp.Name(), p); err != nil {
			return fmt.Errorf("media: %w", err)
		}
	}
	return nil
}

// Stat describes the file at key; directories are not objects.
func (f *Folder) Stat(ctx context.Context, key string) (Info, error) {
	p, err := f.path(key)
	if err != nil {
		return Info{}, err
	}
	fi, err := os.Stat(p)
	if err != nil {
		return Info{}, fmt.Errorf("media: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return Info{}, fmt.Errorf("media: %s: %w", key, fs.ErrNotExist)
	}
	return folderInfo(key, fi), nil
}

// folderInfo describes a file; its ETag changes whenever the file is
// replaced, as its time and size do.
func folderInfo(key string, fi fs.FileInfo) Info {
	return Info{
		Key: key, Size: fi.Size(), ModTime: fi.ModTime(),
		ETag:        `"` + strconv.FormatInt(fi.ModTime().UnixNano(), 36) + "-" + strconv.FormatInt(fi.Size(), 36) + `"`,
		ContentType: contentTypeOf(key),
	}
}

// contentTypeOf names the type of a file by its extension, as the folder
// keeps no other record of it.
func contentTypeOf(key string) string {
	if t := mime.TypeByExtension(strings.ToLower(path.Ext(key))); t != "" {
		return t
	}
	return "application/octet-stream"
}

// Open opens the file at key from byte offset off.
func (f *Folder) Open(ctx context.Context, key string, off int64) (io.ReadCloser, error) {
	p, err := f.path(key)
	if err != nil {
		return nil, err
	}
	file, err := os.Open(p)
	if err != nil {
		return nil, fmt.Errorf("media: %w", err)
	}
	if off > 0 {
		if _, err := file.Seek(off, io.SeekStart); err != nil {
			file.Close()
			return nil, fmt.Errorf("media: %w", err)
		}
	}
	return file, nil
}

// Delete removes the file at key.
func (f *Folder) Delete(ctx context.Context, key string) error {
	p, err := f.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("media: %w", err)
	}
	return nil
}

// Walk lists the folder's regular files but hidden ones, which include
// those being written; a missing folder holds nothing.
func (f *Folder) Walk(ctx context.Context, fn func(Info) error) error {
	err := filepath.WalkDir(f.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // gone while walking
			}
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if p != f.dir && strings.HasPrefix(d.Name(), ".") {
			// Hidden, and files still being written (TempPrefix): not media.
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		fi, err := d.Info()
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(f.dir, p)
		if err != nil {
			return err
		}
		return fn(folderInfo(filepath.ToSlash(rel), fi))
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

package media

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"warta/internal/locale"
)

// Storage keeps the media library's files by key: a slash-separated path
// relative to the media root, as model.Media.Path holds it
// ("2026/12/foto-1a2b3c.jpg"). Two kinds exist: a folder (NewFolder, the
// default) and an S3-compatible bucket (NewS3), which several instances on
// several machines share. Implementations are safe for concurrent use.
type Storage interface {
	// Put stores size bytes read from r under key, atomically: a reader
	// finds no object or the whole one, never part of it. With replace
	// false an existing key is kept and Put fails with an error wrapping
	// fs.ErrExist; with replace true the object is replaced whole.
	Put(ctx context.Context, key string, r io.Reader, size int64, contentType string, replace bool) error
	// Stat describes key, or fails with an error wrapping fs.ErrNotExist.
	Stat(ctx context.Context, key string) (Info, error)
	// Open reads key from byte offset off to its end; an error wrapping
	// fs.ErrNotExist when there is no such object.
	Open(ctx context.Context, key string, off int64) (io.ReadCloser, error)
	// Delete removes key; a key that is already gone is not an error.
	Delete(ctx context.Context, key string) error
	// Walk calls fn with every stored object, keys in lexical order, and
	// stops at fn's first error, which it returns. Objects still being
	// written are not listed.
	Walk(ctx context.Context, fn func(Info) error) error
	// String names the storage for messages: a folder's path, or
	// s3://bucket/prefix.
	String() string
}

// Info describes a stored object.
type Info struct {
	Key         string
	Size        int64
	ModTime     time.Time
	ETag        string // quoted, as in an HTTP ETag header
	ContentType string
}

// ValidKey reports whether key may name an object: a clean relative
// slash-separated path whose segments are not empty, "." or "..", and do
// not begin with a dot (hidden files, and files being written, which begin
// with TempPrefix).
func ValidKey(key string) bool {
	if !fs.ValidPath(key) || key == "." || strings.Contains(key, `\`) {
		return false
	}
	for _, seg := range strings.Split(key, "/") {
		if strings.HasPrefix(seg, ".") {
			return false
		}
	}
	return true
}

func invalidKey(key string) error {
	return &fs.PathError{Op: "media", Path: key, Err: fs.ErrInvalid}
}

// Seeker reads the object info describes as an io.ReadSeekCloser, for
// http.ServeContent: seeking costs nothing, and the object is opened from
// the offset of the first read after a seek, so a Range request reads only
// from where it starts.
func Seeker(ctx context.Context, s Storage, info Info) io.ReadSeekCloser {
	return &seeker{ctx: ctx, s: s, info: info}
}

type seeker struct {
	ctx  context.Context
	s    Storage
	info Info
	off  int64
	body io.ReadCloser
}

func (r *seeker) Read(p []byte) (int, error) {
	if r.off >= r.info.Size {
		return 0, io.EOF
	}
	if r.body == nil {
		body, err := r.s.Open(r.ctx, r.info.Key, r.off)
		if err != nil {
			return 0, err
		}
		r.body = body
	}
	if rest := r.info.Size - r.off; int64(len(p)) > rest {
		p = p[:rest]
	}
	n, err := r.body.Read(p)
	r.off += int64(n)
	if err == io.EOF && r.off < r.info.Size {
		err = io.ErrUnexpectedEOF // shrank since Stat: not the object described
	}
	return n, err
}

func (r *seeker) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekCurrent:
		offset += r.off
	case io.SeekEnd:
		offset += r.info.Size
	}
	if offset < 0 {
		return 0, errors.New("media: seek before the start")
	}
	if offset != r.off && r.body != nil {
		r.body.Close()
		r.body = nil
	}
	r.off = offset
	return offset, nil
}

func (r *seeker) Close() error {
	if r.body == nil {
		return nil
	}
	err := r.body.Close()
	r.body = nil
	return err
}

// ConfigError is a media URL, or an S3 setting in the environment, that
// names no usable storage: the operator's to fix, not the store's.
// It is a locale.Message: In words it in the operator's language.
type ConfigError struct{ locale.Message }

func (e *ConfigError) Error() string { return e.String() }

func configError(key string, args ...any) error {
	return &ConfigError{locale.Message{Key: key, Args: args}}
}

// Open returns the storage a media URL names: empty, the folder dir (the
// data folder's media/); s3://BUCKET/PREFIX, a bucket (see NewS3, which
// reads its credentials through getenv); file:///PATH or a bare path, that
// folder. A URL or setting that cannot work is a *ConfigError; a bucket
// that does not answer or does not exist, another error.
func Open(ctx context.Context, rawURL, dir string, getenv func(string) (string, bool)) (Storage, error) {
	switch {
	case rawURL == "":
		return NewFolder(dir), nil
	case strings.HasPrefix(rawURL, "s3://"):
		return NewS3(ctx, rawURL, getenv)
	case strings.HasPrefix(rawURL, "file://"):
		u, err := url.Parse(rawURL)
		if err != nil || u.Path == "" || (u.Host != "" && u.Host != "localhost") {
			return nil, configError("media.config.want_file", rawURL)
		}
		return NewFolder(filepath.FromSlash(u.Path)), nil
	case strings.Contains(rawURL, "://"):
		return nil, configError("media.config.want_s3_or_folder", rawURL)
	}
	return NewFolder(rawURL), nil
}

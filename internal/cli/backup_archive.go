package cli

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"syscall"
	"time"

	"warta/internal/media"
	"warta/internal/progress"
)

// A backup archive is one gzip-compressed tar file:
//
//	database/warta.db      SQLite: a copy made by SQLite's online backup API
//	database/warta.pgdump  PostgreSQL: pg_dump --format=custom
//	media/…                every object of the media storage (folder or bucket)
//	manifest.json          written last: what the archive holds, with sizes
//	                       and SHA-256 sums; a backup without it is incomplete
const (
	archiveFormat  = "warta-backup"
	archiveVersion = 1
	manifestName   = "manifest.json"
)

// manifest describes a backup archive.
type manifest struct {
	Format       string         `json:"format"`  // always "warta-backup"
	Version      int            `json:"version"` // of the archive layout
	Engine       string         `json:"engine"`  // "sqlite" or "postgres"
	WartaVersion string         `json:"warta_version"`
	Created      time.Time      `json:"created"`
	Database     string         `json:"database"` // the archive path of the database copy
	Files        []archivedFile `json:"files"`    // the database copy and every media file
}

type archivedFile struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// version is set at build time by release builds:
// go build -ldflags "-X warta/internal/cli.version=1.4.0".
var version string

// wartaVersion names this build: the version it was given at build time,
// else its module version, with the commit it was built from when the
// build recorded it.
func wartaVersion() string {
	if version != "" {
		return version
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := bi.Main.Version
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += " " + s.Value[:12]
		}
	}
	return v
}

// archiveWriter writes an archive, hashing each file as it goes.
type archiveWriter struct {
	f  *os.File
	gz *gzip.Writer
	tw *tar.Writer
	m  manifest
	// count, when set, is told of every byte copied into the archive.
	count func(n int64)
}

// countWriter tells count of every byte written through it.
type countWriter func(n int64)

func (c countWriter) Write(p []byte) (int, error) {
	c(int64(len(p)))
	return len(p), nil
}

// countReader tells count of every byte read through it.
type countReader struct {
	r     io.Reader
	count func(n int64)
}

func (c countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.count(int64(n))
	return n, err
}

func newArchiveWriter(f *os.File, engine string) *archiveWriter {
	gz := gzip.NewWriter(f)
	return &archiveWriter{f: f, gz: gz, tw: tar.NewWriter(gz), m: manifest{
		Format: archiveFormat, Version: archiveVersion, Engine: engine,
		WartaVersion: wartaVersion(), Created: time.Now().UTC().Truncate(time.Second),
	}}
}

// add copies the file src into the archive as name.
func (a *archiveWriter) add(name, src string) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	return a.addFrom(name, src, f, fi.Size(), fi.ModTime())
}

// addFrom copies size bytes from r into the archive as name; src names
// where they come from in errors.
func (a *archiveWriter) addFrom(name, src string, r io.Reader, size int64, mod time.Time) error {
	hdr := &tar.Header{Name: name, Mode: 0o640, Size: size, ModTime: mod, Typeflag: tar.TypeReg, Format: tar.FormatPAX}
	if err := a.tw.WriteHeader(hdr); err != nil {
		return err
	}
	// Exactly the size stated: a file still being written is copied as
	// it was when the backup reached it.
	h := sha256.New()
	var w io.Writer = io.MultiWriter(a.tw, h)
	if a.count != nil {
		w = io.MultiWriter(a.tw, h, countWriter(a.count))
	}
	if _, err := io.CopyN(w, r, size); err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	a.m.Files = append(a.m.Files, archivedFile{Path: name, Size: size, SHA256: hex.EncodeToString(h.Sum(nil))})
	return nil
}

// addMedia adds every object of the media storage as media/…. An object
// deleted while the backup runs is skipped.
func (a *archiveWriter) addMedia(ctx context.Context, files media.Storage) error {
	return files.Walk(ctx, func(info media.Info) error {
		body, err := files.Open(ctx, info.Key, 0)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		defer body.Close()
		return a.addFrom("media/"+info.Key, info.Key, body, info.Size, info.ModTime)
	})
}

// mediaSize returns the bytes addMedia would copy from files now, for the
// progress shown while it does.
func mediaSize(ctx context.Context, files media.Storage) int64 {
	var total int64
	files.Walk(ctx, func(info media.Info) error { // an error is reported by addMedia
		total += info.Size
		return nil
	})
	return total
}

// finish writes the manifest and closes the archive, synced to disk.
func (a *archiveWriter) finish() error {
	b, err := json.MarshalIndent(a.m, "", "  ")
	if err != nil {
		return err
	}
	hdr := &tar.Header{Name: manifestName, Mode: 0o640, Size: int64(len(b)), ModTime: a.m.Created, Typeflag: tar.TypeReg}
	if err := a.tw.WriteHeader(hdr); err != nil {
		return err
	}
	if _, err := a.tw.Write(b); err != nil {
		return err
	}
	if err := a.tw.Close(); err != nil {
		return err
	}
	if err := a.gz.Close(); err != nil {
		return err
	}
	return a.f.Sync()
}

// damaged is a backup archive that cannot be trusted; it names the file
// and what is wrong with it.
func damaged(file, format string, args ...any) error {
	return inputError(msg("cli.err.backup_damaged", file, fmt.Sprintf(format, args...)))
}

// extractArchive unpacks the archive file into dir (database/ and media/
// under it), hashing every file, and checks the result against the
// manifest: every file listed there, of its size and SHA-256, and nothing
// else. Nothing outside dir is touched. count, when not nil, is told of
// every byte read from file.
func extractArchive(file, dir string, count func(int64)) (*manifest, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("backup file: %w", err)
	}
	defer f.Close()
	var in io.Reader = f
	if count != nil {
		in = countReader{f, count}
	}
	gz, err := gzip.NewReader(in)
	if err != nil {
		return nil, damaged(file, "not a gzip stream: %v", err)
	}
	tr := tar.NewReader(gz)
	got := map[string]archivedFile{}
	var m *manifest
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, damaged(file, "reading the archive after %d files: %v (truncated or corrupted)", len(got), err)
		}
		name := hdr.Name
		switch {
		case hdr.Typeflag == tar.TypeDir:
			continue
		case hdr.Typeflag != tar.TypeReg:
			return nil, damaged(file, "%s is not a regular file", name)
		case name == manifestName:
			if m != nil {
				return nil, damaged(file, "two manifests")
			}
			m = &manifest{}
			if err := json.NewDecoder(io.LimitReader(tr, 64<<20)).Decode(m); err != nil {
				return nil, damaged(file, "manifest.json: %v", err)
			}
			continue
		case !safeArchivePath(name):
			return nil, damaged(file, "%q is outside database/ and media/", name)
		}
		if _, dup := got[name]; dup {
			return nil, damaged(file, "%s appears twice", name)
		}
		dst := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
			return nil, err
		}
		out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
		if err != nil {
			return nil, err
		}
		h := sha256.New()
		n, err := io.Copy(io.MultiWriter(out, h), tr)
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, damaged(file, "reading %s: %v (truncated or corrupted)", name, err)
		}
		got[name] = archivedFile{Path: name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}
	}
	// The tar reader stops at its end marker; reading on to the end of the
	// gzip stream checks its CRC and length trailer.
	if _, err := io.Copy(io.Discard, gz); err != nil {
		return nil, damaged(file, "after the last file: %v (truncated or corrupted)", err)
	}
	if m == nil {
		return nil, damaged(file, "no manifest.json: the backup did not finish")
	}
	if m.Format != archiveFormat {
		return nil, damaged(file, "manifest.json: format %q, want %q", m.Format, archiveFormat)
	}
	if m.Version > archiveVersion {
		return nil, msg("cli.err.backup_newer", file, m.Version, m.WartaVersion, archiveVersion)
	}
	listed := map[string]bool{}
	for _, want := range m.Files {
		listed[want.Path] = true
		have, ok := got[want.Path]
		switch {
		case !ok:
			return nil, damaged(file, "%s is listed in the manifest but missing", want.Path)
		case have.Size != want.Size:
			return nil, damaged(file, "%s holds %d bytes, the manifest says %d", want.Path, have.Size, want.Size)
		case have.SHA256 != want.SHA256:
			return nil, damaged(file, "the SHA-256 of %s does not match the manifest", want.Path)
		}
	}
	var extra []string
	for name := range got {
		if !listed[name] {
			extra = append(extra, name)
		}
	}
	if len(extra) > 0 {
		sort.Strings(extra)
		return nil, damaged(file, "%s is not listed in the manifest", extra[0])
	}
	if !listed[m.Database] || !strings.HasPrefix(m.Database, "database/") {
		return nil, damaged(file, "manifest.json names no database copy")
	}
	return m, nil
}

// safeArchivePath accepts clean relative paths under database/ or media/.
func safeArchivePath(name string) bool {
	if name == "" || strings.Contains(name, `\`) || path.Clean(name) != name || path.IsAbs(name) {
		return false
	}
	for _, part := range strings.Split(name, "/") {
		if part == ".." || part == "." || part == "" {
			return false
		}
	}
	return strings.HasPrefix(name, "database/") || strings.HasPrefix(name, "media/")
}

// backupKind tells, from its first bytes, what a backup file is: "archive"
// (this version's), or "sqlite" / "pgdump" (a bare database copy written
// by warta before backups held the media).
func backupKind(file string) (string, error) {
	f, err := os.Open(file)
	if err != nil {
		return "", fmt.Errorf("backup file: %w", err)
	}
	defer f.Close()
	head := make([]byte, 16)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	switch {
	case len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b:
		return "archive", nil
	case strings.HasPrefix(string(head), "SQLite format 3\x00"):
		return "sqlite", nil
	case strings.HasPrefix(string(head), "PGDMP"):
		return "pgdump", nil
	}
	return "", inputError(msg("cli.err.not_a_backup", file))
}

// swapMedia replaces the media folder live with staged, keeping the old
// one at old until the caller removes it; on failure live is put back.
func swapMedia(live, staged, old string) error {
	if err := os.MkdirAll(staged, 0o750); err != nil {
		return err
	}
	hadLive := true
	if err := os.Rename(live, old); errors.Is(err, fs.ErrNotExist) {
		hadLive = false
	} else if err != nil {
		return fmt.Errorf("restore media: %w", err)
	}
	if err := os.Rename(staged, live); err != nil {
		if hadLive {
			os.Rename(old, live)
		}
		return fmt.Errorf("restore media: %w", err)
	}
	return nil
}

// restoreMedia makes the media storage hold the backup's media, staged
// under staging/media/. A folder is swapped whole by two renames. A bucket
// (or a folder on another filesystem) gets every staged file, replacing
// what is there, and only then loses the objects the backup does not hold:
// no file the restored database names is missing at any moment. That copy
// takes long for a large library, so it shows progress on the reporter
// newBar returns for its total in bytes.
func restoreMedia(ctx context.Context, files media.Storage, staging string, newBar func(total int64) *progress.Reporter) error {
	if f, ok := files.(*media.Folder); ok {
		err := swapMedia(f.Dir(), filepath.Join(staging, "media"), filepath.Join(staging, "media.old"))
		if !errors.Is(err, syscall.EXDEV) {
			return err
		}
	}
	staged := media.NewFolder(filepath.Join(staging, "media"))
	var total int64
	if err := staged.Walk(ctx, func(info media.Info) error { total += info.Size; return nil }); err != nil {
		return fmt.Errorf("restore media: %w", err)
	}
	bar := newBar(total)
	defer bar.Finish()
	keep := map[string]bool{}
	err := staged.Walk(ctx, func(info media.Info) error {
		keep[info.Key] = true
		r, err := staged.Open(ctx, info.Key, 0)
		if err != nil {
			return err
		}
		defer r.Close()
		return files.Put(ctx, info.Key, countReader{r, bar.Add}, info.Size, info.ContentType, true)
	})
	bar.Finish()
	if err != nil {
		return fmt.Errorf("restore media: %w", err)
	}
	var extra []string
	err = files.Walk(ctx, func(info media.Info) error {
		if !keep[info.Key] {
			extra = append(extra, info.Key)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("restore media: %w", err)
	}
	for _, key := range extra {
		if err := files.Delete(ctx, key); err != nil {
			return fmt.Errorf("restore media: %w", err)
		}
	}
	return nil
}

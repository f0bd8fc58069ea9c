package media_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"warta/internal/media"
	"warta/internal/tools/testenv"
)

func TestFolderStorage(t *testing.T) {
	testStorage(t, func(t *testing.T) media.Storage { return media.NewFolder(filepath.Join(t.TempDir(), "media")) })
}

// The same cases against a real S3 server: every case gets a bucket of its
// own, and its objects live under a prefix.
func TestS3Storage(t *testing.T) {
	weed := testenv.StartSeaweed(t)
	testStorage(t, func(t *testing.T) media.Storage {
		s, err := media.Open(t.Context(), "s3://"+weed.Bucket(t)+"/site/media", "", weed.Getenv)
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func put(t *testing.T, s media.Storage, key, body string, replace bool) error {
	t.Helper()
	return s.Put(t.Context(), key, strings.NewReader(body), int64(len(body)), "image/png", replace)
}

func read(t *testing.T, s media.Storage, key string, off int64) string {
	t.Helper()
	rc, err := s.Open(t.Context(), key, off)
	if err != nil {
		t.Fatalf("open %s: %v", key, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("read %s: %v", key, err)
	}
	return string(b)
}

func testStorage(t *testing.T, open func(t *testing.T) media.Storage) {
	t.Run("a file is stored whole and keeps its name", func(t *testing.T) {
		s := open(t)
		if err := put(t, s, "2026/12/foto-1a2b3c.png", "first", false); err != nil {
			t.Fatal(err)
		}
		err := put(t, s, "2026/12/foto-1a2b3c.png", "second", false)
		if !errors.Is(err, fs.ErrExist) {
			t.Errorf("a second upload under a taken name: %v, want fs.ErrExist", err)
		}
		if got := read(t, s, "2026/12/foto-1a2b3c.png", 0); got != "first" {
			t.Errorf("holds %q, want the first upload", got)
		}
		if err := put(t, s, "2026/12/foto-1a2b3c.png", "restored", true); err != nil {
			t.Fatal(err)
		}
		if got := read(t, s, "2026/12/foto-1a2b3c.png", 0); got != "restored" {
			t.Errorf("after a replacing put it holds %q, want %q", got, "restored")
		}
		if f, ok := s.(*media.Folder); ok {
			entries, err := os.ReadDir(filepath.Join(f.Dir(), "2026", "12"))
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != 1 {
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				t.Errorf("folder holds %v, want the file alone (no %s… left behind)", names, media.TempPrefix)
			}
		}
	})
	t.Run("stat, ranges, listing and deletion", func(t *testing.T) {
		s := open(t)
		for _, key := range []string{"b/two.jpg", "a/one.png", "c.gif"} {
			if err := put(t, s, key, "0123456789", false); err != nil {
				t.Fatal(err)
			}
		}
		info, err := s.Stat(t.Context(), "a/one.png")
		if err != nil {
			t.Fatal(err)
		}
		if info.Size != 10 || info.ModTime.IsZero() || info.ETag == "" || info.ContentType != "image/png" {
			t.Errorf("stat: %+v, want 10 bytes of image/png with a time and an ETag", info)
		}
		if got := read(t, s, "a/one.png", 7); got != "789" {
			t.Errorf("from offset 7: %q, want %q", got, "789")
		}
		var keys []string
		if err := s.Walk(t.Context(), func(i media.Info) error { keys = append(keys, i.Key); return nil }); err != nil {
			t.Fatal(err)
		}
		if strings.Join(keys, " ") != "a/one.png b/two.jpg c.gif" {
			t.Errorf("listed %v, want the three keys in order", keys)
		}
		if err := s.Delete(t.Context(), "b/two.jpg"); err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(t.Context(), "b/two.jpg"); err != nil {
			t.Errorf("deleting a deleted key: %v, want no error", err)
		}
		if _, err := s.Stat(t.Context(), "b/two.jpg"); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("stat after delete: %v, want fs.ErrNotExist", err)
		}
		if _, err := s.Open(t.Context(), "b/two.jpg", 0); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("open after delete: %v, want fs.ErrNotExist", err)
		}
	})
	t.Run("keys outside the media root are refused", func(t *testing.T) {
		s := open(t)
		for _, key := range []string{"../escape.png", "/abs.png", "a/../b.png", ".hidden.png", "a//b.png", ""} {
			if err := put(t, s, key, "x", false); !errors.Is(err, fs.ErrInvalid) {
				t.Errorf("put %q: %v, want fs.ErrInvalid", key, err)
			}
		}
	})
	t.Run("a seeker reads any range", func(t *testing.T) {
		s := open(t)
		if err := put(t, s, "r.png", "abcdefghij", false); err != nil {
			t.Fatal(err)
		}
		info, err := s.Stat(t.Context(), "r.png")
		if err != nil {
			t.Fatal(err)
		}
		r := media.Seeker(context.Background(), s, info)
		defer r.Close()
		if n, _ := r.Seek(0, io.SeekEnd); n != 10 {
			t.Errorf("size by seeking to the end: %d, want 10", n)
		}
		r.Seek(3, io.SeekStart)
		got := make([]byte, 4)
		if _, err := io.ReadFull(r, got); err != nil || string(got) != "defg" {
			t.Errorf("bytes 3–6: %q (%v), want %q", got, err, "defg")
		}
		r.Seek(-2, io.SeekEnd)
		var rest bytes.Buffer
		if _, err := io.Copy(&rest, r); err != nil || rest.String() != "ij" {
			t.Errorf("last two bytes: %q (%v), want %q", rest.String(), err, "ij")
		}
	})
}

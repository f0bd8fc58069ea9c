package cli

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/store/storetest"
)

// noisePNG is a small image whose bytes differ for every seed.
func noisePNG(seed int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 48, 32))
	x := uint32(seed*2654435761 + 1)
	for i := range img.Pix {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		img.Pix[i] = byte(x)
	}
	img.Set(0, 0, color.RGBA{R: byte(seed), A: 255})
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

// dbSnapshot holds the rows a reader sees of a site: articles, comments
// and media items, each as one line.
type dbSnapshot struct{ articles, comments, media []string }

func queryLines(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	rows, err := db.QueryContext(t.Context(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a, b, c string
		if err := rows.Scan(&a, &b, &c); err != nil {
			t.Fatal(err)
		}
		out = append(out, a+"|"+b+"|"+c)
	}
	return out
}

func snapshotDB(t *testing.T, driver, dsn string) dbSnapshot {
	t.Helper()
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	return dbSnapshot{
		articles: queryLines(t, db, `SELECT CAST(id AS TEXT), slug, title FROM articles ORDER BY id`),
		comments: queryLines(t, db, `SELECT CAST(id AS TEXT), CAST(article_id AS TEXT), content FROM comments ORDER BY id`),
		media:    queryLines(t, db, `SELECT CAST(id AS TEXT), path, CAST(size AS TEXT) FROM media ORDER BY id`),
	}
}

// mediaFiles maps every file under dataDir/media to its SHA-256.
func mediaFiles(t *testing.T, dataDir string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	root := filepath.Join(dataDir, "media")
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = sha256.Sum256(b)
		return nil
	})
	return out
}

func checkRestoredContent(t *testing.T, driver, restoredDSN, liveDSN, restoredDir, liveDir string, w *ackWriter) {
	t.Helper()
	checkRestoredRows(t, snapshotDB(t, driver, restoredDSN), snapshotDB(t, driver, liveDSN), restoredDir, liveDir, w)
}

// checkRestoredRows fails unless the restored rows are live ones,
// unchanged, every restored comment's article came along, and every
// restored media item has its file, byte for byte the live one.
func checkRestoredRows(t *testing.T, got, live dbSnapshot, restoredDir, liveDir string, w *ackWriter) {
	t.Helper()
	if w.uploads == 0 {
		t.Fatal("the writer uploaded no media during the backup")
	}
	if len(got.comments) == 0 || len(got.media) == 0 {
		t.Fatalf("restored %d comments and %d media items", len(got.comments), len(got.media))
	}
	isLive := func(kind string, rows, live []string) {
		set := map[string]bool{}
		for _, r := range live {
			set[r] = true
		}
		for _, r := range rows {
			if !set[r] {
				t.Fatalf("restored %s %q differs from the live database", kind, r)
			}
		}
	}
	isLive("article", got.articles, live.articles)
	isLive("comment", got.comments, live.comments)
	isLive("media item", got.media, live.media)
	articles := map[string]bool{}
	for _, a := range got.articles {
		articles[strings.SplitN(a, "|", 2)[0]] = true
	}
	for _, c := range got.comments {
		if !articles[strings.Split(c, "|")[1]] {
			t.Fatalf("restored comment %q without its article", c)
		}
	}
	have, want := mediaFiles(t, restoredDir), mediaFiles(t, liveDir)
	for _, m := range got.media {
		p := strings.Split(m, "|")[1]
		sum, ok := have[p]
		if !ok {
			t.Fatalf("media item %q restored without its file", m)
		}
		if sum != want[p] {
			t.Fatalf("restored file %s differs from the live one", p)
		}
	}
	for p, sum := range have {
		if live, ok := want[p]; !ok || live != sum {
			t.Fatalf("restored media file %s is not the live one", p)
		}
	}
}

// siteState is what a refused restore must leave alone.
func siteState(t *testing.T, dataDir string) (dbSnapshot, map[string][32]byte) {
	return snapshotDB(t, "sqlite", sqliteFile(dataDir)), mediaFiles(t, dataDir)
}

func TestRestoreRefusesADamagedBackup(t *testing.T) {
	// A site with media, backed up.
	src := t.TempDir()
	st, err := store.Open(t.Context(), "", src)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	w := &ackWriter{mediaDir: filepath.Join(src, "media"), limit: 9}
	w.run(t.Context(), st, storetest.User(t, st, "Penulis"))
	st.Close()
	if w.err != nil || w.uploads == 0 {
		t.Fatalf("writer: %v, %d uploads", w.err, w.uploads)
	}
	good := filepath.Join(t.TempDir(), "site.tar.gz")
	if code, out, errOut := run("backup", "--data-dir", src, good); code != 0 {
		t.Fatalf("backup: %d %s%s", code, out, errOut)
	}
	raw, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}

	// The site a bad restore must not touch: another site, with media of its own.
	target := t.TempDir()
	st2, err := store.Open(t.Context(), "", target)
	if err != nil {
		t.Fatal(err)
	}
	if err := st2.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	w2 := &ackWriter{mediaDir: filepath.Join(target, "media"), limit: 4}
	w2.run(t.Context(), st2, storetest.User(t, st2, "Redaksi"))
	st2.Close()
	beforeDB, beforeMedia := siteState(t, target)

	flipped := bytes.Clone(raw)
	flipped[len(flipped)/2] ^= 0x40
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"a flipped byte", flipped, "damaged"},
		{"a truncated file", raw[:len(raw)*2/3], "truncated or corrupted"},
		{"a file cut before its manifest", raw[:len(raw)-40], "damaged"},
		{"a media file that does not match the manifest", tamperMedia(t, raw), "SHA-256 of media/"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := filepath.Join(t.TempDir(), "bad.tar.gz")
			os.WriteFile(bad, tc.data, 0o600)
			code, _, errOut := run("restore", "--data-dir", target, bad)
			if code == 0 || !strings.Contains(errOut, tc.want) || !strings.Contains(errOut, bad) || !strings.Contains(errOut, "nothing was restored") {
				t.Fatalf("exit %d, stderr %q; want a refusal naming %s and %q", code, errOut, bad, tc.want)
			}
			afterDB, afterMedia := siteState(t, target)
			if fmt.Sprint(afterDB) != fmt.Sprint(beforeDB) || fmt.Sprint(afterMedia) != fmt.Sprint(beforeMedia) {
				t.Fatal("a refused restore changed the site")
			}
			if entries, _ := filepath.Glob(filepath.Join(target, ".restore-*")); len(entries) > 0 {
				t.Fatalf("left %v behind", entries)
			}
		})
	}

	t.Run("the intact backup restores over the other site, media and all", func(t *testing.T) {
		if code, out, errOut := run("restore", "--yes", "--data-dir", target, good); code != 0 {
			t.Fatalf("restore: %d %s%s", code, out, errOut)
		}
		checkRestoredContent(t, "sqlite", sqliteFile(target), sqliteFile(src), target, src, w)
		if fmt.Sprint(mediaFiles(t, target)) != fmt.Sprint(mediaFiles(t, src)) {
			t.Fatal("the restored media folder is not the backed-up one: the other site's files are still there")
		}
	})
}

func TestRestoreOfAnOldBareSQLiteBackup(t *testing.T) {
	src := t.TempDir()
	st, err := store.Open(t.Context(), "", src)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	storetest.Post(t, st, func(a *model.Article) { a.Title = "Berita dari cadangan lama" })
	old := filepath.Join(t.TempDir(), "warta-2026-01-01.db")
	if _, err := st.Backup(t.Context(), old); err != nil { // what `warta backup` wrote before archives
		t.Fatal(err)
	}
	st.Close()
	target := t.TempDir()
	code, out, errOut := run("restore", "--data-dir", target, old)
	if code != 0 || !strings.Contains(out, "without media") {
		t.Fatalf("restore of a bare database copy: %d %s%s", code, out, errOut)
	}
	if rows := articleRows(t, "sqlite", sqliteFile(target)); len(rows) != 1 || !strings.Contains(rows[0], "Berita dari cadangan lama") {
		t.Fatalf("restored articles %v", rows)
	}
}

// tamperMedia returns the archive raw with one byte of its first media file
// changed and everything else, the manifest included, as it was: a
// well-formed archive whose content is not what was backed up.
func tamperMedia(t *testing.T, raw []byte) []byte {
	t.Helper()
	gz, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	tw := tar.NewWriter(zw)
	done := false
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		if !done && strings.HasPrefix(hdr.Name, "media/") && len(b) > 0 {
			b[len(b)-1] ^= 1
			done = true
		}
		tw.WriteHeader(hdr)
		tw.Write(b)
	}
	tw.Close()
	zw.Close()
	if !done {
		t.Fatal("the archive holds no media file to tamper with")
	}
	return out.Bytes()
}

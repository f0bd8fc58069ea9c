package wxr

import (
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// mediaRefRE finds the files under /media/ that a post's content names
// once localURLs has pointed the old site's uploads there: in src, srcset
// and href alike.
var mediaRefRE = regexp.MustCompile(`/media/([^"'\s,?#<>()]+)`)

// bodyUploads lists the files of the old site's uploads that content
// shows but no attachment brings: above all the sizes WordPress cut of an
// image (foto-1024x576.jpg), which its editors put in posts rather than
// the original. Each found in the uploads folder (or fetched) is copied
// with the attachments, so that the post's image is not broken, unless the
// storage already holds a file at its path (the site's own, or an
// attachment's). It reads
// only what the first pass left and may run beside the writes (see
// prepare).
func (im *importer) bodyUploads(content string) []fileCopy {
	if im.opt.UploadsDir == "" && im.fetchDir == "" {
		return nil
	}
	var out []fileCopy
	seen := map[string]bool{}
	for _, m := range mediaRefRE.FindAllStringSubmatch(content, -1) {
		rel := m[1]
		if seen[rel] || strings.HasPrefix(rel, "remote/") || !safeRel(rel) {
			continue
		}
		seen[rel] = true
		if src := im.fileFor(rel); src != "" {
			out = append(out, fileCopy{src: src, key: rel, onlyNew: true})
		}
	}
	return out
}

// queueBodyUploads adds the files of bodyUploads to those copied, once
// each.
func (im *importer) queueBodyUploads(files []fileCopy) {
	for _, f := range files {
		if im.bodyQueued[f.key] {
			continue
		}
		im.bodyQueued[f.key] = true
		im.files = append(im.files, f)
	}
}

// sizeRE matches the name WordPress gives a size it cut of an image:
// foto-300x169.jpg of foto.jpg.
var sizeRE = regexp.MustCompile(`^-\d+x\d+$`)

// queueFile queues the file of attachment id for copying, with the sizes
// WordPress cut of it that the uploads folder holds beside it (and the
// original of a "-scaled" file): pages elsewhere, search engines' image
// results and old newsletters show those sizes by their addresses. The
// sizes are copied only where the storage has nothing yet, and are
// recorded as the item's extra files, so that deleting it (a takedown)
// removes them too.
func (im *importer) queueFile(id int64, c fileCopy) error {
	im.files = append(im.files, c)
	if im.opt.UploadsDir == "" {
		return nil
	}
	dir, base := path.Split(c.key)
	ext := path.Ext(base)
	stem := strings.TrimSuffix(base, ext)
	var wanted []string
	if orig, ok := strings.CutSuffix(stem, "-scaled"); ok {
		stem = orig
		wanted = append(wanted, dir+orig+ext)
	}
	names := im.uploadsDir(dir)
	for i := sort.SearchStrings(names, stem+"-"); i < len(names) && strings.HasPrefix(names[i], stem+"-"); i++ {
		if n := names[i]; path.Ext(n) == ext && sizeRE.MatchString(strings.TrimSuffix(strings.TrimPrefix(n, stem), ext)) {
			wanted = append(wanted, dir+n)
		}
	}
	var sizes []string
	for _, rel := range wanted {
		src := im.uploaded(rel)
		if src == "" {
			continue
		}
		sizes = append(sizes, rel)
		if !im.bodyQueued[rel] {
			im.bodyQueued[rel] = true
			im.files = append(im.files, fileCopy{src: src, key: rel, onlyNew: true})
		}
	}
	return im.tx.AddMediaExtraFiles(id, sizes)
}

// uploadsDir returns the sorted names of the files in the uploads folder's
// dir (a yyyy/mm/ of it), read once per import.
func (im *importer) uploadsDir(dir string) []string {
	if names, ok := im.dirs[dir]; ok {
		return names
	}
	var names []string
	if entries, err := os.ReadDir(filepath.Join(im.opt.UploadsDir, filepath.FromSlash(dir))); err == nil {
		for _, e := range entries {
			if e.Type().IsRegular() {
				names = append(names, e.Name())
			}
		}
	}
	sort.Strings(names)
	im.dirs[dir] = names
	return names
}

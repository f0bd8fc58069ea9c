package wxr

import (
	"regexp"
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

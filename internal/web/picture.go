package web

import (
	"strconv"
	"strings"

	"warta/internal/model"
)

// pictureSource is one <source> of a <picture>: the image in one format.
type pictureSource struct {
	Type   string // its MIME type, for the browser to skip formats it cannot show
	Srcset string
}

// pictureSources lists m's copies in the formats browsers may prefer to
// the original (AVIF, then WebP), each format's widths as a srcset; none
// until they are made. The <img> keeps the original and its variants, for
// browsers that show neither.
func pictureSources(m *model.Media) []pictureSource {
	var out []pictureSource
	for _, f := range model.Formats {
		files := m.FormatFiles(f)
		if len(files) == 0 {
			continue
		}
		parts := make([]string, len(files))
		for i, v := range files {
			parts[i] = v.URL() + " " + strconv.Itoa(v.Width) + "w"
		}
		out = append(out, pictureSource{Type: f.MimeType, Srcset: strings.Join(parts, ", ")})
	}
	return out
}

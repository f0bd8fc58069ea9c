package model

import (
	"image"
	"math"
	"path"
	"strconv"
	"strings"
)

// The generated files of an image, named by rule from its path so that the
// store keeps only which kinds exist (Media.Renditions), and the code that
// writes them, the pages that show them and the deletion that removes them
// agree on one list.

// Formats a browser may prefer to the original, best compression first:
// the order of a <picture>'s <source> elements.
var Formats = []ImageFormat{
	{Name: "avif", MimeType: "image/avif"},
	{Name: "webp", MimeType: "image/webp"},
}

// ImageFormat is a modern image format variants are copied into.
type ImageFormat struct {
	Name     string // the word in Media.Renditions and the file extension
	MimeType string
}

// FormatMaxWidth is the widest image copied into the Formats: the resized
// variants always are (none is wider), the original only when it is this
// narrow or narrower, since encoding a 40-megapixel original takes minutes
// and no page slot is wider.
const FormatMaxWidth = 1600

// CropWidth is the width of the crops made for Google News and Discover,
// which ask for images at least 1200 pixels wide. A crop is never scaled
// up: when the original has fewer pixels across the ratio's largest
// region, the crop keeps the region's own size.
const CropWidth = 1200

// CropRatios are the aspect ratios Google asks for in structured data,
// widest first (og:image uses the first).
var CropRatios = []CropRatio{{16, 9}, {4, 3}, {1, 1}}

// CropRatio is an aspect ratio, width to height.
type CropRatio struct{ W, H int }

// Name is the ratio as a file name part: "16x9".
func (r CropRatio) Name() string { return strconv.Itoa(r.W) + "x" + strconv.Itoa(r.H) }

// MediaCrop is a crop of an image to one of CropRatios.
type MediaCrop struct {
	Ratio CropRatio
	MediaVariant
	Region image.Rectangle // the part of the original it shows
}

// HasRendition reports whether the word (a format's name) is in
// m.Renditions.
func (m *Media) HasRendition(word string) bool {
	for _, w := range strings.Fields(m.Renditions) {
		if w == word {
			return true
		}
	}
	return false
}

// FormatFiles are the copies of m in format f, narrowest first: one per
// resized variant and the original when at most FormatMaxWidth wide. Nil
// when they have not been made.
func (m *Media) FormatFiles(f ImageFormat) []MediaVariant {
	if !m.HasRendition(f.Name) {
		return nil
	}
	return m.formatFiles(f)
}

func (m *Media) formatFiles(f ImageFormat) []MediaVariant {
	var out []MediaVariant
	for _, v := range m.Variants {
		out = append(out, MediaVariant{Path: withExt(v.Path, "."+f.Name), Width: v.Width, Height: v.Height})
	}
	if m.Width > 0 && m.Width <= FormatMaxWidth {
		out = append(out, MediaVariant{Path: withExt(m.Path, "."+f.Name), Width: m.Width, Height: m.Height})
	}
	return out
}

// CanHaveFormats reports whether m is copied into the Formats: still
// images only, since an animated GIF would lose its motion.
func (m *Media) CanHaveFormats() bool {
	return m.MimeType == "image/jpeg" || m.MimeType == "image/png" || m.MimeType == "image/webp"
}

// CropFocal returns the focal point, in thousandths, the crops in
// m.Renditions were cut around; ok is false when there are none.
func (m *Media) CropFocal() (x, y int, ok bool) {
	for _, w := range strings.Fields(m.Renditions) {
		if rest, found := strings.CutPrefix(w, "crop:"); found {
			xs, ys, _ := strings.Cut(rest, ",")
			x, errX := strconv.Atoi(xs)
			y, errY := strconv.Atoi(ys)
			if errX == nil && errY == nil {
				return x, y, true
			}
		}
	}
	return 0, 0, false
}

// Crops returns m's crops, one per CropRatios, when they have been made;
// nil otherwise.
func (m *Media) Crops() []MediaCrop {
	x, y, ok := m.CropFocal()
	if !ok {
		return nil
	}
	return m.CropsAt(x, y)
}

// CropsAt returns the crops of m around the focal point (x, y) in
// thousandths of its width and height: their files' names, sizes and the
// regions of the original they show.
func (m *Media) CropsAt(x, y int) []MediaCrop {
	if m.Width <= 0 || m.Height <= 0 {
		return nil
	}
	ext := ".jpg"
	if m.MimeType != "image/jpeg" {
		ext = ".png" // keeps transparency, as the variants do
	}
	base := strings.TrimSuffix(m.Path, path.Ext(m.Path))
	out := make([]MediaCrop, 0, len(CropRatios))
	for _, r := range CropRatios {
		region := CropRegion(m.Width, m.Height, r, float64(x)/1000, float64(y)/1000)
		w, h := region.Dx(), region.Dy()
		if w > CropWidth {
			w, h = CropWidth, CropWidth*r.H/r.W
		}
		name := base + "-" + r.Name() + "-" + strconv.Itoa(x) + "-" + strconv.Itoa(y) + ext
		out = append(out, MediaCrop{Ratio: r, MediaVariant: MediaVariant{Path: name, Width: w, Height: h}, Region: region})
	}
	return out
}

// CropRegion is the largest rectangle of ratio r inside a w×h image whose
// centre is as near the focal point (fx, fy, fractions of the width and
// height) as the image's edges allow.
func CropRegion(w, h int, r CropRatio, fx, fy float64) image.Rectangle {
	cw, ch := w, w*r.H/r.W
	if ch > h {
		cw, ch = h*r.W/r.H, h
	}
	cw, ch = max(cw, 1), max(ch, 1)
	x0 := int(math.Round(fx*float64(w))) - cw/2
	y0 := int(math.Round(fy*float64(h))) - ch/2
	x0 = min(max(x0, 0), w-cw)
	y0 = min(max(y0, 0), h-ch)
	return image.Rect(x0, y0, x0+cw, y0+ch)
}

// RenditionPaths lists every generated file m's Renditions say exist, for
// removing them with the item.
func (m *Media) RenditionPaths() []string {
	var out []string
	for _, f := range Formats {
		for _, v := range m.FormatFiles(f) {
			if v.Path != m.Path {
				out = append(out, v.Path)
			}
		}
	}
	for _, c := range m.Crops() {
		out = append(out, c.Path)
	}
	return out
}

// FocalThousandths rounds a focal fraction to the thousandths crops are
// named by.
func FocalThousandths(f float64) int { return int(math.Round(min(max(f, 0), 1) * 1000)) }

func withExt(p, ext string) string { return strings.TrimSuffix(p, path.Ext(p)) + ext }

package model

import "time"

// Taxonomies.
const (
	TaxonomyCategory = "category"
	TaxonomyTag      = "tag"
)

// Term is a category (hierarchical, through ParentID) or a tag.
type Term struct {
	ID          int64
	Taxonomy    string // TaxonomyCategory or TaxonomyTag
	Slug        string
	Name        string
	Description string
	ParentID    int64 // categories only; 0 at the top
	Count       int   // published posts carrying the term; filled by reads that list terms
}

// Path returns the term's archive path.
func (t Term) Path() string {
	if t.Taxonomy == TaxonomyTag {
		return "/tag/" + t.Slug + "/"
	}
	return "/category/" + t.Slug + "/"
}

// Media is an uploaded file, usually an image, with its resized variants.
type Media struct {
	ID         int64
	UploaderID int64  // 0 when unknown
	Path       string // relative to the media folder: 2024/04/photo.jpg
	MimeType   string
	Size       int64
	Width      int
	Height     int
	Alt        string
	Caption    string
	Variants   []MediaVariant
	// Renditions says which generated files exist besides the variants:
	// WebP and AVIF copies and the focal-point crops (see Rendition*).
	Renditions string
	CreatedAt  time.Time
	// SHA256 is the hex SHA-256 of the original's bytes, by which the
	// same file uploaded again is recognised; "" when not known yet.
	SHA256 string
	// ExtraFiles are the item's files besides its original, variants and
	// renditions: the sizes WordPress cut of an imported image, kept so
	// their old addresses answer. Only a deletion reads them (and removes
	// them with the item).
	ExtraFiles []string
}

// URL returns the public path of the original file.
func (m *Media) URL() string { return "/media/" + m.Path }

// MediaVariant is a resized copy of an image.
type MediaVariant struct {
	Path   string // relative to the media folder
	Width  int
	Height int
}

// URL returns the public path of the variant.
func (v MediaVariant) URL() string { return "/media/" + v.Path }

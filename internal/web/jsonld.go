package web

// The JSON-LD of articles and of the front page, as typed values: encoding/json
// writes a struct without reflecting over a map's keys and sorting them,
// which took a twentieth of an uncached article render. Each struct's
// fields are in the byte order of their JSON names, the order in which
// encoding/json writes a map's keys, so the script holds the bytes the maps
// these replaced gave (TestJSONLDKeepsMapOrder). A key a map left out when
// its value was empty is omitempty; one it left out on another condition
// is a pointer.

// newsArticleLD is a post's NewsArticle.
type newsArticleLD struct {
	Context        string     `json:"@context"`
	Type           string     `json:"@type"`
	ArticleSection string     `json:"articleSection,omitempty"`
	Author         []personLD `json:"author,omitempty"`
	// Correction lists the story's corrections, updates and rights of
	// reply, as schema.org's CorrectionComment.
	Correction          []correctionLD `json:"correction,omitempty"`
	DateModified        string         `json:"dateModified"`
	DatePublished       string         `json:"datePublished"`
	Description         string         `json:"description,omitempty"`
	Headline            string         `json:"headline"`
	Image               []string       `json:"image,omitempty"`
	InLanguage          string         `json:"inLanguage"`
	IsAccessibleForFree bool           `json:"isAccessibleForFree,omitempty"`
	IsBasedOn           string         `json:"isBasedOn,omitempty"`
	Keywords            *string        `json:"keywords,omitempty"` // present whenever there are tags, even unnamed ones
	MainEntityOfPage    string         `json:"mainEntityOfPage"`
	Publisher           orgLD          `json:"publisher"`
	URL                 string         `json:"url"`
}

type correctionLD struct {
	Type          string `json:"@type"`
	DatePublished string `json:"datePublished"`
	Text          string `json:"text"`
	URL           string `json:"url"`
}

type personLD struct {
	Type string `json:"@type"`
	Name string `json:"name"`
	URL  string `json:"url"`
}

type orgLD struct {
	Type string   `json:"@type"`
	Logo *imageLD `json:"logo,omitempty"`
	Name string   `json:"name"`
	URL  string   `json:"url"`
}

type imageLD struct {
	Type string `json:"@type"`
	URL  string `json:"url"`
}

// websiteLD is the front page's WebSite with its search.
type websiteLD struct {
	Context         string         `json:"@context"`
	Type            string         `json:"@type"`
	InLanguage      string         `json:"inLanguage"`
	Name            string         `json:"name"`
	PotentialAction searchActionLD `json:"potentialAction"`
	URL             string         `json:"url"`
}

type searchActionLD struct {
	Type       string `json:"@type"`
	QueryInput string `json:"query-input"`
	Target     string `json:"target"`
}

// Package feed serves warta's syndication feeds: RSS 2.0 (/feed/), Atom 1.0
// (/feed/atom/) and JSON Feed 1.1 (/feed.json) of the newest articles of the
// site and of every category, tag and author, and of the approved comments
// of the site and of each article. Every URL in a feed is absolute; the
// featured image is the item's enclosure; answers carry an ETag and a
// Last-Modified date and honour conditional requests with 304.
//
// A feed is built once as a doc, then written in the asked format, so the
// three formats always say the same thing.
package feed

import (
	"time"
)

// Formats a feed is written in.
const (
	RSS  = "rss"
	Atom = "atom"
	JSON = "json"
)

// doc is a feed before it is written in a format.
type doc struct {
	Title       string
	Description string
	Link        string // the HTML page the feed follows, absolute
	Self        string // the feed's own URL, absolute
	Lang        string
	Updated     time.Time // the newest change among the items; zero for an empty feed
	Generator   string
	Items       []item
}

// item is one entry of a feed: an article or a comment.
type item struct {
	ID         string // stable identifier (the article's ?p= link, a comment's link)
	Title      string
	Link       string // absolute
	Summary    string // plain text
	Content    string // HTML with absolute URLs; empty in summary-only feeds
	Published  time.Time
	Updated    time.Time
	Authors    []person
	Categories []string
	Lang       string
	Image      *enclosure
}

// person is an author as feeds name them: never an email address.
type person struct {
	Name string
	URL  string // absolute; may be empty
}

// enclosure is a file attached to an item (the featured image).
type enclosure struct {
	URL    string
	Type   string
	Length int64
}

// contentTypes are the media types of each format.
var contentTypes = map[string]string{
	RSS:  "application/rss+xml; charset=utf-8",
	Atom: "application/atom+xml; charset=utf-8",
	JSON: "application/feed+json; charset=utf-8",
}

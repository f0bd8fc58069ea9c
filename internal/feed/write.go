package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html"
	"strings"
	"time"
)

// write renders d in format.
func write(d doc, format string) ([]byte, error) {
	switch format {
	case RSS:
		return writeRSS(d)
	case Atom:
		return writeAtom(d)
	case JSON:
		return writeJSON(d)
	}
	return nil, fmt.Errorf("feed: unknown format %q", format)
}

func marshalXML(v any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// RSS 2.0 with the content, Dublin Core and Atom namespaces, as WordPress
// writes it: content:encoded holds the full text, dc:creator the author
// (RSS's own <author> must be an email address, which warta never shows).
type rssFeed struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	Content string     `xml:"xmlns:content,attr"`
	DC      string     `xml:"xmlns:dc,attr"`
	AtomNS  string     `xml:"xmlns:atom,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Self          rssSelf   `xml:"atom:link"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	LastBuildDate string    `xml:"lastBuildDate,omitempty"`
	Language      string    `xml:"language"`
	Generator     string    `xml:"generator"`
	Items         []rssItem `xml:"item"`
}

type rssSelf struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type rssItem struct {
	Title       string        `xml:"title"`
	Link        string        `xml:"link"`
	GUID        rssGUID       `xml:"guid"`
	PubDate     string        `xml:"pubDate"`
	Creators    []string      `xml:"dc:creator"`
	Categories  []string      `xml:"category"`
	Description string        `xml:"description"`
	Content     *cdata        `xml:"content:encoded"`
	Enclosure   *rssEnclosure `xml:"enclosure"`
}

type cdata struct {
	Text string `xml:",cdata"`
}

// xmlChars replaces what XML may not hold (control characters, invalid
// UTF-8, U+FFFE…) with U+FFFD. encoding/xml does so for text it escapes,
// but writes a CDATA section's bytes as they are, and a stray U+000B in
// an article's body would make the whole feed unreadable.
func xmlChars(s string) string {
	return strings.Map(func(r rune) rune {
		if r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF {
			return r
		}
		return '\uFFFD'
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

type rssGUID struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

type rssEnclosure struct {
	URL    string `xml:"url,attr"`
	Length int64  `xml:"length,attr"`
	Type   string `xml:"type,attr"`
}

func writeRSS(d doc) ([]byte, error) {
	f := rssFeed{
		Version: "2.0",
		Content: "http://purl.org/rss/1.0/modules/content/",
		DC:      "http://purl.org/dc/elements/1.1/",
		AtomNS:  "http://www.w3.org/2005/Atom",
		Channel: rssChannel{
			Title:       d.Title,
			Self:        rssSelf{Href: d.Self, Rel: "self", Type: "application/rss+xml"},
			Link:        d.Link,
			Description: html.EscapeString(d.Description),
			Language:    d.Lang,
			Generator:   d.Generator,
		},
	}
	if !d.Updated.IsZero() {
		f.Channel.LastBuildDate = d.Updated.UTC().Format(time.RFC1123Z)
	}
	for _, it := range d.Items {
		ri := rssItem{
			Title:      it.Title,
			Link:       it.Link,
			GUID:       rssGUID{IsPermaLink: "false", Value: it.ID},
			PubDate:    it.Published.UTC().Format(time.RFC1123Z),
			Categories: it.Categories,
			// RSS readers render a description as HTML; the summary is
			// plain text, so it is escaped to stay text ("a <b> c" must
			// not become bold, nor a typed <script> a script).
			Description: html.EscapeString(it.Summary),
		}
		for _, a := range it.Authors {
			ri.Creators = append(ri.Creators, a.Name)
		}
		if it.Content != "" {
			ri.Content = &cdata{Text: xmlChars(it.Content)}
		}
		if it.Image != nil {
			ri.Enclosure = &rssEnclosure{URL: it.Image.URL, Length: it.Image.Length, Type: it.Image.Type}
		}
		f.Channel.Items = append(f.Channel.Items, ri)
	}
	return marshalXML(f)
}

// Atom 1.0 (RFC 4287).
type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang      string      `xml:"xml:lang,attr,omitempty"`
	ID        string      `xml:"id"`
	Title     string      `xml:"title"`
	Subtitle  string      `xml:"subtitle,omitempty"`
	Updated   string      `xml:"updated"`
	Links     []atomLink  `xml:"link"`
	Generator string      `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel    string `xml:"rel,attr"`
	Type   string `xml:"type,attr,omitempty"`
	Href   string `xml:"href,attr"`
	Length int64  `xml:"length,attr,omitempty"`
}

type atomEntry struct {
	Lang       string         `xml:"xml:lang,attr,omitempty"`
	ID         string         `xml:"id"`
	Title      string         `xml:"title"`
	Updated    string         `xml:"updated"`
	Published  string         `xml:"published"`
	Authors    []atomPerson   `xml:"author"`
	Links      []atomLink     `xml:"link"`
	Categories []atomCategory `xml:"category"`
	Summary    *atomText      `xml:"summary"`
	Content    *atomText      `xml:"content"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

func writeAtom(d doc) ([]byte, error) {
	updated := d.Updated
	if updated.IsZero() {
		// An Atom feed must say when it last changed; an empty one never did.
		updated = time.Unix(0, 0)
	}
	f := atomFeed{
		Lang:      d.Lang,
		ID:        d.Self,
		Title:     d.Title,
		Subtitle:  d.Description,
		Updated:   updated.UTC().Format(time.RFC3339),
		Links:     []atomLink{{Rel: "self", Type: "application/atom+xml", Href: d.Self}, {Rel: "alternate", Type: "text/html", Href: d.Link}},
		Generator: d.Generator,
	}
	for _, it := range d.Items {
		e := atomEntry{
			ID:        it.ID,
			Title:     it.Title,
			Updated:   it.Updated.UTC().Format(time.RFC3339),
			Published: it.Published.UTC().Format(time.RFC3339),
			Links:     []atomLink{{Rel: "alternate", Type: "text/html", Href: it.Link}},
		}
		if it.Lang != d.Lang {
			e.Lang = it.Lang
		}
		for _, a := range it.Authors {
			e.Authors = append(e.Authors, atomPerson{Name: a.Name, URI: a.URL})
		}
		if len(e.Authors) == 0 {
			// Every entry needs an author when the feed names none.
			e.Authors = []atomPerson{{Name: d.Title}}
		}
		for _, c := range it.Categories {
			e.Categories = append(e.Categories, atomCategory{Term: c})
		}
		if it.Summary != "" {
			e.Summary = &atomText{Type: "text", Text: it.Summary}
		}
		if it.Content != "" {
			e.Content = &atomText{Type: "html", Text: it.Content}
		}
		if it.Image != nil {
			e.Links = append(e.Links, atomLink{Rel: "enclosure", Type: it.Image.Type, Href: it.Image.URL, Length: it.Image.Length})
		}
		f.Entries = append(f.Entries, e)
	}
	return marshalXML(f)
}

// JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/).
type jsonFeed struct {
	Version     string     `json:"version"`
	Title       string     `json:"title"`
	HomePageURL string     `json:"home_page_url"`
	FeedURL     string     `json:"feed_url"`
	Description string     `json:"description,omitempty"`
	Language    string     `json:"language,omitempty"`
	Items       []jsonItem `json:"items"`
}

type jsonItem struct {
	ID            string           `json:"id"`
	URL           string           `json:"url"`
	Title         string           `json:"title"`
	ContentHTML   string           `json:"content_html,omitempty"`
	ContentText   string           `json:"content_text,omitempty"`
	Summary       string           `json:"summary,omitempty"`
	Image         string           `json:"image,omitempty"`
	DatePublished string           `json:"date_published"`
	DateModified  string           `json:"date_modified,omitempty"`
	Authors       []jsonAuthor     `json:"authors,omitempty"`
	Tags          []string         `json:"tags,omitempty"`
	Language      string           `json:"language,omitempty"`
	Attachments   []jsonAttachment `json:"attachments,omitempty"`
}

type jsonAuthor struct {
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

type jsonAttachment struct {
	URL         string `json:"url"`
	MimeType    string `json:"mime_type"`
	SizeInBytes int64  `json:"size_in_bytes,omitempty"`
}

func writeJSON(d doc) ([]byte, error) {
	f := jsonFeed{
		Version:     "https://jsonfeed.org/version/1.1",
		Title:       d.Title,
		HomePageURL: d.Link,
		FeedURL:     d.Self,
		Description: d.Description,
		Language:    d.Lang,
		Items:       []jsonItem{},
	}
	for _, it := range d.Items {
		ji := jsonItem{
			ID:            it.ID,
			URL:           it.Link,
			Title:         it.Title,
			ContentHTML:   it.Content,
			Summary:       it.Summary,
			DatePublished: it.Published.UTC().Format(time.RFC3339),
			DateModified:  it.Updated.UTC().Format(time.RFC3339),
			Tags:          it.Categories,
			Language:      it.Lang,
		}
		if ji.ContentHTML == "" {
			// An item must have content_html or content_text.
			ji.ContentText = it.Summary
		}
		for _, a := range it.Authors {
			ji.Authors = append(ji.Authors, jsonAuthor{Name: a.Name, URL: a.URL})
		}
		if it.Image != nil {
			ji.Image = it.Image.URL
			ji.Attachments = []jsonAttachment{{URL: it.Image.URL, MimeType: it.Image.Type, SizeInBytes: it.Image.Length}}
		}
		f.Items = append(f.Items, ji)
	}
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// Package wxr reads and writes WordPress eXtended RSS (WXR), the file
// WordPress's "Tools → Export" writes, and imports it into warta.
//
// The reader streams: it walks the file token by token with encoding/xml and
// hands out one author, term or item at a time, so memory stays bounded by
// the largest single item, not by the file. It accepts WXR 1.0, 1.1 and 1.2,
// with the wordpress.org namespace spelled with http:// or https://.
package wxr

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Site is the channel's own description.
type Site struct {
	Title       string
	Link        string
	Description string
	Language    string
	Version     string // wp:wxr_version: "1.0", "1.1" or "1.2"
	BaseSiteURL string // wp:base_site_url
	BaseBlogURL string // wp:base_blog_url
}

// Author is a wp:author (WXR 1.1 and later).
type Author struct {
	ID          int64
	Login       string
	Email       string
	DisplayName string
	FirstName   string
	LastName    string
}

// Term is a wp:category, wp:tag or wp:term. Parent is the parent's slug.
type Term struct {
	ID          int64
	Taxonomy    string // "category", "post_tag", or another taxonomy name
	Slug        string
	Name        string
	Description string
	Parent      string
}

// ItemTerm is an item's <category domain="…" nicename="…">Name</category>.
type ItemTerm struct {
	Domain   string // "category", "post_tag", …
	Nicename string
	Name     string
}

// Meta is a wp:postmeta or wp:commentmeta pair.
type Meta struct{ Key, Value string }

// Comment is a wp:comment inside an item.
type Comment struct {
	ID          int64
	Author      string
	AuthorEmail string
	AuthorURL   string
	AuthorIP    string
	Date        string // local time, "2006-01-02 15:04:05"
	DateGMT     string
	Content     string
	Approved    string // "1", "0", "spam", "trash"
	Type        string // "", "comment", "pingback", "trackback"
	Parent      int64
	UserID      int64
	Meta        []Meta
}

// Item is an RSS item: a post, page, attachment or another post type.
type Item struct {
	Title         string
	Link          string
	PubDate       string
	Creator       string // dc:creator: the author's login
	GUID          string
	Description   string
	Content       string // content:encoded
	Excerpt       string // excerpt:encoded
	ID            int64
	PostDate      string
	PostDateGMT   string
	Modified      string
	ModifiedGMT   string
	CommentStatus string
	PingStatus    string
	Name          string // post_name: the slug
	Status        string
	Parent        int64
	MenuOrder     int
	Type          string
	Password      string
	Sticky        bool
	AttachmentURL string
	Terms         []ItemTerm
	Meta          []Meta
	Comments      []Comment

	prep *itemPrep // what the import worked out of it ahead of the writes
}

// MetaValue returns the value of the first meta with key, or "".
func (it *Item) MetaValue(key string) string {
	for _, m := range it.Meta {
		if m.Key == key {
			return m.Value
		}
	}
	return ""
}

// Error is a malformed or unreadable file, with the position where reading
// stopped (1-based line and column).
type Error struct {
	Line, Column int
	Err          error
}

func (e *Error) Error() string {
	return fmt.Sprintf("line %d, column %d: %v", e.Line, e.Column, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// Reader streams the records of a WXR file.
type Reader struct {
	d       *xml.Decoder
	site    Site
	inChan  bool
	sawRSS  bool
	wpSpace string // the namespace URL of wp:, once seen
}

// NewReader reads WXR from r.
func NewReader(r io.Reader) *Reader {
	d := xml.NewDecoder(bufio.NewReaderSize(r, 64<<10))
	d.Strict = true
	// Titles written by some plugins carry HTML's named entities (&nbsp;,
	// &hellip;), which XML alone does not define.
	d.Entity = xml.HTMLEntity
	// WordPress writes UTF-8; an export declaring another charset is read
	// as is rather than refused (its bytes are almost always UTF-8 anyway).
	d.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil }
	return &Reader{d: d}
}

// Site returns the channel header read so far. It is complete once the
// first author, term or item has been returned (WordPress writes the header
// first).
func (r *Reader) Site() Site { return r.site }

// fail wraps err with the decoder's position.
func (r *Reader) fail(err error) error {
	var xe *Error
	if errors.As(err, &xe) {
		return err
	}
	line, col := r.d.InputPos()
	// encoding/xml reports column 0 when it stopped on a newline it has
	// put back ("&\n"): the fault is on that line, from its first column.
	col = max(col, 1)
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		err = xmlProblem(se.Msg)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		err = problem("wxr.err.xml.eof")
	}
	return &Error{Line: line, Column: col, Err: err}
}

// Next returns the next record: *Author, *Term or *Item, and io.EOF after
// the end of the channel. Any other error is an *Error naming the position.
func (r *Reader) Next() (any, error) {
	for {
		tok, err := r.d.Token()
		if err == io.EOF {
			if !r.sawRSS {
				return nil, r.fail(problem("wxr.err.no_rss"))
			}
			return nil, io.EOF
		}
		if err != nil {
			return nil, r.fail(err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		name := se.Name.Local
		switch {
		case !r.sawRSS:
			if name != "rss" {
				return nil, r.fail(problem("wxr.err.root", name))
			}
			r.sawRSS = true
		case !r.inChan:
			if name != "channel" {
				if err := r.d.Skip(); err != nil {
					return nil, r.fail(err)
				}
				continue
			}
			r.inChan = true
		case name == "item":
			it, err := r.item()
			if err != nil {
				return nil, r.fail(err)
			}
			return it, nil
		case r.isWP(se.Name) && name == "author":
			a, err := r.author()
			if err != nil {
				return nil, r.fail(err)
			}
			return a, nil
		case r.isWP(se.Name) && (name == "category" || name == "tag" || name == "term"):
			t, err := r.term(name)
			if err != nil {
				return nil, r.fail(err)
			}
			return t, nil
		default:
			if err := r.header(se); err != nil {
				return nil, r.fail(err)
			}
		}
	}
}

// isWP reports whether n is in the WXR namespace, in any of its spellings.
func (r *Reader) isWP(n xml.Name) bool {
	if r.wpSpace != "" && n.Space == r.wpSpace {
		return true
	}
	s := strings.TrimPrefix(strings.TrimPrefix(n.Space, "http://"), "https://")
	if !strings.HasPrefix(s, "wordpress.org/export/") || strings.Contains(s, "excerpt") {
		return false
	}
	r.wpSpace = n.Space
	return true
}

func (r *Reader) header(se xml.StartElement) error {
	wp := r.isWP(se.Name)
	var dst *string
	switch {
	case wp && se.Name.Local == "wxr_version":
		dst = &r.site.Version
	case wp && se.Name.Local == "base_site_url":
		dst = &r.site.BaseSiteURL
	case wp && se.Name.Local == "base_blog_url":
		dst = &r.site.BaseBlogURL
	case se.Name.Space == "" && se.Name.Local == "title":
		dst = &r.site.Title
	case se.Name.Space == "" && se.Name.Local == "link":
		dst = &r.site.Link
	case se.Name.Space == "" && se.Name.Local == "description":
		dst = &r.site.Description
	case se.Name.Space == "" && se.Name.Local == "language":
		dst = &r.site.Language
	default:
		return r.d.Skip()
	}
	s, err := r.text()
	*dst = s
	if err == nil && dst == &r.site.Version {
		switch strings.TrimSpace(s) {
		case "1.0", "1.1", "1.2":
		default:
			return problem("wxr.err.version", s)
		}
	}
	return err
}

// text reads the character data up to the end of the current element,
// joining CDATA sections and text exactly as they are. Child elements are
// an error: every WXR field is text.
func (r *Reader) text() (string, error) {
	var b strings.Builder
	for {
		tok, err := r.d.Token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.CharData:
			b.Write(t)
		case xml.EndElement:
			return b.String(), nil
		case xml.StartElement:
			return "", problem("wxr.err.element_in_text", t.Name.Local)
		}
	}
}

// children calls fn for each child element of the current element until its
// end; fn must consume the child (read its text or skip it).
func (r *Reader) children(fn func(se xml.StartElement) error) error {
	for {
		tok, err := r.d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := fn(t); err != nil {
				return err
			}
		case xml.EndElement:
			return nil
		}
	}
}

func parseID(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, problem("wxr.err.bad_id", s)
	}
	return n, nil
}

// fields reads the children of the current element as named text fields.
func (r *Reader) fields(set func(name xml.Name, v string) error) error {
	return r.children(func(se xml.StartElement) error {
		v, err := r.text()
		if err != nil {
			return err
		}
		return set(se.Name, v)
	})
}

func (r *Reader) author() (*Author, error) {
	var a Author
	err := r.fields(func(n xml.Name, v string) error {
		var err error
		switch n.Local {
		case "author_id":
			a.ID, err = parseID(v)
		case "author_login":
			a.Login = v
		case "author_email":
			a.Email = v
		case "author_display_name":
			a.DisplayName = v
		case "author_first_name":
			a.FirstName = v
		case "author_last_name":
			a.LastName = v
		}
		return err
	})
	return &a, err
}

func (r *Reader) term(kind string) (*Term, error) {
	t := Term{Taxonomy: kind}
	if kind == "tag" {
		t.Taxonomy = "post_tag"
	}
	err := r.fields(func(n xml.Name, v string) error {
		var err error
		switch n.Local {
		case "term_id":
			t.ID, err = parseID(v)
		case "term_taxonomy":
			t.Taxonomy = v
		case "category_nicename", "tag_slug", "term_slug":
			t.Slug = v
		case "cat_name", "tag_name", "term_name":
			t.Name = v
		case "category_description", "tag_description", "term_description":
			t.Description = v
		case "category_parent", "term_parent":
			t.Parent = v
		}
		return err
	})
	if err == nil && t.Slug == "" {
		err = problem("wxr.err.no_slug." + kind)
	}
	return &t, err
}

func (r *Reader) item() (*Item, error) {
	var it Item
	err := r.children(func(se xml.StartElement) error {
		n := se.Name
		switch {
		case n.Local == "category" && !r.isWP(n):
			t := ItemTerm{}
			for _, a := range se.Attr {
				switch a.Name.Local {
				case "domain":
					t.Domain = a.Value
				case "nicename":
					t.Nicename = a.Value
				}
			}
			v, err := r.text()
			t.Name = v
			if t.Domain != "" && t.Nicename != "" {
				it.Terms = append(it.Terms, t)
			}
			return err
		case n.Local == "postmeta":
			m, err := r.meta()
			it.Meta = append(it.Meta, m)
			return err
		case n.Local == "comment" && r.isWP(n):
			c, err := r.comment()
			if err == nil {
				it.Comments = append(it.Comments, *c)
			}
			return err
		}
		v, err := r.text()
		if err != nil {
			return err
		}
		return it.set(n, v, r.isWP(n))
	})
	return &it, err
}

func (it *Item) set(n xml.Name, v string, wp bool) error {
	var err error
	if !wp {
		switch {
		case n.Local == "encoded" && strings.Contains(n.Space, "excerpt"):
			it.Excerpt = v
		case n.Local == "encoded":
			it.Content = v
		case n.Local == "title":
			it.Title = v
		case n.Local == "link":
			it.Link = v
		case n.Local == "pubDate":
			it.PubDate = v
		case n.Local == "creator":
			it.Creator = v
		case n.Local == "guid":
			it.GUID = v
		case n.Local == "description":
			it.Description = v
		}
		return nil
	}
	switch n.Local {
	case "post_id":
		it.ID, err = parseID(v)
	case "post_date":
		it.PostDate = v
	case "post_date_gmt":
		it.PostDateGMT = v
	case "post_modified":
		it.Modified = v
	case "post_modified_gmt":
		it.ModifiedGMT = v
	case "comment_status":
		it.CommentStatus = v
	case "ping_status":
		it.PingStatus = v
	case "post_name":
		it.Name = v
	case "status":
		it.Status = v
	case "post_parent":
		it.Parent, err = parseID(v)
	case "menu_order":
		if s := strings.TrimSpace(v); s != "" {
			it.MenuOrder, err = strconv.Atoi(s)
		}
	case "post_type":
		it.Type = v
	case "post_password":
		it.Password = v
	case "is_sticky":
		it.Sticky = strings.TrimSpace(v) == "1"
	case "attachment_url":
		it.AttachmentURL = v
	}
	return err
}

// meta reads a wp:postmeta or wp:commentmeta element's key and value.
func (r *Reader) meta() (Meta, error) {
	var m Meta
	err := r.fields(func(n xml.Name, v string) error {
		switch n.Local {
		case "meta_key":
			m.Key = v
		case "meta_value":
			m.Value = v
		}
		return nil
	})
	return m, err
}

func (r *Reader) comment() (*Comment, error) {
	var c Comment
	err := r.children(func(se xml.StartElement) error {
		if se.Name.Local == "commentmeta" {
			m, err := r.meta()
			c.Meta = append(c.Meta, m)
			return err
		}
		v, err := r.text()
		if err != nil {
			return err
		}
		switch se.Name.Local {
		case "comment_id":
			c.ID, err = parseID(v)
		case "comment_author":
			c.Author = v
		case "comment_author_email":
			c.AuthorEmail = v
		case "comment_author_url":
			c.AuthorURL = v
		case "comment_author_IP":
			c.AuthorIP = v
		case "comment_date":
			c.Date = v
		case "comment_date_gmt":
			c.DateGMT = v
		case "comment_content":
			c.Content = v
		case "comment_approved":
			c.Approved = v
		case "comment_type":
			c.Type = v
		case "comment_parent":
			c.Parent, err = parseID(v)
		case "comment_user_id":
			c.UserID, err = parseID(v)
		}
		return err
	})
	return &c, err
}

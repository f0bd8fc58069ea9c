// Package model holds warta's domain types, their statuses and the sentinel
// errors every layer shares. It imports nothing from warta.
package model

import (
	"html/template"
	"time"
)

// ArticleType tells a dated news post from a standalone page.
type ArticleType string

// Article types.
const (
	TypePost ArticleType = "post"
	TypePage ArticleType = "page"
)

// Status is where an article stands in the publishing flow.
type Status string

// Article statuses; the WordPress names are in the comments.
const (
	StatusDraft     Status = "draft"     // draft
	StatusPending   Status = "pending"   // pending review
	StatusScheduled Status = "scheduled" // future
	StatusPublished Status = "published" // publish
	StatusPrivate   Status = "private"   // private
	StatusTrash     Status = "trash"     // trash
)

// Valid reports whether s is one of the known statuses.
func (s Status) Valid() bool {
	switch s {
	case StatusDraft, StatusPending, StatusScheduled, StatusPublished, StatusPrivate, StatusTrash:
		return true
	}
	return false
}

// Comment status of an article: whether readers may reply.
const (
	CommentsOpen   = "open"
	CommentsClosed = "closed"
)

// Source formats of an article body.
const (
	FormatHTML     = "html"
	FormatMarkdown = "markdown"
)

// Article is a post or a page. BodyHTML is sanitized before it is stored;
// Source keeps what the writer typed when it was Markdown.
type Article struct {
	ID           int64
	Type         ArticleType
	Slug         string
	Title        string
	BodyHTML     template.HTML
	Source       string // the writer's text when SourceFormat is markdown
	SourceFormat string // FormatHTML or FormatMarkdown
	Excerpt      string // plain text
	Status       Status
	Bylines      []Byline // in order; the first is the primary author
	PublishedAt  time.Time
	ModifiedAt   time.Time
	CreatedAt    time.Time
	Lang         string // BCP 47 tag of the article's own language: "id", "en"
	// TranslationGroup links translations of one story; empty when none.
	TranslationGroup string
	Categories       []Term
	Tags             []Term
	FeaturedMediaID  int64  // 0 when none
	FeaturedImage    *Media // filled by reads that show it; nil when none
	Embeds           []Embed
	Sticky           bool
	CommentStatus    string // CommentsOpen or CommentsClosed
	Password         string // empty: not protected
	SourceName       string // attribution for syndicated or translated stories
	SourceURL        string
	ParentID         int64 // pages: the parent page, 0 when none
	// ParentPath is a page's ancestors' slugs, top first, each followed by
	// "/" ("" at the top and for posts); filled by reads. Path puts it
	// before the slug, as WordPress does.
	ParentPath   string
	MenuOrder    int
	CommentCount int // approved comments; filled by reads that list articles
	// Unverified marks a story published before its facts were checked
	// ("sedang dalam verifikasi"), as the Dewan Pers guideline for online
	// media allows for urgent news: pages say so, and the Google News
	// sitemap leaves it out until the flag is cleared.
	Unverified bool
	// VerifiedAt is when the Unverified flag was cleared; zero for a
	// story never marked unverified.
	VerifiedAt time.Time
	// Sponsored marks paid content (advertorial): every place the article
	// shows labels it so, and links out of it carry rel="sponsored".
	Sponsored bool
	// SEO, when not nil, replaces the article's SEO fields on a write (an
	// empty one removes them); nil keeps those stored. Reads leave it nil:
	// the pages that need the fields read them apart (store.ArticleSEO).
	SEO *SEO
}

// Byline roles.
const (
	BylineAuthor       = "author"
	BylineReporter     = "reporter"
	BylineEditor       = "editor"
	BylinePhotographer = "photographer"
)

// Byline credits one user on an article.
type Byline struct {
	User User   // ID, DisplayName and Slug are always filled on reads
	Role string // BylineAuthor, BylineReporter, BylineEditor, BylinePhotographer
}

// Embed is a third-party video (or audio) attached to an article. Title,
// duration and poster are stored with the article so the page can show the
// card without asking the provider anything.
type Embed struct {
	ID        int64
	Position  int
	Provider  string // "youtube", "vimeo", or "other"
	URL       string // the link the writer pasted
	EmbedURL  string // the player URL loaded only after a click
	Title     string
	Duration  time.Duration
	PosterURL string // a local path (/media/…) so no third party is asked
}

// Revision is a saved state of an article.
type Revision struct {
	ID        int64
	ArticleID int64
	AuthorID  int64 // the user who saved it; 0 when unknown
	Title     string
	BodyHTML  template.HTML
	Source    string
	Excerpt   string
	CreatedAt time.Time
	// Full is false for a revision saved before warta recorded more than
	// the text (title, body, excerpt): the fields below are then unknown.
	Full       bool
	Bylines    []Byline // in order; User.ID and Role, names filled by reads ("" for a user since deleted)
	Categories []Term   // ID, names filled by reads ("" for a term since deleted)
	Tags       []Term
	SEO        SEO
	Unverified bool
	Sponsored  bool
	// Corrections are the story's corrections, updates and rights of reply
	// as they stood, oldest first.
	Corrections []Correction
}

// Redirect sends an old path to a new one (kept on import).
type Redirect struct {
	ID       int64
	FromPath string
	ToPath   string
	Status   int // 301 or 302
}

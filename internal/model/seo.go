package model

// SEO is what an SEO plugin (Yoast, Rank Math) held for an article: the
// document title (which may hold the plugin's variables, such as
// %%title%% or %sep%), the meta description, a canonical URL and whether
// search engines may index it. The zero value says nothing: the page's
// own title, excerpt and URL are used.
type SEO struct {
	Title       string
	Description string
	Canonical   string
	NoIndex     bool
	// Image is the social image link previews show (og:image,
	// twitter:image) over the featured image: an http(s) URL or a path on
	// the site; "" for none.
	Image string
}

// Empty reports whether s says nothing.
func (s SEO) Empty() bool { return s == SEO{} }

// WPTerm is a term of a WordPress taxonomy warta has no archive for (a
// custom taxonomy), kept so that an export gives it back.
type WPTerm struct {
	ID          int64
	Taxonomy    string
	Slug        string
	Name        string
	Description string
	Parent      string // the parent's slug
}

// WPMenu is a WordPress navigation menu as imported, with its items in
// order.
type WPMenu struct {
	ID    int64
	Slug  string
	Name  string
	Items []WPMenuItem
}

// WPMenuItem is one link of a WPMenu: a URL (ObjectType "custom") or a
// post, page or term of the export (ObjectType "post", "page", "category",
// "post_tag"), named by its WordPress id in ObjectKey.
type WPMenuItem struct {
	WPID       int64
	ParentWPID int64
	Position   int
	Title      string
	URL        string
	ObjectType string
	ObjectKey  string
}

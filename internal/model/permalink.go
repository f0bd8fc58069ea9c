package model

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// PermalinkPreset is one of the common structures the settings screen
// offers, as WordPress's Permalink Settings do.
type PermalinkPreset struct {
	Key       string // message key suffix: admin.permalink.<Key>
	Structure string
}

// PermalinkPresets are WordPress's common settings (without "plain", the
// ?p=123 links, which warta answers only as redirects), plus the category
// structure many news sites use.
var PermalinkPresets = []PermalinkPreset{
	{"day", "/%year%/%monthnum%/%day%/%postname%/"},
	{"month", "/%year%/%monthnum%/%postname%/"},
	{"numeric", "/archives/%post_id%"},
	{"postname", "/%postname%/"},
	{"category", "/%category%/%postname%/"},
}

// permalinkTags are the structure tags warta knows, with the pattern each
// matches in a path (WordPress's rewrite patterns).
var permalinkTags = map[string]string{
	"%year%":     `([0-9]{4})`,
	"%monthnum%": `([0-9]{1,2})`,
	"%day%":      `([0-9]{1,2})`,
	"%hour%":     `([0-9]{1,2})`,
	"%minute%":   `([0-9]{1,2})`,
	"%second%":   `([0-9]{1,2})`,
	"%postname%": `([^/]+)`,
	"%post_id%":  `([0-9]+)`,
	"%category%": `(.+?)`,
	"%author%":   `([^/]+)`,
}

var tagRE = regexp.MustCompile(`%[a-z_]+%`)

// routePrefixes are the first path segments of the site's own routes:
// the public site's archives, search, sitemaps and files, the feeds, the
// comment form, the newsroom, the REST API and the health checks. It is
// the one table of them, and the router holds to it: httpx.Router
// refuses a route under any other first segment (articles and pages,
// which the catch-all "/" dispatches, need none), so a permalink
// structure that avoids these (ValidatePermalink) can neither hide a
// route nor be hidden by one. A new top-level route is added here first.
var routePrefixes = []string{
	"page", "category", "tag", "author", "search", "comments", "mail", "account", "newsletter", "views", // web
	"sitemap", "sitemap.xml", "news-sitemap.xml", "robots.txt", "favicon.ico", "icons", "static", "media", // web
	"ralat", "corrections", // web: the corrections page and its feeds (CorrectionsPath)
	"preview",           // web: preview links the newsroom shares
	"wp-content",        // web: a WordPress site's old file addresses (/wp-content/uploads/)
	"feed", "feed.json", // feed
	"admin",                        // admin
	"wp-json",                      // wpapi
	"healthz", "readyz", "metrics", // server
}

// IsRoutePrefix reports whether seg (one path segment, without slashes)
// is the first segment of one of the site's own routes; case matters not,
// so that a structure cannot dodge a route by its case.
func IsRoutePrefix(seg string) bool {
	for _, p := range routePrefixes {
		if strings.EqualFold(seg, p) {
			return true
		}
	}
	return false
}

// ValidatePermalink checks a permalink structure and returns "" when it is
// usable, else the message key naming the problem.
func ValidatePermalink(s string) string {
	switch {
	case s == "":
		return "admin.err.permalink_empty"
	case !strings.HasPrefix(s, "/") || strings.ContainsAny(s, "?#\\ \t\r\n\"'<>") || strings.Contains(s, "//"):
		return "admin.err.permalink_chars"
	case !strings.Contains(s, "%postname%") && !strings.Contains(s, "%post_id%"):
		return "admin.err.permalink_needs"
	}
	seen := map[string]bool{}
	for _, tag := range tagRE.FindAllString(s, -1) {
		if _, ok := permalinkTags[tag]; !ok {
			return "admin.err.permalink_tag"
		}
		if seen[tag] {
			return "admin.err.permalink_twice"
		}
		seen[tag] = true
	}
	if strings.Count(tagRE.ReplaceAllString(s, ""), "%") > 0 {
		return "admin.err.permalink_tag"
	}
	if IsRoutePrefix(strings.SplitN(strings.TrimPrefix(s, "/"), "/", 2)[0]) {
		return "admin.err.permalink_reserved"
	}
	return ""
}

// Permalinks is what building and reading article URLs needs: the
// structure, the site's time zone for the date tags, and the full paths of
// the categories for %category%.
type Permalinks struct {
	Structure string
	Loc       *time.Location // nil: UTC
	// CategoryPaths maps a category's id to its slug below its parents'
	// ("news/national"); a category missing from it is its slug alone.
	CategoryPaths map[int64]string
}

// NewPermalinks builds Permalinks from the settings and the categories
// (their ids, slugs and parents; nil when the structure has no %category%).
func NewPermalinks(st Settings, cats []Term) Permalinks {
	p := Permalinks{Structure: st.PermalinkStructure, Loc: st.Location()}
	if p.Structure == "" {
		p.Structure = DefaultPermalink
	}
	if len(cats) == 0 {
		return p
	}
	byID := make(map[int64]Term, len(cats))
	for _, c := range cats {
		byID[c.ID] = c
	}
	p.CategoryPaths = make(map[int64]string, len(cats))
	for _, c := range cats {
		path := c.Slug
		seen := map[int64]bool{c.ID: true}
		for par, ok := byID[c.ParentID]; ok && !seen[par.ID]; par, ok = byID[par.ParentID] {
			seen[par.ID] = true
			path = par.Slug + "/" + path
		}
		p.CategoryPaths[c.ID] = path
	}
	return p
}

// NeedsCategories reports whether the structure uses %category%.
func (p Permalinks) NeedsCategories() bool { return strings.Contains(p.Structure, "%category%") }

// Path returns the article's public path: a page's is /slug/ under its
// parents' (/parent/slug/, ParentPath); a post's
// follows the structure, its date tags in p.Loc. %category% is the
// post's category of lowest id with its parents, as WordPress picks it
// ("uncategorized" without one); %author% is the primary byline's slug.
// The structure's tags need the article's Categories and Bylines loaded.
func (a *Article) Path(p Permalinks) string {
	if a.Type == TypePage {
		return "/" + a.ParentPath + a.Slug + "/"
	}
	return expandPermalink(p, p.Structure, a)
}

func expandPermalink(p Permalinks, structure string, a *Article) string {
	if structure == "" {
		structure = DefaultPermalink
	}
	loc := p.Loc
	if loc == nil {
		loc = time.UTC
	}
	t := a.PublishedAt.In(loc)
	two := func(n int) string { return fmt.Sprintf("%02d", n) }
	return tagRE.ReplaceAllStringFunc(structure, func(tag string) string {
		switch tag {
		case "%year%":
			return fmt.Sprintf("%04d", t.Year())
		case "%monthnum%":
			return two(int(t.Month()))
		case "%day%":
			return two(t.Day())
		case "%hour%":
			return two(t.Hour())
		case "%minute%":
			return two(t.Minute())
		case "%second%":
			return two(t.Second())
		case "%postname%":
			return a.Slug
		case "%post_id%":
			return strconv.FormatInt(a.ID, 10)
		case "%category%":
			return p.categoryPath(a)
		case "%author%":
			if len(a.Bylines) > 0 && a.Bylines[0].User.Slug != "" {
				return a.Bylines[0].User.Slug
			}
			return "author"
		}
		return tag
	})
}

func (p Permalinks) categoryPath(a *Article) string {
	var first *Term
	for i := range a.Categories {
		if c := &a.Categories[i]; first == nil || c.ID < first.ID {
			first = c
		}
	}
	if first == nil {
		return "uncategorized"
	}
	if path, ok := p.CategoryPaths[first.ID]; ok {
		return path
	}
	return first.Slug
}

// PermalinkMatch is what a path under a structure names: the post's slug
// or id (whichever the structure holds; ID wins when both do).
type PermalinkMatch struct {
	Slug string
	ID   int64
}

type compiledPermalink struct {
	re       *regexp.Regexp
	slug, id int // submatch indexes; 0 when absent
}

var permalinkCache sync.Map // structure → *compiledPermalink

// compilePermalink returns the structure's matcher, nil for a structure
// ValidatePermalink refuses. Matchers are kept: a site has few structures.
func compilePermalink(structure string) *compiledPermalink {
	if c, ok := permalinkCache.Load(structure); ok {
		return c.(*compiledPermalink)
	}
	if ValidatePermalink(structure) != "" {
		permalinkCache.Store(structure, (*compiledPermalink)(nil))
		return nil
	}
	c := &compiledPermalink{}
	var b strings.Builder
	b.WriteString("^")
	body := strings.TrimSuffix(structure, "/")
	group := 0
	last := 0
	for _, loc := range tagRE.FindAllStringIndex(body, -1) {
		b.WriteString(regexp.QuoteMeta(body[last:loc[0]]))
		tag := body[loc[0]:loc[1]]
		pat, ok := permalinkTags[tag]
		if !ok {
			b.WriteString(regexp.QuoteMeta(tag))
		} else {
			group++
			b.WriteString(pat)
			switch tag {
			case "%postname%":
				c.slug = group
			case "%post_id%":
				c.id = group
			}
		}
		last = loc[1]
	}
	b.WriteString(regexp.QuoteMeta(body[last:]))
	// A missing or extra trailing slash still finds the post; the
	// canonical redirect then puts the structure's own form back.
	b.WriteString("/?$")
	c.re = regexp.MustCompile(b.String())
	permalinkCache.Store(structure, c)
	return c
}

// MatchPermalink reports what path names under structure, and whether it
// fits the structure at all. A missing or extra trailing slash still fits.
func MatchPermalink(structure, path string) (PermalinkMatch, bool) {
	c := compilePermalink(structure)
	if c == nil {
		return PermalinkMatch{}, false
	}
	m := c.re.FindStringSubmatch(path)
	if m == nil {
		return PermalinkMatch{}, false
	}
	var out PermalinkMatch
	if c.id > 0 {
		id, err := strconv.ParseInt(m[c.id], 10, 64)
		if err != nil || id <= 0 {
			return PermalinkMatch{}, false
		}
		out.ID = id
	}
	if c.slug > 0 {
		out.Slug = m[c.slug]
		if out.Slug == "" {
			return PermalinkMatch{}, false
		}
	}
	return out, true
}

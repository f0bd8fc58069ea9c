package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"warta/internal/locale"
	"warta/internal/model"
	"warta/internal/sanitize"
	"warta/internal/view"
)

// layout is what layout.html shows around every page's main part: the
// head's title, links and metadata, the header with the navigation, the
// footer. Each page struct embeds it, so templates reach its fields at the
// top level and pass the page as the view.Localizer of the t, date and
// datetime funcs.
type layout struct {
	Site        model.Settings
	Lang        string // the site's language: <html lang>
	Title       string // the document title before the site's name; "" on the front page
	DocTitle    string // the whole document title, when an SEO field sets it (applySEO)
	Description string
	Canonical   string // absolute when the site has a base URL
	BaseURL     string
	Path        string // the page's own path, to mark the current navigation link
	IsFront     bool   // the site title is the page's h1
	NoIndex     bool
	Nav         []navItem // the header's: the menu of the site's language, else the automatic one
	// Logo is the image the header shows instead of the site's title
	// (Settings.LogoMedia); nil: the title in text.
	Logo *metaImage
	// Sections are the top categories that hold stories, listed in the
	// footer whatever the header's menu is.
	Sections []navItem
	Year     int
	Feeds    []feedLink // <link rel="alternate"> in the head, most specific first
	OEmbed   string     // an article's absolute URL, announced to oEmbed consumers; "" on other pages
	// CorrectionsURL is the corrections page, linked from every page's
	// footer as the press guideline asks.
	CorrectionsURL string
	// GuidelineURL is the page of the site's own press guideline
	// (Settings.GuidelinePageID), linked from the footer; "" when none.
	GuidelineURL string
	Meta         meta
	// Breaking is the breaking-news line above the page; nil when none is
	// set or it has expired.
	Breaking *breaking
	// AdHeader is the ad under the header (model.Ads.Header); nil: none.
	AdHeader *adView
	// Analytics is the measurement script every page loads
	// (model.Ads.Analytics); "": none.
	Analytics string

	printer *locale.Printer
	loc     *time.Location
	// menus are the menus editors made, by language; navLang is the one
	// whose menu Nav shows when it is not the site's (useMenuOf).
	menus   map[string][]navItem
	navLang string
	links   model.Permalinks // how article URLs are built
	// keep says the page's repeated fragments may be kept (see
	// Options.CacheLayout), under keys naming gen: the change generation
	// read before anything the page shows.
	keep bool
	gen  uint64
}

// HeaderKey is the key of the site's header fragment: the same on every
// page but the front page (whose site title is its h1) and the pages its
// navigation marks as current. "" when fragments are not kept.
func (l *layout) HeaderKey() string {
	if !l.keep {
		return ""
	}
	current := ""
	if l.Path == "/" || l.Path == "/search" || marks(l.Nav, l.Path) {
		current = l.Path
	}
	return strconv.FormatUint(l.gen, 10) + " " + strconv.FormatBool(l.IsFront) + " " + l.navLang + " " + current
}

// FooterSections are the sections the footer lists (Sections): a method,
// so a page's own field named Sections (the front page's blocks) does not
// hide them from the layout.
func (l layout) FooterSections() []navItem { return l.Sections }

// Printer returns the printer of the site's language (view.Localizer).
func (l layout) Printer() *locale.Printer { return l.printer }

// Location returns the site's time zone (view.Localizer).
func (l layout) Location() *time.Location { return l.loc }

var _ view.Localizer = layout{}

// langLoc is a view.Localizer in an article's own language and the site's
// time zone: an English story's "By" and "Published" on an Indonesian site.
type langLoc struct {
	p   *locale.Printer
	loc *time.Location
}

func (l langLoc) Printer() *locale.Printer { return l.p }
func (l langLoc) Location() *time.Location { return l.loc }

// in returns the localizer of lang: the page itself when lang is the
// site's or has no catalogue, else lang's printer in the site's zone.
func (l layout) in(lang string) view.Localizer {
	p := locale.New(lang)
	if p.Lang() == l.Lang || !strings.EqualFold(p.Lang(), lang) && !strings.HasPrefix(strings.ToLower(lang), p.Lang()+"-") {
		return l
	}
	return langLoc{p, l.loc}
}

// breaking is the breaking-news line an editor set (Settings.Theme).
type breaking struct {
	Text string
	URL  string
}

// navItem is one link of the main navigation, with the links nested
// under it in an editor's menu.
type navItem struct {
	Label    string
	URL      string
	Children []navItem
}

// feedLink is a feed the page announces to feed readers.
type feedLink struct {
	Kind  string // "rss", "atom" or "json"
	Title string
	Href  string
}

// meta is what a page tells search engines and link previews beyond its
// title, description and canonical URL: OpenGraph and Twitter card tags,
// links to its translations and neighbouring pages, and JSON-LD.
type meta struct {
	OGType    string // "website", "article" or "profile"
	Locale    string // OpenGraph's form of the page's language: id_ID, en_US
	Image     *metaImage
	Published time.Time // articles
	Modified  time.Time
	Section   string
	Tags      []string
	Hreflang  []hreflang
	Prev      string // absolute URLs of the neighbouring pages of a list
	Next      string
	JSONLD    any // marshalled into <script type="application/ld+json"> by html/template
}

// metaImage is the image a link preview shows.
type metaImage struct {
	URL    string
	Alt    string
	Width  int
	Height int
}

// hreflang is one translation of the page, the page itself included.
type hreflang struct {
	Lang string
	Href string
}

// feedFormats are the feed formats and where they live below a base path,
// as internal/feed serves them.
var feedFormats = []struct{ kind, suffix string }{
	{"rss", "feed/"},
	{"atom", "feed/atom/"},
	{"json", "feed.json"},
}

// addFeeds announces the feeds of the list at base (a path ending in "/"),
// titled title, before those already announced.
func (l *layout) addFeeds(base, title string) {
	var links []feedLink
	for _, f := range feedFormats {
		links = append(links, feedLink{Kind: f.kind, Title: title, Href: l.BaseURL + base + f.suffix})
	}
	l.Feeds = append(links, l.Feeds...)
}

// newLayout loads the settings and the navigation (the menu an editor made
// for the site's language, else top-level categories that hold posts, then
// top-level pages) for a page at path. With
// Options.CacheLayout they come from memory until Invalidate.
func (h *Handler) newLayout(ctx context.Context, path string) (layout, error) {
	if !h.memo.enabled {
		return h.loadLayout(ctx, path)
	}
	gen := h.memo.gen.Load()
	if m := h.memo.data.Load(); m != nil && m.gen == gen {
		l := h.layoutFor(m.settings, path)
		l.Nav, l.links, l.Feeds, l.GuidelineURL = m.nav, m.links, m.feeds, m.guideline
		l.Sections, l.menus, l.Logo = m.sections, m.menus, m.logo
		l.keep, l.gen = true, gen
		return l, nil
	}
	l, err := h.loadLayout(ctx, path)
	if err != nil {
		return l, err
	}
	l.keep, l.gen = true, gen
	// Kept only if nothing changed while it loaded; otherwise the next
	// page loads again.
	if h.memo.gen.Load() == gen {
		h.memo.data.Store(&siteData{gen: gen, settings: l.Site, nav: l.Nav, links: l.links, feeds: slices.Clip(l.Feeds),
			guideline: l.GuidelineURL, sections: l.Sections, menus: l.menus, logo: l.Logo})
	}
	return l, nil
}

// loadLayout is newLayout straight from the store.
func (h *Handler) loadLayout(ctx context.Context, path string) (layout, error) {
	st, err := h.store.Settings(ctx)
	if err != nil {
		return layout{}, fmt.Errorf("web: settings: %w", err)
	}
	l := h.layoutFor(st, path)
	l.addFeeds("/comments/", l.printer.T("feed.comments_site", st.Title))
	l.Feeds = l.Feeds[:1] // the comments in RSS only, as WordPress announces them
	l.addFeeds("/", l.printer.T("feed.label", st.Title))
	cats, err := h.store.TermsWithPosts(ctx, model.TaxonomyCategory)
	if err != nil {
		return layout{}, fmt.Errorf("web: navigation categories: %w", err)
	}
	for _, c := range cats {
		if c.ParentID == 0 {
			l.Sections = append(l.Sections, navItem{Label: c.Name, URL: c.Path()})
		}
	}
	l.Nav = slices.Clone(l.Sections)
	if l.links.NeedsCategories() {
		// Every category, not only those with posts: a post's path names
		// its category's parents, which may hold no post of their own.
		if l.links, err = h.store.PermalinksFor(ctx, st); err != nil {
			return layout{}, fmt.Errorf("web: permalinks: %w", err)
		}
	}
	pages, err := h.store.PublishedPages(ctx)
	if err != nil {
		return layout{}, fmt.Errorf("web: navigation pages: %w", err)
	}
	for _, p := range oneTranslation(pages, l.Lang) {
		if p.ParentID == 0 {
			l.Nav = append(l.Nav, navItem{Label: p.Title, URL: p.Path(l.links)})
		}
	}
	for _, p := range pages {
		if p.ID == int64(st.GuidelinePageID) {
			l.GuidelineURL = p.Path(l.links)
		}
	}
	menus, err := h.store.Menus(ctx)
	if err != nil {
		return layout{}, fmt.Errorf("web: menus: %w", err)
	}
	l.menus = menuNav(menus, pages)
	if st.LogoMedia > 0 {
		m, err := h.store.Media(ctx, int64(st.LogoMedia))
		if err != nil && !errors.Is(err, model.ErrNotFound) {
			return layout{}, fmt.Errorf("web: logo: %w", err)
		}
		if m != nil {
			l.Logo = &metaImage{URL: m.URL(), Alt: st.Title, Width: m.Width, Height: m.Height}
			// A variant near twice the header's height is sharp and small.
			for _, v := range m.Variants {
				if v.Height >= 160 {
					l.Logo.URL, l.Logo.Width, l.Logo.Height = v.URL(), v.Width, v.Height
					break
				}
			}
		}
	}
	if nav, ok := l.menus[l.Lang]; ok {
		l.Nav = nav
	}
	return l, nil
}

// oneTranslation keeps, of pages that translate one another ("Tentang
// kami" and "About"), only the one in the site's language lang (the first
// when none is), so the navigation does not list one page twice.
func oneTranslation(pages []model.Article, lang string) []model.Article {
	chosen := map[string]int{} // translation group → index of the page shown
	for i, p := range pages {
		g := p.TranslationGroup
		if g == "" {
			continue
		}
		j, ok := chosen[g]
		if !ok || (pages[j].Lang != lang && (p.Lang == lang || p.Lang == "")) {
			chosen[g] = i
		}
	}
	out := make([]model.Article, 0, len(pages))
	for i, p := range pages {
		if j, ok := chosen[p.TranslationGroup]; p.TranslationGroup == "" || (ok && j == i) {
			out = append(out, p)
		}
	}
	return out
}

// layoutFor builds a layout from settings alone, without navigation: what
// the error pages fall back to when the store fails.
func (h *Handler) layoutFor(st model.Settings, path string) layout {
	p := locale.New(st.Language)
	loc := st.Location()
	var br *breaking
	if st.BreakingActive(h.now()) {
		br = &breaking{Text: st.BreakingText, URL: st.BreakingURL}
	}
	return layout{
		AdHeader:       newAdView("header", st.Ads.Header),
		Analytics:      st.Ads.Analytics,
		Breaking:       br,
		Site:           st,
		Lang:           p.Lang(),
		Description:    st.Tagline,
		Canonical:      h.baseURL + path,
		BaseURL:        h.baseURL,
		Path:           path,
		Year:           h.now().In(loc).Year(),
		Meta:           meta{OGType: "website", Locale: ogLocale(p.Lang())},
		CorrectionsURL: model.CorrectionsPath(st.Language),
		printer:        p,
		loc:            loc,
		links:          model.NewPermalinks(st, nil),
	}
}

// person is one credited user, linked to their archive.
type person struct {
	Name string
	URL  string
}

// byline groups an article's credits: writers (authors and reporters) after
// "Oleh"/"By", then editors and photographers with their role. Each group
// keeps the byline order.
type byline struct {
	Writers       []person
	Editors       []person
	Photographers []person
}

// picture is an image as the templates draw it.
type picture struct {
	Class   string
	Src     string
	Srcset  string
	Sizes   string
	Width   int
	Height  int
	Alt     string
	Caption string
	Lazy    bool // below the fold: loading="lazy"; otherwise fetchpriority="high"
	// Sources are the image in the formats a browser may prefer, best
	// first: <picture>'s <source> elements before the <img>.
	Sources []pictureSource
}

// listItem is an article in a list: the front page, an archive, related
// articles, translations.
type listItem struct {
	*model.Article
	URL         string
	ArticleLang string // the article's own language: <article lang>
	// Loc speaks the article's language: the theme's words about it
	// ("Oleh", "Baca selengkapnya") and its date are in its language.
	Loc     view.Localizer
	Byline  byline
	Image   *picture
	Summary string // the excerpt, or the body's opening when none was written; "" when protected
	// CardKey is the key of the item's card fragment: what it shows
	// depends on the article, the site's settings and whether its picture
	// loads lazily. "" when fragments are not kept.
	CardKey string
}

func newByline(bs []model.Byline) byline {
	var b byline
	for _, x := range bs {
		p := person{Name: x.User.DisplayName, URL: "/author/" + x.User.Slug + "/"}
		switch x.Role {
		case model.BylineEditor:
			b.Editors = append(b.Editors, p)
		case model.BylinePhotographer:
			b.Photographers = append(b.Photographers, p)
		default:
			b.Writers = append(b.Writers, p)
		}
	}
	return b
}

// Image sizes of the theme's slots, matching warta.css.
const (
	sizesFeatured = "(min-width: 46rem) 44rem, 100vw"
	sizesCard     = "(min-width: 48rem) 18rem, 100vw"
	sizesRelated  = "(min-width: 48rem) 14rem, 100vw"
	sizesThumb    = "8rem"
	sizesLead     = "(min-width: 64rem) 46rem, 100vw"
	sizesTile     = "(min-width: 64rem) 17rem, (min-width: 40rem) 50vw, 100vw"
)

func newPicture(m *model.Media, class, sizes string, lazy bool) *picture {
	if m == nil {
		return nil
	}
	p := &picture{Class: class, Src: m.URL(), Srcset: view.Srcset(m), Width: m.Width, Height: m.Height, Alt: m.Alt, Lazy: lazy}
	if p.Srcset != "" {
		p.Sizes = sizes
	}
	p.Sources = pictureSources(m)
	return p
}

func (l layout) listItems(arts []model.Article, class, sizes string, eagerFirst bool) []listItem {
	items := make([]listItem, len(arts))
	for i := range arts {
		a := &arts[i]
		items[i] = listItem{
			Article: a,
			URL:     a.Path(l.links),
			Byline:  newByline(a.Bylines),
			Image:   newPicture(a.FeaturedImage, class, sizes, !(eagerFirst && i == 0)),
		}
		items[i].ArticleLang = l.langOf(a)
		items[i].Loc = l.in(items[i].ArticleLang)
		if l.keep {
			items[i].CardKey = strconv.FormatUint(l.gen, 10) + " " + strconv.FormatInt(a.ID, 10) + " " + class + " " + strconv.FormatBool(items[i].Image == nil || items[i].Image.Lazy)
		}
		if a.Password == "" { // a protected article's summary is protected too
			items[i].Summary = excerpt(a)
		}
	}
	return items
}

// langOf returns an article's own language, the site's when it has none.
func (l layout) langOf(a *model.Article) string {
	if a.Lang == "" {
		return l.Lang
	}
	return a.Lang
}

// excerptLen is about how many characters of the body stand in for an
// excerpt the writer did not write.
const excerptLen = 220

// excerpt returns what a list shows under an article's title: its excerpt,
// or the opening of its body when none was written.
func excerpt(a *model.Article) string {
	if a.Excerpt != "" {
		return a.Excerpt
	}
	return summary(sanitize.Text(string(a.BodyHTML)), excerptLen)
}

// summary shortens plain text to about n characters at a word boundary, for
// a meta description.
func summary(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := r[:n]
	for i := len(cut) - 1; i > n/2; i-- {
		if cut[i] == ' ' {
			cut = cut[:i]
			break
		}
	}
	return strings.TrimRight(string(cut), " ,.;:") + "…"
}

// pageNumber reads the {n} of /page/{n}/: 1 when absent, 0 when not a
// canonical number above zero (which callers answer with 404).
func pageNumber(r *http.Request) int {
	raw := r.PathValue("n")
	if raw == "" {
		return 1
	}
	n := 0
	for _, c := range raw {
		if c < '0' || c > '9' || n > 1_000_000 {
			return 0
		}
		n = n*10 + int(c-'0')
	}
	if raw[0] == '0' {
		return 0
	}
	return n
}

package web

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"

	"warta/internal/model"
	"warta/internal/pagecache"
	"warta/internal/store"
)

// TagNav names the navigation every page shows (top-level categories
// holding posts, top-level pages). No write touches it: CheckNav compares
// the navigation with the one last seen and reports when it changed.
const TagNav = "nav"

// tagLayout declares to the page cache what every page shows: the site's
// settings and its navigation.
func tagLayout(ctx context.Context) {
	pagecache.Tag(ctx, store.TagSettings, TagNav)
}

// With stale-while-revalidate (serve's page cache), a page showing what
// changed is served once more while it is rendered again, unless the page
// owns the change's tag (pagecache.Own): then it is dropped at once. A page
// owns what it could show wrongly after a trash, an unpublish, a password or
// a removed comment: its article and comment thread, the articles it lists,
// its archive's term or author. What only adds to a page (a new article on
// the front page and in its sections, settings, the navigation, a term's
// new name on an article) is refreshed behind the stale page.

// tagArticles declares the articles a list shows: a change to any of them
// (an edit, a trash, a new comment count) drops the list at once.
func tagArticles(ctx context.Context, arts []model.Article) {
	tags := make([]string, len(arts))
	for i := range arts {
		tags[i] = store.TagArticle(arts[i].ID)
	}
	pagecache.Own(ctx, tags...)
}

// tagArticle declares what an article page shows of a: the article and its
// comment thread, which it owns, and its terms and its authors.
func tagArticle(ctx context.Context, a *model.Article) {
	pagecache.Own(ctx, store.TagArticle(a.ID), store.TagComments(a.ID))
	var tags []string
	for _, t := range a.Categories {
		tags = append(tags, store.TagTerm(t.ID))
	}
	for _, t := range a.Tags {
		tags = append(tags, store.TagTerm(t.ID))
	}
	for _, b := range a.Bylines {
		tags = append(tags, store.TagAuthor(b.User.ID))
	}
	pagecache.Tag(ctx, tags...)
}

// layoutMemo keeps what every page's layout shows (settings, navigation)
// between changes, when Options.CacheLayout is set.
type layoutMemo struct {
	enabled bool
	gen     atomic.Uint64 // bumped by Invalidate
	data    atomic.Pointer[siteData]
}

type siteData struct {
	gen      uint64
	settings model.Settings
	nav      []navItem
	links    model.Permalinks
	feeds    []feedLink // the site's feeds, which every page announces
	// guideline is the footer's link to the press guideline page; "" when none.
	guideline string
	sections  []navItem
	menus     map[string][]navItem
	logo      *metaImage
}

// Invalidate drops what the handler keeps in memory between changes (see
// Options.CacheLayout), the rendered fragments included. Whoever follows
// the change log calls it after every change.
func (h *Handler) Invalidate() {
	h.memo.gen.Add(1)
	h.view.Forget()
}

// navWatch remembers the navigation last seen, for CheckNav.
type navWatch struct {
	mu   sync.Mutex
	last string
}

// CheckNav reports whether the navigation differs from the one it saw on
// its previous call (the first call only remembers it). Whoever follows the
// change log calls it after each batch of changes and invalidates TagNav
// when it reports true: publishing the first post of a category, or a new
// page, changes what every page shows although the write touched only its
// own tags.
func (h *Handler) CheckNav(ctx context.Context) (bool, error) {
	l, err := h.loadLayout(ctx, "/")
	if err != nil {
		return false, err
	}
	var b strings.Builder
	for _, n := range l.Nav {
		b.WriteString(n.Label)
		b.WriteByte(0)
		b.WriteString(n.URL)
		b.WriteByte(0)
	}
	h.nav.mu.Lock()
	defer h.nav.mu.Unlock()
	first := h.nav.last == "" && b.Len() > 0
	changed := h.nav.last != b.String()
	h.nav.last = b.String()
	return changed && !first, nil
}

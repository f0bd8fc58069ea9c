package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"

	"warta/internal/model"
	"warta/internal/pagecache"
	"warta/internal/store"
)

// How many stories each part of the front page shows.
const (
	frontTop        = 4 // the secondary grid under the lead
	frontLatest     = 6 // "Terkini"
	frontPerSection = 4 // each section's block
)

// frontPage is what front.html shows at /: a lead story, the secondary
// stories in a grid, the latest and the most read beside them, and a block
// per section the editors chose (Settings.Theme).
type frontPage struct {
	layout
	Lead     *listItem
	Top      []listItem
	Latest   []listItem
	Popular  []popularList
	Sections []frontSection
	More     string // the second page of the plain list; "" when there is none
	// Ad is the ad between the blocks (model.Ads.Front): after the top
	// stories when AdAfterTop, else after the section marked AdAfter.
	Ad         *adView
	AdAfterTop bool
}

// frontSection is one section's block on the front page.
type frontSection struct {
	Name  string
	URL   string
	Items []listItem
	// AdAfter: the front page's ad follows this block.
	AdAfter bool
}

// popularList is one "Terpopuler" list: the most read over a window.
type popularList struct {
	TitleKey string
	Items    []listItem
}

// showFront renders the front page, / and /page/{n}/: the arranged front
// page first, then the plain list (sticky posts first, then the newest).
func (h *Handler) showFront(w http.ResponseWriter, r *http.Request) error {
	if r.URL.Query().Has("s") && r.PathValue("n") == "" {
		return h.redirectSearch(w, r)
	}
	l, err := h.newLayout(r.Context(), "/")
	if err != nil {
		return err
	}
	l.IsFront = true
	h.siteJSONLD(&l)
	pagecache.Tag(r.Context(), store.TagFront)
	if r.PathValue("n") == "" {
		return h.renderFront(w, r, l)
	}
	return h.renderList(w, r, listPage{layout: l}, "/", store.ListQuery{StickyFirst: true})
}

// renderFront renders the arranged front page. The pinned lead and
// secondary stories come first; the slots left fill from the newest (sticky
// first), and what is left of the newest is "Terkini".
func (h *Handler) renderFront(w http.ResponseWriter, r *http.Request, l layout) error {
	ctx := r.Context()
	page := frontPage{layout: l}
	set := l.Site.Theme
	pinnedIDs := set.FrontPinnedIDs()
	if set.FrontLead > 0 {
		pinnedIDs = append([]int64{int64(set.FrontLead)}, slices.DeleteFunc(pinnedIDs, func(id int64) bool { return id == int64(set.FrontLead) })...)
	}
	pinned, err := h.store.PublishedPosts(ctx, pinnedIDs)
	if err != nil {
		return fmt.Errorf("web: front page: %w", err)
	}
	newest, err := h.store.PublishedPage(ctx, store.ListQuery{StickyFirst: true, Limit: 1 + frontTop + frontLatest + len(pinned)})
	if err != nil {
		return fmt.Errorf("web: front page: %w", err)
	}
	used := map[int64]bool{}
	take := func(from []model.Article, n int) []model.Article {
		var out []model.Article
		for _, a := range from {
			if len(out) == n {
				break
			}
			if !used[a.ID] {
				used[a.ID] = true
				out = append(out, a)
			}
		}
		return out
	}
	var lead []model.Article
	if set.FrontLead > 0 && len(pinned) > 0 && pinned[0].ID == int64(set.FrontLead) {
		lead, pinned = take(pinned[:1], 1), pinned[1:]
	} else {
		lead = take(newest, 1)
	}
	top := take(pinned, frontTop)
	top = append(top, take(newest, frontTop-len(top))...)
	rest := slices.DeleteFunc(slices.Clone(newest), func(a model.Article) bool { return used[a.ID] })
	slices.SortStableFunc(rest, func(x, y model.Article) int { return y.PublishedAt.Compare(x.PublishedAt) })
	latest := take(rest, frontLatest)

	if len(lead) > 0 {
		items := l.listItems(lead, "lead-image", sizesLead, true)
		page.Lead = &items[0]
	}
	page.Top = l.listItems(top, "tile-image", sizesTile, false)
	page.Latest = l.listItems(latest, "", "", false)
	shown := slices.Concat(lead, top, latest)
	for _, slug := range set.FrontSectionSlugs() {
		sec, arts, err := h.frontSection(r, slug)
		if err != nil {
			return err
		}
		if sec == nil || len(arts) == 0 {
			continue
		}
		sec.Items = l.listItems(arts, "tile-image", sizesTile, false)
		page.Sections = append(page.Sections, *sec)
		shown = append(shown, arts...)
	}
	if page.Ad = newAdView("front", l.Site.Ads.Front); page.Ad != nil {
		if n := page.Ad.after - 2; n >= 0 && len(page.Sections) > 0 {
			page.Sections[min(n, len(page.Sections)-1)].AdAfter = true
		} else {
			page.AdAfterTop = true
		}
	}
	if err := h.frontPopular(r, &page); err != nil {
		return err
	}
	for _, p := range page.Popular {
		for _, it := range p.Items {
			shown = append(shown, *it.Article)
		}
	}
	total, err := h.countPublished(ctx, store.ListQuery{})
	if err != nil {
		return fmt.Errorf("web: front page: %w", err)
	}
	per := l.Site.PostsPerPage
	if per <= 0 {
		per = model.DefaultSettings().PostsPerPage
	}
	if total > per {
		page.More = pageURL("/", 2)
		page.Meta.Next = h.abs(page.More)
	}
	tagLayout(ctx)
	tagArticles(ctx, shown)
	page.Path = "/"
	page.Canonical = h.baseURL + "/"
	return h.view.Render(w, http.StatusOK, "front.html", &page)
}

// frontSection reads the block of the category slug: nil when there is no
// such category (it was renamed or deleted since it was chosen).
func (h *Handler) frontSection(r *http.Request, slug string) (*frontSection, []model.Article, error) {
	ctx := r.Context()
	t, err := h.store.TermBySlug(ctx, model.TaxonomyCategory, slug)
	if err != nil {
		if errors.Is(err, model.ErrNotFound) {
			return nil, nil, nil
		}
		return nil, nil, fmt.Errorf("web: front page section %q: %w", slug, err)
	}
	pagecache.Tag(ctx, store.TagTerm(t.ID))
	arts, err := h.store.PublishedPage(ctx, store.ListQuery{TermID: t.ID, Limit: frontPerSection})
	if err != nil {
		return nil, nil, fmt.Errorf("web: front page section %q: %w", slug, err)
	}
	return &frontSection{Name: t.Name, URL: t.Path()}, arts, nil
}

// frontPopular fills the most-read lists from those RunViews keeps (read
// once here when nothing has read them yet).
func (h *Handler) frontPopular(r *http.Request, page *frontPage) error {
	ctx := r.Context()
	pagecache.Tag(ctx, TagPopular)
	pop := h.popular.Load()
	if pop == nil {
		if _, err := h.RefreshPopular(ctx); err != nil {
			return fmt.Errorf("web: front page: most read: %w", err)
		}
		pop = h.popular.Load()
	}
	for _, list := range []struct {
		key string
		ids []int64
	}{{"front.popular_day", pop.Day}, {"front.popular_week", pop.Week}} {
		arts, err := h.store.PublishedPosts(ctx, list.ids)
		if err != nil {
			return fmt.Errorf("web: front page: most read: %w", err)
		}
		page.Popular = append(page.Popular, popularList{TitleKey: list.key, Items: page.listItems(arts, "", "", false)})
	}
	return nil
}

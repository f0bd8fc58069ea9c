package web

import (
	"warta/internal/model"
)

// menuNav turns the menus an editor made (store.Menus) into the header's
// navigation of each language. An item whose category, tag or page is gone
// or unpublished is left out, its children moving up to its place.
func menuNav(menus []model.Menu, pages []model.Article) map[string][]navItem {
	byID := map[int64]model.Article{}
	for _, p := range pages {
		byID[p.ID] = p
	}
	out := map[string][]navItem{}
	for _, m := range menus {
		// The last item kept at each depth: where a deeper one is added.
		var (
			top   []navItem
			stack []*[]navItem // stack[d] is the list items of depth d go into
		)
		stack = append(stack, &top)
		for _, it := range m.Items {
			n, ok := menuLink(it, byID)
			if !ok {
				continue
			}
			d := min(it.Depth, len(stack)-1)
			stack = stack[:d+1]
			list := stack[d]
			*list = append(*list, n)
			last := &(*list)[len(*list)-1]
			stack = append(stack, &last.Children)
		}
		out[m.Lang] = top
	}
	return out
}

// menuLink is the link of one menu item; false when its target is gone.
func menuLink(it model.MenuItem, pages map[int64]model.Article) (navItem, bool) {
	n := navItem{Label: it.Label}
	switch it.Kind {
	case model.MenuCategory, model.MenuTag:
		if it.Slug == "" {
			return n, false
		}
		tax := model.TaxonomyCategory
		if it.Kind == model.MenuTag {
			tax = model.TaxonomyTag
		}
		n.URL = model.Term{Taxonomy: tax, Slug: it.Slug}.Path()
		if n.Label == "" {
			n.Label = it.Name
		}
	case model.MenuPage:
		p, ok := pages[it.TargetID]
		if !ok {
			return n, false
		}
		n.URL = p.Path(model.Permalinks{})
		if n.Label == "" {
			n.Label = p.Title
		}
	case model.MenuCustom:
		if it.URL == "" {
			return n, false
		}
		n.URL = it.URL
	default:
		return n, false
	}
	return n, n.Label != ""
}

// marks reports whether the navigation nav links path, at any depth.
func marks(nav []navItem, path string) bool {
	for _, n := range nav {
		if n.URL == path || marks(n.Children, path) {
			return true
		}
	}
	return false
}

// useMenuOf shows the menu of lang, the language of the page's story, when
// one was made for it: an English story on an Indonesian site gets the
// English menu. Otherwise the site's navigation stays.
func (l *layout) useMenuOf(lang string) {
	if nav, ok := l.menus[lang]; ok && lang != l.Lang {
		l.Nav, l.navLang = nav, lang
	}
}

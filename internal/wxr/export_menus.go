package wxr

import (
	"context"
	"errors"
	"strconv"

	"warta/internal/model"
	"warta/internal/store"
)

// Menus travel as WordPress writes them: a nav_menu term each, and a
// nav_menu_item post per link, whose postmeta name what it links (a URL,
// or a post, page or term by its id in this file) and its parent item.
// WordPress's importer resolves those ids against what it imported from
// the same file, so menu items come last.

// exportMenuItem is a menu item ready to write, with this file's ids.
type exportMenuItem struct {
	model.WPMenuItem
	menuSlug, menuName string
	id, parent         int64  // post ids in the file
	kind               string // _menu_item_type: custom, post_type, taxonomy
	object             string // _menu_item_object: custom, post, page, category, post_tag
	objectID           int64  // _menu_item_object_id
}

// menuTermID is a menu's term id in the file: after every term of warta's
// own (which keep their ids).
func (e *exporter) menuTermID(m model.WPMenu) string {
	return strconv.FormatInt(e.termOffset+m.ID, 10)
}

// menuTerms writes the menus' nav_menu terms.
func (e *exporter) menuTerms(menus []model.WPMenu) {
	for _, m := range menus {
		e.printf("\t<wp:term>")
		e.el(0, "wp:term_id", e.menuTermID(m), false)
		e.el(0, "wp:term_taxonomy", "nav_menu", true)
		e.el(0, "wp:term_slug", m.Slug, true)
		e.el(0, "wp:term_parent", "", true)
		e.el(0, "wp:term_name", m.Name, true)
		e.printf("</wp:term>\n")
	}
}

// menuItems resolves the menus' links to this file's ids, numbering the
// items after every article and medium (from after), parents first. A
// link whose post or term is gone stays as its URL, or is left out
// without one.
func menuItems(ctx context.Context, st *store.Store, menus []model.WPMenu, after int64) ([]exportMenuItem, error) {
	var out []exportMenuItem
	next := after
	for _, m := range menus {
		ids := map[int64]int64{} // the item's WordPress id → its id in the file
		for _, it := range parentsFirstItems(m.Items) {
			x := exportMenuItem{WPMenuItem: it, menuSlug: m.Slug, menuName: m.Name, kind: "custom", object: "custom"}
			kind := ""
			switch it.ObjectType {
			case "post", "page":
				kind, x.kind, x.object = "post", "post_type", it.ObjectType
			case model.TaxonomyCategory, "post_tag":
				kind, x.kind, x.object = "term", "taxonomy", it.ObjectType
			}
			if kind != "" {
				wpID, _ := strconv.ParseInt(it.ObjectKey, 10, 64)
				id, err := st.ImportedByWPID(ctx, kind, wpID)
				switch {
				case err == nil:
					x.objectID = id // articles and terms keep their warta ids in the file
				case errors.Is(err, model.ErrNotFound):
					x.kind, x.object = "custom", "custom"
				default:
					return nil, err
				}
			}
			if x.kind == "custom" && x.URL == "" {
				continue
			}
			next++
			x.id = next
			ids[it.WPID] = x.id
			x.parent = ids[it.ParentWPID]
			if x.kind == "custom" {
				x.objectID = x.id
			}
			out = append(out, x)
		}
	}
	return out, nil
}

// parentsFirstItems orders a menu's items so that each comes after its
// parent, otherwise keeping their order.
func parentsFirstItems(items []model.WPMenuItem) []model.WPMenuItem {
	has := map[int64]bool{}
	for _, it := range items {
		has[it.WPID] = true
	}
	out := make([]model.WPMenuItem, 0, len(items))
	placed := map[int64]bool{}
	for len(out) < len(items) {
		moved := false
		for _, it := range items {
			if !placed[it.WPID] && (it.ParentWPID == 0 || placed[it.ParentWPID] || !has[it.ParentWPID]) {
				out, placed[it.WPID], moved = append(out, it), true, true
			}
		}
		if !moved { // a cycle: the rest as they are
			for _, it := range items {
				if !placed[it.WPID] {
					out, placed[it.WPID] = append(out, it), true
				}
			}
		}
	}
	return out
}

// menuItem writes one nav_menu_item.
func (e *exporter) menuItem(x exportMenuItem) {
	id := strconv.FormatInt(x.id, 10)
	e.printf("\t<item>\n")
	e.el(2, "title", x.Title, false)
	e.el(2, "link", e.base+"/?p="+id, false)
	e.printf("\t\t<guid isPermaLink=\"false\">%s</guid>\n", xmlEscape(e.base+"/?p="+id))
	e.el(2, "description", "", false)
	e.el(2, "content:encoded", "", true)
	e.el(2, "excerpt:encoded", "", true)
	e.el(2, "wp:post_id", id, false)
	e.el(2, "wp:post_name", id, true)
	e.el(2, "wp:status", "publish", true)
	e.el(2, "wp:post_parent", "0", false)
	e.el(2, "wp:menu_order", strconv.Itoa(x.Position), false)
	e.el(2, "wp:post_type", "nav_menu_item", true)
	e.printf("\t\t<category domain=\"nav_menu\" nicename=\"%s\">%s</category>\n", xmlEscape(x.menuSlug), cdataOf(x.menuName))
	url := ""
	if x.kind == "custom" {
		url = x.URL
	}
	for _, m := range [][2]string{{"_menu_item_type", x.kind}, {"_menu_item_menu_item_parent", strconv.FormatInt(x.parent, 10)},
		{"_menu_item_object_id", strconv.FormatInt(x.objectID, 10)}, {"_menu_item_object", x.object},
		{"_menu_item_target", ""}, {"_menu_item_classes", `a:1:{i:0;s:0:"";}`}, {"_menu_item_xfn", ""}, {"_menu_item_url", url}} {
		e.printf("\t\t<wp:postmeta>")
		e.el(0, "wp:meta_key", m[0], true)
		e.el(0, "wp:meta_value", m[1], true)
		e.printf("</wp:postmeta>\n")
	}
	e.printf("\t</item>\n")
}

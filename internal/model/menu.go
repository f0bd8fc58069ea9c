package model

// Menu is the site's navigation in one language, edited in the newsroom
// and shown in the header (migration 0041). Items are in order, each with a
// depth: a child follows its parent, one level deeper.
type Menu struct {
	ID     int64
	Lang   string
	Source string // the imported WordPress menu it was made from; "" when none
	Items  []MenuItem
}

// What a menu item links (MenuItem.Kind).
const (
	MenuCategory = "category" // a category by its id
	MenuTag      = "tag"      // a tag by its id
	MenuPage     = "page"     // a page by its id
	MenuCustom   = "custom"   // the URL in MenuItem.URL
)

// MenuKinds are the kinds of menu item, in the order the newsroom offers them.
var MenuKinds = []string{MenuCategory, MenuPage, MenuTag, MenuCustom}

// MenuMaxDepth is the deepest level of a menu: a top item, its children
// and theirs.
const MenuMaxDepth = 2

// MenuMaxItems bounds a menu's length.
const MenuMaxItems = 100

// MenuItem is one link of a Menu.
type MenuItem struct {
	ID       int64
	Depth    int
	Kind     string
	TargetID int64  // a term's or page's id; 0 for a custom link
	Label    string // "" shows the target's own name
	URL      string // a custom link's URL
	// Name and Slug are the linked term's, read with the menu; "" when
	// the item is no term or the term is gone.
	Name string
	Slug string
}

// What an editor may do to a menu item (Menu.Apply).
const (
	MenuUp      = "up"      // before the sibling above, with its children
	MenuDown    = "down"    // after the sibling below, with its children
	MenuIndent  = "indent"  // a child of the sibling above
	MenuOutdent = "outdent" // out of its parent, placed after it
	MenuDelete  = "delete"  // gone, with its children
)

// subtree returns the end (exclusive) of item i's children in items.
func subtree(items []MenuItem, i int) int {
	j := i + 1
	for j < len(items) && items[j].Depth > items[i].Depth {
		j++
	}
	return j
}

// prevSibling returns the index of the sibling before item i, or -1.
func prevSibling(items []MenuItem, i int) int {
	for j := i - 1; j >= 0; j-- {
		if items[j].Depth < items[i].Depth {
			return -1
		}
		if items[j].Depth == items[i].Depth {
			return j
		}
	}
	return -1
}

// Apply does op to the item with id, moving its children along, and
// reports whether anything changed: an item at the top cannot go up, the
// first child cannot be indented, and so on, and an unknown id or op
// changes nothing.
func (m *Menu) Apply(op string, id int64) bool {
	i := -1
	for k, it := range m.Items {
		if it.ID == id {
			i = k
		}
	}
	if i < 0 {
		return false
	}
	items := m.Items
	end := subtree(items, i)
	block := append([]MenuItem(nil), items[i:end]...)
	switch op {
	case MenuDelete:
		m.Items = append(items[:i:i], items[end:]...)
	case MenuUp:
		p := prevSibling(items, i)
		if p < 0 {
			return false
		}
		out := append(append(append(append([]MenuItem(nil), items[:p]...), block...), items[p:i]...), items[end:]...)
		m.Items = out
	case MenuDown:
		if end >= len(items) || items[end].Depth != items[i].Depth {
			return false
		}
		nextEnd := subtree(items, end)
		out := append(append(append(append([]MenuItem(nil), items[:i]...), items[end:nextEnd]...), block...), items[nextEnd:]...)
		m.Items = out
	case MenuIndent:
		if prevSibling(items, i) < 0 {
			return false
		}
		for k := range block {
			if block[k].Depth+1 > MenuMaxDepth {
				return false
			}
		}
		for k := i; k < end; k++ {
			items[k].Depth++
		}
	case MenuOutdent:
		if items[i].Depth == 0 {
			return false
		}
		// After the parent's last child: the siblings below stay its children.
		parent := i - 1
		for items[parent].Depth >= items[i].Depth {
			parent--
		}
		parentEnd := subtree(items, parent)
		for k := range block {
			block[k].Depth--
		}
		rest := append(append([]MenuItem(nil), items[:i]...), items[end:parentEnd]...)
		out := append(append(rest, block...), items[parentEnd:]...)
		m.Items = out
	default:
		return false
	}
	return true
}

// Normalize makes the depths a valid tree: the first item at the top, none
// more than one level below the item before it or deeper than
// MenuMaxDepth.
func (m *Menu) Normalize() {
	prev := -1
	for k := range m.Items {
		d := min(max(m.Items[k].Depth, 0), prev+1, MenuMaxDepth)
		m.Items[k].Depth = d
		prev = d
	}
}

package wxr

import (
	"strconv"
	"strings"

	"warta/internal/model"
)

// What editors filled in beyond the post itself: SEO plugins' fields,
// Co-Authors Plus bylines, old slugs, menus and custom taxonomies.

// ignoredTaxonomies are WordPress's taxonomies that are not content:
// formats, Co-Authors Plus's author terms (read as bylines), link and
// theme bookkeeping.
var ignoredTaxonomies = map[string]bool{
	"post_format": true, "author": true, "link_category": true, "wp_theme": true,
	"wp_template_part_area": true, "wp_pattern_category": true,
}

// seoOf reads Yoast's or Rank Math's fields of an item (Yoast first).
func seoOf(it *Item) model.SEO {
	first := func(keys ...string) string {
		for _, k := range keys {
			if v := strings.TrimSpace(it.MetaValue(k)); v != "" {
				return v
			}
		}
		return ""
	}
	seo := model.SEO{
		Title:       first("_yoast_wpseo_title", "rank_math_title"),
		Description: first("_yoast_wpseo_metadesc", "rank_math_description"),
		Canonical:   httpURL(first("_yoast_wpseo_canonical", "rank_math_canonical_url")),
		// One social image for every preview: the Facebook one first, as
		// both plugins fall back from Twitter's to it.
		Image: httpURL(first("_yoast_wpseo_opengraph-image", "rank_math_facebook_image",
			"_yoast_wpseo_twitter-image", "rank_math_twitter_image")),
	}
	// Yoast: "1" is noindex, "2" index; Rank Math keeps a serialized PHP
	// array of its robots values (a:1:{i:0;s:7:"noindex";}).
	seo.NoIndex = strings.TrimSpace(it.MetaValue("_yoast_wpseo_meta-robots-noindex")) == "1" ||
		strings.Contains(it.MetaValue("rank_math_robots"), `"noindex"`)
	return seo
}

// fieldsDigest is what of an item's fields beyond the post changes its
// import: the SEO fields and its old slugs.
func fieldsDigest(it *Item) string {
	seo := seoOf(it)
	var press []string
	for _, m := range it.Meta {
		if strings.HasPrefix(m.Key, "_warta_") {
			press = append(press, m.Key, m.Value)
		}
	}
	return digest(seo.Title, seo.Description, seo.Canonical, strconv.FormatBool(seo.NoIndex), seo.Image, strings.Join(oldSlugs(it), ","),
		strings.Join(press, "\x00"))
}

// oldSlugs are the item's earlier slugs (_wp_old_slug, one meta each).
func oldSlugs(it *Item) []string {
	var list []string
	for _, m := range it.Meta {
		if m.Key == "_wp_old_slug" {
			if s := decodeSlug(strings.TrimSpace(m.Value)); s != "" && s != decodeSlug(it.Name) {
				list = append(list, s)
			}
		}
	}
	return list
}

// coAuthors are the logins of Co-Authors Plus's bylines of an item
// (<category domain="author" nicename="cap-login">login</category>), in
// order.
func (im *importer) coAuthors(it *Item) []string {
	var list []string
	for _, t := range it.Terms {
		if t.Domain != "author" {
			continue
		}
		login := strings.TrimSpace(t.Name)
		if login == "" {
			login = strings.TrimPrefix(t.Nicename, "cap-")
		}
		if login = im.creatorLogin(login); login != "" {
			list = append(list, login)
		}
	}
	return list
}

// addCoAuthors appends the item's Co-Authors Plus bylines to a's, after
// the primary author, each user once.
func (im *importer) addCoAuthors(it *Item, a *model.Article) error {
	for _, login := range im.coAuthors(it) {
		uid, err := im.ensureUser(login, nil)
		if err != nil {
			return err
		}
		dup := false
		for _, b := range a.Bylines {
			dup = dup || b.User.ID == uid
		}
		if !dup {
			a.Bylines = append(a.Bylines, model.Byline{User: model.User{ID: uid}, Role: model.BylineAuthor})
		}
	}
	return nil
}

// articleFields stores what the item holds beyond the article a (which
// existed before when existed): its custom taxonomies' terms and its old
// slugs' redirects.
func (im *importer) articleFields(it *Item, a *model.Article, existed bool) error {
	var terms []int64
	for _, t := range it.Terms {
		if wartaTaxonomy(t.Domain) != "" || ignoredTaxonomies[t.Domain] || t.Domain == "nav_menu" {
			continue
		}
		id, err := im.customTerm(&Term{Taxonomy: t.Domain, Slug: t.Nicename, Name: t.Name}, false)
		if err != nil {
			return err
		}
		terms = append(terms, id)
	}
	if existed || len(terms) > 0 {
		if err := im.tx.SetWPTermLinks(a.ID, terms); err != nil {
			return err
		}
	}
	if a.Status != model.StatusPublished {
		return nil
	}
	// WordPress sends an old slug's URL to the post: the old permalink
	// with the old slug, and warta's own path with it.
	to := im.linkPath(a)
	for _, old := range oldSlugs(it) {
		var from []string
		if p := im.oldPath(it.Link); p != "" && it.Name != "" {
			if i := strings.LastIndex(p, "/"+it.Name); i >= 0 {
				from = append(from, p[:i+1]+old+p[i+1+len(it.Name):])
			}
		}
		was := *a
		was.Slug = old
		from = append(from, im.linkPath(&was))
		if err := im.setRedirects(from, to); err != nil {
			return err
		}
	}
	return nil
}

// customTerm keeps a term of a custom taxonomy and returns its id,
// counting it in the report once. A term an item names again is not
// written again; a declared one (wp:term) is, with its description.
func (im *importer) customTerm(t *Term, declared bool) (int64, error) {
	slug := decodeSlug(t.Slug)
	key := t.Taxonomy + ":" + slug
	old, seen := im.customTerms[key]
	if seen && !declared {
		return old, nil
	}
	wt := &model.WPTerm{Taxonomy: t.Taxonomy, Slug: slug, Name: orDefault(t.Name, slug), Description: t.Description,
		Parent: decodeSlug(t.Parent)}
	if err := im.tx.SaveWPTerm(wt); err != nil {
		return 0, err
	}
	if !seen {
		im.report.CustomTerms[t.Taxonomy]++
	}
	im.customTerms[key] = wt.ID
	return wt.ID, nil
}

// menu keeps a nav_menu term as a menu.
func (im *importer) menu(slug, name string) (int64, error) {
	slug = decodeSlug(slug)
	if id, ok := im.menus[slug]; ok {
		return id, nil
	}
	m := &model.WPMenu{Slug: slug, Name: orDefault(name, slug)}
	if err := im.tx.SaveWPMenu(m); err != nil {
		return 0, err
	}
	im.menus[slug] = m.ID
	im.report.Menus++
	return m.ID, nil
}

// menuItem keeps a nav_menu_item in the menu its nav_menu term names.
func (im *importer) menuItem(it *Item, key string) error {
	var menuID int64
	for _, t := range it.Terms {
		if t.Domain == "nav_menu" {
			id, err := im.menu(t.Nicename, t.Name)
			if err != nil {
				return err
			}
			menuID = id
			break
		}
	}
	if menuID == 0 || it.ID == 0 {
		im.report.skip("post", key, it.Title, message("wxr.skip.menu_item"))
		return nil
	}
	parent, _ := strconv.ParseInt(strings.TrimSpace(it.MetaValue("_menu_item_menu_item_parent")), 10, 64)
	mi := model.WPMenuItem{WPID: it.ID, ParentWPID: parent, Position: it.MenuOrder, Title: strings.TrimSpace(it.Title),
		URL: strings.TrimSpace(it.MetaValue("_menu_item_url")), ObjectType: "custom"}
	switch it.MetaValue("_menu_item_type") {
	case "post_type", "taxonomy":
		mi.ObjectType = it.MetaValue("_menu_item_object")
		mi.ObjectKey = strings.TrimSpace(it.MetaValue("_menu_item_object_id"))
	}
	if err := im.tx.SetWPMenuItem(menuID, mi); err != nil {
		return err
	}
	im.report.MenuItems++
	return nil
}

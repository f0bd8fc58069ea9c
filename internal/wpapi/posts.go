package wpapi

import (
	"html"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"warta/internal/model"
	"warta/internal/sanitize"
	"warta/internal/store"
)

// restBase is the collection of an article type.
func restBase(t model.ArticleType) string {
	if t == model.TypePage {
		return "pages"
	}
	return "posts"
}

func (q *request) listArticles(typ model.ArticleType) (any, error) {
	page, perPage, err := q.page()
	if err != nil {
		return nil, err
	}
	aq := store.APIQuery{Type: typ, Search: q.query.Get("search"), Slugs: q.strs("slug"),
		Limit: perPage, Offset: (page - 1) * perPage}
	if v := q.query.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return nil, invalid("offset", "is not of type integer")
		}
		aq.Offset = n
	}
	if aq.Statuses, aq.Owner, err = q.statusFilter(typ); err != nil {
		return nil, err
	}
	lists := map[string]*[]int64{"author": &aq.Authors, "include": &aq.Include, "exclude": &aq.Exclude}
	if typ == model.TypePost {
		lists["categories"], lists["tags"] = &aq.Categories, &aq.Tags
		if aq.Sticky, err = q.boolParam("sticky"); err != nil {
			return nil, err
		}
	} else {
		lists["parent"] = &aq.Parents
	}
	for name, dst := range lists {
		if *dst, err = q.ids(name); err != nil {
			return nil, err
		}
	}
	if aq.After, err = q.date("after"); err != nil {
		return nil, err
	}
	if aq.Before, err = q.date("before"); err != nil {
		return nil, err
	}
	if aq.Asc, err = q.order(); err != nil {
		return nil, err
	}
	if aq.OrderBy, err = q.oneOf("orderby", "date", "author", "date", "id", "include", "modified", "parent",
		"relevance", "slug", "include_slugs", "title", "menu_order"); err != nil {
		return nil, err
	}
	list, total, err := q.h.store.APIArticles(q.r.Context(), aq)
	if err != nil {
		return nil, err
	}
	if err := q.paginate("/wp/v2/"+restBase(typ), page, perPage, total); err != nil {
		return nil, err
	}
	out := make([]map[string]any, 0, len(list))
	for i := range list {
		if q.editContext() {
			out = append(out, q.embed(q.articleEdit(&list[i])))
			continue
		}
		out = append(out, q.embed(q.view("post", q.article(&list[i]))))
	}
	return out, nil
}

func (q *request) oneArticle(typ model.ArticleType, param string) (any, error) {
	id, _ := strconv.ParseInt(param, 10, 64)
	a, err := q.h.store.ArticleByID(q.r.Context(), id)
	if err != nil || a.Type != typ || (a.Status != model.StatusPublished && !q.canEdit(a)) {
		// A story taken down for a guideline reason says so, as its page
		// does; drafts, private and trashed articles are not there for
		// anyone who may not edit them.
		if err == nil && a.Type == typ {
			gone, err := q.takenDown(a)
			if err != nil {
				return nil, err
			}
			if gone != nil {
				return nil, gone
			}
		}
		return nil, errorf(http.StatusNotFound, "rest_post_invalid_id", "Invalid post ID.")
	}
	if q.editContext() {
		if !q.canEdit(a) {
			return nil, errorf(http.StatusForbidden, "rest_forbidden_context", "Sorry, you are not allowed to edit this post.")
		}
		return q.withPress(q.embed(q.articleEdit(a)), a)
	}
	// ?password= opens a protected post, as its form does on the site.
	if pw, ok := q.query["password"]; ok && a.Password != "" && !q.canEdit(a) {
		if len(pw) != 1 || pw[0] != a.Password {
			return nil, errorf(http.StatusForbidden, "rest_post_incorrect_password", "Incorrect post password.")
		}
		q.unlocked = a.ID
	}
	return q.withPress(q.embed(q.view("post", q.article(a))), a)
}

// article is a post or page in the view context of WordPress 6.
func (q *request) article(a *model.Article) map[string]any {
	base := restBase(a.Type)
	self := q.url("/wp/v2/"+base+"/"+strconv.FormatInt(a.ID, 10), nil)
	var author int64
	if len(a.Bylines) > 0 {
		author = a.Bylines[0].User.ID
	}
	protected := a.Password != ""
	content, excerpt := string(a.BodyHTML)+embedsHTML(a.Embeds), a.Excerpt
	if a.Sponsored {
		// As on the page: links out of paid content are marked so.
		content = string(sanitize.SponsoredLinks(template.HTML(content)))
	}
	if protected && !q.canEdit(a) && q.unlocked != a.ID {
		content, excerpt = "", ""
	}
	excerptHTML := ""
	if excerpt != "" {
		excerptHTML = "<p>" + html.EscapeString(excerpt) + "</p>\n"
	}
	status := wpStatus(a.Status)
	m := map[string]any{
		"id":             a.ID,
		"date":           wpTime(a.PublishedAt, q.loc),
		"date_gmt":       wpTime(a.PublishedAt, nil),
		"guid":           map[string]any{"rendered": q.h.baseURL + "/?p=" + strconv.FormatInt(a.ID, 10)},
		"modified":       wpTime(a.ModifiedAt, q.loc),
		"modified_gmt":   wpTime(a.ModifiedAt, nil),
		"slug":           a.Slug,
		"status":         status,
		"type":           string(a.Type),
		"link":           q.h.baseURL + model.EscapePath(a.Path(q.links)),
		"title":          map[string]any{"rendered": html.EscapeString(a.Title)},
		"content":        map[string]any{"rendered": content, "protected": protected},
		"excerpt":        map[string]any{"rendered": excerptHTML, "protected": protected},
		"author":         author,
		"featured_media": a.FeaturedMediaID,
		"comment_status": a.CommentStatus,
		"ping_status":    "closed",
		"template":       "",
		"meta":           pressMeta(a),
		"class_list":     classList(a, status),
	}
	links := map[string]any{
		"self":       link(self),
		"collection": link(q.url("/wp/v2/"+base, nil)),
		"about":      link(q.url("/wp/v2/types/"+string(a.Type), nil)),
		"author":     link(q.url("/wp/v2/users/"+strconv.FormatInt(author, 10), nil), "embeddable", true),
		"replies":    link(q.url("/wp/v2/comments", map[string][]string{"post": {strconv.FormatInt(a.ID, 10)}}), "embeddable", true),
		"wp:attachment": link(q.url("/wp/v2/media",
			map[string][]string{"parent": {strconv.FormatInt(a.ID, 10)}})),
		"curies": curies,
	}
	if a.FeaturedMediaID != 0 {
		links["wp:featuredmedia"] = link(q.url("/wp/v2/media/"+strconv.FormatInt(a.FeaturedMediaID, 10), nil), "embeddable", true)
	}
	if a.Type == model.TypePost {
		m["sticky"] = a.Sticky
		m["format"] = "standard"
		cats, tags := termIDs(a.Categories), termIDs(a.Tags)
		m["categories"], m["tags"] = cats, tags
		post := map[string][]string{"post": {strconv.FormatInt(a.ID, 10)}}
		links["wp:term"] = []map[string]any{
			{"taxonomy": "category", "embeddable": true, "href": q.url("/wp/v2/categories", post)},
			{"taxonomy": "post_tag", "embeddable": true, "href": q.url("/wp/v2/tags", post)},
		}
	} else {
		m["parent"] = a.ParentID
		m["menu_order"] = a.MenuOrder
		if a.ParentID != 0 {
			links["up"] = link(q.url("/wp/v2/pages/"+strconv.FormatInt(a.ParentID, 10), nil), "embeddable", true)
		}
	}
	m["_links"] = links
	// What _embed needs, dropped before the answer is written.
	m["\x00article"] = a
	return m
}

func termIDs(ts []model.Term) []int64 {
	out := make([]int64, 0, len(ts))
	for _, t := range ts {
		out = append(out, t.ID)
	}
	return out
}

func classList(a *model.Article, status string) []string {
	id := strconv.FormatInt(a.ID, 10)
	out := []string{"post-" + id, string(a.Type), "type-" + string(a.Type), "status-" + status}
	if a.FeaturedMediaID != 0 {
		out = append(out, "has-post-thumbnail")
	}
	if a.Password != "" {
		out = append(out, "post-password-required")
	}
	for _, c := range a.Categories {
		out = append(out, "category-"+c.Slug)
	}
	for _, t := range a.Tags {
		out = append(out, "tag-"+t.Slug)
	}
	return out
}

// embedsHTML renders an article's embeds as WordPress's embed blocks do,
// as links, so API clients show them without loading a player.
func embedsHTML(es []model.Embed) string {
	var b strings.Builder
	for _, e := range es {
		title := e.Title
		if title == "" {
			title = e.URL
		}
		b.WriteString("\n<figure class=\"wp-block-embed is-provider-" + html.EscapeString(e.Provider) +
			"\"><div class=\"wp-block-embed__wrapper\"><a href=\"" + html.EscapeString(e.URL) + "\">" +
			html.EscapeString(title) + "</a></div></figure>")
	}
	return b.String()
}

// embed adds _embedded when the request asks for it, and removes the
// private helper value either way.
func (q *request) embed(m map[string]any) map[string]any {
	a, _ := m["\x00article"].(*model.Article)
	delete(m, "\x00article")
	if _, ok := q.query["_embed"]; !ok || a == nil {
		return m
	}
	emb := map[string]any{}
	if len(a.Bylines) > 0 {
		if u, err := q.publicUser(a.Bylines[0].User.ID); err == nil {
			emb["author"] = []map[string]any{embedView("user", u)}
		}
	}
	if a.FeaturedMediaID != 0 {
		if md, err := q.h.store.Media(q.r.Context(), a.FeaturedMediaID); err == nil {
			emb["wp:featuredmedia"] = []map[string]any{embedView("media", q.media(md))}
		}
	}
	if a.Type == model.TypePost {
		cats, tags := []map[string]any{}, []map[string]any{}
		for _, t := range a.Categories {
			cats = append(cats, embedView("term", q.term(t)))
		}
		for _, t := range a.Tags {
			tags = append(tags, embedView("term", q.term(t)))
		}
		emb["wp:term"] = [][]map[string]any{cats, tags}
	}
	if a.Password == "" && a.CommentStatus != "" {
		cs, _, err := q.h.store.APIComments(q.r.Context(), store.CommentQuery{Posts: []int64{a.ID}, Asc: true, Limit: 100})
		if err == nil && len(cs) > 0 {
			list := []map[string]any{}
			for i := range cs {
				list = append(list, embedView("comment", q.comment(&cs[i])))
			}
			emb["replies"] = [][]map[string]any{list}
		}
	}
	m["_embedded"] = emb
	return m
}

package wpapi

import (
	"html"
	"net/http"
	"strconv"
	"strings"
	"time"

	"warta/internal/model"
	"warta/internal/store"
)

// routes are the read routes, keyed in the index by their raw patterns as
// WordPress lists them.
var routes []routeDef

func init() {
	collection := func(pattern, prefix string, fn func(q *request) (any, error)) routeDef {
		return routeDef{pattern: pattern, prefix: prefix, fn: func(q *request, _ string) (any, error) { return fn(q) }}
	}
	item := func(pattern, prefix, param string, fn func(q *request, p string) (any, error)) routeDef {
		return routeDef{pattern: pattern, prefix: prefix, param: param, fn: fn}
	}
	// writable gives a route its write methods: create on a collection,
	// update (POST, PUT, PATCH) and DELETE on an item.
	creates := func(d routeDef, fn func(q *request) (any, error)) routeDef {
		d.write = map[string]routeHandler{http.MethodPost: func(q *request, _ string) (any, error) { return fn(q) }}
		return d
	}
	edits := func(d routeDef, update, del routeHandler) routeDef {
		d.write = map[string]routeHandler{http.MethodPost: update, http.MethodPut: update, http.MethodPatch: update,
			http.MethodDelete: del}
		return d
	}
	deletes := func(d routeDef, del routeHandler) routeDef {
		d.write = map[string]routeHandler{http.MethodDelete: del}
		return d
	}
	article := func(typ model.ArticleType) (func(q *request) (any, error), routeHandler, routeHandler) {
		return func(q *request) (any, error) { return q.createArticle(typ) },
			func(q *request, p string) (any, error) { return q.updateArticle(typ, p) },
			func(q *request, p string) (any, error) { return q.deleteArticle(typ, p) }
	}
	postCreate, postUpdate, postDelete := article(model.TypePost)
	pageCreate, pageUpdate, pageDelete := article(model.TypePage)
	id := `(?P<id>[\d]+)`
	routes = []routeDef{
		collection("/", "/", (*request).index),
		collection("/wp/v2", "/wp/v2", (*request).namespaceIndex),
		creates(collection("/wp/v2/posts", "/wp/v2/posts", func(q *request) (any, error) { return q.listArticles(model.TypePost) }), postCreate),
		edits(item("/wp/v2/posts/"+id, "/wp/v2/posts", "id", func(q *request, p string) (any, error) { return q.oneArticle(model.TypePost, p) }),
			postUpdate, postDelete),
		creates(collection("/wp/v2/pages", "/wp/v2/pages", func(q *request) (any, error) { return q.listArticles(model.TypePage) }), pageCreate),
		edits(item("/wp/v2/pages/"+id, "/wp/v2/pages", "id", func(q *request, p string) (any, error) { return q.oneArticle(model.TypePage, p) }),
			pageUpdate, pageDelete),
		creates(collection("/wp/v2/media", "/wp/v2/media", (*request).listMedia), (*request).createMedia),
		deletes(item("/wp/v2/media/"+id, "/wp/v2/media", "id", (*request).oneMedia), (*request).deleteMedia),
		creates(collection("/wp/v2/categories", "/wp/v2/categories", func(q *request) (any, error) { return q.listTerms(model.TaxonomyCategory) }),
			func(q *request) (any, error) { return q.createTerm(model.TaxonomyCategory) }),
		edits(item("/wp/v2/categories/"+id, "/wp/v2/categories", "id", func(q *request, p string) (any, error) { return q.oneTerm(model.TaxonomyCategory, p) }),
			func(q *request, p string) (any, error) { return q.updateTerm(model.TaxonomyCategory, p) },
			func(q *request, p string) (any, error) { return q.deleteTerm(model.TaxonomyCategory, p) }),
		creates(collection("/wp/v2/tags", "/wp/v2/tags", func(q *request) (any, error) { return q.listTerms(model.TaxonomyTag) }),
			func(q *request) (any, error) { return q.createTerm(model.TaxonomyTag) }),
		edits(item("/wp/v2/tags/"+id, "/wp/v2/tags", "id", func(q *request, p string) (any, error) { return q.oneTerm(model.TaxonomyTag, p) }),
			func(q *request, p string) (any, error) { return q.updateTerm(model.TaxonomyTag, p) },
			func(q *request, p string) (any, error) { return q.deleteTerm(model.TaxonomyTag, p) }),
		collection("/wp/v2/users", "/wp/v2/users", (*request).listUsers),
		item("/wp/v2/users/me", "/wp/v2/users/me", "", (*request).me),
		item("/wp/v2/users/"+id, "/wp/v2/users", "id", func(q *request, p string) (any, error) {
			n, _ := strconv.ParseInt(p, 10, 64)
			return q.publicUser(n)
		}),
		creates(collection("/wp/v2/comments", "/wp/v2/comments", (*request).listComments), (*request).createComment),
		edits(item("/wp/v2/comments/"+id, "/wp/v2/comments", "id", (*request).oneComment),
			(*request).updateComment, (*request).deleteComment),
		collection("/wp/v2/search", "/wp/v2/search", (*request).search),
		collection("/wp/v2/types", "/wp/v2/types", (*request).types),
		item("/wp/v2/types/(?P<type>[\\w-]+)", "/wp/v2/types", "name", (*request).oneType),
		collection("/wp/v2/taxonomies", "/wp/v2/taxonomies", (*request).taxonomies),
		item("/wp/v2/taxonomies/(?P<taxonomy>[\\w-]+)", "/wp/v2/taxonomies", "name", (*request).oneTaxonomy),
		collection("/wp/v2/statuses", "/wp/v2/statuses", (*request).statuses),
		item("/wp/v2/statuses/(?P<status>[\\w-]+)", "/wp/v2/statuses", "name", (*request).oneStatus),
	}
}

// routeArgs are the parameters each route takes, listed in the index so
// clients that build their methods from it (node-wpapi) know them.
var routeArgs = map[string][]string{
	"posts": {"page", "per_page", "search", "after", "before", "author", "exclude", "include", "offset", "order",
		"orderby", "slug", "status", "categories", "tags", "sticky"},
	"pages": {"page", "per_page", "search", "after", "before", "author", "exclude", "include", "offset", "order",
		"orderby", "slug", "status", "parent"},
	"media":      {"page", "per_page", "search", "exclude", "include", "order", "parent"},
	"categories": {"page", "per_page", "search", "exclude", "include", "order", "orderby", "hide_empty", "parent", "post", "slug"},
	"tags":       {"page", "per_page", "search", "exclude", "include", "order", "orderby", "hide_empty", "post", "slug"},
	"users":      {"page", "per_page", "search", "exclude", "include", "order", "slug"},
	"comments":   {"page", "per_page", "search", "exclude", "include", "order", "parent", "post", "status"},
	"search":     {"page", "per_page", "search", "type", "subtype"},
	"taxonomies": {"type"},
	"posts/item": {"id", "password"}, "pages/item": {"id", "password"}, "media/item": {"id"}, "categories/item": {"id"},
	"tags/item": {"id"}, "users/item": {"id"}, "comments/item": {"id"},
}

// writeArgs are the fields each write takes, listed in the index.
var writeArgs = map[string][]string{
	"posts": {"date", "date_gmt", "slug", "status", "title", "content", "author", "excerpt", "featured_media",
		"comment_status", "password", "sticky", "categories", "tags"},
	"pages": {"date", "date_gmt", "slug", "status", "parent", "title", "content", "author", "excerpt",
		"featured_media", "comment_status", "password", "menu_order"},
	"media":      {"title", "alt_text", "caption", "description"},
	"categories": {"description", "name", "slug", "parent"},
	"tags":       {"description", "name", "slug"},
	"comments":   {"author_name", "author_email", "author_url", "content", "parent", "post", "status"},
}

// endpoints describes the route's endpoints with GET's args only.
func (d *routeDef) endpoints() []map[string]any {
	return d.endpointsWith(map[string]any{})
}

// endpointsWith describes the route's endpoints as WordPress's index
// does: reading with args, then creating, updating and deleting.
func (d *routeDef) endpointsWith(args map[string]any) []map[string]any {
	out := []map[string]any{{"methods": []string{"GET"}, "args": args}}
	base := strings.TrimPrefix(d.prefix, "/wp/v2/")
	fields := func() map[string]any {
		m := map[string]any{}
		for _, a := range writeArgs[base] {
			typ := "string"
			switch a {
			case "author", "featured_media", "parent", "post", "menu_order":
				typ = "integer"
			case "categories", "tags":
				typ = "array"
			case "sticky":
				typ = "boolean"
			}
			m[a] = map[string]any{"type": typ, "required": false}
		}
		return m
	}
	if d.write[http.MethodPost] != nil && d.param == "" {
		out = append(out, map[string]any{"methods": []string{"POST"}, "args": fields()})
	}
	if d.write[http.MethodPut] != nil {
		out = append(out, map[string]any{"methods": []string{"POST", "PUT", "PATCH"}, "args": fields()})
	}
	if d.write[http.MethodDelete] != nil {
		out = append(out, map[string]any{"methods": []string{"DELETE"},
			"args": map[string]any{"force": map[string]any{"type": "boolean", "default": false, "required": false}}})
	}
	return out
}

// routeIndex describes the routes under prefix as the index does.
func (q *request) routeIndex(prefix string) map[string]any {
	out := map[string]any{}
	for _, d := range routes {
		if !strings.HasPrefix(d.pattern, prefix) {
			continue
		}
		ns := "wp/v2"
		if d.pattern == "/" {
			ns = ""
		}
		args := map[string]any{
			"context": map[string]any{"type": "string", "enum": []string{"view", "embed", "edit"}, "default": "view", "required": false},
		}
		for _, a := range routeArgs[strings.TrimPrefix(d.prefix, "/wp/v2/")+map[bool]string{true: "/item"}[d.param != ""]] {
			typ := "string"
			switch a {
			case "page", "per_page", "offset", "id", "parent", "post", "author", "categories", "tags", "include", "exclude":
				typ = "integer"
			case "sticky", "hide_empty":
				typ = "boolean"
			}
			args[a] = map[string]any{"type": typ, "required": false}
		}
		entry := map[string]any{
			"namespace": ns,
			"methods":   d.methods(),
			"endpoints": d.endpointsWith(args),
		}
		if d.param == "" {
			entry["_links"] = map[string]any{"self": link(q.url(d.pattern, nil))}
		}
		out[d.pattern] = entry
	}
	return out
}

func (q *request) index() (any, error) {
	return map[string]any{
		"name":            q.settings.Title,
		"description":     q.settings.Tagline,
		"url":             q.h.baseURL,
		"home":            q.h.baseURL,
		"gmt_offset":      gmtOffset(q),
		"timezone_string": q.settings.TimeZone,
		"namespaces":      []string{"wp/v2"},
		"authentication": map[string]any{"application-passwords": map[string]any{"endpoints": map[string]any{
			"authorization": q.h.baseURL + "/admin/profile#app-passwords"}}},
		"routes":    q.routeIndex("/"),
		"site_logo": 0,
		"site_icon": 0,
		"_links": map[string]any{
			"help": link("https://developer.wordpress.org/rest-api/"),
		},
	}, nil
}

func gmtOffset(q *request) float64 {
	_, secs := time.Now().In(q.loc).Zone()
	return float64(secs) / 3600
}

func (q *request) namespaceIndex() (any, error) {
	return map[string]any{
		"namespace": "wp/v2",
		"routes":    q.routeIndex("/wp/v2"),
		"_links":    map[string]any{"up": link(q.url("/", nil))},
	}, nil
}

func (q *request) search() (any, error) {
	page, perPage, err := q.page()
	if err != nil {
		return nil, err
	}
	typ, err := q.oneOf("type", "post", "post", "term", "post-format")
	if err != nil {
		return nil, err
	}
	if typ != "post" {
		return []map[string]any{}, q.paginate("/wp/v2/search", 1, perPage, 0)
	}
	subtypes := q.strs("subtype")
	kinds := []model.ArticleType{model.TypePost, model.TypePage}
	if len(subtypes) == 1 && (subtypes[0] == "post" || subtypes[0] == "page") {
		kinds = []model.ArticleType{model.ArticleType(subtypes[0])}
	}
	// Posts first, then pages, as one list paged together.
	var all []model.Article
	total := 0
	for _, k := range kinds {
		list, n, err := q.h.store.APIArticles(q.r.Context(), store.APIQuery{Type: k, Search: q.query.Get("search"),
			Limit: page * perPage, Offset: 0})
		if err != nil {
			return nil, err
		}
		all, total = append(all, list...), total+n
	}
	if err := q.paginate("/wp/v2/search", page, perPage, total); err != nil {
		return nil, err
	}
	out := []map[string]any{}
	for i := (page - 1) * perPage; i < len(all) && i < page*perPage; i++ {
		a := &all[i]
		self := q.url("/wp/v2/"+restBase(a.Type)+"/"+strconv.FormatInt(a.ID, 10), nil)
		out = append(out, map[string]any{
			"id": a.ID, "title": html.EscapeString(a.Title), "url": q.h.baseURL + a.Path(q.links),
			"type": "post", "subtype": string(a.Type),
			"_links": map[string]any{
				"self":  link(self, "embeddable", true),
				"about": link(q.url("/wp/v2/types/"+string(a.Type), nil)),
			},
		})
	}
	return out, nil
}

// typeDefs are the post types warta has.
var typeDefs = []struct {
	slug, name, base, desc string
	hierarchical           bool
	taxonomies             []string
}{
	{"post", "Posts", "posts", "", false, []string{"category", "post_tag"}},
	{"page", "Pages", "pages", "", true, []string{}},
	{"attachment", "Media", "media", "", false, []string{}},
}

func (q *request) typeObj(i int) map[string]any {
	d := typeDefs[i]
	m := map[string]any{
		"description": d.desc, "hierarchical": d.hierarchical, "has_archive": false, "name": d.name,
		"slug": d.slug, "icon": nil, "taxonomies": d.taxonomies, "rest_base": d.base, "rest_namespace": "wp/v2",
		"_links": map[string]any{
			"collection": link(q.url("/wp/v2/types", nil)),
			"wp:items":   link(q.url("/wp/v2/"+d.base, nil)),
			"curies":     curies,
		},
	}
	if q.editContext() {
		// What WordPress 6 adds for those who may edit the type.
		singular := strings.TrimSuffix(d.base, "s")
		m["capabilities"] = map[string]string{"edit_post": "edit_" + singular, "read_post": "read_" + singular,
			"delete_post": "delete_" + singular, "edit_posts": "edit_" + d.base, "edit_others_posts": "edit_others_" + d.base,
			"publish_posts": "publish_" + d.base, "read_private_posts": "read_private_" + d.base}
		m["labels"] = map[string]string{"name": d.name, "singular_name": strings.TrimSuffix(d.name, "s")}
		supports := map[string]bool{"title": true, "author": true, "comments": true}
		if d.slug != "attachment" {
			supports["editor"], supports["excerpt"], supports["thumbnail"], supports["revisions"] = true, d.slug == "post", true, true
		}
		if d.slug == "page" {
			supports["page-attributes"] = true
		}
		m["supports"] = supports
		m["viewable"] = true
		m["visibility"] = map[string]bool{"show_in_nav_menus": d.slug != "attachment", "show_ui": true}
	}
	return m
}

func (q *request) types() (any, error) {
	out := map[string]any{}
	for i, d := range typeDefs {
		out[d.slug] = q.view("type", q.typeObj(i))
	}
	return out, nil
}

func (q *request) oneType(name string) (any, error) {
	for i, d := range typeDefs {
		if d.slug == name {
			return q.view("type", q.typeObj(i)), nil
		}
	}
	return nil, errorf(http.StatusNotFound, "rest_type_invalid", "Invalid post type.")
}

func (q *request) taxonomyObj(slug string) map[string]any {
	name, base, hier := "Categories", "categories", true
	if slug == "post_tag" {
		name, base, hier = "Tags", "tags", false
	}
	m := map[string]any{
		"name": name, "slug": slug, "description": "", "types": []string{"post"}, "hierarchical": hier,
		"rest_base": base, "rest_namespace": "wp/v2",
		"_links": map[string]any{
			"collection": link(q.url("/wp/v2/taxonomies", nil)),
			"wp:items":   link(q.url("/wp/v2/"+base, nil)),
			"curies":     curies,
		},
	}
	if q.editContext() {
		// What WordPress 6 adds for those who may manage the terms.
		assign, singular := "assign_categories", "Category"
		if slug == "post_tag" {
			assign, singular = "assign_post_tags", "Tag"
		}
		m["capabilities"] = map[string]string{"manage_terms": "manage_categories", "edit_terms": "manage_categories",
			"delete_terms": "manage_categories", "assign_terms": assign}
		m["labels"] = map[string]string{"name": name, "singular_name": singular}
		m["show_cloud"] = !hier
		m["visibility"] = map[string]bool{"public": true, "publicly_queryable": true, "show_admin_column": true,
			"show_in_nav_menus": true, "show_in_quick_edit": true, "show_ui": true}
	}
	return m
}

func (q *request) taxonomies() (any, error) {
	if t := q.query.Get("type"); t != "" && t != "post" {
		if t == "page" || t == "attachment" {
			return map[string]any{}, nil
		}
		return nil, errorf(http.StatusNotFound, "rest_type_invalid", "Invalid post type.")
	}
	return map[string]any{"category": q.view("taxonomy", q.taxonomyObj("category")),
		"post_tag": q.view("taxonomy", q.taxonomyObj("post_tag"))}, nil
}

func (q *request) oneTaxonomy(name string) (any, error) {
	if name != "category" && name != "post_tag" {
		return nil, errorf(http.StatusNotFound, "rest_taxonomy_invalid", "Invalid taxonomy.")
	}
	return q.view("taxonomy", q.taxonomyObj(name)), nil
}

// statusObj is the publish status: the only one anonymous clients see.
// The edit context adds what WordPress 6 shows editors of it.
func (q *request) statusObj() map[string]any {
	m := map[string]any{
		"name": "Published", "public": true, "queryable": true, "slug": "publish", "date_floating": false,
		"_links": map[string]any{"archives": link(q.url("/wp/v2/posts", nil))},
	}
	if q.editContext() {
		m["private"], m["protected"], m["show_in_list"] = false, false, true
	}
	return q.view("status", m)
}

func (q *request) statuses() (any, error) {
	return map[string]any{"publish": q.statusObj()}, nil
}

func (q *request) oneStatus(name string) (any, error) {
	if name != "publish" {
		return nil, errorf(http.StatusNotFound, "rest_status_invalid", "Invalid status.")
	}
	return q.statusObj(), nil
}

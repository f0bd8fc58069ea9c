package wpapi

import (
	"html"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"

	"warta/internal/auth"
	"warta/internal/model"
	"warta/internal/store"
)

// wpTaxonomy names warta's taxonomies as WordPress does.
func wpTaxonomy(t string) string {
	if t == model.TaxonomyTag {
		return "post_tag"
	}
	return "category"
}

func termBase(t string) string {
	if t == model.TaxonomyTag {
		return "tags"
	}
	return "categories"
}

// term is a category or tag in the view context.
func (q *request) term(t model.Term) map[string]any {
	id := strconv.FormatInt(t.ID, 10)
	base := termBase(t.Taxonomy)
	m := map[string]any{
		"id": t.ID, "count": t.Count, "description": t.Description, "link": q.h.baseURL + model.EscapePath(t.Path()),
		"name": t.Name, "slug": t.Slug, "taxonomy": wpTaxonomy(t.Taxonomy), "meta": []any{},
		"_links": map[string]any{
			"self":         link(q.url("/wp/v2/"+base+"/"+id, nil)),
			"collection":   link(q.url("/wp/v2/"+base, nil)),
			"about":        link(q.url("/wp/v2/taxonomies/"+wpTaxonomy(t.Taxonomy), nil)),
			"wp:post_type": link(q.url("/wp/v2/posts", map[string][]string{termBase(t.Taxonomy): {id}})),
			"curies":       curies,
		},
	}
	if t.Taxonomy == model.TaxonomyCategory {
		m["parent"] = t.ParentID
		if t.ParentID != 0 {
			m["_links"].(map[string]any)["up"] = link(q.url("/wp/v2/categories/"+strconv.FormatInt(t.ParentID, 10), nil), "embeddable", true)
		}
	}
	return m
}

func (q *request) listTerms(taxonomy string) (any, error) {
	page, perPage, err := q.page()
	if err != nil {
		return nil, err
	}
	all, err := q.h.store.Terms(q.r.Context(), taxonomy)
	if err != nil {
		return nil, err
	}
	filter, err := q.idFilter()
	if err != nil {
		return nil, err
	}
	parents, err := q.ids("parent")
	if err != nil {
		return nil, err
	}
	hideEmpty, err := q.boolParam("hide_empty")
	if err != nil {
		return nil, err
	}
	posts, err := q.ids("post")
	if err != nil {
		return nil, err
	}
	onPost := map[int64]bool{}
	for _, p := range posts {
		a, err := q.h.store.ArticleByID(q.r.Context(), p)
		if err != nil || a.Status != model.StatusPublished {
			return nil, errorf(http.StatusNotFound, "rest_post_invalid_id", "Invalid post ID.")
		}
		for _, t := range slices.Concat(a.Categories, a.Tags) {
			onPost[t.ID] = true
		}
	}
	search, slugs := strings.ToLower(q.query.Get("search")), q.strs("slug")
	var list []model.Term
	for _, t := range all {
		switch {
		case !filter.keeps(t.ID),
			len(parents) > 0 && (taxonomy != model.TaxonomyCategory || !slices.Contains(parents, t.ParentID)),
			hideEmpty != nil && *hideEmpty && t.Count == 0,
			len(posts) > 0 && !onPost[t.ID],
			search != "" && !strings.Contains(strings.ToLower(t.Name), search) && !strings.Contains(t.Slug, search),
			len(slugs) > 0 && !slices.Contains(slugs, t.Slug):
			continue
		}
		list = append(list, t)
	}
	orderby, err := q.oneOf("orderby", "name", "id", "include", "name", "slug", "include_slugs", "term_group", "description", "count")
	if err != nil {
		return nil, err
	}
	asc := q.query.Get("order") != "desc"
	if v := q.query.Get("order"); v != "" && v != "asc" && v != "desc" {
		return nil, invalid("order", "is not one of asc, desc")
	}
	slices.SortStableFunc(list, func(a, b model.Term) int {
		var c int
		switch orderby {
		case "id":
			c = int(a.ID - b.ID)
		case "slug":
			c = strings.Compare(a.Slug, b.Slug)
		case "count":
			c = a.Count - b.Count
		case "include":
			c = slices.Index(filter.include, a.ID) - slices.Index(filter.include, b.ID)
		default:
			c = strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
		}
		if !asc {
			c = -c
		}
		return c
	})
	if err := q.paginate("/wp/v2/"+termBase(taxonomy), page, perPage, len(list)); err != nil {
		return nil, err
	}
	out := []map[string]any{}
	for i := (page - 1) * perPage; i < len(list) && i < page*perPage; i++ {
		out = append(out, q.view("term", q.term(list[i])))
	}
	return out, nil
}

func (q *request) oneTerm(taxonomy, param string) (any, error) {
	id, _ := strconv.ParseInt(param, 10, 64)
	all, err := q.h.store.Terms(q.r.Context(), taxonomy)
	if err != nil {
		return nil, err
	}
	for _, t := range all {
		if t.ID == id {
			return q.view("term", q.term(t)), nil
		}
	}
	return nil, errorf(http.StatusNotFound, "rest_term_invalid", "Term does not exist.")
}

// publicUser is a user in the view context, if they have published
// articles (WordPress shows no one else to anonymous clients). No email,
// login or avatar hash: avatars are off.
func (q *request) publicUser(id int64) (map[string]any, error) {
	authors, err := q.h.store.PublishedAuthorIDs(q.r.Context())
	if err != nil {
		return nil, err
	}
	if !authors[id] {
		return nil, errorf(http.StatusNotFound, "rest_user_invalid_id", "Invalid user ID.")
	}
	users, err := q.h.store.AllUsers(q.r.Context())
	if err != nil {
		return nil, err
	}
	for _, u := range users {
		if u.ID == id {
			m := q.user(&u)
			if q.editContext() {
				q.userEdit(m, &u)
			}
			return q.view("user", m), nil
		}
	}
	return nil, errorf(http.StatusNotFound, "rest_user_invalid_id", "Invalid user ID.")
}

func (q *request) user(u *model.User) map[string]any {
	id := strconv.FormatInt(u.ID, 10)
	return map[string]any{
		"id": u.ID, "name": u.DisplayName, "url": u.URL, "description": u.Bio,
		"link": q.h.baseURL + model.EscapePath("/author/"+u.Slug+"/"), "slug": u.Slug, "meta": []any{},
		"_links": map[string]any{
			"self":       link(q.url("/wp/v2/users/"+id, nil)),
			"collection": link(q.url("/wp/v2/users", nil)),
		},
	}
}

func (q *request) listUsers() (any, error) {
	page, perPage, err := q.page()
	if err != nil {
		return nil, err
	}
	authors, err := q.h.store.PublishedAuthorIDs(q.r.Context())
	if err != nil {
		return nil, err
	}
	users, err := q.h.store.AllUsers(q.r.Context())
	if err != nil {
		return nil, err
	}
	filter, err := q.idFilter()
	if err != nil {
		return nil, err
	}
	search, slugs := strings.ToLower(q.query.Get("search")), q.strs("slug")
	var list []model.User
	for _, u := range users {
		switch {
		case !authors[u.ID],
			!filter.keeps(u.ID),
			search != "" && !strings.Contains(strings.ToLower(u.DisplayName), search) && !strings.Contains(u.Slug, search),
			len(slugs) > 0 && !slices.Contains(slugs, u.Slug):
			continue
		}
		list = append(list, u)
	}
	slices.SortStableFunc(list, func(a, b model.User) int {
		return strings.Compare(strings.ToLower(a.DisplayName), strings.ToLower(b.DisplayName))
	})
	if q.query.Get("order") == "desc" {
		slices.Reverse(list)
	}
	if err := q.paginate("/wp/v2/users", page, perPage, len(list)); err != nil {
		return nil, err
	}
	out := []map[string]any{}
	for i := (page - 1) * perPage; i < len(list) && i < page*perPage; i++ {
		m := q.user(&list[i])
		if q.editContext() {
			q.userEdit(m, &list[i])
		}
		out = append(out, q.view("user", m))
	}
	return out, nil
}

// comment is an approved comment in the view context: never the email.
func (q *request) comment(c *model.Comment) map[string]any {
	id := strconv.FormatInt(c.ID, 10)
	typ := c.Kind
	if typ == "" {
		typ = model.CommentKindComment
	}
	m := map[string]any{
		"id": c.ID, "post": c.ArticleID, "parent": c.ParentID, "author": c.UserID,
		"author_name": c.AuthorName, "author_url": c.AuthorURL,
		"date": wpTime(c.CreatedAt, q.loc), "date_gmt": wpTime(c.CreatedAt, nil),
		"content": map[string]any{"rendered": string(c.Content)},
		"link":    q.h.baseURL + "/?p=" + strconv.FormatInt(c.ArticleID, 10) + "#comment-" + id,
		"status":  wpCommentStatus(c.Status), "type": typ, "meta": []any{},
	}
	links := map[string]any{
		"self":       link(q.url("/wp/v2/comments/"+id, nil)),
		"collection": link(q.url("/wp/v2/comments", nil)),
		"up":         link(q.url("/wp/v2/posts/"+strconv.FormatInt(c.ArticleID, 10), nil), "embeddable", true, "post_type", "post"),
	}
	if c.UserID != 0 {
		links["author"] = link(q.url("/wp/v2/users/"+strconv.FormatInt(c.UserID, 10), nil), "embeddable", true)
	}
	if c.ParentID != 0 {
		links["in-reply-to"] = link(q.url("/wp/v2/comments/"+strconv.FormatInt(c.ParentID, 10), nil), "embeddable", true)
	}
	m["_links"] = links
	return m
}

func (q *request) listComments() (any, error) {
	page, perPage, err := q.page()
	if err != nil {
		return nil, err
	}
	cq := store.CommentQuery{Search: q.query.Get("search"), Limit: perPage, Offset: (page - 1) * perPage}
	for name, dst := range map[string]*[]int64{"post": &cq.Posts, "parent": &cq.Parents, "include": &cq.Include, "exclude": &cq.Exclude} {
		if *dst, err = q.ids(name); err != nil {
			return nil, err
		}
	}
	if cq.Statuses, err = q.commentStatusFilter(); err != nil {
		return nil, err
	}
	if cq.Asc, err = q.order(); err != nil {
		return nil, err
	}
	list, total, err := q.h.store.APIComments(q.r.Context(), cq)
	if err != nil {
		return nil, err
	}
	if err := q.paginate("/wp/v2/comments", page, perPage, total); err != nil {
		return nil, err
	}
	out := []map[string]any{}
	for i := range list {
		if q.editContext() {
			out = append(out, q.commentEdit(&list[i]))
			continue
		}
		out = append(out, q.view("comment", q.comment(&list[i])))
	}
	return out, nil
}

func (q *request) oneComment(param string) (any, error) {
	id, _ := strconv.ParseInt(param, 10, 64)
	cq := store.CommentQuery{Include: []int64{id}, Limit: 1}
	if q.can(auth.ModerateComments) {
		cq.Statuses = []model.CommentStatus{model.CommentApproved, model.CommentPending, model.CommentSpam, model.CommentTrash}
	}
	list, _, err := q.h.store.APIComments(q.r.Context(), cq)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, errorf(http.StatusNotFound, "rest_comment_invalid_id", "Invalid comment ID.")
	}
	if q.editContext() {
		return q.commentEdit(&list[0]), nil
	}
	return q.view("comment", q.comment(&list[0])), nil
}

// media is an attachment in the view context.
func (q *request) media(m *model.Media) map[string]any {
	id := strconv.FormatInt(m.ID, 10)
	name := path.Base(m.Path)
	slug := strings.TrimSuffix(name, path.Ext(name))
	mediaType := "file"
	if strings.HasPrefix(m.MimeType, "image/") {
		mediaType = "image"
	}
	sizes := map[string]any{}
	for _, v := range m.Variants {
		sizes[strconv.Itoa(v.Width)+"w"] = map[string]any{"file": path.Base(v.Path), "width": v.Width,
			"height": v.Height, "mime_type": m.MimeType, "source_url": q.h.baseURL + v.URL()}
	}
	caption := ""
	if m.Caption != "" {
		caption = "<p>" + html.EscapeString(m.Caption) + "</p>\n"
	}
	return map[string]any{
		"id": m.ID, "date": wpTime(m.CreatedAt, q.loc), "date_gmt": wpTime(m.CreatedAt, nil),
		"guid": map[string]any{"rendered": q.h.baseURL + model.EscapePath(m.URL())}, "modified": wpTime(m.CreatedAt, q.loc),
		"modified_gmt": wpTime(m.CreatedAt, nil), "slug": slug, "status": "inherit", "type": "attachment",
		"link": q.h.baseURL + m.URL(), "title": map[string]any{"rendered": html.EscapeString(slug)},
		"author": m.UploaderID, "featured_media": 0, "comment_status": "closed", "ping_status": "closed",
		"template": "", "meta": map[string]any{}, "class_list": []string{"post-" + id, "attachment"},
		"description": map[string]any{"rendered": caption}, "caption": map[string]any{"rendered": caption},
		"alt_text": m.Alt, "media_type": mediaType, "mime_type": m.MimeType,
		"media_details": map[string]any{"width": m.Width, "height": m.Height, "file": m.Path,
			"filesize": m.Size, "sizes": sizes},
		"post": nil, "source_url": q.h.baseURL + m.URL(),
		"_links": map[string]any{
			"self":       link(q.url("/wp/v2/media/"+id, nil)),
			"collection": link(q.url("/wp/v2/media", nil)),
			"about":      link(q.url("/wp/v2/types/attachment", nil)),
			"replies":    link(q.url("/wp/v2/comments", map[string][]string{"post": {id}}), "embeddable", true),
		},
	}
}

func (q *request) listMedia() (any, error) {
	page, perPage, err := q.page()
	if err != nil {
		return nil, err
	}
	// ?search= finds items by file name, alt text or caption, as the
	// newsroom's library does.
	ids, err := q.h.store.MediaMatching(q.r.Context(), q.query.Get("search"))
	if err != nil {
		return nil, err
	}
	filter, err := q.idFilter()
	if err != nil {
		return nil, err
	}
	parents, err := q.ids("parent")
	if err != nil {
		return nil, err
	}
	if len(parents) > 0 {
		// warta does not record which post an upload was attached to; a
		// post's attachment is its featured image.
		var featured []int64
		for _, p := range parents {
			if a, err := q.h.store.ArticleByID(q.r.Context(), p); err == nil && a.Status == model.StatusPublished && a.FeaturedMediaID != 0 {
				featured = append(featured, a.FeaturedMediaID)
			}
		}
		if len(featured) == 0 {
			featured = []int64{-1}
		}
		filter.include = append(filter.include, featured...)
	}
	var list []int64
	for _, id := range ids {
		if filter.keeps(id) {
			list = append(list, id)
		}
	}
	if asc, err := q.order(); err != nil {
		return nil, err
	} else if !asc {
		slices.Reverse(list)
	}
	if err := q.paginate("/wp/v2/media", page, perPage, len(list)); err != nil {
		return nil, err
	}
	out := []map[string]any{}
	for i := (page - 1) * perPage; i < len(list) && i < page*perPage; i++ {
		m, err := q.h.store.Media(q.r.Context(), list[i])
		if err != nil {
			return nil, err
		}
		if q.editContext() {
			out = append(out, q.mediaEdit(m))
			continue
		}
		out = append(out, q.view("media", q.media(m)))
	}
	return out, nil
}

func (q *request) oneMedia(param string) (any, error) {
	id, _ := strconv.ParseInt(param, 10, 64)
	m, err := q.h.store.Media(q.r.Context(), id)
	if err != nil {
		return nil, errorf(http.StatusNotFound, "rest_post_invalid_id", "Invalid post ID.")
	}
	if q.editContext() {
		return q.mediaEdit(m), nil
	}
	return q.view("media", q.media(m)), nil
}

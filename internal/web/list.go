package web

import (
	"fmt"
	"net/http"
	"strconv"

	"warta/internal/model"
	"warta/internal/store"
)

// listPage is what list.html shows: the front page or an archive, a list
// of articles with pagination under an optional header naming the archive.
type listPage struct {
	layout
	Heading    string // the archive's h1; empty on the front page, whose h1 is the site title
	Intro      string // a term's description or an author's bio, plain text
	Total      int
	Items      []listItem
	Pagination pagination
}

// pagination is the list of page links under a list or a thread.
type pagination struct {
	Current int
	Total   int // pages
	Prev    string
	Next    string
	Links   []pageLink
}

// pageLink is one numbered link, or a gap between them.
type pageLink struct {
	N       int
	URL     string
	Current bool
	Gap     bool
}

// pageURL is the path of page n of the list at base ("/", "/tag/x/").
func pageURL(base string, n int) string {
	if n <= 1 {
		return base
	}
	return base + "page/" + strconv.Itoa(n) + "/"
}

// newPagination links the first and last pages, and two on each side of the
// current one, with gaps between.
func newPagination(base string, current, pages int) pagination {
	return paginate(current, pages, func(n int) string { return pageURL(base, n) })
}

// paginate is newPagination with pageURL given: url(n) is page n's link.
func paginate(current, pages int, pageURL func(int) string) pagination {
	p := pagination{Current: current, Total: pages}
	if pages <= 1 {
		return p
	}
	if current > 1 {
		p.Prev = pageURL(current - 1)
	}
	if current < pages {
		p.Next = pageURL(current + 1)
	}
	last := 0
	for n := 1; n <= pages; n++ {
		if n != 1 && n != pages && (n < current-2 || n > current+2) {
			continue
		}
		if last != 0 && n > last+1 {
			p.Links = append(p.Links, pageLink{Gap: true})
		}
		p.Links = append(p.Links, pageLink{N: n, URL: pageURL(n), Current: n == current})
		last = n
	}
	return p
}

// renderList loads page n of the articles q selects and renders it at
// base. Page 1 asked for as /page/1/ is redirected to base; a page past the
// last one, or not a number, is model.ErrNotFound. An empty first page is a
// page (a new site, a new category), not an error.
func (h *Handler) renderList(w http.ResponseWriter, r *http.Request, page listPage, base string, q store.ListQuery) error {
	n := pageNumber(r)
	if n == 0 {
		return model.ErrNotFound
	}
	if n == 1 && r.PathValue("n") != "" {
		redirect(w, r, base)
		return nil
	}
	per := page.Site.PostsPerPage
	if per <= 0 {
		per = model.DefaultSettings().PostsPerPage
	}
	q.Limit, q.Offset = per, (n-1)*per
	total, err := h.countPublished(r.Context(), q)
	if err != nil {
		return fmt.Errorf("web: list %s: %w", base, err)
	}
	arts, err := h.store.PublishedPage(r.Context(), q)
	if err != nil {
		return fmt.Errorf("web: list %s: %w", base, err)
	}
	pages := (total + per - 1) / per
	if n > 1 && n > pages {
		return model.ErrNotFound
	}
	tagLayout(r.Context())
	tagArticles(r.Context(), arts)
	page.Total = total
	page.Items = page.listItems(arts, "card-image", sizesCard, n == 1)
	page.Pagination = newPagination(base, n, pages)
	page.Path = r.URL.Path
	page.Canonical = h.baseURL + pageURL(base, n)
	h.listNeighbours(&page.layout, page.Pagination)
	if n > 1 {
		page.Title = page.printer.T("pagination.page", n)
		if page.Heading != "" {
			page.Title = page.Heading + " – " + page.Title
		}
	}
	return h.view.Render(w, http.StatusOK, "list.html", &page)
}

package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"warta/internal/model"
	"warta/internal/pagecache"
	"warta/internal/sanitize"
	"warta/internal/store"
)

// searchMaxLen bounds what a reader may search for, in characters: enough
// for any real question, and a bound on the work one request can ask for.
const searchMaxLen = 200

// snippetWords is how many words of an article a search result shows.
const snippetWords = 32

// searchPage is /search: the form, then one page of results.
type searchPage struct {
	layout
	Query      string
	Category   string // the slug of the section results are limited to; "" for all
	Categories []model.Term
	MaxLen     int
	Total      int
	More       bool // more articles match than Total, the ones ranked
	Partial    bool
	Results    []searchResult
	Pagination pagination
}

// searchResult is one found article with its matched words marked.
type searchResult struct {
	listItem
	TitleSegs []segment
	Snippet   []segment
	Section   string
}

// showSearch renders /search?q=words&category=slug&page=n. Without words it
// is the search form alone. A page past the last one lists nothing; an
// unknown section searches every section.
func (h *Handler) showSearch(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l, err := h.newLayout(ctx, "/search")
	if err != nil {
		return err
	}
	form := r.URL.Query()
	page := searchPage{layout: l, MaxLen: searchMaxLen}
	page.Query = strings.Join(strings.Fields(form.Get("q")), " ")
	if utf8.RuneCountInString(page.Query) > searchMaxLen {
		page.Query = string([]rune(page.Query)[:searchMaxLen])
	}
	page.Title = l.printer.T("search.title")
	// Result pages are for readers, not for search engines' indexes.
	page.NoIndex = true
	// The form offers the categories holding posts.
	cats, err := h.store.TermsWithPosts(ctx, model.TaxonomyCategory)
	if err != nil {
		return fmt.Errorf("web: search: categories: %w", err)
	}
	page.Categories = cats
	// Results change with any article (TagFeeds), the form with the sections.
	pagecache.Tag(ctx, store.TagFeeds, store.TagSettings)
	var termID int64
	for _, c := range cats {
		pagecache.Tag(ctx, store.TagTerm(c.ID))
		if c.Slug == form.Get("category") {
			page.Category, termID = c.Slug, c.ID
		}
	}
	if slug := form.Get("category"); slug != "" && termID == 0 {
		// A category without posts is not offered, but may still be asked for.
		c, err := h.store.TermBySlug(ctx, model.TaxonomyCategory, slug)
		switch {
		case err == nil:
			pagecache.Tag(ctx, store.TagTerm(c.ID))
			page.Category, termID = c.Slug, c.ID
		case !errors.Is(err, model.ErrNotFound):
			return fmt.Errorf("web: search: category %q: %w", slug, err)
		}
	}
	page.Canonical = h.baseURL + searchURL(page.Query, page.Category, 1)
	if page.Query == "" {
		return h.view.Render(w, http.StatusOK, "search.html", &page)
	}
	page.Title = l.printer.T("search.heading", page.Query)

	n, _ := strconv.Atoi(form.Get("page"))
	n = max(n, 1)
	per := l.Site.PostsPerPage
	if per <= 0 {
		per = model.DefaultSettings().PostsPerPage
	}
	res, err := h.store.Search(ctx, store.SearchQuery{
		Text: page.Query, TermID: termID, Limit: per, Offset: (n - 1) * per, Now: h.now(),
	})
	if err != nil {
		return fmt.Errorf("web: search: %w", err)
	}
	page.Total, page.More, page.Partial = res.Total, res.More, res.Partial
	pages := (res.Total + per - 1) / per
	page.Pagination = paginate(n, pages, func(i int) string { return searchURL(page.Query, page.Category, i) })
	page.Canonical = h.baseURL + searchURL(page.Query, page.Category, n)
	h.listNeighbours(&page.layout, page.Pagination)
	hl := newHighlighter(page.Query)
	for _, it := range l.listItems(res.Articles, "search-thumb", sizesThumb, false) {
		lang := it.ArticleLang
		sr := searchResult{listItem: it, TitleSegs: hl.Highlight(lang, it.Title)}
		if len(it.Categories) > 0 {
			sr.Section = it.Categories[0].Name
		}
		if it.Password == "" {
			// The excerpt when it shows a matched word, else the body's
			// best passage, else the excerpt.
			snip, hit := hl.Snippet(lang, it.Excerpt, snippetWords)
			if !hit {
				if body, bodyHit := hl.Snippet(lang, sanitize.Text(string(it.BodyHTML)), snippetWords); bodyHit || snip == nil {
					snip = body
				}
			}
			sr.Snippet = snip
		}
		page.Results = append(page.Results, sr)
	}
	return h.view.Render(w, http.StatusOK, "search.html", &page)
}

// searchURL is the path of page n of the results for q in section cat.
func searchURL(q, cat string, n int) string {
	v := url.Values{}
	if q != "" {
		v.Set("q", q)
	}
	if cat != "" {
		v.Set("category", cat)
	}
	if n > 1 {
		v.Set("page", strconv.Itoa(n))
	}
	if len(v) == 0 {
		return "/search"
	}
	return "/search?" + v.Encode()
}

// redirectSearch answers WordPress's search links, /?s=words, with a
// permanent redirect to /search?q=words.
func (h *Handler) redirectSearch(w http.ResponseWriter, r *http.Request) error {
	form := r.URL.Query()
	http.Redirect(w, r, searchURL(strings.TrimSpace(form.Get("s")), form.Get("category_name"), 1), http.StatusMovedPermanently)
	return nil
}

// redirectSearchPath answers WordPress's pretty search links, /search/words/,
// with a permanent redirect to /search?q=words.
func (h *Handler) redirectSearchPath(w http.ResponseWriter, r *http.Request) error {
	http.Redirect(w, r, searchURL(strings.TrimSpace(r.PathValue("q")), "", 1), http.StatusMovedPermanently)
	return nil
}

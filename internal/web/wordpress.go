package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"warta/internal/httpx"
	"warta/internal/model"
	"warta/internal/sanitize"
)

// WordPress's own URLs that a moved site keeps answering: its sitemaps
// (/wp-sitemap.xml…), the AMP plugin's copies of a post (/…/amp/,
// ?amp=1), a post's embed (/…/embed/) and the oEmbed endpoint
// (oembed.go). Each answers with the page itself or one redirect to it.

// wpSitemapTarget maps the name of one of WordPress's sitemaps to warta's:
// the index to the index; a taxonomy's or the users' sitemap to the
// category, tag, custom taxonomies' or author sitemap; a page of posts or pages to the index,
// which lists warta's own pages of them (WordPress pages 2,000 URLs by
// id, warta 1,000 by id range, so page N is not page N). It reports
// whether name is one of WordPress's.
func wpSitemapTarget(name string) (string, bool) {
	rest, ok := strings.CutPrefix(name, "wp-sitemap")
	if !ok {
		return "", false
	}
	rest, ok = strings.CutSuffix(rest, ".xml")
	if !ok {
		return "", false
	}
	switch {
	case rest == "":
		return "/sitemap.xml", true
	case strings.HasPrefix(rest, "-taxonomies-category-"):
		return "/sitemap/category.xml", true
	case strings.HasPrefix(rest, "-taxonomies-post_tag-"):
		return "/sitemap/tag.xml", true
	case strings.HasPrefix(rest, "-taxonomies-"):
		return "/sitemap/taxonomies.xml", true // a custom taxonomy's
	case strings.HasPrefix(rest, "-users-"):
		return "/sitemap/author.xml", true
	case strings.HasPrefix(rest, "-posts-"):
		return "/sitemap.xml", true
	}
	return "", false
}

// articleAt returns the published post or page whose URL (under the
// current permalink structure or an earlier one, for posts) is path, with
// the layout of a page there; model.ErrNotFound when none is.
func (h *Handler) articleAt(ctx context.Context, path string) (*model.Article, layout, error) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	if slug := segs[len(segs)-1]; slug != "" {
		p, err := h.store.PublishedArticle(ctx, model.TypePage, slug)
		switch {
		case err == nil && (len(segs) == 1 || strings.Trim(p.Path(model.Permalinks{}), "/") == strings.Trim(path, "/")):
			l, err := h.newLayout(ctx, p.Path(model.Permalinks{}))
			return p, l, err
		case err != nil && !errors.Is(err, model.ErrNotFound):
			return nil, layout{}, fmt.Errorf("web: page %q: %w", slug, err)
		}
	}
	return h.findPost(ctx, path)
}

// wordpressURL answers, in the catch-all, the WordPress paths that have no
// pattern of their own: a sitemap's name, an article's /amp/ or ?amp=1
// (301 to the article) and its /embed/. It reports whether it answered.
func (h *Handler) wordpressURL(w http.ResponseWriter, r *http.Request, segs []string) (bool, error) {
	ctx := r.Context()
	if len(segs) == 1 {
		if to, ok := wpSitemapTarget(segs[0]); ok {
			http.Redirect(w, r, to, http.StatusMovedPermanently)
			return true, nil
		}
	}
	last := segs[len(segs)-1]
	if len(segs) > 1 && (last == "amp" || last == "embed") {
		base := "/" + strings.Join(segs[:len(segs)-1], "/") + "/"
		a, l, err := h.articleAt(ctx, base)
		if errors.Is(err, model.ErrNotFound) {
			return false, nil // a page of that name, perhaps
		}
		if err != nil {
			return true, err
		}
		want := a.Path(l.links)
		if last == "amp" {
			http.Redirect(w, r, want, http.StatusMovedPermanently)
			return true, nil
		}
		if want = articleBase(want) + "embed/"; want != r.URL.Path {
			redirect(w, r, want)
			return true, nil
		}
		return true, h.showEmbed(w, r, l, a)
	}
	if q := r.URL.Query(); q.Has("amp") {
		a, l, err := h.articleAt(ctx, r.URL.Path)
		if errors.Is(err, model.ErrNotFound) {
			return false, nil
		}
		if err != nil {
			return true, err
		}
		q.Del("amp")
		u := url.URL{Path: a.Path(l.links), RawQuery: q.Encode()}
		http.Redirect(w, r, u.String(), http.StatusMovedPermanently)
		return true, nil
	}
	return false, nil
}

// embedPage is what embed.html shows: WordPress's embed card of a post or
// page, framed by other sites.
type embedPage struct {
	layout
	Article *model.Article
	URL     string
	Image   *picture
	Excerpt string
}

// showEmbed renders a's embed card. Unlike every other page it may be
// framed by any site, as WordPress's embeds are.
func (h *Handler) showEmbed(w http.ResponseWriter, r *http.Request, l layout, a *model.Article) error {
	page := embedPage{layout: l, Article: a, URL: h.baseURL + a.Path(l.links)}
	page.Title = a.Title
	page.Canonical = page.URL
	page.NoIndex = true
	if a.Password == "" {
		page.Image = newPicture(a.FeaturedImage, "embed-image", sizesCard, false)
		page.Excerpt = a.Excerpt
		if page.Excerpt == "" {
			page.Excerpt = summary(sanitize.Text(string(a.BodyHTML)), 300)
		}
	}
	tagLayout(r.Context())
	tagArticle(r.Context(), a)
	httpx.AllowFraming(w)
	return h.view.Render(w, http.StatusOK, "embed.html", &page)
}

package web

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"warta/internal/model"
	"warta/internal/pagecache"
	"warta/internal/store"
)

// newsWindow is how far back the Google News sitemap reaches.
const newsWindow = 48 * time.Hour

// newsMax is the most articles a Google News sitemap may list.
const newsMax = 1000

const (
	sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"
	imageNS   = "http://www.google.com/schemas/sitemap-image/1.1"
	newsNS    = "http://www.google.com/schemas/sitemap-news/0.9"
)

type sitemapIndex struct {
	XMLName  xml.Name       `xml:"sitemapindex"`
	NS       string         `xml:"xmlns,attr"`
	Sitemaps []sitemapChild `xml:"sitemap"`
}

type sitemapChild struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

type urlSet struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	ImageNS string       `xml:"xmlns:image,attr,omitempty"`
	NewsNS  string       `xml:"xmlns:news,attr,omitempty"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string         `xml:"loc"`
	LastMod string         `xml:"lastmod,omitempty"`
	Images  []sitemapImage `xml:"image:image"`
	News    *sitemapNews   `xml:"news:news"`
}

type sitemapImage struct {
	Loc string `xml:"image:loc"`
}

type sitemapNews struct {
	Name            string `xml:"news:publication>news:name"`
	Language        string `xml:"news:publication>news:language"`
	PublicationDate string `xml:"news:publication_date"`
	Title           string `xml:"news:title"`
}

// origin is the absolute origin of the site's URLs: Options.BaseURL, or the
// one the request was sent to.
func (h *Handler) origin(r *http.Request) string {
	if h.baseURL != "" {
		return h.baseURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func w3cTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// writeXML answers with v as an XML document.
func writeXML(w http.ResponseWriter, r *http.Request, v any) error {
	// Every write to an article, term or author's articles touches TagFeeds.
	pagecache.Tag(r.Context(), store.TagFeeds, store.TagSettings)
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", " ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("web: sitemap: %w", err)
	}
	buf.WriteByte('\n')
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(buf.Bytes()))
	return nil
}

// showSitemapIndex answers /sitemap.xml: the pages of posts and pages
// that hold URLs (store.SitemapBucket ids each), then the archives. It
// reads the kept sitemap pages and one entry per term and author, never
// the articles.
func (h *Handler) showSitemapIndex(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	base := h.origin(r)
	idx := sitemapIndex{NS: sitemapNS}
	pages, err := h.store.SitemapPages(ctx)
	if err != nil {
		return err
	}
	for _, p := range pages {
		idx.Sitemaps = append(idx.Sitemaps, sitemapChild{
			Loc: base + "/sitemap/" + string(p.Type) + "s-" + strconv.Itoa(p.Number) + ".xml", LastMod: w3cTime(p.LastMod)})
	}
	for _, kind := range []string{"category", "tag", "author"} {
		list, err := h.store.SitemapArchives(ctx, kind)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			continue
		}
		var last time.Time
		for _, e := range list {
			if e.LastMod.After(last) {
				last = e.LastMod
			}
		}
		idx.Sitemaps = append(idx.Sitemaps, sitemapChild{Loc: base + "/sitemap/" + kind + ".xml", LastMod: w3cTime(last)})
	}
	custom, err := h.store.SitemapWPTerms(ctx)
	if err != nil {
		return err
	}
	if len(custom) > 0 {
		var last time.Time
		for _, e := range custom {
			if e.LastMod.After(last) {
				last = e.LastMod
			}
		}
		idx.Sitemaps = append(idx.Sitemaps, sitemapChild{Loc: base + "/sitemap/taxonomies.xml", LastMod: w3cTime(last)})
	}
	return writeXML(w, r, idx)
}

// showSitemap answers the children of the index: /sitemap/posts-N.xml,
// /sitemap/pages-N.xml (with each article's featured image), and
// /sitemap/category.xml, tag.xml, author.xml, and taxonomies.xml (the
// archives of custom taxonomies' terms an import kept).
func (h *Handler) showSitemap(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	name, ok := strings.CutSuffix(r.PathValue("name"), ".xml")
	if !ok {
		return model.ErrNotFound
	}
	base := h.origin(r)
	set := urlSet{NS: sitemapNS}
	switch name {
	case "category", "tag", "author":
		list, err := h.store.SitemapArchives(ctx, name)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return model.ErrNotFound
		}
		for _, e := range list {
			set.URLs = append(set.URLs, sitemapURL{Loc: base + model.EscapePath("/"+name+"/"+e.Slug+"/"), LastMod: w3cTime(e.LastMod)})
		}
		return writeXML(w, r, set)
	case "taxonomies":
		list, err := h.store.SitemapWPTerms(ctx)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return model.ErrNotFound
		}
		for _, e := range list {
			set.URLs = append(set.URLs, sitemapURL{Loc: base + model.EscapePath("/"+e.Taxonomy+"/"+e.Slug+"/"), LastMod: w3cTime(e.LastMod)})
		}
		return writeXML(w, r, set)
	}
	kind, num, _ := strings.Cut(name, "-")
	typ := model.ArticleType(strings.TrimSuffix(kind, "s"))
	page, err := strconv.Atoi(num)
	if (typ != model.TypePost && typ != model.TypePage) || kind != string(typ)+"s" || err != nil || page < 1 || num != strconv.Itoa(page) {
		return model.ErrNotFound
	}
	arts, err := h.store.SitemapPageArticles(ctx, typ, page)
	if err != nil {
		return err
	}
	if len(arts) == 0 {
		return model.ErrNotFound
	}
	st, err := h.store.Settings(ctx)
	if err != nil {
		return fmt.Errorf("web: settings: %w", err)
	}
	links, err := h.store.PermalinksFor(ctx, st)
	if err != nil {
		return err
	}
	set.ImageNS = imageNS
	for i := range arts {
		a := &arts[i]
		u := sitemapURL{Loc: base + model.EscapePath(a.Path(links)), LastMod: w3cTime(a.ModifiedAt)}
		if a.FeaturedImage != nil {
			u.Images = []sitemapImage{{Loc: base + model.EscapePath(a.FeaturedImage.URL())}}
		}
		set.URLs = append(set.URLs, u)
	}
	return writeXML(w, r, set)
}

// showNewsSitemap answers /news-sitemap.xml: the posts of the last 48
// hours in the Google News format, with the site's name and each post's
// language.
func (h *Handler) showNewsSitemap(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	st, err := h.store.Settings(ctx)
	if err != nil {
		return fmt.Errorf("web: settings: %w", err)
	}
	arts, err := h.store.NewsArticles(ctx, h.now().Add(-newsWindow), newsMax)
	if err != nil {
		return err
	}
	base := h.origin(r)
	links, err := h.store.PermalinksFor(ctx, st)
	if err != nil {
		return err
	}
	set := urlSet{NS: sitemapNS, NewsNS: newsNS, URLs: []sitemapURL{}}
	for i := range arts {
		a := &arts[i]
		lang := a.Lang
		if lang == "" {
			lang = st.Language
		}
		set.URLs = append(set.URLs, sitemapURL{Loc: base + model.EscapePath(a.Path(links)), News: &sitemapNews{
			Name: st.Title, Language: lang, PublicationDate: w3cTime(a.PublishedAt), Title: a.Title}})
	}
	return writeXML(w, r, set)
}

// showRobots answers /robots.txt: crawl everything but the newsroom and
// the search results, and find the sitemaps here.
func (h *Handler) showRobots(w http.ResponseWriter, r *http.Request) error {
	base := h.origin(r)
	body := "User-agent: *\nDisallow: /admin/\nDisallow: /search\n\n" +
		"Sitemap: " + base + "/sitemap.xml\nSitemap: " + base + "/news-sitemap.xml\n"
	pagecache.Tag(r.Context(), store.TagSettings)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	http.ServeContent(w, r, "", time.Time{}, strings.NewReader(body))
	return nil
}

package web

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"warta/internal/model"
	"warta/internal/sanitize"
)

// ogLocale maps a language to OpenGraph's locale form.
func ogLocale(lang string) string {
	if strings.HasPrefix(lang, "en") {
		return "en_US"
	}
	return "id_ID"
}

// abs makes a site path absolute on Options.BaseURL (a path still when
// there is none).
func (h *Handler) abs(path string) string {
	if path == "" || !strings.HasPrefix(path, "/") {
		return path
	}
	return h.baseURL + path
}

// listNeighbours links the pages before and after a list page.
func (h *Handler) listNeighbours(l *layout, p pagination) {
	l.Meta.Prev, l.Meta.Next = h.abs(p.Prev), h.abs(p.Next)
}

// headline is an article title cut to the 110 characters structured data
// allows.
func headline(title string) string {
	if utf8.RuneCountInString(title) <= 110 {
		return title
	}
	return string([]rune(title)[:109]) + "…"
}

// articleMeta fills the page's metadata from its article: OpenGraph article
// tags, the featured image, the translations and, for posts, NewsArticle
// structured data.
func (h *Handler) articleMeta(page *articlePage, translations []model.Article) {
	a := page.Article
	m := &page.Meta
	m.Locale = ogLocale(page.ArticleLang)
	if a.Excerpt == "" && !page.Protected {
		if d := summary(sanitize.Text(string(a.BodyHTML)), 160); d != "" {
			page.Description = d
		}
	}
	var crops []model.MediaCrop
	if img := a.FeaturedImage; img != nil {
		m.Image = &metaImage{URL: h.abs(img.URL()), Alt: img.Alt, Width: img.Width, Height: img.Height}
		// Google Discover's large cards and social previews are 16:9: the
		// crop around the editor's focal point, when it has been cut.
		if crops = img.Crops(); len(crops) > 0 {
			c := crops[0]
			m.Image = &metaImage{URL: h.abs(c.URL()), Alt: img.Alt, Width: c.Width, Height: c.Height}
		}
	}
	if len(translations) > 0 {
		m.Hreflang = append(m.Hreflang, hreflang{Lang: page.ArticleLang, Href: page.Canonical})
		for i := range translations {
			t := &translations[i]
			// An article without a language of its own is in the site's.
			lang := page.layout.langOf(t)
			m.Hreflang = append(m.Hreflang, hreflang{Lang: lang, Href: h.abs(t.Path(page.links))})
		}
	}
	if page.IsPage {
		return
	}
	m.OGType = "article"
	m.Published, m.Modified = a.PublishedAt, a.ModifiedAt
	if len(a.Categories) > 0 {
		m.Section = a.Categories[0].Name
	}
	for _, t := range a.Tags {
		m.Tags = append(m.Tags, t.Name)
	}
	ld := &newsArticleLD{
		Context:          "https://schema.org",
		Type:             "NewsArticle",
		Headline:         headline(a.Title),
		URL:              page.Canonical,
		MainEntityOfPage: page.Canonical,
		DatePublished:    a.PublishedAt.UTC().Format(time.RFC3339),
		DateModified:     a.ModifiedAt.UTC().Format(time.RFC3339),
		InLanguage:       page.ArticleLang,
		Description:      page.Description,
		// Said only of what every reader may read.
		IsAccessibleForFree: !page.Protected,
		Publisher:           orgLD{Type: "Organization", Name: page.Site.Title, URL: h.abs("/")},
		ArticleSection:      m.Section,
		IsBasedOn:           a.SourceURL,
	}
	for _, b := range a.Bylines {
		if b.Role == model.BylineEditor || b.Role == model.BylinePhotographer {
			continue
		}
		ld.Author = append(ld.Author, personLD{Type: "Person", Name: b.User.DisplayName, URL: h.abs("/author/" + b.User.Slug + "/")})
	}
	if logo, err := h.view.StaticPath("favicon.svg"); err == nil {
		ld.Publisher.Logo = &imageLD{Type: "ImageObject", URL: h.abs(logo)}
	}
	switch {
	case len(crops) > 0:
		// Google asks for the 16:9, 4:3 and 1:1 images, each at least
		// 1200 pixels wide when the photo is.
		for _, c := range crops {
			ld.Image = append(ld.Image, h.abs(c.URL()))
		}
	case m.Image != nil:
		ld.Image = []string{m.Image.URL}
	}
	if len(m.Tags) > 0 {
		keywords := strings.Join(m.Tags, ", ")
		ld.Keywords = &keywords
	}
	for _, c := range page.Corrections {
		text := c.Body
		if c.Kind == model.CorrectionReply {
			text = strings.TrimSpace(page.AL.Printer().T("correction.reply_from", c.Party) + " " + text)
		}
		if text == "" {
			text = c.StatementURL
		}
		ld.Correction = append(ld.Correction, correctionLD{Type: "CorrectionComment",
			DatePublished: c.CreatedAt.UTC().Format(time.RFC3339), Text: text,
			URL: page.Canonical + "#correction-" + strconv.FormatInt(c.ID, 10)})
		// A correction is a change to the story: it is as new as its latest.
		if c.CreatedAt.After(a.ModifiedAt) {
			ld.DateModified = c.CreatedAt.UTC().Format(time.RFC3339)
		}
	}
	if a.Sponsored {
		// schema.org's type for advertorials and sponsored content: paid
		// content is not presented to search engines as news.
		ld.Type = "AdvertiserContentArticle"
	}
	m.JSONLD = ld
}

// siteJSONLD is the front page's structured data: the site and its search,
// so search engines may offer a search box for it.
func (h *Handler) siteJSONLD(l *layout) {
	l.Meta.JSONLD = &websiteLD{
		Context:    "https://schema.org",
		Type:       "WebSite",
		Name:       l.Site.Title,
		URL:        h.abs("/"),
		InLanguage: l.Lang,
		PotentialAction: searchActionLD{
			Type:       "SearchAction",
			Target:     h.abs("/search") + "?q={search_term_string}",
			QueryInput: "required name=search_term_string",
		},
	}
}

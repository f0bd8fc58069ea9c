package web

import (
	"regexp"
	"strings"

	"warta/internal/model"
)

// applySEO lets the SEO fields an article brought from WordPress (Yoast,
// Rank Math) or its editors filled in speak for it in the page's head: the
// document title, the description, the canonical URL, noindex and the
// social image of link previews.
func (h *Handler) applySEO(page *articlePage, seo model.SEO) {
	if seo.Empty() {
		return
	}
	if t := seoText(seo.Title, page); t != "" {
		page.DocTitle = t
	}
	if d := seoText(seo.Description, page); d != "" && !page.Protected {
		page.Description = d
	}
	if seo.Canonical != "" {
		page.Canonical = seo.Canonical
	}
	if seo.NoIndex {
		page.NoIndex = true
	}
	if seo.Image != "" {
		// Its size and text are unknown: previews read them from the file.
		page.Meta.Image = &metaImage{URL: h.abs(model.EscapePath(seo.Image))}
	}
}

// seoVars are the variables of Yoast (%%title%%) and Rank Math (%title%)
// warta can fill; others are dropped.
var seoVarRE = regexp.MustCompile(`%%[a-z_]+%%|%[a-z_]+%`)

// seoText fills the SEO plugins' variables of s for the article page.
func seoText(s string, page *articlePage) string {
	if s == "" {
		return ""
	}
	a := page.Article
	category := ""
	if len(a.Categories) > 0 {
		category = a.Categories[0].Name
	}
	vals := map[string]string{
		"title": a.Title, "sitename": page.Site.Title, "sitedesc": page.Site.Tagline, "sep": "–",
		"excerpt": a.Excerpt, "category": category, "primary_category": category,
	}
	if a.Password != "" {
		vals["excerpt"] = ""
	}
	s = seoVarRE.ReplaceAllStringFunc(s, func(v string) string { return vals[strings.Trim(v, "%")] })
	return strings.Join(strings.Fields(s), " ")
}

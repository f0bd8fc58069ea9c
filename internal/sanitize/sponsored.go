package sanitize

import (
	"html/template"
	"regexp"
)

// outboundLink matches the opening of a link to another site in sanitized
// article HTML, where bluemonday writes every anchor as `<a href="…"`
// followed by its other allowed attributes, values double-quoted.
var outboundLink = regexp.MustCompile(`<a href="(?:https?:)?//[^"]*"`)

// SponsoredLinks marks every link of a sanitized article body that leaves
// the site with rel="sponsored noopener", as search engines ask of links
// in paid content. Links within the site are left alone. body must come
// from ArticleHTML or Markdown (it is trusted as sanitized): the policy
// allows no rel attribute, so none is there to clash with.
func SponsoredLinks(body template.HTML) template.HTML {
	return template.HTML(outboundLink.ReplaceAllStringFunc(string(body), func(open string) string {
		return open + ` rel="` + SponsoredRel + `"`
	}))
}

// SponsoredRel is the rel of a link out of paid content. The policy lets
// no rel through, so a link of a sanitized body that has this one got it
// from SponsoredLinks (Parts passes it on to an embed card).
const SponsoredRel = "sponsored noopener"

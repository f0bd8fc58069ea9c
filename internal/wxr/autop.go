package wxr

import (
	"regexp"
	"strconv"
	"strings"
)

// blockTags are the elements wpautop never wraps in a paragraph, the same
// list WordPress uses.
const blockTags = `table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary`

var (
	autopPre        = regexp.MustCompile(`(?is)<pre[\s>].*?</pre>`)
	autopOpenBlock  = regexp.MustCompile(`(?i)(<(?:` + blockTags + `)[\s/>])`)
	autopCloseBlock = regexp.MustCompile(`(?i)(</(?:` + blockTags + `)>)`)
	autopHR         = regexp.MustCompile(`(?i)<hr\s*/?>`)
	autopManyNL     = regexp.MustCompile(`\n\s*\n`)
	autopPOpen      = regexp.MustCompile(`(?i)<p>\s*(</?(?:` + blockTags + `)[\s/>][^>]*>?)`)
	autopPOpenEnd   = regexp.MustCompile(`(?i)<p>\s*(</?(?:` + blockTags + `)>)`)
	autopPClose     = regexp.MustCompile(`(?i)(</?(?:` + blockTags + `)[^>]*>)\s*</p>`)
	autopEmptyP     = regexp.MustCompile(`<p>\s*</p>`)
	autopBR         = regexp.MustCompile(`(?i)(</?(?:` + blockTags + `)[^>]*>)\s*<br />`)
	autopBRBefore   = regexp.MustCompile(`(?i)<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)`)
	autopDoubleBR   = regexp.MustCompile(`(?i)(<br\s*/?>)<br />\n`)
	autopTagNL      = regexp.MustCompile(`<[^>]*>`)
)

// autop gives classic-editor text the paragraphs WordPress shows: blank
// lines separate paragraphs, single line breaks become <br />, and block
// elements are left unwrapped. It follows WordPress's wpautop closely
// enough that imported posts read as they did.
func autop(s string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	// Preformatted text keeps its line breaks untouched.
	var pres []string
	s = autopPre.ReplaceAllStringFunc(s, func(m string) string {
		pres = append(pres, m)
		return "<pre wp-pre-tag-" + strconv.Itoa(len(pres)-1) + "></pre>"
	})
	s += "\n"
	s = autopHR.ReplaceAllString(s, "\n\n<hr />\n\n")
	s = autopOpenBlock.ReplaceAllString(s, "\n\n$1")
	s = autopCloseBlock.ReplaceAllString(s, "$1\n\n")
	// Newlines inside tags are not line breaks.
	s = autopTagNL.ReplaceAllStringFunc(s, func(t string) string { return strings.ReplaceAll(t, "\n", " ") })
	var b strings.Builder
	for _, chunk := range autopManyNL.Split(s, -1) {
		chunk = strings.Trim(chunk, "\n \t")
		if chunk == "" {
			continue
		}
		b.WriteString("<p>")
		b.WriteString(chunk)
		b.WriteString("</p>\n")
	}
	s = b.String()
	s = autopEmptyP.ReplaceAllString(s, "")
	s = autopPOpenEnd.ReplaceAllString(s, "$1")
	s = autopPOpen.ReplaceAllString(s, "$1")
	s = autopPClose.ReplaceAllString(s, "$1")
	// Single newlines left inside paragraphs are line breaks.
	s = strings.ReplaceAll(s, "\n", "<br />\n")
	s = strings.ReplaceAll(s, "</p><br />\n", "</p>\n")
	s = autopBR.ReplaceAllString(s, "$1")
	s = autopDoubleBR.ReplaceAllString(s, "$1\n")
	s = autopBRBefore.ReplaceAllString(s, "$1")
	s = strings.TrimSuffix(s, "<br />\n")
	for i, p := range pres {
		s = strings.Replace(s, "<pre wp-pre-tag-"+strconv.Itoa(i)+"></pre>", p, 1)
	}
	return strings.TrimSpace(s) + "\n"
}

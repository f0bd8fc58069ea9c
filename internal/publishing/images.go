package publishing

import (
	"context"
	"errors"
	"html"
	"html/template"
	"regexp"
	"strconv"
	"strings"

	"warta/internal/model"
	"warta/internal/sanitize"
	"warta/internal/store"
)

// imgTag and imgAttr read the img tags of sanitized HTML, where every
// attribute value is double-quoted with '"', '<' and '>' escaped.
var (
	imgTag  = regexp.MustCompile(`<img(?: [^>]*)?/?>`)
	imgAttr = regexp.MustCompile(`([a-z]+)="([^"]*)"`)
)

// bodySizes tells the browser how wide a body image is drawn: the width
// of the article column on wide screens, the screen on phones.
const bodySizes = "(min-width: 48em) 44em, 100vw"

// ResponsiveImages gives every image of a sanitized body that shows a file
// of the media library its resized variants (srcset, sizes), its size
// (width, height, so the page does not jump) and lazy loading, then runs
// the sanitizer over the result again. Images from elsewhere are left as
// they are.
func ResponsiveImages(ctx context.Context, st *store.Store, body template.HTML) (template.HTML, error) {
	var failed error
	out := imgTag.ReplaceAllStringFunc(string(body), func(tag string) string {
		if failed != nil {
			return tag
		}
		attrs := map[string]string{}
		var order []string
		for _, m := range imgAttr.FindAllStringSubmatch(tag, -1) {
			if _, dup := attrs[m[1]]; !dup {
				order = append(order, m[1])
			}
			attrs[m[1]] = m[2]
		}
		src := html.UnescapeString(attrs["src"])
		path, ok := strings.CutPrefix(src, "/media/")
		if !ok || attrs["srcset"] != "" {
			return tag
		}
		m, err := st.MediaByPath(ctx, path)
		if errors.Is(err, model.ErrNotFound) {
			return tag
		}
		if err != nil {
			failed = err
			return tag
		}
		set := srcset(m)
		if set == "" {
			return tag
		}
		add := func(k, v string) {
			if _, ok := attrs[k]; !ok {
				order = append(order, k)
			}
			attrs[k] = html.EscapeString(v)
		}
		add("srcset", set)
		add("sizes", bodySizes)
		add("width", strconv.Itoa(m.Width))
		add("height", strconv.Itoa(m.Height))
		if _, ok := attrs["loading"]; !ok {
			add("loading", "lazy")
		}
		var b strings.Builder
		b.WriteString("<img")
		for _, k := range order {
			b.WriteString(" " + k + `="` + attrs[k] + `"`)
		}
		b.WriteString(">")
		return b.String()
	})
	if failed != nil {
		return "", failed
	}
	return sanitize.ArticleHTML(out), nil
}

// srcset lists the item's variants and original, narrowest first.
func srcset(m *model.Media) string {
	if m.Width == 0 {
		return ""
	}
	var parts []string
	for _, v := range m.Variants {
		if v.Width > 0 && v.Width < m.Width {
			parts = append(parts, v.URL()+" "+strconv.Itoa(v.Width)+"w")
		}
	}
	parts = append(parts, m.URL()+" "+strconv.Itoa(m.Width)+"w")
	return strings.Join(parts, ", ")
}

package view

import (
	"fmt"
	"html/template"
	"sort"
	"strconv"
	"strings"
	"time"

	"warta/internal/locale"
	"warta/internal/model"
)

// Localizer is what a page's data gives the translating and date funcs: the
// printer of the site's language and the site's time zone. Templates pass the
// page itself ($) as the first argument: {{t $ "list.read_more"}}.
type Localizer interface {
	Printer() *locale.Printer
	Location() *time.Location
}

// Args carries a Localizer and a value into a shared template, whose dot
// would otherwise lose the page: {{template "byline" args $ .Byline}}.
type Args struct {
	L Localizer
	V any
}

// funcs returns the functions every template may call. There is no safeHTML:
// only package sanitize turns strings into template.HTML.
func (e *Engine) funcs() template.FuncMap {
	return template.FuncMap{
		// t translates key with optional fmt arguments.
		"t": func(l Localizer, key string, args ...any) string { return l.Printer().T(key, args...) },
		// plural picks the form of key for n.
		"plural": func(l Localizer, key string, n int) string { return l.Printer().Plural(key, n) },
		// date and datetime format a time in the site's language and zone.
		"date":     func(l Localizer, t time.Time) string { return l.Printer().Date(t, l.Location()) },
		"datetime": func(l Localizer, t time.Time) string { return l.Printer().DateTime(t, l.Location()) },
		// isotime formats a time for a datetime attribute, in UTC.
		"isotime": func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		// listsep is what goes before item i of n in a list of names.
		"listsep": func(l Localizer, i, n int) string { return l.Printer().ListSep(i, n) },
		// duration is a running time as players show it: "3:06".
		"duration": locale.Duration,
		// isoduration is the same for a datetime attribute: "PT3M6S".
		"isoduration": locale.ISODuration,
		// static is the hashed URL of a theme asset; an unknown name fails the render.
		"static": e.StaticPath,
		// srcset lists an image's variants and original by width.
		"srcset": Srcset,
		"args":   func(l Localizer, v any) Args { return Args{L: l, V: v} },
		// fragment executes a template and keeps its output under a key,
		// for parts many pages repeat (fragment.go); each page's set has
		// its own, this one only lets the shared templates parse.
		"fragment": func(string, string, any) (template.HTML, error) { return "", errNoPage },
		"add":      func(a, b int) int { return a + b },
		// number writes a count with the language's digit groups: "1.919".
		"number": func(l Localizer, n int64) string { return l.Printer().Number(int(n)) },
		"year":   func(l Localizer, t time.Time) int { return t.In(l.Location()).Year() },
	}
}

// Srcset returns the srcset attribute value of an image: every variant and
// the original, "url 480w, url 960w", narrowest first. Empty when m is nil or
// its width is unknown.
func Srcset(m *model.Media) string {
	if m == nil || m.Width == 0 {
		return ""
	}
	type candidate struct {
		url   string
		width int
	}
	seen := map[int]bool{m.Width: true}
	list := []candidate{{m.URL(), m.Width}}
	for _, v := range m.Variants {
		if v.Width == 0 || seen[v.Width] {
			continue
		}
		seen[v.Width] = true
		list = append(list, candidate{v.URL(), v.Width})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].width < list[j].width })
	parts := make([]string, len(list))
	for i, c := range list {
		parts[i] = c.url + " " + strconv.Itoa(c.width) + "w"
	}
	return strings.Join(parts, ", ")
}

// StaticPath returns the public URL of the theme asset name, with its
// content hash: "warta.css" → "/static/warta.1a2b3c4d5e6f.css" (under the
// theme's StaticPrefix).
func (e *Engine) StaticPath(name string) (string, error) {
	a, ok := e.assets.byName[name]
	if !ok {
		return "", fmt.Errorf("view: no static asset %q", name)
	}
	return e.prefix + a.hashed, nil
}

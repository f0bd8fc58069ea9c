package wxr

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"warta/internal/model"
)

// linkSample is what detecting the old site's permalink structure needs of
// one published post.
type linkSample struct {
	path   string // the link's path, decoded
	slug   string
	id     int64
	date   time.Time // post_date: the old site's local time, as its URLs show it
	author string    // the author's login
	cats   []string  // the post's category slugs
}

// permalinkDetector gathers samples during the first pass and names the
// structure most of them follow.
type permalinkDetector struct {
	siteHost string
	parents  map[string]string // category slug → parent slug
	samples  []linkSample
	plain    int // links that are ?p=123
}

func newPermalinkDetector() *permalinkDetector {
	return &permalinkDetector{parents: map[string]string{}}
}

func (d *permalinkDetector) term(t *Term) {
	if wartaTaxonomy(t.Taxonomy) == model.TaxonomyCategory {
		d.parents[decodeSlug(t.Slug)] = decodeSlug(t.Parent)
	}
}

func (d *permalinkDetector) item(it *Item) {
	if it.Type != "post" || it.Status != "publish" || strings.TrimSpace(it.Link) == "" {
		return
	}
	u, err := url.Parse(strings.TrimSpace(it.Link))
	if err != nil {
		return
	}
	if d.siteHost != "" && u.Host != "" && !strings.EqualFold(u.Host, d.siteHost) {
		return
	}
	if u.Query().Get("p") != "" {
		d.plain++
		return
	}
	date, err := time.Parse("2006-01-02 15:04:05", strings.TrimSpace(it.PostDate))
	if err != nil || u.Path == "" {
		return
	}
	s := linkSample{path: u.Path, slug: decodeSlug(it.Name), id: it.ID, date: date, author: strings.TrimSpace(it.Creator)}
	for _, t := range it.Terms {
		if wartaTaxonomy(t.Domain) == model.TaxonomyCategory {
			s.cats = append(s.cats, decodeSlug(t.Nicename))
		}
	}
	d.samples = append(d.samples, s)
}

// categoryPath is slug below its parents ("news/national").
func (d *permalinkDetector) categoryPath(slug string) string {
	path := slug
	seen := map[string]bool{slug: true}
	for p := d.parents[slug]; p != "" && !seen[p]; p = d.parents[p] {
		seen[p] = true
		path = p + "/" + path
	}
	return path
}

// structureOf reads the structure one post's link follows: each segment
// that equals a value of the post (its slug, id, date parts, author,
// category path) becomes that value's tag; other text stays literal.
func (d *permalinkDetector) structureOf(s linkSample) string {
	segs := strings.Split(strings.Trim(s.path, "/"), "/")
	two := func(n int) string { return fmt.Sprintf("%02d", n) }
	dateTags := []struct{ tag, v string }{
		{"%year%", strconv.Itoa(s.date.Year())}, {"%monthnum%", two(int(s.date.Month()))}, {"%day%", two(s.date.Day())},
		{"%hour%", two(s.date.Hour())}, {"%minute%", two(s.date.Minute())}, {"%second%", two(s.date.Second())},
	}
	used := map[string]bool{}
	var out []string
	for i := 0; i < len(segs); i++ {
		seg := segs[i]
		tag := ""
		switch {
		case !used["%postname%"] && s.slug != "" && seg == s.slug:
			tag = "%postname%"
		case !used["%post_id%"] && seg == strconv.FormatInt(s.id, 10) && len(seg) != 4 && len(seg) != 2:
			tag = "%post_id%"
		}
		if tag == "" && !used["%category%"] {
			for _, c := range s.cats {
				parts := strings.Split(d.categoryPath(c), "/")
				if i+len(parts) <= len(segs) && strings.Join(segs[i:i+len(parts)], "/") == strings.Join(parts, "/") {
					tag = "%category%"
					i += len(parts) - 1
					break
				}
			}
		}
		if tag == "" {
			for _, dt := range dateTags {
				if !used[dt.tag] && seg == dt.v {
					tag = dt.tag
					break
				}
			}
		}
		if tag == "" && !used["%post_id%"] && seg == strconv.FormatInt(s.id, 10) {
			tag = "%post_id%"
		}
		if tag == "" && !used["%author%"] && s.author != "" && seg == slugify(s.author) {
			tag = "%author%"
		}
		if tag == "" && !used["%postname%"] && s.slug != "" && strings.Contains(seg, s.slug) {
			used["%postname%"] = true
			before, after, _ := strings.Cut(seg, s.slug)
			// The id beside the name ("123-slug.html") is a tag too.
			if id := strconv.FormatInt(s.id, 10); !used["%post_id%"] {
				if b, ok := replaceNumber(before, id, "%post_id%"); ok {
					before, used["%post_id%"] = b, true
				} else if a, ok := replaceNumber(after, id, "%post_id%"); ok {
					after, used["%post_id%"] = a, true
				}
			}
			out = append(out, before+"%postname%"+after)
			continue
		}
		if tag == "" {
			out = append(out, seg)
			continue
		}
		used[tag] = true
		out = append(out, tag)
	}
	st := "/" + strings.Join(out, "/")
	if strings.HasSuffix(s.path, "/") {
		st += "/"
	}
	return st
}

// detect returns the structure most posts' links follow, and how many of
// the posts follow it; "" when no usable structure is found.
func (d *permalinkDetector) detect() (string, int, int) {
	counts := map[string]int{}
	best, n := "", 0
	for _, s := range d.samples {
		st := d.structureOf(s)
		if model.ValidatePermalink(st) != "" {
			continue
		}
		counts[st]++
		if c := counts[st]; c > n || c == n && st < best {
			best, n = st, c
		}
	}
	return best, n, len(d.samples) + d.plain
}

// linkPath is the warta path of a saved article under the import's
// permalinks. The article as saved holds only the ids of its categories
// and author, so their slugs (and the categories' parents) come from what
// the import has seen.
func (im *importer) linkPath(a *model.Article) string {
	links := im.links
	if !links.NeedsCategories() && !strings.Contains(links.Structure, "%author%") {
		return a.Path(links)
	}
	b := *a
	b.Categories = make([]model.Term, len(a.Categories))
	paths := map[int64]string{}
	for i, c := range a.Categories {
		c.Slug = im.categorySlug(c.ID)
		b.Categories[i] = c
		paths[c.ID] = im.categoryPath(c.ID)
	}
	links.CategoryPaths = paths
	if len(a.Bylines) > 0 {
		b.Bylines = append([]model.Byline(nil), a.Bylines...)
		b.Bylines[0].User.Slug = im.userSlugs[a.Bylines[0].User.ID]
	}
	return b.Path(links)
}

func (im *importer) categorySlug(id int64) string {
	for key, tid := range im.terms {
		if tid == id && strings.HasPrefix(key, model.TaxonomyCategory+":") {
			return strings.TrimPrefix(key, model.TaxonomyCategory+":")
		}
	}
	return ""
}

// categoryPath is the category's slug below its parents: from the site
// when it had the category before, else from the export's declarations.
func (im *importer) categoryPath(id int64) string {
	if p, ok := im.links.CategoryPaths[id]; ok {
		return p
	}
	slug := im.categorySlug(id)
	path := slug
	seen := map[string]bool{slug: true}
	for p := im.detector.parents[slug]; p != "" && !seen[p]; p = im.detector.parents[p] {
		seen[p] = true
		path = p + "/" + path
	}
	return path
}

// siteHost is the host of the exported site, whose links are its own.
func siteHost(s Site) string {
	for _, raw := range []string{s.BaseBlogURL, s.BaseSiteURL, s.Link} {
		if u, err := url.Parse(strings.TrimSpace(raw)); err == nil && u.Host != "" {
			return u.Host
		}
	}
	return ""
}

// replaceNumber replaces the first occurrence of the number n in s that
// is not part of a longer number.
func replaceNumber(s, n, with string) (string, bool) {
	digit := func(i int) bool { return i >= 0 && i < len(s) && s[i] >= '0' && s[i] <= '9' }
	for i := 0; i+len(n) <= len(s); i++ {
		if s[i:i+len(n)] == n && !digit(i-1) && !digit(i+len(n)) {
			return s[:i] + with + s[i+len(n):], true
		}
	}
	return s, false
}

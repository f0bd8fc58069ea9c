package web

import (
	"net/http"
	"strings"

	"warta/internal/model"
	"warta/internal/pagecache"
	"warta/internal/store"
)

// dateFeedSuffixes are the feeds below a date archive, as WordPress names
// them (/2026/11/feed/, …/feed/atom/, …/feed/rss2/), and JSON Feed.
var dateFeedSuffixes = map[string]string{
	"feed/": "rss", "feed/rss2/": "rss", "feed/rss/": "rss",
	"feed/atom/": "atom", "feed.json": "json",
}

// dateArchive answers a date archive, d, whose path continues with rest:
// the list ("" or "page/N/"), or one of its feeds. It reports whether
// rest was one of those; anything else below a date (an article's
// permalink) is left to the caller. A non-canonical date (/2026/1/) or a
// missing final slash is redirected to the canonical path.
func (h *Handler) dateArchive(w http.ResponseWriter, r *http.Request, d model.DateArchive, rest string) (bool, error) {
	base := d.Path()
	if format, ok := dateFeedSuffixes[rest]; ok {
		if r.URL.Path != base+rest {
			redirect(w, r, base+rest)
			return true, nil
		}
		if h.dateFeed == nil {
			return true, model.ErrNotFound
		}
		return true, h.dateFeed(w, r, d, format)
	}
	n := ""
	if rest != "" {
		num, ok := strings.CutPrefix(strings.TrimSuffix(rest, "/"), "page/")
		if !ok || num == "" || strings.Contains(num, "/") {
			return false, nil
		}
		n = num
	}
	want := base
	if n != "" {
		want = base + "page/" + n + "/"
	}
	if r.URL.Path != want {
		redirect(w, r, want)
		return true, nil
	}
	r.SetPathValue("n", n)
	return true, h.showDateArchive(w, r, d, base)
}

// showDateArchive renders page {n} of the date archive d at base. An
// archive without posts is model.ErrNotFound, as on WordPress.
func (h *Handler) showDateArchive(w http.ResponseWriter, r *http.Request, d model.DateArchive, base string) error {
	ctx := r.Context()
	l, err := h.newLayout(ctx, base)
	if err != nil {
		return err
	}
	page := listPage{layout: l}
	from, until := d.Range(l.Site.Location())
	q := store.ListQuery{From: from, Until: until}
	total, err := h.countPublished(ctx, q)
	if err != nil {
		return err
	}
	// Any post's publication may fall in it (TagFront is touched by every
	// write to an article, as the front page also shows any post).
	pagecache.Tag(ctx, store.TagFront)
	if total == 0 {
		tagLayout(ctx)
		return model.ErrNotFound
	}
	label := page.printer.Period(d.Year, d.Month, d.Day)
	page.Heading = page.printer.T("archive.date", label)
	page.Title = page.Heading
	page.Description = page.Heading + " – " + page.Site.Title
	page.addFeeds(base, page.printer.T("feed.label", page.Heading))
	return h.renderList(w, r, page, base, q)
}

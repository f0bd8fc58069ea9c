package feed

import (
	"fmt"
	"html"
	"net/http"
	"strconv"
	"strings"

	"warta/internal/model"
	"warta/internal/pagecache"
	"warta/internal/sanitize"
	"warta/internal/store"
)

// articles returns the builder of the newest articles of the site (kind
// "") or of the category, tag or author named by the path's {slug}.
func (h *Handler) articles(kind string) builder {
	return func(r *http.Request, c *feedCtx) (doc, error) {
		ctx := r.Context()
		q := store.ListQuery{Limit: c.items()}
		// Every write to an article touches TagFeeds.
		pagecache.Tag(ctx, store.TagFeeds, store.TagSettings)
		base := "/"
		title := ""
		if kind != "" {
			slug := r.PathValue("slug")
			base = "/" + kind + "/" + slug + "/"
			switch kind {
			case "author":
				u, err := h.store.UserBySlug(ctx, slug)
				if err != nil {
					return doc{}, fmt.Errorf("feed: author %q: %w", slug, err)
				}
				q.AuthorID = u.ID
				pagecache.Tag(ctx, store.TagAuthor(u.ID))
				title = c.printer.T("feed.author", c.site.Title, u.DisplayName)
			default:
				t, err := h.store.TermBySlug(ctx, kind, slug)
				if err != nil {
					return doc{}, fmt.Errorf("feed: %s %q: %w", kind, slug, err)
				}
				q.TermID = t.ID
				pagecache.Tag(ctx, store.TagTerm(t.ID))
				title = c.printer.T("feed."+kind, c.site.Title, t.Name)
			}
		}
		arts, err := h.store.PublishedPage(ctx, q)
		if err != nil {
			return doc{}, fmt.Errorf("feed: %s: %w", r.URL.Path, err)
		}
		d := c.newDoc(title, base, r.URL.Path)
		for i := range arts {
			it := c.articleItem(&arts[i])
			d.Items = append(d.Items, it)
			if it.Updated.After(d.Updated) {
				d.Updated = it.Updated
			}
		}
		return d, nil
	}
}

// DateArchive writes the feed of the date archive d (/2026/11/feed/…) in
// format, for the public site, which dispatches those paths. An archive
// without posts is model.ErrNotFound.
func (h *Handler) DateArchive(w http.ResponseWriter, r *http.Request, d model.DateArchive, format string) error {
	ctx := r.Context()
	c, err := h.context(r)
	if err != nil {
		return err
	}
	pagecache.Tag(ctx, store.TagFeeds, store.TagSettings)
	from, until := d.Range(c.loc)
	arts, err := h.store.PublishedPage(ctx, store.ListQuery{Limit: c.items(), From: from, Until: until})
	if err != nil {
		return fmt.Errorf("feed: %s: %w", r.URL.Path, err)
	}
	if len(arts) == 0 {
		return model.ErrNotFound
	}
	doc := c.newDoc(c.printer.T("feed.date", c.site.Title, c.printer.Period(d.Year, d.Month, d.Day)), d.Path(), r.URL.Path)
	for i := range arts {
		it := c.articleItem(&arts[i])
		doc.Items = append(doc.Items, it)
		if it.Updated.After(doc.Updated) {
			doc.Updated = it.Updated
		}
	}
	return serve(w, r, doc, format)
}

// WPTerm writes the feed of t, a custom taxonomy's term an import kept
// (/wilayah/jawa-barat/feed/, as WordPress has it), in format, for the
// public site, which dispatches those paths.
func (h *Handler) WPTerm(w http.ResponseWriter, r *http.Request, t *model.WPTerm, format string) error {
	ctx := r.Context()
	c, err := h.context(r)
	if err != nil {
		return err
	}
	pagecache.Tag(ctx, store.TagFeeds, store.TagSettings)
	arts, err := h.store.PublishedPage(ctx, store.ListQuery{Limit: c.items(), WPTermID: t.ID})
	if err != nil {
		return fmt.Errorf("feed: %s: %w", r.URL.Path, err)
	}
	doc := c.newDoc(c.printer.T("feed.term", c.site.Title, t.Name), "/"+t.Taxonomy+"/"+t.Slug+"/", r.URL.Path)
	for i := range arts {
		it := c.articleItem(&arts[i])
		doc.Items = append(doc.Items, it)
		if it.Updated.After(doc.Updated) {
			doc.Updated = it.Updated
		}
	}
	return serve(w, r, doc, format)
}

// summaryWords is the length of a summary made from the body when the
// article has no excerpt, as WordPress cuts its automatic excerpts.
const summaryWords = 55

// articleItem is an article as a feed item. A password-protected article
// shows only its title and link: its text is for those who know the word.
func (c *feedCtx) articleItem(a *model.Article) item {
	it := item{
		ID:        c.abs("/?p=" + strconv.FormatInt(a.ID, 10)),
		Title:     a.Title,
		Link:      c.abs(a.Path(c.links)),
		Published: a.PublishedAt,
		Updated:   a.ModifiedAt,
		Lang:      a.Lang,
	}
	if it.Updated.Before(it.Published) {
		it.Updated = it.Published
	}
	if it.Lang == "" {
		it.Lang = c.printer.Lang()
	}
	for _, b := range a.Bylines {
		if b.Role == model.BylineAuthor || b.Role == model.BylineReporter || b.Role == "" {
			it.Authors = append(it.Authors, person{Name: b.User.DisplayName, URL: c.abs("/author/" + b.User.Slug + "/")})
		}
	}
	if a.Sponsored {
		// Feed readers show the title before anything else: paid content
		// says so there, and in the category readers filter by.
		label := c.printer.T("label.sponsored")
		it.Title = label + ": " + it.Title
		it.Categories = append(it.Categories, label)
	}
	for _, t := range a.Categories {
		it.Categories = append(it.Categories, t.Name)
	}
	for _, t := range a.Tags {
		it.Categories = append(it.Categories, t.Name)
	}
	if m := a.FeaturedImage; m != nil {
		it.Image = &enclosure{URL: c.abs(m.URL()), Type: m.MimeType, Length: m.Size}
	}
	if a.Password != "" {
		it.Summary = c.printer.T("feed.protected")
		return it
	}
	body := string(a.BodyHTML)
	it.Summary = a.Excerpt
	if it.Summary == "" {
		it.Summary = firstWords(sanitize.Text(body), summaryWords)
	}
	if a.Unverified {
		it.Summary = c.printer.T("feed.unverified") + " " + it.Summary
	}
	if c.site.FeedContent != model.FeedSummary {
		var b strings.Builder
		if a.Unverified {
			fmt.Fprintf(&b, `<p><strong>%s</strong></p>`, html.EscapeString(c.printer.T("feed.unverified")))
		}
		if m := a.FeaturedImage; m != nil {
			// Readers show the enclosure apart, if at all: the image
			// leads the text as it does on the page.
			fmt.Fprintf(&b, `<p><img src="%s" alt="%s" width="%d" height="%d"></p>`,
				html.EscapeString(c.abs(m.URL())), html.EscapeString(m.Alt), m.Width, m.Height)
		}
		if a.Sponsored {
			body = string(sanitize.SponsoredLinks(a.BodyHTML))
		}
		b.WriteString(absHTML(c.base, body))
		for _, e := range a.Embeds {
			fmt.Fprintf(&b, `<p><a href="%s">%s</a></p>`, html.EscapeString(e.URL), html.EscapeString(e.Title))
		}
		it.Content = b.String()
	}
	return it
}

// firstWords returns the first n words of plain text, with "…" when cut.
func firstWords(text string, n int) string {
	words := strings.Fields(text)
	if len(words) <= n {
		return strings.Join(words, " ")
	}
	return strings.Join(words[:n], " ") + " …"
}

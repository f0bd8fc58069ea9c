package feed

import (
	"fmt"
	"html"
	"net/http"
	"strconv"
	"strings"

	"warta/internal/model"
	"warta/internal/pagecache"
	"warta/internal/store"
)

// corrections builds the feed of the newest corrections, updates and
// rights of reply on published stories: the corrections page
// (model.CorrectionsPath) as a feed.
func (h *Handler) corrections(r *http.Request, c *feedCtx) (doc, error) {
	ctx := r.Context()
	pagecache.Tag(ctx, store.TagCorrections, store.TagSettings)
	list, err := h.store.PublishedCorrections(ctx, 0, c.items())
	if err != nil {
		return doc{}, fmt.Errorf("feed: corrections: %w", err)
	}
	d := c.newDoc(c.printer.T("corrections.feed", c.site.Title), model.CorrectionsPath(c.site.Language), r.URL.Path)
	for i := range list {
		e := &list[i]
		if e.Article == nil {
			continue
		}
		// Own: a story taken off the site leaves the feed at once.
		pagecache.Own(ctx, store.TagArticle(e.ArticleID))
		it := c.correctionItem(e)
		d.Items = append(d.Items, it)
		if it.Updated.After(d.Updated) {
			d.Updated = it.Updated
		}
	}
	return d, nil
}

// correctionItem is an entry as a feed item, titled with its kind and its
// story, linking to its place at the end of the story.
func (c *feedCtx) correctionItem(e *model.Correction) item {
	a := e.Article
	link := c.abs(a.Path(c.links)) + "#correction-" + strconv.FormatInt(e.ID, 10)
	it := item{
		ID:        link,
		Link:      link,
		Title:     c.printer.T("correction.kind."+e.Kind) + ": " + a.Title,
		Published: e.CreatedAt,
		Updated:   e.CreatedAt,
		Lang:      a.Lang,
		Summary:   firstWords(e.Body, summaryWords),
	}
	if it.Lang == "" {
		it.Lang = c.printer.Lang()
	}
	var b strings.Builder
	if e.Kind == model.CorrectionReply {
		from := c.printer.T("correction.reply_from", e.Party)
		it.Summary = strings.TrimSpace(from + " " + it.Summary)
		fmt.Fprintf(&b, "<p>%s</p>", html.EscapeString(from))
	}
	for _, p := range e.Paragraphs() {
		fmt.Fprintf(&b, "<p>%s</p>", html.EscapeString(p))
	}
	if e.StatementURL != "" {
		fmt.Fprintf(&b, `<p><a href="%s">%s</a></p>`, html.EscapeString(e.StatementURL),
			html.EscapeString(c.printer.T("correction.statement_link")))
	}
	it.Content = b.String()
	return it
}

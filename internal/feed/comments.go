package feed

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"warta/internal/model"
	"warta/internal/pagecache"
	"warta/internal/sanitize"
	"warta/internal/store"
)

// siteComments builds the feed of the newest approved comments on the
// whole site (/comments/feed/).
func (h *Handler) siteComments(r *http.Request, c *feedCtx) (doc, error) {
	// No cache tag names every article's comments: this feed is rendered
	// afresh each time (it is one query).
	pagecache.NoStore(r.Context())
	list, err := h.store.RecentApprovedComments(r.Context(), c.items())
	if err != nil {
		return doc{}, fmt.Errorf("feed: comments: %w", err)
	}
	d := c.newDoc(c.printer.T("feed.comments_site", c.site.Title), "/", r.URL.Path)
	for i := range list {
		fc := &list[i]
		it := c.commentItem(&fc.Comment, &fc.Article)
		it.Title = c.printer.T("feed.comment_by", fc.AuthorName, fc.Article.Title)
		d.Items = append(d.Items, it)
		if it.Updated.After(d.Updated) {
			d.Updated = it.Updated
		}
	}
	return d, nil
}

// ArticleComments writes the feed, in format, of the approved comments on
// the published article a, newest first, at the article's path followed by
// feed/, feed/atom/ or feed.json. The public site calls it when it
// dispatches such a path; a protected article's comments are not shown.
func (h *Handler) ArticleComments(w http.ResponseWriter, r *http.Request, a *model.Article, format string) error {
	c, err := h.context(r)
	if err != nil {
		return err
	}
	if a.Password != "" {
		return model.ErrNotFound
	}
	pagecache.Tag(r.Context(), store.TagComments(a.ID), store.TagArticle(a.ID), store.TagSettings)
	comments, err := h.store.ApprovedComments(r.Context(), a.ID)
	if err != nil {
		return fmt.Errorf("feed: comments of %d: %w", a.ID, err)
	}
	slices.Reverse(comments)
	comments = comments[:min(len(comments), c.items())]
	path := a.Path(c.links)
	d := c.newDoc(c.printer.T("feed.comments_on", a.Title), path, Path(strings.TrimSuffix(path, "/")+"/", format))
	d.Lang = a.Lang
	if d.Lang == "" {
		d.Lang = c.printer.Lang()
	}
	for i := range comments {
		it := c.commentItem(&comments[i], a)
		it.Title = c.printer.T("feed.comment_by", comments[i].AuthorName, a.Title)
		d.Items = append(d.Items, it)
		if it.Updated.After(d.Updated) {
			d.Updated = it.Updated
		}
	}
	return serve(w, r, d, format)
}

// commentItem is a comment as a feed item: its author's name and website,
// never the email address.
func (c *feedCtx) commentItem(cm *model.Comment, a *model.Article) item {
	link := c.abs(a.Path(c.links)) + "#comment-" + strconv.FormatInt(cm.ID, 10)
	it := item{
		ID:        link,
		Link:      link,
		Published: cm.CreatedAt,
		Updated:   cm.CreatedAt,
		Authors:   []person{{Name: cm.AuthorName, URL: cm.AuthorURL}},
		Summary:   firstWords(sanitize.Text(string(cm.Content)), summaryWords),
		Content:   absHTML(c.base, string(cm.Content)),
		Lang:      a.Lang,
	}
	if it.Lang == "" {
		it.Lang = c.printer.Lang()
	}
	return it
}

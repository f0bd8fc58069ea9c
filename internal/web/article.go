package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"warta/internal/pagecache"
	"warta/internal/store"

	"warta/internal/model"
)

// relatedCount is how many related articles an article page shows.
const relatedCount = 4

// articlePage is an article (or a page: IsPage) with its comments.
type articlePage struct {
	layout
	Article      *model.Article
	URL          string
	ArticleLang  string
	UILang       string
	Kicker       *model.Term // the first category, above the headline
	Byline       byline
	Image        *picture
	Updated      bool // modified noticeably after publication
	Protected    bool // password protected: body, embeds and comments withheld
	IsPage       bool
	Related      []listItem
	Comments     []*commentNode // approved, threaded
	CommentCount int
	CommentsOpen bool
	Form         commentForm
}

// showArticle renders a post at /{yyyy}/{mm}/{dd}/{slug}/. The post is
// found by its slug; when the date in the URL is not its publication date in
// the site's time zone, the reader is sent to the right URL with 301.
func (h *Handler) showArticle(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	slug := r.PathValue("slug")
	a, err := h.store.PublishedArticle(ctx, model.TypePost, slug)
	if err != nil {
		return fmt.Errorf("web: article %q: %w", slug, err)
	}
	l, err := h.newLayout(ctx, r.URL.Path)
	if err != nil {
		return err
	}
	if want := a.Path(l.loc); want != r.URL.Path {
		pagecache.Tag(ctx, store.TagArticle(a.ID))
		redirect(w, r, want)
		return nil
	}
	return h.renderArticle(w, r, l, a, http.StatusOK, commentForm{})
}

// renderArticle renders the post or page a with its comments, related
// articles and the comment form, answering with status. form carries what a
// reader typed when a submission failed (with status 422, which also marks
// the page noindex); for a plain view it is zero, and ?replytocom=N then
// prefills the parent. Either way the parent is kept only when it is an
// approved comment of a, and its author is named above the form.
func (h *Handler) renderArticle(w http.ResponseWriter, r *http.Request, l layout, a *model.Article, status int, form commentForm) error {
	ctx := r.Context()
	page := articlePage{
		layout:       l,
		Article:      a,
		URL:          a.Path(l.loc),
		Byline:       newByline(a.Bylines),
		Image:        newPicture(a.FeaturedImage, "featured-image", sizesFeatured, false),
		Updated:      a.ModifiedAt.Sub(a.PublishedAt) >= time.Minute,
		Protected:    a.Password != "",
		IsPage:       a.Type == model.TypePage,
		CommentsOpen: a.CommentStatus == model.CommentsOpen && a.Password == "",
	}
	page.ArticleLang, page.UILang = l.langs(a)
	page.Title = a.Title
	page.Path = page.URL
	page.Canonical = h.baseURL + page.URL
	if a.Excerpt != "" && !page.Protected {
		page.Description = summary(a.Excerpt, 160)
	}
	if page.Image != nil {
		page.Image.Caption = a.FeaturedImage.Caption // only the article page shows it
	}
	if len(a.Categories) > 0 {
		page.Kicker = &a.Categories[0]
	}
	var related []model.Article
	if !page.IsPage {
		var err error
		related, err = h.store.RelatedArticles(ctx, a, relatedCount)
		if err != nil {
			return fmt.Errorf("web: related to %d: %w", a.ID, err)
		}
		page.Related = l.listItems(related, "related-image", sizesRelated, false)
	}
	if !page.Protected {
		comments, err := h.store.ApprovedComments(ctx, a.ID)
		if err != nil {
			return fmt.Errorf("web: comments of %d: %w", a.ID, err)
		}
		page.CommentCount = len(comments)
		replyBase := ""
		if page.CommentsOpen {
			replyBase = "?replytocom="
		}
		page.Comments = threadComments(comments, l.Site.ThreadDepth, l.Site.CommentOrder == "desc", replyBase)
		if page.CommentsOpen {
			raw := r.URL.Query().Get("replytocom")
			if form.ParentID != 0 || len(form.Errors) > 0 {
				raw = strconv.FormatInt(form.ParentID, 10) // a failed submission keeps its own parent
			}
			form.ParentID, form.ReplyToName = replyTo(raw, comments)
		}
	}
	tagLayout(ctx)
	tagArticle(ctx, a)
	if !page.IsPage {
		tagArticles(ctx, related)
	}
	form.ArticleID = a.ID
	page.Form = form
	if status != http.StatusOK {
		page.NoIndex = true
	}
	return h.view.Render(w, status, pageTemplate(page.IsPage), page)
}

func pageTemplate(isPage bool) string {
	if isPage {
		return "page.html"
	}
	return "article.html"
}

// replyTo returns the comment id raw names and its author when it is one
// of comments; 0 and "" otherwise (a stale or foreign id is ignored).
func replyTo(raw string, comments []model.Comment) (int64, string) {
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id == 0 {
		return 0, ""
	}
	for _, c := range comments {
		if c.ID == id {
			return c.ID, c.AuthorName
		}
	}
	return 0, ""
}

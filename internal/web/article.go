package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"warta/internal/pagecache"
	"warta/internal/store"

	"warta/internal/model"
	"warta/internal/moderation"
	"warta/internal/sanitize"
	"warta/internal/view"
)

// videoCard is a video of the article's video field, as the theme's
// "video" template shows it; Rel is its link's rel ("" for none).
type videoCard struct {
	model.Embed
	Rel string
}

// relatedCount is how many related articles an article page shows.
const relatedCount = 4

// articlePage is what article.html and page.html show of an article (or a
// page: IsPage) with its comments, in the site's layout.
type articlePage struct {
	layout
	Article *model.Article
	Body    []bodyPart // the article's body; links out marked sponsored on paid content
	Videos  []videoCard
	// LinkRel is the rel of the article's own links to other sites (its
	// source, its video cards): "sponsored noopener" on paid content, as
	// search engines ask; "" otherwise.
	LinkRel     string
	URL         string
	ArticleLang string
	// AL speaks the article's language, for the words about it (byline,
	// dates, labels); the page's own chrome stays in the site's.
	AL           view.Localizer
	Corrections  []correctionView // corrections, updates and rights of reply, oldest first; none when protected
	Kicker       *model.Term      // the first category, above the headline
	Byline       byline
	Image        *picture
	Updated      bool // modified noticeably after publication
	Protected    bool // password protected: body, embeds and comments withheld
	IsPage       bool
	Related      []listItem
	Translations []listItem     // the same story in other languages
	Comments     []*commentNode // approved (and the reader's own pending ones), threaded, this comment page's threads
	// ThreadKey is the key of the Comments fragment: the article, the
	// comment page and whether replies are open, in the change generation
	// the page was read in; "" when fragments are not kept or the reader
	// sees comments of their own awaiting moderation.
	ThreadKey string
	// RelatedKey and FormKey are the keys of the related list and of the
	// reply form, the same for every reader of the article until a change
	// ("" for a form that holds a reader's text or a reply's parent).
	RelatedKey   string
	FormKey      string
	Preview      bool   // shown through a preview link: not public yet
	EditURL      string // the newsroom's editor, for a signed-in user who may edit the article
	CommentCount int    // approved
	CommentsOpen bool
	CommentPages pagination
	Awaiting     bool // a comment of this reader's was held for moderation
	Form         commentForm
	AdSidebar    *adView // beside the story (model.Ads.Sidebar); nil: none
}

// showArticle renders the post the request's path names under the site's
// permalink structure. The post is found by the slug or id in the path;
// when the rest of the path (date, category, author, trailing slash) is
// not the post's, or the path follows an earlier structure, the reader is
// sent to the post's URL with 301, as WordPress's canonical redirects do.
func (h *Handler) showArticle(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a, l, err := h.findPost(ctx, r.URL.Path)
	if err != nil {
		return err
	}
	if want := a.Path(l.links); want != r.URL.Path {
		pagecache.Tag(ctx, store.TagArticle(a.ID))
		redirect(w, r, want)
		return nil
	}
	return h.renderArticle(w, r, l, a, http.StatusOK, commentForm{})
}

// findPost returns the published post path names under the site's
// permalink structure or, failing that, under one of its earlier ones or
// the common presets; model.ErrNotFound when none names one. It also
// returns the layout of a page at path, which holds the permalinks of the
// current structure.
func (h *Handler) findPost(ctx context.Context, path string) (*model.Article, layout, error) {
	l, err := h.newLayout(ctx, path)
	if err != nil {
		return nil, l, err
	}
	structures := append([]string{l.links.Structure}, l.Site.PermalinkFallbacks()...)
	for _, s := range structures {
		m, ok := model.MatchPermalink(s, path)
		if !ok {
			continue
		}
		a, err := h.postFor(ctx, m)
		if errors.Is(err, model.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, l, err
		}
		return a, l, nil
	}
	return nil, l, fmt.Errorf("web: post at %q: %w", path, model.ErrNotFound)
}

// postFor reads the published post m names, by id when it has one.
func (h *Handler) postFor(ctx context.Context, m model.PermalinkMatch) (*model.Article, error) {
	if m.ID > 0 {
		a, err := h.store.ArticleByID(ctx, m.ID)
		if err != nil {
			return nil, err
		}
		if a.Type != model.TypePost || a.Status != model.StatusPublished {
			return nil, model.ErrNotFound
		}
		return a, nil
	}
	return h.store.PublishedArticle(ctx, model.TypePost, m.Slug)
}

// renderArticle renders the post or page a with its comments, related
// articles and the comment form, answering with status. form carries what a
// reader typed when a submission failed (with status 422, which also marks
// the page noindex); for a plain view it is zero, and ?replytocom=N then
// prefills the parent. Either way the parent is kept only when it is an
// approved comment of a, and its author is named above the form.
func (h *Handler) renderArticle(w http.ResponseWriter, r *http.Request, l layout, a *model.Article, status int, form commentForm) error {
	ctx := r.Context()
	l.useMenuOf(a.Lang)
	page := articlePage{layout: l,
		Article:      a,
		URL:          a.Path(l.links),
		Byline:       newByline(a.Bylines),
		Image:        newPicture(a.FeaturedImage, "featured-image", sizesFeatured, false),
		Updated:      a.ModifiedAt.Sub(a.PublishedAt) >= time.Minute,
		Protected:    a.Password != "",
		IsPage:       a.Type == model.TypePage,
		CommentsOpen: moderation.CommentsOpen(a, l.Site, h.now()),
		Awaiting:     unapprovedNotice(r),
		Preview:      isPreview(ctx),
		EditURL:      h.editLink(r, a),
	}
	if page.EditURL != "" || page.Preview {
		w.Header().Set("Cache-Control", "private, no-store")
	}
	page.ArticleLang = l.langOf(a)
	page.AL = l.in(page.ArticleLang)
	body := a.BodyHTML
	if a.Sponsored {
		body = sanitize.SponsoredLinks(body)
		page.LinkRel = sanitize.SponsoredRel
	}
	for _, e := range a.Embeds {
		page.Videos = append(page.Videos, videoCard{Embed: e, Rel: page.LinkRel})
	}
	if !page.Protected {
		var err error
		var ad *adView
		if !page.IsPage {
			ad = newAdView("article", l.Site.Ads.Article)
			page.AdSidebar = newAdView("sidebar", l.Site.Ads.Sidebar)
		}
		if page.Body, err = h.articleBody(ctx, body, ad); err != nil {
			return err
		}
	}
	page.Title = a.Title
	page.Path = page.URL
	page.Canonical = h.baseURL + model.EscapePath(page.URL)
	page.OEmbed = h.origin(r) + model.EscapePath(page.URL)
	if a.Excerpt != "" && !page.Protected {
		page.Description = summary(a.Excerpt, 160)
	}
	if !page.IsPage && !page.Protected {
		page.Feeds = append([]feedLink{{Kind: "rss", Title: l.printer.T("feed.comments_on", a.Title),
			Href: h.baseURL + articleBase(page.URL) + "feed/"}}, page.Feeds...)
	}
	if page.Image != nil {
		page.Image.Caption = a.FeaturedImage.Caption // only the article page shows it
	}
	if len(a.Categories) > 0 {
		page.Kicker = &a.Categories[0]
	}
	if !page.Protected {
		list, err := h.store.Corrections(ctx, a.ID)
		if err != nil {
			return fmt.Errorf("web: corrections of %d: %w", a.ID, err)
		}
		page.Corrections = newCorrectionViews(list)
	}
	translations, err := h.store.Translations(ctx, a)
	if err != nil {
		return fmt.Errorf("web: translations of %d: %w", a.ID, err)
	}
	page.Translations = l.listItems(translations, "", "", false)
	h.articleMeta(&page, translations)
	seo, err := h.store.ArticleSEO(ctx, a.ID)
	if err != nil {
		return fmt.Errorf("web: %w", err)
	}
	h.applySEO(&page, seo)
	var related []model.Article
	if !page.IsPage {
		var err error
		related, err = h.relatedArticles(ctx, a)
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
		own, err := h.ownPending(w, r, a)
		if err != nil {
			return err
		}
		shown := comments
		if len(own) > 0 {
			shown = append(slices.Clone(comments), own...)
			slices.SortStableFunc(shown, func(x, y model.Comment) int { return x.CreatedAt.Compare(y.CreatedAt) })
		}
		replyBase := ""
		if page.CommentsOpen {
			replyBase = "?replytocom="
		}
		threads := threadComments(shown, l.Site.ThreadDepth, l.Site.CommentOrder == "desc", replyBase)
		n, err := page.pageComments(r, threads, perPage(l.Site))
		if err != nil {
			return err
		}
		if l.keep && len(own) == 0 {
			page.ThreadKey = strconv.FormatUint(l.gen, 10) + " " + strconv.FormatInt(a.ID, 10) + " " + strconv.Itoa(n) + " " + strconv.FormatBool(page.CommentsOpen)
		}
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
	tagArticles(ctx, translations)
	form.ArticleID = a.ID
	form.SignIn = signInPath + "?" + url.Values{"next": {page.URL + "#respond"}}.Encode()
	if page.CommentsOpen || len(form.Errors) > 0 {
		ses, err := h.readerSession(r)
		if err != nil {
			return err
		}
		if ses != nil {
			// The form names the reader: the page is theirs alone.
			w.Header().Set("Cache-Control", "private, no-store")
			form.Reader = ses.Reader.Email
			if form.Name == "" && len(form.Errors) == 0 {
				form.Name = ses.Reader.Name
			}
		}
	}
	page.Form = form
	if l.keep {
		id := strconv.FormatUint(l.gen, 10) + " " + strconv.FormatInt(a.ID, 10)
		page.RelatedKey = id
		if form.blank() {
			page.FormKey = id
		}
	}
	if status != http.StatusOK {
		page.NoIndex = true
	}
	return h.view.Render(w, status, pageTemplate(page.IsPage), &page)
}

// pageComments keeps the threads of the comment page ?cpage=N asks for
// (the first without it), per threads a page, and links the others. A page
// past the last, or not a number, is model.ErrNotFound. It returns the
// page's number.
func (p *articlePage) pageComments(r *http.Request, threads []*commentNode, per int) (int, error) {
	pages := max(1, (len(threads)+per-1)/per)
	n := 1
	if raw := r.URL.Query().Get("cpage"); raw != "" {
		v, err := strconv.Atoi(raw)
		if err != nil || v < 1 || v > pages {
			return 0, fmt.Errorf("web: comment page %q of %d: %w", raw, pages, model.ErrNotFound)
		}
		n = v
	}
	p.Comments = threads[min((n-1)*per, len(threads)):min(n*per, len(threads))]
	base := p.URL
	p.CommentPages = paginate(n, pages, func(i int) string {
		if i <= 1 {
			return base + "#comments"
		}
		return base + "?cpage=" + strconv.Itoa(i) + "#comments"
	})
	return n, nil
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

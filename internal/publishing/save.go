// Package publishing holds the rules of writing articles and pages, whichever
// front end asks: who may save and publish what, slugs, Markdown through
// the sanitizer, terms created on the fly, embeds, scheduling, revisions,
// trash and restore. Every write goes through the store methods that touch
// the page cache's tags in the same transaction.
package publishing

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"time"

	"warta/internal/auth"
	"warta/internal/model"
	"warta/internal/sanitize"
	"warta/internal/slug"
	"warta/internal/store"
)

// Input is an article as the editor's form sends it.
type Input struct {
	ID            int64 // 0: a new article
	Type          model.ArticleType
	Title         string
	Slug          string // "": made from the title
	Body          string
	Format        string // model.FormatMarkdown (default) or model.FormatHTML (the newsroom's editor)
	Excerpt       string
	Status        model.Status
	PublishAt     time.Time // zero: now when publishing; required for scheduled
	CategoryIDs   []int64
	NewCategories string  // comma-separated names created on the fly
	Tags          string  // comma-separated names, created when new
	TagIDs        []int64 // tags chosen by id (the REST API), besides Tags
	Bylines       []BylineInput
	FeaturedID    int64
	Embeds        []EmbedInput
	Lang          string
	TranslationOf int64 // link with this article's translations; 0: keep
	SourceName    string
	SourceURL     string
	Sticky        bool
	CommentsOpen  bool
	ParentID      int64
	MenuOrder     int
	// Unverified marks the story as still being verified; clearing it
	// records when verification was completed.
	Unverified bool
	Sponsored  bool // paid content, labelled everywhere
	// Version is the article's ModifiedAt when the writer opened it; zero
	// skips the check. A save over an article changed since then is
	// refused with ErrStale, so a second editor never overwrites the
	// first unknowingly.
	Version time.Time
	// Password protects the article's content when not empty; nil keeps
	// the article's password (the newsroom form does not show it).
	Password *string
	// SEO replaces the article's SEO fields (search result title and
	// description, canonical URL, noindex) when not nil; nil keeps them.
	SEO *model.SEO
}

// ErrStale is Save's answer when the article was saved by someone else
// (or in another tab) after the writer opened it; the stored article comes
// with it, unchanged.
var ErrStale = errors.New("publishing: the article changed since it was opened")

// BylineInput credits a user in a role.
type BylineInput struct {
	UserID int64
	Role   string
}

// Save validates in and stores it as a new article or over the article
// in.ID, in the name of u, keeping a revision. It returns the saved
// article, a *model.ValidationError naming every field that is wrong, or
// model.ErrForbidden when u may not make this change (a contributor asking
// to publish, someone editing another's article).
func Save(ctx context.Context, st *store.Store, u *model.User, in Input, now time.Time) (*model.Article, error) {
	if in.Type == "" {
		in.Type = model.TypePost
	}
	var a *model.Article
	if in.ID != 0 {
		cur, err := st.ArticleByID(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		if !auth.CanEdit(u, cur) {
			return nil, model.ErrForbidden
		}
		if !in.Version.IsZero() && !in.Version.Equal(cur.ModifiedAt) {
			return cur, ErrStale
		}
		a = cur
	} else {
		if in.Type == model.TypePage && !auth.Can(u.Role, auth.EditPages) || !auth.Can(u.Role, auth.EditPosts) {
			return nil, model.ErrForbidden
		}
		a = &model.Article{Type: in.Type, Bylines: []model.Byline{{User: *u, Role: model.BylineAuthor}}}
	}
	if in.Status == "" {
		in.Status = model.StatusDraft
	}
	switch in.Status {
	case model.StatusDraft, model.StatusPending:
	case model.StatusPublished, model.StatusScheduled, model.StatusPrivate:
		if !auth.CanPublish(u, a) {
			return nil, model.ErrForbidden
		}
	default:
		// Trash goes through Trash; anything else is not a status.
		return nil, model.ErrForbidden
	}

	var v model.ValidationError
	a.Title = strings.TrimSpace(in.Title)
	if a.Title == "" {
		v.Add("title", "publish.err.title")
	} else if len(a.Title) > 300 {
		v.Add("title", "publish.err.title_long")
	}

	// Body: HTML, as the newsroom's editor writes it, or Markdown (the
	// default of callers that name no format). Both go through the one
	// article sanitizer, so a contributor's HTML is held to the same
	// allow-list as an editor's.
	format := in.Format
	if format != model.FormatHTML {
		format = model.FormatMarkdown
	}
	body, err := RenderBody(in.Body, format)
	if err != nil {
		return nil, err
	}
	if body, err = ResponsiveImages(ctx, st, body); err != nil {
		return nil, err
	}
	a.BodyHTML, a.SourceFormat = body, format
	a.Source = ""
	if format == model.FormatMarkdown {
		a.Source = in.Body
	}
	a.Excerpt = sanitize.Text(strings.TrimSpace(in.Excerpt))

	// Status and time. Publishing with a future time schedules, as in
	// WordPress; scheduling needs a future time.
	status := in.Status
	switch status {
	case model.StatusPublished:
		switch {
		case !in.PublishAt.IsZero() && in.PublishAt.After(now):
			status = model.StatusScheduled
			a.PublishedAt = in.PublishAt
		case !in.PublishAt.IsZero():
			a.PublishedAt = in.PublishAt
		case a.PublishedAt.IsZero() || a.Status != model.StatusPublished:
			a.PublishedAt = now
		}
	case model.StatusScheduled:
		if in.PublishAt.IsZero() || !in.PublishAt.After(now) {
			v.Add("publish_at", "publish.err.schedule_future")
		}
		a.PublishedAt = in.PublishAt
	default:
		if !in.PublishAt.IsZero() {
			a.PublishedAt = in.PublishAt
		} else if a.Status != model.StatusPublished {
			a.PublishedAt = time.Time{}
		}
	}
	a.Status = status

	// Slug: the writer's, cleaned; otherwise made from the title; a free
	// one either way (-2, -3… after a taken one).
	want := slug.Make(in.Slug)
	if strings.TrimSpace(in.Slug) != "" && want == "" {
		v.Add("slug", "publish.err.slug")
	}
	if want == "" {
		want = slug.Make(a.Title)
	}
	if want == "" && a.Title != "" {
		want = "artikel"
	}
	if want != "" {
		free, err := freeSlug(ctx, st, a.Type, want, a.ID)
		if err != nil {
			return nil, err
		}
		a.Slug = free
	}

	// Terms.
	cats, err := categories(ctx, st, u, in, &v)
	if err != nil {
		return nil, err
	}
	a.Categories = cats
	if a.Tags, err = tags(ctx, st, in.Tags); err != nil {
		return nil, err
	}
	if a.Tags, err = tagsByID(ctx, st, a.Tags, in.TagIDs, &v); err != nil {
		return nil, err
	}

	// Bylines: whoever may edit others' work sets them freely; others stay
	// credited on what they write.
	if len(in.Bylines) > 0 {
		var list []model.Byline
		seen := map[int64]bool{}
		for _, b := range in.Bylines {
			if b.UserID == 0 || seen[b.UserID] {
				continue
			}
			seen[b.UserID] = true
			bu, err := st.UserByID(ctx, b.UserID)
			if errors.Is(err, model.ErrNotFound) {
				v.Add("bylines", "publish.err.byline")
				continue
			} else if err != nil {
				return nil, err
			}
			role := b.Role
			switch role {
			case model.BylineAuthor, model.BylineReporter, model.BylineEditor, model.BylinePhotographer:
			default:
				role = model.BylineAuthor
			}
			list = append(list, model.Byline{User: *bu, Role: role})
		}
		if len(list) > 0 {
			a.Bylines = list
		}
	}
	if !auth.Can(u.Role, auth.EditOthersPosts) && !auth.IsByline(u, a) {
		a.Bylines = append([]model.Byline{{User: *u, Role: model.BylineAuthor}}, a.Bylines...)
	}
	if len(a.Bylines) == 0 {
		a.Bylines = []model.Byline{{User: *u, Role: model.BylineAuthor}}
	}

	// Featured image and videos.
	var featured *model.Media
	a.FeaturedMediaID = 0
	if in.FeaturedID != 0 {
		featured, err = st.Media(ctx, in.FeaturedID)
		if errors.Is(err, model.ErrNotFound) {
			v.Add("featured", "publish.err.featured")
		} else if err != nil {
			return nil, err
		} else {
			a.FeaturedMediaID = featured.ID
		}
	}
	a.Embeds = nil
	for i, e := range in.Embeds {
		if strings.TrimSpace(e.URL) == "" {
			continue
		}
		var poster *model.Media
		if e.PosterMediaID != 0 {
			if poster, err = st.Media(ctx, e.PosterMediaID); err != nil && !errors.Is(err, model.ErrNotFound) {
				return nil, err
			}
		}
		em, msg := e.embed(poster)
		if msg != "" {
			v.Add("embed"+strconv.Itoa(i), msg)
			continue
		}
		a.Embeds = append(a.Embeds, em)
	}

	// The rest.
	a.Lang = in.Lang
	if a.Lang != "id" && a.Lang != "en" {
		a.Lang = ""
	}
	if in.Password != nil {
		a.Password = *in.Password
	}
	a.SourceName = strings.TrimSpace(in.SourceName)
	a.SourceURL = strings.TrimSpace(in.SourceURL)
	if a.SourceURL != "" {
		if p, err := url.Parse(a.SourceURL); err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" {
			v.Add("source_url", "publish.err.source_url")
		}
	}
	if auth.Can(u.Role, auth.EditOthersPosts) {
		a.Sticky = in.Sticky && a.Type == model.TypePost
	}
	if in.SEO != nil {
		seo := model.SEO{Title: sanitize.Text(strings.TrimSpace(in.SEO.Title)),
			Description: sanitize.Text(strings.TrimSpace(in.SEO.Description)),
			Canonical:   strings.TrimSpace(in.SEO.Canonical), NoIndex: in.SEO.NoIndex, Image: strings.TrimSpace(in.SEO.Image)}
		if len(seo.Title) > 300 {
			v.Add("seo_title", "publish.err.title_long")
		}
		if seo.Canonical != "" {
			if p, err := url.Parse(seo.Canonical); err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" {
				v.Add("seo_canonical", "publish.err.source_url")
			}
		}
		// The social image: an http(s) URL, or a path on the site
		// (/media/2024/05/photo.jpg).
		if seo.Image != "" {
			p, err := url.Parse(seo.Image)
			local := err == nil && p.Scheme == "" && p.Host == "" && strings.HasPrefix(seo.Image, "/") && !strings.HasPrefix(seo.Image, "//")
			if !local && (err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "") {
				v.Add("seo_image", "publish.err.seo_image")
			}
		}
		a.SEO = &seo
	}
	verified := a.Unverified && !in.Unverified
	switch {
	case verified:
		a.VerifiedAt = now
	case in.Unverified:
		a.VerifiedAt = time.Time{} // checking again: no earlier verification stands
	}
	a.Unverified, a.Sponsored = in.Unverified, in.Sponsored
	a.CommentStatus = model.CommentsClosed
	if in.CommentsOpen {
		a.CommentStatus = model.CommentsOpen
	}
	if a.Type == model.TypePage {
		a.ParentID, a.MenuOrder = in.ParentID, in.MenuOrder
		if a.ParentID == a.ID && a.ID != 0 {
			a.ParentID = 0
		}
	}

	// A story taken down for a guideline reason goes back out only once
	// the takedown is lifted, on purpose.
	if a.ID != 0 && (a.Status == model.StatusPublished || a.Status == model.StatusScheduled) {
		if _, err := st.TakedownOf(ctx, a.ID); err == nil {
			v.Add("status", "publish.err.taken_down")
		} else if !errors.Is(err, model.ErrNotFound) {
			return nil, err
		}
	}

	// Alt text: an article that goes out to readers has none missing.
	if a.Status == model.StatusPublished || a.Status == model.StatusScheduled {
		if featured != nil && strings.TrimSpace(featured.Alt) == "" {
			v.Add("featured", "publish.err.featured_alt")
		}
		if missing := imagesWithoutAlt(string(a.BodyHTML)); len(missing) > 0 {
			v.Add("body", "publish.err.body_alt")
		}
	}
	if err := v.Err(); err != nil {
		return a, err
	}

	if in.TranslationOf != 0 && in.TranslationOf != a.ID {
		other, err := st.ArticleByID(ctx, in.TranslationOf)
		if err != nil {
			if errors.Is(err, model.ErrNotFound) {
				v.Add("translation_of", "publish.err.translation")
				return a, &v
			}
			return nil, err
		}
		group := other.TranslationGroup
		if group == "" {
			group = newGroup()
			if err := st.SetTranslationGroup(ctx, other.ID, group); err != nil {
				return nil, err
			}
		}
		a.TranslationGroup = group
	}

	if a.ID == 0 {
		err = st.InsertArticle(ctx, a)
	} else {
		err = st.UpdateArticle(ctx, a, u.ID)
	}
	if errors.Is(err, model.ErrConflict) {
		// Someone took the slug between the check and the write.
		v.Add("slug", "publish.err.slug_taken")
		return a, &v
	}
	if err != nil {
		return nil, err
	}
	audit(ctx, st, u, "article."+string(a.Status), a.ID, a.Title)
	if verified {
		audit(ctx, st, u, "article.verified", a.ID, a.Title)
	}
	return a, nil
}

// RenderBody turns what the writer typed into sanitized HTML: the preview
// and the saved article use the same path.
func RenderBody(body, format string) (template.HTML, error) {
	if format == model.FormatHTML {
		return sanitize.ArticleHTML(body), nil
	}
	return sanitize.Markdown(body)
}

func newGroup() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// freeSlug returns want, or want-2, want-3… the first not used by another
// article of the type.
func freeSlug(ctx context.Context, st *store.Store, typ model.ArticleType, want string, self int64) (string, error) {
	for i := 1; i < 1000; i++ {
		cand := want
		if i > 1 {
			suffix := "-" + strconv.Itoa(i)
			cand = strings.TrimSuffix(want[:min(len(want), slug.MaxLen-len(suffix))], "-") + suffix
		}
		other, err := st.ArticleBySlug(ctx, typ, cand)
		if errors.Is(err, model.ErrNotFound) || (err == nil && other.ID == self) {
			return cand, nil
		}
		if err != nil {
			return "", err
		}
	}
	return "", fmt.Errorf("publishing: no free slug for %q", want)
}

// audit records an action; a failing audit write does not undo the action.
func audit(ctx context.Context, st *store.Store, u *model.User, action string, id int64, detail string) {
	_ = st.InsertAudit(ctx, &store.AuditEntry{UserID: u.ID, Action: action, ObjectType: "article", ObjectID: id, Detail: detail})
}

package wpapi

import (
	"errors"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"warta/internal/auth"
	"warta/internal/locale"
	"warta/internal/model"
	"warta/internal/publishing"
)

// wpStatuses maps WordPress's post statuses to warta's.
var wpStatuses = map[string]model.Status{
	"publish": model.StatusPublished, "future": model.StatusScheduled, "draft": model.StatusDraft,
	"pending": model.StatusPending, "private": model.StatusPrivate, "trash": model.StatusTrash,
}

// wpStatus names a warta status as WordPress does.
func wpStatus(s model.Status) string {
	for k, v := range wpStatuses {
		if v == s {
			return k
		}
	}
	return string(s)
}

// createArticle answers POST /wp/v2/posts and /wp/v2/pages.
func (q *request) createArticle(typ model.ArticleType) (any, error) {
	if q.who == nil || !q.can(auth.EditPosts) || (typ == model.TypePage && !q.can(auth.EditPages)) {
		return nil, q.denied("rest_cannot_create", "Sorry, you are not allowed to create posts as this user.")
	}
	if _, ok := q.param("id"); ok {
		return nil, errorf(http.StatusBadRequest, "rest_post_exists", "Cannot create existing post.")
	}
	in := publishing.Input{Type: typ, CommentsOpen: typ == model.TypePost, Lang: q.settings.Language,
		Format: model.FormatHTML, Status: model.StatusDraft}
	return q.saveArticle(nil, in)
}

// updateArticle answers POST, PUT and PATCH on one post or page: the
// fields sent change, the others stay.
func (q *request) updateArticle(typ model.ArticleType, param string) (any, error) {
	cur, err := q.ownArticle(typ, param, "rest_cannot_edit", "Sorry, you are not allowed to edit this post.")
	if err != nil {
		return nil, err
	}
	return q.saveArticle(cur, inputFrom(cur))
}

// ownArticle loads the article param for a write: 404 when it is not
// there (or not of typ), 401/403 when the client may not edit it.
func (q *request) ownArticle(typ model.ArticleType, param, code, msg string) (*model.Article, error) {
	id, _ := strconv.ParseInt(param, 10, 64)
	a, err := q.h.store.ArticleByID(q.r.Context(), id)
	if errors.Is(err, model.ErrNotFound) || (err == nil && a.Type != typ) {
		return nil, errorf(http.StatusNotFound, "rest_post_invalid_id", "Invalid post ID.")
	}
	if err != nil {
		return nil, err
	}
	if q.who == nil || !auth.CanEdit(q.who, a) {
		return nil, q.denied(code, msg)
	}
	return a, nil
}

// inputFrom is a stored article as the editor's form would send it back.
func inputFrom(a *model.Article) publishing.Input {
	in := publishing.Input{ID: a.ID, Type: a.Type, Title: a.Title, Slug: a.Slug, Body: a.Source,
		Format: a.SourceFormat, Excerpt: a.Excerpt, Status: a.Status, PublishAt: a.PublishedAt,
		FeaturedID: a.FeaturedMediaID, Lang: a.Lang, SourceName: a.SourceName, SourceURL: a.SourceURL,
		Sticky: a.Sticky, CommentsOpen: a.CommentStatus == model.CommentsOpen, ParentID: a.ParentID, MenuOrder: a.MenuOrder,
		Unverified: a.Unverified, Sponsored: a.Sponsored}
	if a.SourceFormat != model.FormatMarkdown {
		in.Body, in.Format = string(a.BodyHTML), model.FormatHTML
	}
	for _, c := range a.Categories {
		in.CategoryIDs = append(in.CategoryIDs, c.ID)
	}
	for _, t := range a.Tags {
		in.TagIDs = append(in.TagIDs, t.ID)
	}
	for _, b := range a.Bylines {
		in.Bylines = append(in.Bylines, publishing.BylineInput{UserID: b.User.ID, Role: b.Role})
	}
	for _, e := range a.Embeds {
		in.Embeds = append(in.Embeds, publishing.EmbedInput{URL: e.URL, Title: e.Title,
			Duration: publishing.FormatDuration(e.Duration)})
	}
	return in
}

// saveArticle applies the request's fields to in and saves it through
// publishing, the newsroom editor's path: the same sanitizer, rules,
// revisions and cache invalidation.
func (q *request) saveArticle(cur *model.Article, in publishing.Input) (any, error) {
	if err := q.applyFields(cur, &in); err != nil {
		return nil, err
	}
	probe := cur
	if probe == nil {
		probe = &model.Article{Type: in.Type}
	}
	switch in.Status {
	case model.StatusPublished, model.StatusScheduled, model.StatusPrivate:
		if !auth.CanPublish(q.who, probe) {
			return nil, errorf(http.StatusForbidden, "rest_cannot_publish",
				"Sorry, you are not allowed to publish posts in this post type.")
		}
	}
	correction, err := q.newCorrection()
	if err != nil {
		return nil, err
	}
	reason, note, lift, takedown, err := q.takedownWrite()
	if err != nil {
		return nil, err
	}
	if takedown && !q.can(auth.EditOthersPosts) {
		return nil, errorf(http.StatusForbidden, "rest_cannot_edit", "Sorry, you are not allowed to take this post down.")
	}
	a, err := publishing.Save(q.r.Context(), q.h.store, q.who, in, q.h.now().UTC())
	var verr *model.ValidationError
	switch {
	case errors.As(err, &verr):
		return nil, validationError(verr)
	case errors.Is(err, model.ErrForbidden):
		return nil, errorf(http.StatusForbidden, "rest_cannot_edit", "Sorry, you are not allowed to edit this post.")
	case err != nil:
		return nil, err
	}
	if correction != nil {
		// The post is saved either way; a refused entry is said so.
		_, err := publishing.AddCorrection(q.r.Context(), q.h.store, q.who, a.ID, *correction, q.h.now().UTC())
		if errors.As(err, &verr) {
			return nil, validationError(verr)
		}
		if err != nil {
			return nil, err
		}
	}
	switch {
	case takedown && lift:
		if err := publishing.LiftTakedown(q.r.Context(), q.h.store, q.who, a.ID); err != nil && !errors.Is(err, model.ErrNotFound) {
			return nil, err
		}
	case takedown:
		// A client sending back the meta it read keeps the takedown as is.
		if _, err := q.h.store.TakedownOf(q.r.Context(), a.ID); err == nil {
			break
		} else if !errors.Is(err, model.ErrNotFound) {
			return nil, err
		}
		_, err := publishing.TakeDown(q.r.Context(), q.h.store, q.who, a.ID, reason, note, q.h.now().UTC())
		if errors.As(err, &verr) {
			return nil, validationError(verr)
		}
		if err != nil {
			return nil, err
		}
	}
	saved, err := q.h.store.ArticleByID(q.r.Context(), a.ID)
	if err != nil {
		return nil, err
	}
	if cur == nil {
		q.status = http.StatusCreated
		q.header.Set("Location", q.url("/wp/v2/"+restBase(saved.Type)+"/"+strconv.FormatInt(saved.ID, 10), nil))
	}
	return q.withPress(q.embed(q.articleEdit(saved)), saved)
}

// applyFields reads the writable fields of a post or page into in.
func (q *request) applyFields(cur *model.Article, in *publishing.Input) error {
	for name, dst := range map[string]*string{"title": &in.Title, "content": &in.Body, "excerpt": &in.Excerpt, "slug": &in.Slug} {
		v, ok, err := q.textParam(name)
		if err != nil {
			return err
		}
		if ok {
			*dst = v
			if name == "content" {
				// WordPress content is HTML; publishing keeps it HTML for
				// those allowed raw HTML and reads it as Markdown (which
				// passes HTML through the same sanitizer) for the others.
				in.Format = model.FormatHTML
			}
		}
	}
	if pw, ok, err := q.textParam("password"); err != nil {
		return err
	} else if ok {
		if len(pw) > 255 {
			return invalid("password", "is longer than 255 characters")
		}
		in.Password = &pw
	}
	if s, ok, err := q.textParam("status"); err != nil {
		return err
	} else if ok {
		st, known := wpStatuses[s]
		if !known || st == model.StatusTrash {
			return invalid("status", "is not one of publish, future, draft, pending, private")
		}
		if st == model.StatusScheduled {
			// WordPress publishes a "future" post whose date has come.
			st = model.StatusPublished
		}
		in.Status = st
	}
	if t, ok, err := q.dateParam("date_gmt", true); err != nil {
		return err
	} else if ok {
		in.PublishAt = t
	} else if t, ok, err := q.dateParam("date", false); err != nil {
		return err
	} else if ok {
		in.PublishAt = t
	}
	if in.Status == model.StatusScheduled && cur != nil {
		// Saving a scheduled post again without a new date keeps it
		// scheduled for its date; publishing decides.
		in.Status = model.StatusPublished
	}
	if id, ok, err := q.intParam("author"); err != nil {
		return err
	} else if ok {
		if id != q.who.ID && !q.can(auth.EditOthersPosts) {
			return errorf(http.StatusForbidden, "rest_cannot_edit_others",
				"Sorry, you are not allowed to update posts as this user.")
		}
		if _, err := q.h.store.UserByID(q.r.Context(), id); err != nil {
			return errorf(http.StatusBadRequest, "rest_invalid_author", "Invalid author ID.")
		}
		list := []publishing.BylineInput{{UserID: id, Role: model.BylineAuthor}}
		for i, b := range in.Bylines {
			if i > 0 && b.UserID != id { // the old primary author steps down
				list = append(list, b)
			}
		}
		in.Bylines = list
	}
	if in.Type == model.TypePost {
		if ids, ok, err := q.idsParam("categories"); err != nil {
			return err
		} else if ok {
			in.CategoryIDs = ids
		}
		if ids, ok, err := q.idsParam("tags"); err != nil {
			return err
		} else if ok {
			in.TagIDs, in.Tags = ids, ""
		}
		if b, ok, err := q.boolField("sticky"); err != nil {
			return err
		} else if ok {
			in.Sticky = b
		}
	} else {
		if id, ok, err := q.intParam("parent"); err != nil {
			return err
		} else if ok {
			if id != 0 {
				p, err := q.h.store.ArticleByID(q.r.Context(), id)
				if err != nil || p.Type != model.TypePage {
					return errorf(http.StatusBadRequest, "rest_post_invalid_id", "Invalid post parent ID.")
				}
			}
			in.ParentID = id
		}
		if n, ok, err := q.intParam("menu_order"); err != nil {
			return err
		} else if ok {
			in.MenuOrder = int(n)
		}
	}
	if s, ok, err := q.textParam("comment_status"); err != nil {
		return err
	} else if ok {
		if s != model.CommentsOpen && s != model.CommentsClosed {
			return invalid("comment_status", "is not one of open, closed")
		}
		in.CommentsOpen = s == model.CommentsOpen
	}
	if id, ok, err := q.intParam("featured_media"); err != nil {
		return err
	} else if ok {
		in.FeaturedID = id
	}
	return q.applyPressMeta(in)
}

// restFields names warta's form fields as the REST API's.
var restFields = map[string]string{"body": "content", "publish_at": "date", "featured": "featured_media",
	"bylines": "author", "translation_of": "translations"}

// validationError is a ValidationError as WordPress's rest_invalid_param:
// every field named, with what is wrong, in English.
func validationError(v *model.ValidationError) *apiError {
	p := locale.New("en")
	var names, details []string
	for field, key := range v.Fields {
		if f, ok := restFields[field]; ok {
			field = f
		}
		names = append(names, field)
		details = append(details, field+": "+p.T(key))
	}
	sort.Strings(names)
	sort.Strings(details)
	return errorf(http.StatusBadRequest, "rest_invalid_param",
		"Invalid parameter(s): "+strings.Join(names, ", ")+" ("+strings.Join(details, "; ")+")")
}

// deleteArticle answers DELETE on a post or page: to the trash, or for
// good with force=true, answering as WordPress does.
func (q *request) deleteArticle(typ model.ArticleType, param string) (any, error) {
	a, err := q.ownArticle(typ, param, "rest_cannot_delete", "Sorry, you are not allowed to delete this post.")
	if err != nil {
		return nil, err
	}
	force, _, err := q.boolField("force")
	if err != nil {
		return nil, err
	}
	ctx := q.r.Context()
	if force {
		previous := q.embed(q.articleEdit(a))
		err := publishing.Delete(ctx, q.h.store, q.who, a.ID)
		if errors.Is(err, model.ErrForbidden) {
			return nil, errorf(http.StatusForbidden, "rest_cannot_delete", "Sorry, you are not allowed to delete this post.")
		}
		if err != nil {
			return nil, err
		}
		return map[string]any{"deleted": true, "previous": previous}, nil
	}
	if a.Status == model.StatusTrash {
		return nil, errorf(http.StatusGone, "rest_already_trashed", "The post has already been deleted.")
	}
	err = publishing.Trash(ctx, q.h.store, q.who, a.ID)
	if errors.Is(err, model.ErrForbidden) {
		return nil, errorf(http.StatusForbidden, "rest_cannot_delete", "Sorry, you are not allowed to delete this post.")
	}
	if err != nil {
		return nil, err
	}
	a, err = q.h.store.ArticleByID(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	return q.embed(q.articleEdit(a)), nil
}

package publishing

import (
	"context"
	"errors"
	"time"

	"warta/internal/auth"
	"warta/internal/model"
	"warta/internal/store"
)

// Trash moves an article to the trash, where it can be restored from;
// auth.CanDelete says who may.
func Trash(ctx context.Context, st *store.Store, u *model.User, id int64) error {
	a, err := st.ArticleByID(ctx, id)
	if err != nil {
		return err
	}
	if !auth.CanDelete(u, a) {
		return model.ErrForbidden
	}
	if err := st.SetArticleStatus(ctx, id, model.StatusTrash); err != nil {
		return err
	}
	audit(ctx, st, u, "article.trash", id, a.Title)
	return nil
}

// Restore takes an article out of the trash as a draft, as WordPress does,
// so nothing goes back on the site without someone publishing it again.
func Restore(ctx context.Context, st *store.Store, u *model.User, id int64) error {
	a, err := st.ArticleByID(ctx, id)
	if err != nil {
		return err
	}
	if a.Status != model.StatusTrash {
		return nil
	}
	if !auth.CanEdit(u, a) {
		return model.ErrForbidden
	}
	if err := st.SetArticleStatus(ctx, id, model.StatusDraft); err != nil {
		return err
	}
	audit(ctx, st, u, "article.restore", id, a.Title)
	return nil
}

// RestoreRevision puts an older revision back: its title, body and
// excerpt and, for a revision that recorded them, its bylines (those whose
// user still exists), categories and tags (those still existing), SEO
// fields and press flags, saving a new revision (so the restore itself
// can be undone). Corrections, updates and rights of reply stay as they
// are: they are the story's public record, added and removed on their own.
func RestoreRevision(ctx context.Context, st *store.Store, u *model.User, revisionID int64) (*model.Article, error) {
	rev, err := st.RevisionByID(ctx, revisionID)
	if err != nil {
		return nil, err
	}
	a, err := st.ArticleByID(ctx, rev.ArticleID)
	if err != nil {
		return nil, err
	}
	if !auth.CanEdit(u, a) {
		return nil, model.ErrForbidden
	}
	a.Title, a.BodyHTML, a.Source, a.Excerpt = rev.Title, rev.BodyHTML, rev.Source, rev.Excerpt
	if rev.Source != "" {
		a.SourceFormat = model.FormatMarkdown
	} else {
		a.SourceFormat = model.FormatHTML
	}
	if rev.Full {
		if err := restoreFields(ctx, st, a, rev); err != nil {
			return nil, err
		}
	}
	if err := st.UpdateArticle(ctx, a, u.ID); err != nil {
		return nil, err
	}
	audit(ctx, st, u, "article.revision_restore", a.ID, a.Title)
	return a, nil
}

// restoreFields sets on a the fields rev recorded beyond its text. A user
// or a term deleted since is left out; an article whose every credited
// user is gone keeps its current bylines.
func restoreFields(ctx context.Context, st *store.Store, a *model.Article, rev *model.Revision) error {
	var bylines []model.Byline
	for _, b := range rev.Bylines {
		switch _, err := st.UserByID(ctx, b.User.ID); {
		case err == nil:
			bylines = append(bylines, b)
		case !errors.Is(err, model.ErrNotFound):
			return err
		}
	}
	if len(bylines) > 0 {
		a.Bylines = bylines
	}
	var err error
	if a.Categories, err = existingTerms(ctx, st, rev.Categories); err != nil {
		return err
	}
	if a.Tags, err = existingTerms(ctx, st, rev.Tags); err != nil {
		return err
	}
	seo := rev.SEO
	a.SEO = &seo
	switch {
	case a.Unverified && !rev.Unverified:
		a.VerifiedAt = time.Now() // as when an editor clears the flag
	case rev.Unverified:
		a.VerifiedAt = time.Time{}
	}
	a.Unverified, a.Sponsored = rev.Unverified, rev.Sponsored
	return nil
}

// existingTerms returns those of terms that still exist.
func existingTerms(ctx context.Context, st *store.Store, terms []model.Term) ([]model.Term, error) {
	var out []model.Term
	for _, t := range terms {
		switch cur, err := st.TermByID(ctx, t.ID); {
		case err == nil:
			out = append(out, *cur)
		case !errors.Is(err, model.ErrNotFound):
			return nil, err
		}
	}
	return out, nil
}

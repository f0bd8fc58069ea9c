package publishing

import (
	"context"

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

// RestoreRevision puts an older revision's title, body and excerpt back,
// saving a new revision (so the restore itself can be undone).
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
	if err := st.UpdateArticle(ctx, a, u.ID); err != nil {
		return nil, err
	}
	audit(ctx, st, u, "article.revision_restore", a.ID, a.Title)
	return a, nil
}

package publishing

import (
	"context"

	"warta/internal/auth"
	"warta/internal/model"
	"warta/internal/store"
)

// Delete deletes an article for good, with its revisions and comments (the
// REST API's DELETE with force=true). Who may trash it may delete it.
func Delete(ctx context.Context, st *store.Store, u *model.User, id int64) error {
	a, err := st.ArticleByID(ctx, id)
	if err != nil {
		return err
	}
	if !auth.CanEdit(u, a) || !auth.Can(u.Role, auth.DeletePosts) {
		return model.ErrForbidden
	}
	if (a.Status == model.StatusPublished || a.Status == model.StatusScheduled) && !auth.CanPublish(u, a) {
		return model.ErrForbidden
	}
	if err := st.DeleteArticle(ctx, id); err != nil {
		return err
	}
	audit(ctx, st, u, "article.delete", id, a.Title)
	return nil
}

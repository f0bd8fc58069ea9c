package publishing

import (
	"context"

	"warta/internal/auth"
	"warta/internal/model"
	"warta/internal/store"
)

// Delete deletes an article for good, with its revisions and comments (the
// REST API's DELETE with force=true); auth.CanDelete says who may.
func Delete(ctx context.Context, st *store.Store, u *model.User, id int64) error {
	a, err := st.ArticleByID(ctx, id)
	if err != nil {
		return err
	}
	if !auth.CanDelete(u, a) {
		return model.ErrForbidden
	}
	if err := st.DeleteArticle(ctx, id); err != nil {
		return err
	}
	audit(ctx, st, u, "article.delete", id, a.Title)
	return nil
}
